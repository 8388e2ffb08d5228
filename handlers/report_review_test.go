package handlers_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/app/apptest"
)

func TestReport_EditFromReviewHidesAndReveals(t *testing.T) {
	h, u := startReporting(t)
	m := toReview(t, u)
	must(t, m, "4. Số suất quà: 3", "5. Giá trị quà: 5.000.000")
	m = click(t, u, m, "✏️ 3") // gifts
	must(t, m, "Có tặng quà không?", "Trả lời hiện tại: Có")
	m = click(t, u, m, "Không")
	must(t, m, "2 câu", "Số suất quà", "Giá trị quà", "chắc")
	m = click(t, u, m, "Không, giữ câu cũ")
	must(t, m, "giữ nguyên", "Xem lại", "Số suất quà: 3")
	m = click(t, u, m, "✏️ 3")
	m = click(t, u, m, "Không")
	m = click(t, u, m, "Đồng ý, xóa")
	must(t, m, "Xem lại", "Có tặng quà không? Không")
	mustNot(t, m, "Số suất quà", "Giá trị quà")
	d := draftOf(t, h)
	if _, ok := d.Answers["gifts_n"]; ok || *d.Answers["gifts"].Bool {
		t.Fatalf("answers after hiding = %+v", d.Answers)
	}
	if _, ok := d.Answers["gifts_value"]; ok {
		t.Fatal("a hidden answer was kept")
	}
	// Changing it back reveals the required questions: they are asked before the review.
	m = click(t, u, m, "✏️ 3")
	m = click(t, u, m, "Có")
	must(t, m, "Số suất quà", "Câu 4/8")
	m = send(t, u, "4")
	must(t, m, "Giá trị quà")
	m = send(t, u, "300k")
	must(t, m, "Đã ghi: 300.000 đ", "Xem lại", "Số suất quà: 4", "300.000")
	// A plain change returns to the review at once.
	m = click(t, u, m, "✏️ 2")
	m = send(t, u, "20")
	must(t, m, "Xem lại", "Số hoạt động: 20")
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
	m = send(t, u, "/report")
	m = click(t, u, m, "✏️ 2")
	m = send(t, u, "13")
	must(t, m, "Xem lại", "Số hoạt động: 13")
	m = click(t, u, m, "✅ Gửi báo cáo")
	must(t, m, "bản sửa lần 2")
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
	m = click(t, u, m, "✏️ 2")
	m = send(t, u, "14")
	m = click(t, u, m, "✅ Gửi báo cáo")
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
	m = click(t, u, u.Next(t), "✅ Gửi báo cáo")
	must(t, m, "Đã gửi")
	m = send(t, u, "/myreport")
	must(t, m, "Trường THCS X", "báo cáo 6 tháng năm 2026", "Lan", "lần 1", "Số hoạt động: 1", "bao-cao-ky.pdf")
	doc := u.Next(t)
	if doc.Method != "sendDocument" || doc.File == nil || doc.Caption != "Bản scan báo cáo" {
		t.Fatalf("re-sent file = %+v", doc)
	}
	_ = h
}
