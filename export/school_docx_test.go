package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"html"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/locales"
)

// schoolReport is a kindergarten's six-month report with every kind of answer.
func schoolReport(t *testing.T, level domain.Level) SchoolReport {
	t.Helper()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	q := domain.DefaultQuestionnaire()
	p, _ := domain.DefaultPeriodSchedule().Find("2026-H1", mustLoc())
	z := func(v int64) domain.Answer { return domain.Answer{Int: &v} }
	yes, no := domain.Answer{Bool: b(true)}, domain.Answer{Bool: b(false)}
	answers := map[string]domain.Answer{
		"own_plan": yes, "rights_in_plans": no, "disabled_children": z(3), "disabled_supported": z(2), "counselling": yes,
		"comm_activities": z(12), "parents_trained": z(350), "children_taught": z(180), "news_items": z(4), "hotline_111": yes,
		"drowning_taught": z(200), "swimming_taught": z(40), "children_forum": yes,
		"action_month": yes, "action_month_children": z(175), "gifts_given": yes, "gifts_count": z(10), "gifts_value": z(2_500_000),
		"self_inspection": yes, "harm_any": no, "underweight_children": z(5), "stunted_children": z(0),
		"difficulties_proposals": {Text: "Thiếu kinh phí <tổ chức> hoạt động & sân chơi.\nĐề nghị tập huấn {{SIGNER}} thêm."},
		"report_scan":            {Files: []domain.FileRef{{FileID: "x", Photo: true}}},
	}
	return SchoolReport{View: q.ViewFor(level, p), Period: p, Answers: answers, Lang: "vi", Tr: cat.T, Loc: mustLoc(),
		School: domain.School{Code: "MN-CAMDIEN", Name: "Trường Mầm non Cẩm Điền", Level: level, Commune: "Cẩm Điền"}}
}

var info = DocInfo{Authority: "UBND HUYỆN CẨM GIÀNG", Place: "Cẩm Giàng"}

// docText returns every part of a .docx, checking each XML part is well-formed, and the
// body's visible text.
func schoolDocText(t *testing.T, data []byte) (map[string]string, string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = string(b)
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
		}
	}
	var text strings.Builder
	for _, m := range regexp.MustCompile(`<w:t(?:\s[^>]*)?>([^<]*)</w:t>|</w:p>`).FindAllStringSubmatch(parts["word/document.xml"], -1) {
		if m[0] == "</w:p>" {
			text.WriteString("\n")
		}
		text.WriteString(html.UnescapeString(m[1]))
	}
	return parts, text.String()
}

func TestSchoolDOCX_Layout(t *testing.T) {
	info := info
	info.Date = time.Date(2026, 6, 5, 9, 0, 0, 0, mustLoc())
	data, err := SchoolDOCX(schoolReport(t, domain.LevelMN), info)
	if err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("REPORTBOT_SCHOOL_DOCX"); out != "" {
		_ = os.WriteFile(out, data, 0o644)
	}
	parts, text := schoolDocText(t, data)
	for _, p := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels"} {
		if _, ok := parts[p]; !ok {
			t.Errorf("part %s missing", p)
		}
	}
	doc := parts["word/document.xml"]
	if strings.Contains(strings.Replace(doc, "{{SIGNER}} thêm", "", 1), "{{") { // the answer's own braces stay
		t.Errorf("unfilled placeholder in:\n%s", text)
	}
	for _, want := range []string{
		"PHÒNG GD&ĐT HUYỆN CẨM GIÀNG\nTRƯỜNG MẦM NON CẨM ĐIỀN\n", "Số: ……/BC-MNCĐ",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
		"Cẩm Giàng, ngày 05 tháng 6 năm 2026", "BÁO CÁO\nKết quả thực hiện công tác trẻ em 6 tháng đầu năm 2026",
		"Số liệu trong báo cáo tính từ 01/01/2026 đến nay.",
		"I. KẾT QUẢ THỰC HIỆN", "1. Thực hiện chính sách, kế hoạch về trẻ em",
		"- Tại thời điểm báo cáo, nhà trường có 3 trẻ khuyết tật đang theo học.",
		"- Tổ chức 12 hoạt động truyền thông", "- Tổng giá trị quà, học bổng: 2.500.000 đồng.",
		"không có trẻ bị bạo lực", "5. Dinh dưỡng của trẻ",
		"II. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ\nThiếu kinh phí <tổ chức> hoạt động & sân chơi.\nĐề nghị tập huấn {{SIGNER}} thêm.",
		"Nơi nhận:", "- Phòng GD&ĐT (để báo cáo);", "HIỆU TRƯỞNG\n(Ký, ghi rõ họ tên và đóng dấu)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
	for _, never := range []string{"học sinh", "Học sinh", "học bơi"} {
		if strings.Contains(text, never) {
			t.Errorf("a kindergarten's report says %q", never)
		}
	}
	// The letterhead: two borderless columns of fixed width; the motto underlined.
	for _, want := range []string{`<w:tblLayout w:type="fixed"/>`, `<w:u w:val="single"/></w:rPr><w:t>Độc lập - Tự do - Hạnh phúc`, `<w:b/><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">TRƯỜNG MẦM NON`} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
}

func TestSchoolDecreeDate(t *testing.T) {
	for _, tc := range []struct {
		d          time.Time
		day, month string
	}{
		{time.Date(2026, 2, 5, 0, 0, 0, 0, time.UTC), "05", "02"},
		{time.Date(2026, 1, 9, 0, 0, 0, 0, time.UTC), "09", "01"},
		{time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC), "03", "3"},
		{time.Date(2026, 6, 10, 0, 0, 0, 0, time.UTC), "10", "6"},
		{time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC), "15", "12"},
		{time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC), "31", "10"},
	} {
		if day, month := DecreeDate(tc.d); day != tc.day || month != tc.month {
			t.Errorf("DecreeDate(%s) = %s/%s, want %s/%s", tc.d.Format("2006-01-02"), day, month, tc.day, tc.month)
		}
	}
	info := info
	info.Date = time.Date(2026, 12, 15, 9, 0, 0, 0, mustLoc())
	data, err := SchoolDOCX(schoolReport(t, domain.LevelTHCS), info)
	if err != nil {
		t.Fatal(err)
	}
	_, text := schoolDocText(t, data)
	for _, want := range []string{"Cẩm Giàng, ngày 15 tháng 12 năm 2026", "học sinh", "Số: ……/BC-THCSCĐ"} {
		if !strings.Contains(text, want) {
			t.Errorf("THCS report lacks %q:\n%s", want, text)
		}
	}
}

func TestSchoolShort(t *testing.T) {
	for _, tc := range []struct {
		sc   domain.School
		want string
	}{
		{domain.School{Level: domain.LevelTHCS, Commune: "Lai Cách"}, "THCSLC"},
		{domain.School{Level: domain.LevelTHTHCS, Commune: "Cẩm Hoàng"}, "THTHCSCH"},
		{domain.School{Level: domain.LevelMN, Name: "Trường Mầm non Đức Chính"}, "MNĐC"},
	} {
		if got := SchoolShort(tc.sc); got != tc.want {
			t.Errorf("SchoolShort(%+v) = %q, want %q", tc.sc, got, tc.want)
		}
	}
}
