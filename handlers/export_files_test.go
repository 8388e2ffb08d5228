package handlers_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/domain"
)

func TestExport_Files(t *testing.T) {
	d := newDistrict(t)
	ctx := context.Background()
	// Minh's late report holds a signed PDF, a file over the bot's 20 MB download limit
	// (Telegram's size, never fetched) and a file Telegram no longer has.
	minh := d.h.User(2002, "Minh", "vi")
	up := minh.SendDocument("Biên bản: ký/đóng dấu.pdf", []byte("%PDF-1.4 signed"))
	d.h.Drained()
	doc := up.Message.Document
	sub := d.subs[1]
	sub.Answers["report_scan"] = domain.Answer{Files: []domain.FileRef{
		{FileID: doc.FileID, Name: doc.FileName, Size: int64(doc.FileSize)},
		{FileID: doc.FileID + "-huge", Name: "scan-600dpi.tif", Size: 30 << 20},
		{FileID: "gone", Name: "anh.pdf", Size: 100},
	}}
	if err := d.h.App.Store.PutSubmissions(ctx, []domain.Submission{sub}); err != nil {
		t.Fatal(err)
	}

	o := d.h.Officer()
	o.Send("/export files 2026-Y")
	o.Expect(t, "Đang tải 4 tệp đính kèm")
	m := o.Next(t)
	if m.Method != "sendDocument" || m.File == nil || m.File.FileName != "tep-dinh-kem-2026-Y.zip" {
		t.Fatalf("got %s %q, want the ZIP", m.Method, m.Plain)
	}
	if !strings.Contains(m.Plain, "2/4 tệp của 2 trường") {
		t.Errorf("caption = %q", m.Plain)
	}
	zr, err := zip.NewReader(bytes.NewReader(m.File.Data), int64(len(m.File.Data)))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		got[f.Name] = string(data)
	}
	want := map[string]string{
		"MN-HOAMI - Trường Mầm non Hoa Mi/1.jpg":                                        string(mustPNG(t)),
		"TH-DONGTAM - Trường Tiểu học Đồng Tâm & Cẩm Văn/1 - Biên bản_ ký_đóng dấu.pdf": "%PDF-1.4 signed",
	}
	if len(got) != len(want) {
		t.Errorf("ZIP holds %d files: %v", len(got), keys(got))
	}
	for name, data := range want {
		if got[name] != data {
			t.Errorf("ZIP file %q = %d bytes, want %d (names %v)", name, len(got[name]), len(data), keys(got))
		}
	}
	left := o.Next(t).Plain
	for _, w := range []string{"2/4 tệp không có trong tệp ZIP",
		"Trường Tiểu học Đồng Tâm & Cẩm Văn: TH-DONGTAM - Trường Tiểu học Đồng Tâm & Cẩm Văn/2 - scan-600dpi.tif — tệp lớn hơn 20 MB",
		"3 - anh.pdf — không tải được từ Telegram (/view TH-DONGTAM 2026-Y)"} {
		if !strings.Contains(left, w) {
			t.Errorf("left-out list lacks %q:\n%s", w, left)
		}
	}

	t.Run("none", func(t *testing.T) {
		o.Send("/export files 2026-H1")
		o.Expect(t, "Chưa trường nào gửi tệp đính kèm")
	})
	t.Run("officers only", func(t *testing.T) {
		lan := d.h.User(2001, "Lan", "vi")
		lan.Send("/export files")
		lan.Expect(t, "chỉ dành cho cán bộ")
	})
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
