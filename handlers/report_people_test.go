package handlers_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/domain"
)

func TestReport_PrincipalAndDeputyShareOneDraft(t *testing.T) {
	h, lan := startReporting(t)
	link(t, h, deputy)
	minh := h.User(deputy, "Minh", "vi")
	m := send(t, lan, "/report")
	m = click(t, lan, m, "Có")
	must(t, m, "Phần 1/2 · câu 2/3")

	h.Clock.Advance(10 * time.Minute)
	dm := send(t, minh, "/report")
	must(t, dm, "Lan", "đang nhập", "08:00 ngày 16/06/2026")
	m2 := click(t, minh, dm, "Để sau")
	must(t, m2, "Lan nhập tiếp")
	dm = send(t, minh, "/report")
	dm = click(t, minh, dm, "Tôi nhập tiếp")
	must(t, dm, "Phần 1/2 · câu 2/3", "Số hoạt động") // Lan's answer is kept
	dm = send(t, minh, "5")
	must(t, dm, "Phần 1/2 · câu 3/3")

	// Lan answers the question still open in her chat: both answers land in the one draft.
	m = send(t, lan, "6")
	must(t, m, "Phần 1/2 · câu 3/3")
	d := draftOf(t, h)
	if !*d.Answers["plan"].Bool || *d.Answers["count"].Int != 6 || d.EditedBy != principal || d.Answers["plan"].By != principal {
		t.Fatalf("shared draft = %+v", d)
	}

	// After 30 minutes without answers nobody is asked before continuing.
	h.Clock.Advance(31 * time.Minute)
	dm = send(t, minh, "/report")
	must(t, dm, "Phần 1/2 · câu 3/3")
	dm = click(t, minh, dm, "Không")
	dm = click(t, minh, dm, "Trực tiếp")
	dm = send(t, minh, "/skip")
	dm = send(t, minh, "/skip")
	dm = click(t, minh, dm, "✅ Gửi báo cáo")
	must(t, dm, "Đã gửi")
	note := lan.Next(t)
	must(t, note, "Minh", "đã gửi báo cáo 6 tháng năm 2026", "Trường THCS X")
	if f, _ := h.App.Store.ChatFlow(context.Background(), principal); f.Name != "" {
		t.Errorf("Lan's report conversation still open: %+v", f)
	}
	if sub := submissionOf(t, h); sub.SubmittedBy != deputy || sub.SubmitterName != "Minh" {
		t.Fatalf("submission = %+v", sub)
	}
}

func TestReport_OfficerEntersAPaperReport(t *testing.T) {
	h, lan := startReporting(t)
	off := h.Officer()
	m := send(t, off, "/report")
	must(t, m, "/report MÃ_TRƯỜNG")
	m = send(t, off, "/report NOPE-9")
	must(t, m, "Không tìm thấy trường")
	m = send(t, lan, "/report MN-KHAC")
	must(t, m, "trường mình")
	m = send(t, off, "/report thcs-x")
	must(t, m, "Trường THCS X", "Phần 1/2 · câu 1/3")
	m = click(t, off, m, "Không")
	m = send(t, off, "0")
	m = click(t, off, m, "Không")
	m = click(t, off, m, "Trực tiếp")
	m = send(t, off, "Nhập từ công văn giấy")
	m = send(t, off, "/skip")
	m = click(t, off, m, "✅ Gửi báo cáo")
	must(t, m, "Đã gửi")
	sub := submissionOf(t, h)
	if !sub.ByOfficer || sub.SubmittedBy != apptest.Officer || sub.SubmitterName != "Hoan" {
		t.Fatalf("paper report = %+v", sub)
	}
	must(t, lan.Next(t), "Hoan", "Phòng GDĐT, nhập thay")
	m = send(t, lan, "/myreport")
	must(t, m, "Hoan (Phòng GDĐT, nhập thay)", "Nhập từ công văn giấy")
}

func TestReport_TwoOpenPeriodsAskWhich(t *testing.T) {
	cfg := testQuestionnaire + `
periods:
  recurring:
    - {kind: H1, last_day: "06-19"}
    - {kind: Y, last_day: "12-09"}
  one_off:
    - id: KT-2026
      titles: {vi: "Đợt rà soát an toàn", en: "Safety review"}
      last_day: "2026-06-30"
  open_days_before: 30
  close_days_after: 30
`
	h, u := startReporting(t, apptest.WithEnv("REPORTBOT_CONFIG", writeConfig(t, cfg)))
	m := send(t, u, "/report")
	must(t, m, "hai kỳ báo cáo")
	mustButtons(t, m, "Báo cáo 6 tháng năm 2026", "Đợt rà soát an toàn")
	m = click(t, u, m, "Đợt rà soát an toàn")
	must(t, m, "Nhập Đợt rà soát an toàn", "thứ Ba, 30/6", "Phần 1/2 · câu 1/3")
	m = click(t, u, m, "Có")
	if d, err := h.App.Store.Draft(context.Background(), "KT-2026", school); err != nil || !*d.Answers["plan"].Bool {
		t.Fatalf("one-off draft = %+v, %v", d, err)
	}
}

func TestReport_PeriodKeepsItsPinnedQuestionnaire(t *testing.T) {
	path := writeConfig(t, testQuestionnaire)
	h, u := startReporting(t, apptest.WithEnv("REPORTBOT_CONFIG", path))
	m := send(t, u, "/report")
	m = click(t, u, m, "Có")
	must(t, m, "Số hoạt động")
	oldVersion := mustPeriod(t, h, period).Questionnaire

	changed := strings.Replace(testQuestionnaire, "Số hoạt động", "Số buổi sinh hoạt", 1)
	if err := os.WriteFile(path, []byte(changed), 0o600); err != nil {
		t.Fatal(err)
	}
	h.Restart() // the restart's reminder catch-up may message the principal first
	u.Send("/report")
	m = u.Expect(t, "Số hoạt động") // the open period keeps its version
	mustNot(t, m, "Số buổi sinh hoạt")
	if d := draftOf(t, h); d.Questionnaire != oldVersion {
		t.Fatalf("draft version %s, want %s", d.Questionnaire, oldVersion)
	}

	h.Clock.Set(apptest.VN(2026, 11, 20, 8, 0)) // the annual report opens with the new version
	m = send(t, u, "/report")
	must(t, m, "báo cáo năm 2026")
	m = click(t, u, m, "Có")
	must(t, m, "Số buổi sinh hoạt")
	if v := mustPeriod(t, h, "2026-Y").Questionnaire; v == oldVersion || v == "" {
		t.Fatalf("annual period pinned %q", v)
	}
	if v := mustPeriod(t, h, period).Questionnaire; v != oldVersion {
		t.Fatalf("six-month period re-pinned to %s", v)
	}
}

func mustPeriod(t *testing.T, h *apptest.Harness, id string) domain.Period {
	t.Helper()
	p, err := h.App.Store.Period(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
