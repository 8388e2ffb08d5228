package handlers_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/internal/tgtest"
)

// editedTo waits until the bot has edited msg to show substr.
func editedTo(t *testing.T, h *apptest.Harness, msg tgtest.SentMessage, substr string) {
	t.Helper()
	h.TG.WaitFor(t, func() bool {
		cur, ok := h.TG.Message(msg.ChatID, msg.MessageID)
		return ok && strings.Contains(cur.Plain, substr)
	})
}

func TestAudit_RecordsOfficerCommandsAndShowsThem(t *testing.T) {
	h, u := startReporting(t)
	off := h.Officer()
	m := send(t, off, "/audit")
	must(t, m, "Nhật ký thao tác đang trống")

	must(t, send(t, off, "/reopen nosuch"), "") // an officer-only command, refused by the handler
	off.Send("/reopen " + school)
	off.Expect(t, school)
	u.Send("/audit") // a reporter: refused, not recorded
	u.Expect(t, "chỉ dành cho cán bộ")
	h.Drained()

	m = send(t, off, "/audit 3")
	must(t, m, "Nhật ký thao tác", "Hoan mở lại báo cáo của Trường THCS X để sửa", "Hoan mở lại báo cáo của NOSUCH để sửa (bị từ chối)",
		"Hoan xem nhật ký thao tác")
	mustNot(t, m, "Lan", "(xong)")
	h.Drained() // "/audit 3" itself is recorded after its answer
	entries, err := h.App.Store.RecentAudit(context.Background(), 10)
	if err == nil && len(entries) == 4 && entries[0].Action == "/audit" {
		entries = entries[1:]
	}
	if err != nil || len(entries) != 3 || entries[0].Action != "/reopen" || entries[0].UserID != off.ID() || entries[0].Result != "ok" {
		t.Fatalf("audit entries = %+v, %v", entries, err)
	}

	for _, bad := range []string{"/audit 0", "/audit 101", "/audit abc", `/audit {"$gt": ""}`} {
		must(t, send(t, off, bad), "/audit N")
	}
}

// TestAudit_SpeaksTheOfficersLanguage reads the log of a send, a return with its reason
// and a broadcast: who did what to which school, when, by the schools' names.
func TestAudit_SpeaksTheOfficersLanguage(t *testing.T) {
	h, u := startReporting(t)
	must(t, click(t, u, toReview(t, u), "✅ Gửi báo cáo"), "Đã gửi")
	h.Clock.Set(apptest.VN(2026, 6, 23, 8, 15))
	off := h.Officer()
	reason := "Câu 2: số hoạt động phải là 15 <b>"
	off.Send("/return " + school + " " + reason)
	off.Expect(t, "Đã trả lại")
	u.Next(t)
	off.Send("/announce")
	off.Next(t)
	off.Send("Đề nghị các trường nộp báo cáo đúng hạn.")
	off.Click(t, off.Next(t), "Gửi thông báo")
	off.NextEdit(t)
	h.Drained()
	if err := h.App.Store.Audit(context.Background(), domain.AuditEntry{UserID: off.ID(), Name: "Hoan", Action: "some-new-thing (button)", Detail: "x:1", Result: "ok"}); err != nil {
		t.Fatal(err)
	}

	m := send(t, off, "/audit")
	must(t, m,
		"08:00 16/06 · Lan gửi báo cáo 6 tháng năm 2026 của Trường THCS X",
		"08:15 23/06 · Hoan trả lại báo cáo 6 tháng năm 2026 của Trường THCS X: "+reason,
		"08:15 23/06 · Hoan gửi thông báo đến các trường",
		"08:15 23/06 · Hoan dùng chức năng «some-new-thing»: x:1")
	mustNot(t, m, "announce-confirm", "(button)", "report.return", "report.submit", "/return", "THCS-X")
}

func TestForgetme_KeepsSubmissionsAsFormerReporter(t *testing.T) {
	h, u := startReporting(t)
	ctx := context.Background()
	m := click(t, u, toReview(t, u), "✅ Gửi báo cáo")
	must(t, m, "Đã gửi")
	before := submissionOf(t, h)
	entries, err := h.App.Store.RecentAudit(ctx, 1)
	if err != nil || len(entries) != 1 || entries[0].Action != "report.submit" || entries[0].UserID != principal ||
		!strings.HasPrefix(entries[0].Detail, period+" #1: ") || strings.Contains(entries[0].Detail, "Tốt") {
		t.Fatalf("audit of the submission = %+v, %v", entries, err)
	}

	m = send(t, u, "/forgetme")
	must(t, m, "xóa dữ liệu cá nhân", "một người báo cáo cũ")
	u.Click(t, m, "Hủy")
	editedTo(t, h, m, "Đã hủy")
	if _, err := h.App.Store.User(ctx, principal); err != nil {
		t.Fatalf("cancelled, yet the user is gone: %v", err)
	}

	m = send(t, u, "/forgetme")
	u.Click(t, m, "Xóa dữ liệu của tôi")
	editedTo(t, h, m, "Đã xóa dữ liệu cá nhân")
	h.Drained()
	if _, err := h.App.Store.User(ctx, principal); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("user still stored: %v", err)
	}
	after := submissionOf(t, h)
	if after.SubmitterName != domain.FormerReporter || after.SubmittedBy != 0 || after.Revision != before.Revision ||
		len(after.Answers) != len(before.Answers) || *after.Answers["count"].Int != 12 || !after.SubmittedAt.Equal(before.SubmittedAt) {
		t.Fatalf("submission after /forgetme = %+v", after)
	}
	for id, a := range after.Answers {
		if a.By == principal {
			t.Errorf("answer %s still names the user", id)
		}
	}
	revs, _ := h.App.Store.Revisions(ctx, period, school)
	if len(revs) != 1 || revs[0].By != 0 || revs[0].ByName != domain.FormerReporter {
		t.Errorf("revisions after /forgetme = %+v", revs)
	}

	// The user is a stranger now; an officer still sees the school's report, by a former reporter.
	u.Send("/myreport")
	u.Expect(t, "đã đăng ký với trường")
	link(t, h, deputy)
	d := h.User(deputy, "Minh", "vi")
	m = send(t, d, "/myreport")
	must(t, m, "một người báo cáo cũ")
	mustNot(t, m, "Lan")
}
