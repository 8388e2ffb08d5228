package handlers_test

import (
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/domain"
)

func TestSummary_TotalsEqualIndependentSums(t *testing.T) {
	d := newDistrict(t)
	o := d.h.Officer()
	o.Send("/summary")
	m := o.Next(t).Plain
	q := domain.DefaultQuestionnaire()
	for _, id := range []string{"comm_activities", "parents_trained", "news_items", "gifts_count"} {
		qn, ok := q.Question(id)
		if !ok {
			t.Fatalf("the default questionnaire has no %s", id)
		}
		want := "• " + qn.Label.VI + ": " + domain.FormatVND(d.sum(id)) + "\n"
		if !strings.Contains(m, want) {
			t.Errorf("/summary lacks %q:\n%s", want, m)
		}
	}
	for _, want := range []string{
		"Đã nộp 3/6 trường (nộp muộn: 1).",
		"• Tổng giá trị quà, học bổng (đồng): 7.500.000 đ\n   MN 5.000.000 · TH 2.500.000 · THCS 0 · TH-THCS 0",
		"• Số hoạt động truyền thông về bảo vệ, chăm sóc, giáo dục trẻ em đã tổ chức: 39\n   MN 12 · TH 7 · THCS 0 · TH-THCS 20",
		"• Trường có xây dựng kế hoạch thực hiện công tác trẻ em năm nay không? 2/3 trường trả lời Có",
		"Khó khăn, vướng mắc và đề xuất, kiến nghị (nếu có): 2 trường trả lời",
		"• Trường Mầm non Hoa Mi: Thiếu kinh phí <tổ chức> hoạt động & sân chơi",
		"• Trường TH và THCS Cẩm Hoàng: Đề nghị tập huấn thêm cho giáo viên.",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/summary lacks %q:\n%s", want, m)
		}
	}
	if !strings.Contains(m, "Tết Trung thu cho học sinh không? 0/3 trường trả lời Có") {
		t.Errorf("/summary lacks the unanswered yes/no question of the annual report:\n%s", m)
	}
}
