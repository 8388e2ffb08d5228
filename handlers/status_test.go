package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/domain"
)

func TestStatus_CountsAndLists(t *testing.T) {
	d := newDistrict(t)
	o := d.h.Officer()
	o.Send("/status")
	m := o.Next(t)
	for _, want := range []string{
		"2026-Y",
		"còn 4 ngày",
		"Đã nộp: 3/6 trường",
		"MN ▓▓▓▓▓░░░░░ 1/2",
		"TH ▓▓▓▓▓░░░░░ 1/2",
		"THCS ░░░░░░░░░░ 0/1",
		"TH-THCS ▓▓▓▓▓▓▓▓▓▓ 1/1",
		"Nộp muộn: 1\n   • Trường Tiểu học Đồng Tâm & Cẩm Văn (TH-DONGTAM)",
		"Đang soạn dở, chưa gửi: 1\n   • Trường THCS Lai Cách (THCS-LAICACH)",
		"Chưa có người báo cáo: 1\n   • Trường Mầm non Cẩm Điền (MN-CAMDIEN)",
		"không nhận được tin của bot: 2",
		"Hà, Trường THCS Lai Cách: đã chặn bot",
		"Bình, Trường Tiểu học Cẩm Phúc: chưa mở bot",
	} {
		if !strings.Contains(m.Plain, want) {
			t.Errorf("/status lacks %q:\n%s", want, m.Plain)
		}
	}
	if strings.Contains(m.Plain, "Mầm non Cũ") {
		t.Errorf("/status lists an inactive school:\n%s", m.Plain)
	}
	// The buttons open the lists and switch the period.
	o.Click(t, m, "📋 Chưa nộp")
	o.Expect(t, "Các trường chưa nộp")
	o.Click(t, m, "◀ 6 tháng 2026")
	h1 := o.Next(t)
	if !strings.Contains(h1.Plain, "2026-H1") || !strings.Contains(h1.Plain, "Đã nộp: 0/6") || !strings.Contains(h1.Plain, "đã khóa sổ") {
		t.Errorf("/status of 2026-H1 = %q", h1.Plain)
	}
	o.Send("/status 2031-X")
	o.Expect(t, "Không có kỳ báo cáo “2031-X”")
	o.Send("/status 2026-h1")
	o.Expect(t, "Đã nộp: 0/6")
}

func TestStatus_SixtySchoolsFitOneMessage(t *testing.T) {
	d := newDistrict(t)
	ctx := context.Background()
	var schools []domain.School
	for i := range 56 { // 60 active schools in all, none with a reporter: the longest lists
		level := domain.Levels[i%4]
		code := string(level) + "-TRUONG" + string(rune('A'+i/26)) + string(rune('A'+i%26))
		schools = append(schools, domain.School{Code: code, Name: "Trường " + string(level) + " Cẩm Giàng số " + code, Level: level, Active: true})
	}
	if err := d.h.App.Store.PutSchools(ctx, schools); err != nil {
		t.Fatal(err)
	}
	o := d.h.Officer()
	o.Send("/status")
	m := o.Next(t)
	if !strings.Contains(m.Plain, "Đã nộp: 3/62") || len(m.Markup.Buttons()) == 0 {
		t.Fatalf("/status = %q", m.Plain)
	}
	d.h.Drained()
	if n := len(d.h.TG.SentTo(o.ID())); n != 1 {
		t.Errorf("/status for 62 schools took %d messages, want 1", n)
	}
}

func TestMissing_GroupedByLevelWithReporters(t *testing.T) {
	d := newDistrict(t)
	o := d.h.Officer()
	o.Send("/missing 2026-Y")
	m := o.Next(t).Plain
	for _, want := range []string{
		"Các trường chưa nộp báo cáo năm 2026 (2026-Y): 3/6",
		"Mầm non (1)\n• Trường Mầm non Cẩm Điền (MN-CAMDIEN) — chưa bắt đầu\n   – chưa có người báo cáo",
		"Tiểu học (1)\n• Trường Tiểu học Cẩm Phúc (TH-CAMPHUC) — chưa bắt đầu\n   – Bình (📵",
		"THCS (1)\n• Trường THCS Lai Cách (THCS-LAICACH) — đang soạn dở\n   – Hà (📵",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/missing lacks %q:\n%s", want, m)
		}
	}
	for _, not := range []string{"Hoa Mi", "Đồng Tâm", "Cẩm Hoàng", "Cũ"} {
		if strings.Contains(m, not) {
			t.Errorf("/missing lists %q:\n%s", not, m)
		}
	}
}
