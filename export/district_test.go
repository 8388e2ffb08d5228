package export

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/locales"
)

// fakeSource is a district's data over two years, as export.Load reads it.
type fakeSource struct {
	schools   []domain.School
	subs      map[string][]domain.Submission
	returns   map[string]map[string]domain.Return
	reporters map[string][]domain.User
}

func (f fakeSource) Schools(context.Context) ([]domain.School, error) { return f.schools, nil }
func (f fakeSource) Submissions(_ context.Context, p string) ([]domain.Submission, error) {
	return f.subs[p], nil
}
func (f fakeSource) AllReporters(context.Context) (map[string][]domain.User, error) {
	return f.reporters, nil
}
func (f fakeSource) Drafts(context.Context, string) ([]domain.Draft, error) { return nil, nil }
func (f fakeSource) OpenReturns(_ context.Context, p string) (map[string]domain.Return, error) {
	return f.returns[p], nil
}

type defaultQ struct{}

func (defaultQ) QuestionnaireFor(context.Context, string) (*domain.Questionnaire, error) {
	return domain.DefaultQuestionnaire(), nil
}

// Schools of the two-year district: no TH-THCS school, so that column must not appear.
var districtSchools = []domain.School{
	{Code: "MN-HOASEN", Name: "Trường Mầm non Hoa Sen", Level: domain.LevelMN, Active: true, Phones: []string{"0220 3786 111"}},
	{Code: "TH-CAMVU", Name: "Trường Tiểu học Cẩm Vũ", Level: domain.LevelTH, Active: true},
	{Code: "THCS-LAICACH", Name: "Trường THCS Lai Cách", Level: domain.LevelTHCS, Active: true},
	{Code: "TH-CAMPHUC", Name: "Trường Tiểu học Cẩm Phúc", Level: domain.LevelTH, Active: true, Phones: []string{"0912 345 678"}},
}

const incident = "Một học sinh lớp 7 bị ngã cầu thang, gãy tay; trường đã sơ cứu, đưa đi viện và thăm hỏi gia đình."

// districtData seeds 2025-Y, 2026-H1 and 2026-Y. comm_activities and own_plan differ in
// every period so a sum taken from the wrong one shows.
func districtData() fakeSource {
	at := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	sub := func(p, code string, comm int64, plan bool, extra map[string]domain.Answer) domain.Submission {
		a := map[string]domain.Answer{"comm_activities": {Int: n(comm)}, "own_plan": {Bool: b(plan)}, "harm_any": {Bool: b(false)}}
		for k, v := range extra {
			a[k] = v
		}
		return domain.Submission{Period: p, School: code, SubmittedAt: at, FirstAt: at, Revision: 1, Answers: a}
	}
	return fakeSource{schools: districtSchools, subs: map[string][]domain.Submission{
		"2025-Y": {sub("2025-Y", "MN-HOASEN", 10, true, nil), sub("2025-Y", "TH-CAMVU", 5, false, nil)},
		"2026-H1": {sub("2026-H1", "MN-HOASEN", 4, true, nil), sub("2026-H1", "TH-CAMVU", 3, true, nil),
			sub("2026-H1", "THCS-LAICACH", 6, false, nil)},
		"2026-Y": {
			sub("2026-Y", "MN-HOASEN", 12, true, map[string]domain.Answer{"difficulties_proposals": {Text: "Đề nghị bổ sung kinh phí mua đồ chơi ngoài trời."}}),
			sub("2026-Y", "TH-CAMVU", 7, true, nil),
			sub("2026-Y", "THCS-LAICACH", 20, false, map[string]domain.Answer{"harm_any": {Bool: b(true)}, "injury_children": {Int: n(1)},
				"harm_description": {Text: incident}, "difficulties_proposals": {Text: "Cần tập huấn kỹ năng sơ cứu cho giáo viên."}}),
		},
	}}
}

// districtRound loads period id with its earlier periods and the real Vietnamese texts.
func districtRound(t *testing.T, src fakeSource, id string) *Round {
	t.Helper()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	sch := domain.DefaultPeriodSchedule()
	p, _ := sch.Find(id, loc)
	r, err := Load(context.Background(), src, defaultQ{}, p, loc, "vi", cat.T)
	if err != nil {
		t.Fatal(err)
	}
	var ps []domain.Period
	for _, id := range ComparedIDs(p) {
		q, _ := sch.Find(id, loc)
		ps = append(ps, q)
	}
	if err := LoadEarlier(context.Background(), r, src, defaultQ{}, ps); err != nil {
		t.Fatal(err)
	}
	return r
}

var wordRun = regexp.MustCompile(`<w:t(?:\s[^>]*)?>([^<]*)</w:t>|</w:p>|</w:tc>`)

// docText is a document's text: paragraphs on lines, table cells separated by " | ".
func docText(doc string) string {
	var b strings.Builder
	for _, m := range wordRun.FindAllStringSubmatch(doc, -1) {
		switch m[0] {
		case "</w:p>":
			b.WriteString("\n")
		case "</w:tc>":
			b.WriteString(" | ")
		default:
			b.WriteString(m[1])
		}
	}
	return strings.NewReplacer("\n | ", " | ", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'").Replace(b.String())
}

var cfgInfo = DocInfo{Authority: "UBND HUYỆN CẨM GIÀNG", Place: "Cẩm Giàng", Number: "15/BC-PGDĐT", SignerTitle: "TRƯỞNG PHÒNG",
	Signer: "Phạm Thị Oanh", References: []string{
		"Kế hoạch số 290/KH-SGDĐT ngày 13/3/2023 của Sở Giáo dục và Đào tạo Hải Dương về việc triển khai Kế hoạch thực hiện công tác trẻ em năm 2023",
		"Kế hoạch số 15/KH-PGDĐT ngày 14/3/2023 của Phòng Giáo dục và Đào tạo về thực hiện công tác trẻ em năm 2023",
	}}

func TestDOCX_DistrictReport(t *testing.T) {
	r := districtRound(t, districtData(), "2026-Y")
	info := cfgInfo
	info.Date = time.Date(2026, 12, 10, 3, 0, 0, 0, time.UTC)
	data, err := DOCX(r, info)
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("REPORTBOT_RENDER_DIR"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "bao-cao-2026-Y.docx"), data, 0o644)
	}
	doc := readPart(t, data, docPart)
	text := docText(doc)
	for _, want := range []string{
		"UBND HUYỆN CẨM GIÀNG\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
		"Cẩm Giàng, ngày 10 tháng 12 năm 2026",
		"BÁO CÁO\nKết quả thực hiện công tác trẻ em năm 2026",
		"Thực hiện Kế hoạch số 290/KH-SGDĐT ngày 13/3/2023 của Sở Giáo dục và Đào tạo Hải Dương",
		"; Kế hoạch số 15/KH-PGDĐT ngày 14/3/2023 của Phòng Giáo dục và Đào tạo",
		"3/4 trường (75\u00a0%) đã gửi báo cáo",
		// 2/3 yes; the six-month report 2/3 and last year's annual 1/2 beside it.
		"- 2/3 trường (66,7\u00a0%) đã xây dựng kế hoạch thực hiện công tác trẻ em của đơn vị (6 tháng 2026: 2/3; cùng kỳ 2025: 1/2).",
		"- Các trường đã tổ chức 39 hoạt động truyền thông về bảo vệ, chăm sóc, giáo dục trẻ em (6 tháng 2026: 13; cùng kỳ 2025: 15).",
		"+ Trường THCS Lai Cách: “" + incident + "”",
		"- Trường Mầm non Hoa Sen: “Đề nghị bổ sung kinh phí mua đồ chơi ngoài trời.”",
		"- Trường THCS Lai Cách: “Cần tập huấn kỹ năng sơ cứu cho giáo viên.”",
		"- Trường Tiểu học Cẩm Phúc (Tiểu học)",
		"1. Kết quả đạt được", "2. Ưu điểm", "3. Hạn chế, khó khăn", "V. PHƯƠNG HƯỚNG",
		"Nơi nhận:", "TRƯỞNG PHÒNG\nPhạm Thị Oanh",
		"TT | Chỉ tiêu | Mầm non | Tiểu học | THCS | Toàn huyện | Tỷ lệ % | 6 tháng 2026 | Cùng kỳ 2025 |",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Count(text, "Số: 15/BC-PGDĐT") != 1 || strings.Contains(text, "BC-PGDĐT/BC") {
		t.Errorf("number line wrong:\n%s", text[:300])
	}
	for _, code := range []string{"MN-HOASEN", "TH-CAMVU", "THCS-LAICACH", "TH-CAMPHUC", "TH-THCS", "{{", "}}", "[docx.", "[export."} {
		if strings.Contains(text, code) {
			t.Errorf("report shows %q", code)
		}
	}
	if !regexp.MustCompile(`<w:u w:val="single"/></w:rPr><w:t[^>]*>Độc lập - Tự do - Hạnh phúc`).MatchString(doc) {
		t.Error("the motto is not underlined")
	}
	if strings.Contains(text, "Ký, ghi rõ") {
		t.Error("the signature block still holds a form hint")
	}
	// The table row of the submitted schools: 1 MN, 2 TH of 2, 1 THCS → 3 of 4 = 75 %.
	if !strings.Contains(text, "Số trường đã báo cáo | 1 | 1 | 1 | 3 | 75\u00a0% | 3 | 2 |") {
		t.Errorf("submitted row wrong:\n%s", text)
	}
}

func TestDecreeDate(t *testing.T) {
	for _, tt := range []struct {
		day   int
		month time.Month
		want  string
	}{
		{1, time.January, "01 tháng 01"}, {5, time.February, "05 tháng 02"}, {3, time.March, "03 tháng 3"},
		{9, time.October, "09 tháng 10"}, {10, time.December, "10 tháng 12"}, {22, time.June, "22 tháng 6"},
		{28, time.February, "28 tháng 02"}, {31, time.January, "31 tháng 01"},
	} {
		r := districtRound(t, districtData(), "2026-Y")
		info := cfgInfo
		info.Date = time.Date(2026, tt.month, tt.day, 9, 0, 0, 0, loc)
		data, err := DOCX(r, info)
		if err != nil {
			t.Fatal(err)
		}
		if want := "Cẩm Giàng, ngày " + tt.want + " năm 2026"; !strings.Contains(docText(readPart(t, data, docPart)), want) {
			t.Errorf("%d/%d: date line lacks %q", tt.day, tt.month, want)
		}
	}
}

func TestDocNumber(t *testing.T) {
	for cfg, want := range map[string]string{"": "…", "…/BC-PGDĐT": "…", "15": "15", " 15/BC-PGDĐT ": "15", "127/BC-PGDĐT/x": "127"} {
		if got := docNumber(cfg, "…"); got != want {
			t.Errorf("docNumber(%q) = %q, want %q", cfg, got, want)
		}
	}
}
