package handlers_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/internal/tgtest"
)

func TestReport_EditFromReviewHidesAndReveals(t *testing.T) {
	h, u := startReporting(t)
	review := toReview(t, u)
	must(t, review, "Phần 1/2. Phần A", "• Số suất quà: 3", "• Giá trị quà: 5.000.000", "Phần 2/2. Phần B")
	mustButtons(t, review, "✅ Gửi báo cáo", "✏️ Phần 1", "✏️ Phần 2")
	if n := len(review.Markup.Buttons()); n != 3 {
		t.Fatalf("review has %d buttons, want submit and one per section", n)
	}
	// A section is walked again question by question, each answer kept with one tap.
	m := click(t, u, review, "✏️ Phần 1")
	must(t, m, "Phần 1/2 · câu 1/5", "Trả lời hiện tại: Có")
	mustButtons(t, m, "✔️ Giữ nguyên", "📋 Về bản xem lại")
	m = click(t, u, m, "✔️ Giữ nguyên")
	m = click(t, u, m, "✔️ Giữ nguyên")
	must(t, m, "Có tặng quà không?", "Trả lời hiện tại: Có", "câu 3/5")
	m = click(t, u, m, "Không")
	must(t, m, "2 câu", "Số suất quà", "Giá trị quà", "đồng ý")
	m = click(t, u, m, "Không, giữ câu cũ")
	must(t, m, "giữ nguyên", "Số suất quà", "câu 4/5") // the walk goes on
	m = click(t, u, m, "📋 Về bản xem lại")
	// The review is not sent again: the same message is edited, and a notice below says so.
	must(t, m, "đã được cập nhật")
	mustButtons(t, m, "✅ Gửi báo cáo")
	review = currentMessage(t, h, review)
	must(t, review, "Số suất quà: 3")
	m = click(t, u, review, "✏️ Phần 1")
	m = click(t, u, m, "✔️ Giữ nguyên")
	m = click(t, u, m, "✔️ Giữ nguyên")
	m = click(t, u, m, "Không")
	m = click(t, u, m, "Đồng ý, xóa")
	must(t, m, "đã được cập nhật")
	review = currentMessage(t, h, review)
	must(t, review, "Xem lại", "Có tặng quà không? Không")
	mustNot(t, review, "Số suất quà", "Giá trị quà")
	if sends := countReviews(h, u.ID()); sends != 1 {
		t.Errorf("the review was sent %d times, want once (edited in place)", sends)
	}
	d := draftOf(t, h)
	if _, ok := d.Answers["gifts_n"]; ok || *d.Answers["gifts"].Bool {
		t.Fatalf("answers after hiding = %+v", d.Answers)
	}
	if _, ok := d.Answers["gifts_value"]; ok {
		t.Fatal("a hidden answer was kept")
	}
	// Changing it back reveals the required questions: they are asked before the review.
	m = click(t, u, review, "✏️ Phần 1")
	m = click(t, u, m, "✔️ Giữ nguyên")
	m = click(t, u, m, "✔️ Giữ nguyên")
	m = click(t, u, m, "Có")
	must(t, m, "Số suất quà", "Phần 1/2 · câu 4/5")
	m = send(t, u, "4")
	must(t, m, "Giá trị quà", "câu 5/5")
	m = send(t, u, "300k")
	must(t, m, "Đã ghi: 300.000 đ", "đã được cập nhật")
	must(t, currentMessage(t, h, review), "Số suất quà: 4", "300.000")
}

// currentMessage returns msg as it stands now, after the bot's edits.
func currentMessage(t *testing.T, h *apptest.Harness, msg tgtest.SentMessage) tgtest.SentMessage {
	t.Helper()
	h.Drained()
	m, ok := h.TG.Message(msg.ChatID, msg.MessageID)
	if !ok {
		t.Fatalf("message %d is gone", msg.MessageID)
	}
	return m.SentMessage
}

// countReviews counts the review messages sent to a chat.
func countReviews(h *apptest.Harness, chat int64) int {
	n := 0
	for _, m := range h.TG.SentTo(chat) {
		if strings.Contains(m.Plain, "📋 Xem lại") {
			n++
		}
	}
	return n
}

func TestReport_ReviseBeforeDeadlineLockedAfterReopenedByOfficer(t *testing.T) {
	h, u := startReporting(t)
	ctx := context.Background()
	m := click(t, u, toReview(t, u), "✅ Gửi báo cáo")
	must(t, m, "Đã gửi")

	h.Clock.Advance(24 * time.Hour) // 17 June, before the deadline: revise
	m = send(t, u, "/report")
	must(t, m, "đã gửi báo cáo lúc 08:00 ngày 16/06/2026 (lần 1)", "Xem lại", "Chưa có thay đổi")
	m = click(t, u, m, "✅ Gửi báo cáo")
	must(t, m, "Không có thay đổi")
	review := send(t, u, "/report")
	m = click(t, u, review, "✏️ Phần 1")
	m = click(t, u, m, "✔️ Giữ nguyên")
	m = send(t, u, "13")
	m = click(t, u, m, "📋 Về bản xem lại")
	must(t, currentMessage(t, h, review), "Xem lại", "Số hoạt động: 13")
	m = click(t, u, m, "✅ Gửi báo cáo")
	must(t, m, "bản sửa lần 2", "vẫn có thể sửa và gửi lại đến hết ngày thứ Sáu, 19/6", "Phòng GDĐT sẽ xem")
	sub := submissionOf(t, h)
	if sub.Revision != 2 || *sub.Answers["count"].Int != 13 || sub.Late || !sub.FirstAt.Before(sub.SubmittedAt) {
		t.Fatalf("revised submission = %+v", sub)
	}
	revs, _ := h.App.Store.Revisions(ctx, period, school)
	if len(revs) != 2 || !reflect.DeepEqual(revs[1].Changed, []string{"count"}) || revs[1].By != principal {
		t.Fatalf("revisions = %+v", revs)
	}

	h.Clock.Set(apptest.VN(2026, 6, 20, 0, 0)) // the deadline has passed: locked
	m = send(t, u, "/report")
	must(t, m, "đã khóa", "thứ Sáu, 19/6", "Phòng GDĐT")
	off := h.Officer()
	m = send(t, off, "/reopen thcs-x")
	must(t, m, "Đã mở lại báo cáo 6 tháng năm 2026", "Trường THCS X")
	must(t, u.Next(t), "Phòng GDĐT đã mở lại")
	m = send(t, u, "/report")
	must(t, m, "Phòng GDĐT đã mở lại báo cáo này", "sẽ khóa lại")
	mustNot(t, m, "trước hạn", "Hạn nộp")
	m = click(t, u, m, "✏️ Phần 1")
	m = click(t, u, m, "✔️ Giữ nguyên")
	m = send(t, u, "14")
	m = click(t, u, m, "📋 Về bản xem lại")
	m = click(t, u, m, "✅ Gửi báo cáo")
	must(t, m, "khóa lại", "/myreport docx")
	mustNot(t, m, "vẫn có thể sửa")
	must(t, m, "bản sửa lần 3")
	if sub := submissionOf(t, h); sub.Revision != 3 || !sub.Reopened || sub.Late || *sub.Answers["count"].Int != 14 {
		t.Fatalf("reopened submission = %+v", sub)
	}
	m = send(t, u, "/report")
	must(t, m, "đã khóa") // locked again once sent

	h.Clock.Set(apptest.VN(2026, 8, 1, 8, 0)) // the period has closed: /reopen still works
	m = send(t, off, "/reopen THCS-X 2026-H1")
	must(t, m, "Đã mở lại")
	u.Next(t)
	m = send(t, u, "/report")
	must(t, m, "Xem lại")
	m = send(t, off, "/reopen")
	must(t, m, "Cách dùng")
	m = send(t, off, "/reopen NOPE-1")
	must(t, m, "Không tìm thấy trường")
	m = send(t, u, "/reopen THCS-X")
	must(t, m, "chỉ dành cho cán bộ")
}

func TestReport_LateSubmissionUntilClose(t *testing.T) {
	h, u := startReporting(t, apptest.WithTime(apptest.VN(2026, 6, 25, 9, 30)))
	m := click(t, u, toReview(t, u), "✅ Gửi báo cáo")
	must(t, m, "Đã gửi", "09:30 ngày 25/06/2026", "sau hạn (thứ Sáu, 19/6)")
	if sub := submissionOf(t, h); !sub.Late {
		t.Fatalf("late submission not flagged: %+v", sub)
	}
	h.Clock.Set(apptest.VN(2026, 7, 20, 0, 0)) // closed
	m = send(t, u, "/report")
	must(t, m, "không có kỳ báo cáo nào đang mở")
}

func TestReport_MyReportShowsTheLatestSubmission(t *testing.T) {
	h, u := startReporting(t)
	m := send(t, u, "/myreport")
	must(t, m, "chưa gửi báo cáo")
	m = send(t, u, "/report")
	for _, step := range []string{"Có", "1", "Không", "Trực tiếp", "/skip"} {
		if step == "Có" || step == "Không" || step == "Trực tiếp" {
			m = click(t, u, m, step)
		} else {
			m = send(t, u, step)
		}
	}
	u.SendDocument("bao-cao-ky.pdf", []byte("%PDF"))
	m = click(t, u, u.Next(t), "✅ Xong")
	m = click(t, u, m, "✅ Gửi báo cáo")
	must(t, m, "Đã gửi")
	m = send(t, u, "/myreport")
	must(t, m, "Trường THCS X", "báo cáo 6 tháng năm 2026", "Lan", "lần 1", "Số hoạt động: 1", "bao-cao-ky.pdf")
	doc := u.Next(t)
	if doc.Method != "sendDocument" || doc.File == nil || doc.Caption != "Bản scan báo cáo" {
		t.Fatalf("re-sent file = %+v", doc)
	}
	_ = h
}
