package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/domain"
)

func TestView_AnswersAndFiles(t *testing.T) {
	d := newDistrict(t)
	o := d.h.Officer()
	o.Send("/view mn-hoami")
	m := o.Next(t).Plain
	for _, want := range []string{
		"Trường Mầm non Hoa Mi (MN-HOAMI)",
		"Gửi lúc 08:00 ngày 01/12/2026 bởi Lan · số lần gửi: 1",
		"Truyền thông, giáo dục, tập huấn",
		"5. Số hoạt động truyền thông về bảo vệ, chăm sóc, giáo dục trẻ em đã tổ chức: 12",
		"14. Tổng giá trị quà, học bổng (đồng): 5.000.000 đ",
		"Thiếu kinh phí <tổ chức> hoạt động & sân chơi",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/view lacks %q:\n%s", want, m)
		}
	}
	photo := o.Next(t)
	if photo.Method != "sendPhoto" || photo.File == nil || photo.File.FileID != d.photoID || !strings.Contains(photo.Plain, "Hoa Mi") {
		t.Errorf("re-sent file = %+v", photo)
	}

	o.Send("/view TH-DONGTAM 2026-Y")
	if m := o.Next(t).Plain; !strings.Contains(m, "nộp muộn") || !strings.Contains(m, "số lần gửi: 2") {
		t.Errorf("/view of a late school = %q", m)
	}
	o.Send("/view THCS-LAICACH")
	o.Expect(t, "chưa gửi báo cáo kỳ 2026-Y")
	o.Send("/view NOPE-1")
	o.Expect(t, "Không tìm thấy trường có mã “NOPE-1”")
	o.Send("/view")
	o.Expect(t, "Hãy ghi mã trường")
}

func TestHistory_ListsRevisions(t *testing.T) {
	d := newDistrict(t)
	err := d.h.App.Store.PutRevisions(context.Background(), []domain.Revision{
		{Period: "2026-Y", School: "TH-DONGTAM", Revision: 1, By: 2002, ByName: "Minh", At: apptest.VN(2026, 12, 3, 9, 0), Changed: []string{"own_plan", "news_items"}},
		{Period: "2026-Y", School: "TH-DONGTAM", Revision: 2, By: 2002, ByName: "Minh", At: apptest.VN(2026, 12, 4, 10, 0), Changed: []string{"news_items", "gone_question"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	o := d.h.Officer()
	o.Send("/history TH-DONGTAM")
	m := o.Next(t).Plain
	for _, want := range []string{
		"Các lần gửi báo cáo của Trường Tiểu học Đồng Tâm & Cẩm Văn (TH-DONGTAM), kỳ 2026-Y: 2",
		"Lần 1 — 09:00 ngày 03/12/2026 — Minh: gửi lần đầu.",
		"Lần 2 — 10:00 ngày 04/12/2026 — Minh: sửa 2 câu trả lời: Số tin, bài, video đã đăng trên các kênh thông tin của trường; gone_question.",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/history lacks %q:\n%s", want, m)
		}
	}
	o.Send("/history MN-CAMDIEN")
	o.Expect(t, "chưa có lần gửi báo cáo nào")
}
