package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/domain"
)

// TestReturn_Loop walks the whole loop: a school sends, the deadline passes, the officer
// returns the report naming a question, the principal is told the reason and opens the
// report on that question, corrects it and sends, the officer is told what changed, and
// /status, /missing and /history follow each step.
func TestReturn_Loop(t *testing.T) {
	h, u := startReporting(t)
	m := toReview(t, u)
	m = click(t, u, m, "✅ Gửi báo cáo")
	must(t, m, "Đã gửi báo cáo 6 tháng năm 2026")
	h.Clock.Set(apptest.VN(2026, 6, 23, 9, 0)) // after the deadline: the report is locked
	m = send(t, u, "/report")
	must(t, m, "khóa")

	o := h.Officer()
	o.Send("/return THCS-X")
	o.Expect(t, "Lý do là bắt buộc")
	o.Send("/return THCS-X câu 9: không có")
	o.Expect(t, "không có câu 9")
	reason := "Câu 2: số hoạt động phải là 15 theo sổ theo dõi <b>"
	o.Send("/return thcs-x " + reason)
	done := o.Next(t)
	must(t, done, "Đã trả lại báo cáo 6 tháng năm 2026 của Trường THCS X", reason, "2. Số hoạt động", "Đã nhắn riêng cho 1 người")

	told := u.Next(t)
	must(t, told, "trả lại báo cáo 6 tháng năm 2026", reason, "Câu cần xem lại: Số hoạt động")
	mustButtons(t, told, "✏️ Mở báo cáo để sửa")

	o.Send("/status 2026-H1")
	st := o.Next(t)
	must(t, st, "Đã nộp: 0/1", "Đã trả lại, chờ trường sửa (1)", "Trường THCS X (THCS-X)")
	o.Send("/missing 2026-H1")
	must(t, o.Next(t), "Đã trả lại, chờ sửa (1)", reason)

	m = click(t, u, told, "✏️ Mở báo cáo để sửa")
	must(t, m, "trả lại để sửa", reason, "Số hoạt động", "Trả lời hiện tại: 12")
	m = send(t, u, "15")
	must(t, m, "Xem lại", "Số hoạt động: 15")
	m = click(t, u, m, "✅ Gửi báo cáo")
	must(t, m, "Đã gửi")

	fixed := o.Next(t)
	must(t, fixed, "Trường THCS X (THCS-X) đã gửi lại báo cáo 6 tháng năm 2026", reason,
		"Các câu trả lời đã sửa (1)", "Số hoạt động: 12 → 15")

	ret, err := h.App.Store.Returns(context.Background(), period, school)
	if err != nil || len(ret) != 1 || ret[0].Open() || ret[0].DoneBy != 2 || ret[0].Questions[0] != "count" {
		t.Fatalf("returns = %+v, %v; want one resolved by revision 2 naming count", ret, err)
	}
	o.Send("/status 2026-H1")
	st = o.Next(t)
	must(t, st, "Đã nộp: 1/1")
	mustNot(t, st, "chờ trường sửa")
	o.Send("/history THCS-X 2026-H1")
	hist := o.Next(t)
	must(t, hist, "Lần 1", "Trả lại để sửa", reason, "đã sửa ở lần 2", "Lần 2", "sửa 1 câu trả lời: Số hoạt động")
	if i, j := strings.Index(hist.Plain, "Trả lại"), strings.Index(hist.Plain, "Lần 2"); i > j {
		t.Errorf("/history does not put the return before the correction:\n%s", hist.Plain)
	}
	var actions []string
	entries, _ := h.App.Store.RecentAudit(context.Background(), 50)
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	if s := strings.Join(actions, " "); !strings.Contains(s, domain.AuditReturn) || strings.Count(s, domain.AuditSubmit) != 2 {
		t.Errorf("audit actions = %s; want a return and two submissions", s)
	}
	m = send(t, u, "/report")
	must(t, m, "khóa") // locked again once corrected
}

// TestReturn_ButtonOnView returns a report from /view's button, the reason typed next.
func TestReturn_ButtonOnView(t *testing.T) {
	h, u := startReporting(t)
	m := toReview(t, u)
	click(t, u, m, "✅ Gửi báo cáo")
	o := h.Officer()
	o.Send("/view THCS-X 2026-H1")
	v := o.Next(t)
	must(t, v, "2. Số hoạt động: 12")
	ask := click(t, o, v, "↩️ Trả lại để sửa")
	must(t, ask, "Hãy gõ lý do")
	done := send(t, o, "Thiếu chữ ký trên bản scan")
	must(t, done, "Đã trả lại", "Thiếu chữ ký trên bản scan")
	told := u.Next(t)
	must(t, told, "Thiếu chữ ký trên bản scan")

	// No question named: the report opens on the review, with the reason; sending it
	// unchanged confirms the figures.
	m = click(t, u, told, "✏️ Mở báo cáo để sửa")
	must(t, m, "trả lại để sửa", "Thiếu chữ ký", "Xem lại")
	must(t, click(t, u, m, "✅ Gửi báo cáo"), "Đã gửi")
	must(t, o.Next(t), "không sửa câu trả lời nào")
}
