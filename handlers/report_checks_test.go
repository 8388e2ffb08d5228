package handlers_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/internal/tgtest"
)

// startDefault starts a bot with the default questionnaire at t0 and returns it with the
// principal of the lower-secondary school THCS-X.
func startDefault(t *testing.T, opts ...apptest.Option) (*apptest.Harness, *tgtest.User) {
	t.Helper()
	return startReporting(t, append([]apptest.Option{apptest.WithEnv("REPORTBOT_CONFIG", writeConfig(t, "invite_days: 7\n"))}, opts...)...)
}

// prefill opens the school's draft of periodID with an answer to every question the
// THCS school is asked there, except those in skip; over sets some answers. Yes/no
// questions are answered "no" (hiding what depends on them) unless over says otherwise.
func prefill(t *testing.T, h *apptest.Harness, periodID string, kind domain.PeriodKind, over map[string]domain.Answer, skip ...string) {
	t.Helper()
	q := domain.DefaultQuestionnaire()
	v := q.View(domain.LevelTHCS, kind)
	answers := map[string]domain.Answer{}
	for id, a := range over {
		answers[id] = a
	}
	for range 3 { // answers reveal questions; three passes reach every level of condition
		for _, qn := range v.Asked(answers) {
			if _, ok := answers[qn.ID]; ok || contains(skip, qn.ID) {
				continue
			}
			answers[qn.ID] = defaultAnswer(qn)
		}
	}
	if _, err := h.App.Store.OpenDraft(context.Background(), domain.Draft{Period: periodID, School: school, Questionnaire: q.Version(), Answers: answers}); err != nil {
		t.Fatal(err)
	}
}

func defaultAnswer(qn *domain.Question) domain.Answer {
	switch qn.Type {
	case domain.TypeYesNo:
		return yesNo(false)
	case domain.TypeInteger, domain.TypeMoney:
		return num(3)
	}
	return domain.Answer{Skipped: true}
}

func num(n int64) domain.Answer  { return domain.Answer{Int: &n} }
func yesNo(b bool) domain.Answer { return domain.Answer{Bool: &b} }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestReport_ErrorChecksReaskTheQuestion(t *testing.T) {
	for _, tc := range []struct {
		name   string
		over   map[string]domain.Answer
		ask    string // the question /report lands on
		answer string
		says   []string
		fix    string // a correcting answer that passes
	}{
		{"disabled supported within disabled", map[string]domain.Answer{"disabled_children": num(3)}, "disabled_supported", "5",
			[]string{"Số em khuyết tật được hỗ trợ (5) không thể lớn hơn số em khuyết tật của trường (3)", "Số học sinh khuyết tật đang học tại trường: 3"}, "2"},
		{"swimming within drowning lessons", map[string]domain.Answer{"drowning_taught": num(10)}, "swimming_taught", "20",
			[]string{"Số học sinh được học bơi (20) không thể lớn hơn", "(10)"}, "10"},
		{"deaths within the children harmed", map[string]domain.Answer{"harm_any": yesNo(true), "violence_children": num(1),
			"abuse_children": num(0), "injury_children": num(0), "drowning_children": num(0)}, "deaths_children", "2",
			[]string{"Số em tử vong (2) không thể lớn hơn tổng số", "(1)"}, "1"},
		{"harm means children counted", map[string]domain.Answer{"harm_any": yesNo(true), "violence_children": num(0),
			"abuse_children": num(0), "injury_children": num(0), "drowning_children": num(0)}, "deaths_children", "0",
			[]string{"đã trả lời “Có”", "số em ở các câu đều là 0"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, u := startDefault(t)
			prefill(t, h, period, domain.KindH1, tc.over, tc.ask)
			q := domain.DefaultQuestionnaire()
			qn, _ := q.Question(tc.ask)
			m := send(t, u, "/report")
			must(t, m, qn.Label.VI)
			m = send(t, u, tc.answer)
			must(t, m, "⚠️")
			must(t, m, tc.says...)
			must(t, m, qn.Label.VI) // asked again
			if _, ok := draftOf(t, h).Answers[tc.ask]; ok {
				t.Fatal("a refused answer was kept")
			}
			if tc.fix == "" { // correct another question instead: the button goes there
				mustButtons(t, m, "✏️ Sửa: Số học sinh bị bạo lực")
				m = click(t, u, m, "✏️ Sửa: Số học sinh bị bạo lực")
				must(t, m, "Số học sinh bị bạo lực", "Trả lời hiện tại: 0")
				m = send(t, u, "1")
				must(t, m, qn.Label.VI) // back to the question still unanswered
				tc.fix = "0"
			}
			m = send(t, u, tc.fix)
			must(t, m, "Đã ghi", "Xem lại")
			m = click(t, u, m, "✅ Gửi báo cáo")
			must(t, m, "Đã gửi")
		})
	}
}

func TestReport_WarningsConfirmOrExplain(t *testing.T) {
	h, u := startDefault(t)
	prefill(t, h, period, domain.KindH1, map[string]domain.Answer{"gifts_given": yesNo(true), "gifts_count": num(10)}, "gifts_value")
	m := send(t, u, "/report")
	must(t, m, "Tổng giá trị quà")
	m = send(t, u, "100k")
	must(t, m, "Đã ghi: 100.000 đ", "chưa đến 20.000 đ mỗi suất", "gõ ngắn gọn lý do")
	mustButtons(t, m, "✔️ Đúng, giữ nguyên", "✏️ Sửa lại")
	m = send(t, u, "Quà là vở, bút do phụ huynh ủng hộ")
	must(t, m, "Đã ghi lý do", "Xem lại", "Lý do: Quà là vở, bút do phụ huynh ủng hộ")
	if d := draftOf(t, h); d.Answers["gifts_value"].Note != "Quà là vở, bút do phụ huynh ủng hộ" {
		t.Fatalf("note = %q", d.Answers["gifts_value"].Note)
	}
	mustNot(t, m, "chưa đến 20.000 đ") // explained: not warned again in the review
	m = click(t, u, m, "✅ Gửi báo cáo")
	must(t, m, "Đã gửi")
	off := h.Officer()
	m = send(t, off, "/view THCS-X 2026-H1")
	must(t, m, "Tổng giá trị quà, học bổng (đồng): 100.000 đ", "Lý do: Quà là vở, bút do phụ huynh ủng hộ")
}

func TestReport_ChangeFromLastYearAndSixMonthAnswers(t *testing.T) {
	h, u := startDefault(t, apptest.WithTime(apptest.VN(2026, 12, 1, 8, 0)))
	ctx := context.Background()
	q := domain.DefaultQuestionnaire()
	for _, s := range []domain.Submission{
		{Period: "2025-Y", School: school, Questionnaire: q.Version(), Answers: map[string]domain.Answer{"comm_activities": num(2)}},
		{Period: "2026-H1", School: school, Questionnaire: q.Version(), Answers: map[string]domain.Answer{"own_plan": yesNo(true), "comm_activities": num(12)}},
	} {
		s.SubmittedAt, s.SubmittedBy = apptest.VN(2026, 6, 10, 8, 0), principal
		if _, err := h.App.Store.Submit(ctx, domain.SubmitRequest{Submission: s}); err != nil {
			t.Fatal(err)
		}
	}
	prefill(t, h, "2026-Y", domain.KindYear, nil, "own_plan", "comm_activities")
	m := send(t, u, "/report")
	must(t, m, "báo cáo năm 2026", "Số liệu của báo cáo này: năm 2026 (01/01–31/12/2026).", "6 tháng đầu năm: Có")
	m = click(t, u, m, "↩️ Giữ như 6 tháng đầu năm")
	must(t, m, "Đã ghi: Có", "Số hoạt động truyền thông", "6 tháng đầu năm: 12", "📅 Số liệu năm 2026")
	m = send(t, u, "khoảng 50") // hedged: confirm first
	must(t, m, "con số cụ thể", "Nếu đúng là 50")
	m = click(t, u, m, "✔️ Đúng, ghi 50")
	must(t, m, "Đã ghi: 50", "(50) chênh lệch nhiều so với cùng kỳ năm trước (2)")
	m = click(t, u, m, "✔️ Đúng, giữ nguyên")
	must(t, m, "Đã giữ nguyên", "Xem lại", "chênh lệch nhiều") // unexplained: the review still shows it
	d, err := h.App.Store.Draft(ctx, "2026-Y", school)
	if err != nil || *d.Answers["comm_activities"].Int != 50 || !*d.Answers["own_plan"].Bool {
		t.Fatalf("annual draft = %+v, %v", d.Answers, err)
	}
}

func TestReport_NumbersAsPrincipalsTypeThem(t *testing.T) {
	_, u := startReporting(t)
	m := send(t, u, "/report")
	m = click(t, u, m, "Có")
	m = send(t, u, "1,5")
	must(t, m, "“1,5” có phần thập phân", "Số hoạt động")
	m = send(t, u, "tầm 20")
	must(t, m, "Nếu đúng là 20")
	m = send(t, u, "20 hoạt động") // typing the number instead answers
	must(t, m, "Đã ghi: 20", "Có tặng quà không?")
	m = click(t, u, m, "Có")
	m = send(t, u, "5 suất")
	must(t, m, "Đã ghi: 5", "Giá trị quà")
	m = send(t, u, "3tr5")
	must(t, m, "Đã ghi: 3.500.000 đ")
}

func TestReport_AlbumOfThreePhotos(t *testing.T) {
	h, u := startReporting(t)
	m := send(t, u, "/report")
	for _, step := range []string{"Có", "1", "Không", "Trực tiếp", "/skip"} {
		if step == "Có" || step == "Không" || step == "Trực tiếp" {
			m = click(t, u, m, step)
		} else {
			m = send(t, u, step)
		}
	}
	must(t, m, "Bản scan")
	ups := u.SendAlbum(mustPNG(t), append(mustPNG(t), 0), append(mustPNG(t), 1, 2))
	var last tgtest.SentMessage
	for i := range ups {
		last = u.Next(t)
		must(t, last, "Đã nhận", strings.Repeat("", i))
		mustButtons(t, last, "✅ Xong")
	}
	must(t, last, "3 ảnh", "3/10")
	m = click(t, u, last, "✅ Xong")
	must(t, m, "Đã ghi: 🖼 3 ảnh", "Xem lại", "Bản scan báo cáo: 🖼 3 ảnh")
	files := draftOf(t, h).Answers["scan"].Files
	if len(files) != 3 {
		t.Fatalf("kept %d files of the album, want 3", len(files))
	}
	for i, up := range ups {
		if files[i].FileID != up.Message.Photo[0].FileID || !files[i].Photo {
			t.Fatalf("file %d = %+v", i, files[i])
		}
	}
	m = click(t, u, m, "✅ Gửi báo cáo")
	must(t, m, "Đã gửi")
	off := h.Officer()
	m = send(t, off, "/view THCS-X 2026-H1")
	must(t, m, "🖼 3 ảnh")
	for i := range 3 {
		ph := off.Next(t)
		if ph.Method != "sendPhoto" || ph.File == nil || ph.File.FileID != files[i].FileID {
			t.Fatalf("re-sent file %d = %+v", i, ph)
		}
		must(t, ph, "Trường THCS X — Bản scan báo cáo (", "/3)")
	}
}

func TestReport_MyReportDocx(t *testing.T) {
	cfg := "export:\n  authority: \"UBND HUYỆN CẨM GIÀNG\"\n  place: \"Cẩm Giàng\"\n"
	h, u := startReporting(t, apptest.WithEnv("REPORTBOT_CONFIG", writeConfig(t, cfg)))
	m := send(t, u, "/myreport docx")
	must(t, m, "chưa gửi báo cáo")
	prefill(t, h, period, domain.KindH1, nil)
	m = send(t, u, "/report")
	m = click(t, u, m, "✅ Gửi báo cáo")
	must(t, m, "/myreport docx")
	u.Send("/myreport docx")
	doc := u.Next(t)
	if doc.Method != "sendDocument" || doc.File == nil || doc.File.FileName != "bao-cao-2026-H1-THCS-X.docx" {
		t.Fatalf("docx message = %+v", doc)
	}
	must(t, doc, "Báo cáo bằng văn bản", "ký và đóng dấu")
	zr, err := zip.NewReader(bytes.NewReader(doc.File.Data), int64(len(doc.File.Data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		for _, want := range []string{"PHÒNG GD&amp;ĐT HUYỆN CẨM GIÀNG", "TRƯỜNG THCS X", "Cẩm Giàng, ngày 16 tháng 6 năm 2026", "Tổ chức 3 hoạt động truyền thông"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("document lacks %q", want)
			}
		}
		if strings.Contains(string(b), "{{") {
			t.Error("unfilled placeholder")
		}
	}
}

func TestReport_DeadlineWordingBeforeOnAndAfter(t *testing.T) {
	// On the last day: "today".
	h, u := startReporting(t, apptest.WithTime(apptest.VN(2026, 6, 19, 9, 0)))
	m := send(t, u, "/report")
	must(t, m, "Hạn nộp: hết ngày hôm nay, thứ Sáu, 19/6.")
	m = send(t, u, "/cancel")
	m = click(t, u, toReview(t, u), "✅ Gửi báo cáo")
	must(t, m, "vẫn có thể sửa và gửi lại đến hết ngày hôm nay, thứ Sáu, 19/6")
	// After it, a school that has not sent: late, and until when the Phòng takes it.
	h2, u2 := startReporting(t, apptest.WithTime(apptest.VN(2026, 6, 22, 9, 0)))
	m = send(t, u2, "/report")
	must(t, m, "Đã quá hạn nộp (thứ Sáu, 19/6)", "nộp muộn", "đến hết ngày")
	mustNot(t, m, "Hạn nộp: hết", "trước hạn")
	m = send(t, u2, "/cancel")
	m = click(t, u2, toReview(t, u2), "✅ Gửi báo cáo")
	must(t, m, "sau hạn", "báo cáo đã khóa", "liên hệ Phòng GDĐT")
	mustNot(t, m, "vẫn có thể sửa")
	_, _ = h, h2
}
