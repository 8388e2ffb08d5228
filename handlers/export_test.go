package handlers_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/internal/tgtest"
	"github.com/xuri/excelize/v2"
)

// document waits for the next file sent to the officer.
func document(t *testing.T, d *district, cmd string) tgtest.SentMessage {
	t.Helper()
	o := d.h.Officer()
	o.Send(cmd)
	m := o.Next(t)
	if m.File == nil || len(m.File.Data) == 0 {
		t.Fatalf("%s: got %s %q, want a file", cmd, m.Method, m.Plain)
	}
	return m
}

func TestExport_XLSX(t *testing.T) {
	d := newDistrict(t)
	m := document(t, d, "/export")
	if m.Method != "sendDocument" || m.File.FileName != "bao-cao-2026-Y.xlsx" || !strings.Contains(m.Plain, "3/6 trường đã nộp") {
		t.Fatalf("export message = %s %q %q", m.Method, m.File.FileName, m.Plain)
	}
	f, err := excelize.OpenReader(bytes.NewReader(m.File.Data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), "|"); got != "Tổng hợp|Các trường|Chưa nộp|Tệp đính kèm" {
		t.Fatalf("sheets = %s", got)
	}
	rows, _ := f.GetRows("Các trường")
	if title, _ := f.GetCellValue("Các trường", "A3"); !strings.HasPrefix(title, "Số liệu đến ") {
		t.Errorf("A3 = %q, want the time the figures are as of", title)
	}
	const top = 4 // the title block above the header row
	rows = rows[top:]
	if len(rows) != 7 { // header + 6 active schools
		t.Fatalf("school rows = %d", len(rows))
	}
	q := domain.DefaultQuestionnaire()
	comm, _ := q.Question("comm_activities")
	col := -1
	for i, h := range rows[0] {
		if h == comm.Label.VI {
			col = i
		}
	}
	if col < 0 || rows[0][0] != "Mã trường" {
		t.Fatalf("header = %q", rows[0])
	}
	for i, row := range rows[1:] {
		if row[0] != "MN-HOAMI" {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(col+1, top+i+2)
		typ, _ := f.GetCellType("Các trường", cell)
		raw, _ := f.GetCellValue("Các trường", cell, excelize.Options{RawCellValue: true})
		if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset || raw != "12" {
			t.Errorf("comm_activities of MN-HOAMI = %q (type %v), want the number 12", raw, typ)
		}
		at, _ := excelize.CoordinatesToCellName(6, top+i+2)
		if v, _ := f.GetCellValue("Các trường", at); v != "01/12/2026 08:00" {
			t.Errorf("submitted at = %q, want the date in Vietnam time", v)
		}
	}
	missing, _ := f.GetRows("Chưa nộp")
	if missing = missing[top:]; len(missing) != 4 || missing[1][0] != "MN-CAMDIEN" {
		t.Errorf("missing sheet = %q", missing)
	}
	totals, _ := f.GetRows("Tổng hợp")
	totals = totals[top:]
	mn, district := slices.Index(totals[0], "Mầm non"), slices.Index(totals[0], "Toàn huyện")
	var found bool
	for i, row := range totals {
		if row[1] == comm.Label.VI {
			found = true
			cell, _ := excelize.CoordinatesToCellName(district+1, top+i+1)
			raw, _ := f.GetCellValue("Tổng hợp", cell, excelize.Options{RawCellValue: true})
			if raw != "39" || mn < 0 || row[mn] != "12" {
				t.Errorf("totals row = %q (district raw %q)", row, raw)
			}
		}
	}
	if !found {
		t.Errorf("totals sheet lacks %q", comm.Label.VI)
	}
	panes, err := f.GetPanes("Các trường")
	if err != nil || !panes.Freeze || panes.YSplit != top+1 {
		t.Errorf("panes = %+v, %v", panes, err)
	}
}

func TestExport_DOCX(t *testing.T) {
	d := newDistrict(t)
	m := document(t, d, "/export docx 2026-Y")
	if m.File.FileName != "bao-cao-2026-Y.docx" {
		t.Errorf("file name = %q", m.File.FileName)
	}
	zr, err := zip.NewReader(bytes.NewReader(m.File.Data), int64(len(m.File.Data)))
	if err != nil {
		t.Fatal(err)
	}
	var doc []byte
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		mustWellFormed(t, f.Name, data)
		if f.Name == "word/document.xml" {
			doc = data
		}
	}
	text := string(doc)
	for _, want := range []string{
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
		"Kết quả thực hiện công tác trẻ em năm 2026", "09/12/2026", "Nơi nhận:",
		"3/6 trường (50\u00a0%) đã gửi báo cáo",
		"Trường Mầm non Cẩm Điền (Mầm non)", "Trường THCS Lai Cách (THCS)",
		"Thiếu kinh phí &lt;tổ chức&gt; hoạt động &amp; sân chơi", "Trường TH và THCS Cẩm Hoàng: ",
		">39<", ">7.500.000<",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("document.xml lacks %q", want)
		}
	}
	if strings.Contains(text, "{{") {
		t.Errorf("document.xml keeps a placeholder")
	}
	for _, code := range []string{"MN-CAMDIEN", "THCS-LAICACH", "MN-HOAMI"} {
		if strings.Contains(text, code) {
			t.Errorf("document.xml names a school by its code %s", code)
		}
	}
	if n := strings.Count(text, "<w:tr>"); n < 20 {
		t.Errorf("document.xml has %d table rows, want the totals table", n)
	}
}

func mustWellFormed(t *testing.T, name string, data []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
	}
}

func TestExport_CSVAndBadArgs(t *testing.T) {
	d := newDistrict(t)
	m := document(t, d, "/export csv")
	if !bytes.HasPrefix(m.File.Data, []byte("\xEF\xBB\xBFMã trường,")) || !strings.Contains(string(m.File.Data), "MN-HOAMI,Trường Mầm non Hoa Mi,MN,Cẩm Điền,Đã nộp,01/12/2026 08:00,Không,1,") {
		t.Errorf("csv = %q", m.File.Data)
	}
	o := d.h.Officer()
	o.Send("/export docx 2026-Y extra")
	o.Expect(t, "Cách dùng: /export")
	o.Send("/export pdf")
	o.Expect(t, "Không có kỳ báo cáo “pdf”")
}

func TestChart_PNGDecodes(t *testing.T) {
	d := newDistrict(t)
	m := document(t, d, "/chart")
	if m.Method != "sendPhoto" {
		t.Fatalf("method = %s", m.Method)
	}
	img, err := png.Decode(bytes.NewReader(m.File.Data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 300 {
		t.Errorf("chart is %v", b)
	}
}
