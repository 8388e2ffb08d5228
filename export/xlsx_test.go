package export

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/xuri/excelize/v2"
)

// xlsxData is the two-year district with a scan and an album in 2026-Y, a return for
// correction and reporters with and without a shared phone.
func xlsxData() fakeSource {
	src := districtData()
	subs := src.subs["2026-Y"]
	subs[0].Answers["report_scan"] = domain.Answer{Files: []domain.FileRef{{FileID: "scan-hs", Name: "Báo cáo ký: bản 1.pdf", Size: 900}}}
	subs[1].Answers["report_scan"] = domain.Answer{Files: []domain.FileRef{{FileID: "p1", Photo: true, Size: 300}, {FileID: "p2", Photo: true, Size: 400}}}
	src.returns = map[string]map[string]domain.Return{"2026-Y": {"THCS-LAICACH": {Period: "2026-Y", School: "THCS-LAICACH",
		Reason: "Câu 3: số liệu chưa khớp", ByName: "Nguyễn Văn Khải", At: time.Date(2026, 12, 5, 1, 0, 0, 0, time.UTC)}}}
	src.reporters = map[string][]domain.User{
		"TH-CAMPHUC":   {{ID: 1, Name: "Trần Thị Hoa", Phone: "0987654321", SchoolCode: "TH-CAMPHUC"}, {ID: 2, Name: "Lê Văn Nam", SchoolCode: "TH-CAMPHUC"}},
		"THCS-LAICACH": {{ID: 3, Name: "Vũ Thị Lan", Phone: "0911222333", SchoolCode: "THCS-LAICACH"}},
	}
	return src
}

func mustOpenXLSX(t *testing.T, r *Round) *excelize.File {
	t.Helper()
	data, err := XLSX(r, time.Date(2026, 12, 10, 1, 15, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("REPORTBOT_RENDER_DIR"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "bao-cao-2026-Y.xlsx"), data, 0o644)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func cellOf(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	return v
}

// rowsOf returns a sheet's table: the header row, then the data rows.
func rowsOf(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows[headerRow-1:]
}

func TestXLSX_ReadyToPrint(t *testing.T) {
	f := mustOpenXLSX(t, districtRound(t, xlsxData(), "2026-Y"))
	sheets := []string{"Tổng hợp", "Các trường", "Chưa nộp", "Tệp đính kèm"}
	if got := f.GetSheetList(); !slices.Equal(got, sheets) {
		t.Fatalf("sheets = %q, want %q", got, sheets)
	}
	names := f.GetDefinedName()
	for _, sh := range sheets {
		t.Run(sh, func(t *testing.T) {
			for cell, want := range map[string]string{
				"A1": "Tổng hợp báo cáo kết quả thực hiện công tác trẻ em năm 2026",
				"A2": "Kỳ báo cáo năm 2026 (2026-Y), hạn nộp 09/12/2026",
				"A3": "Số liệu đến 08:15 ngày 10/12/2026: 2/4 trường đã nộp",
			} {
				if got := cellOf(t, f, sh, cell); got != want {
					t.Errorf("%s = %q, want %q", cell, got, want)
				}
			}
			pl, err := f.GetPageLayout(sh)
			if err != nil {
				t.Fatal(err)
			}
			if pl.Orientation == nil || *pl.Orientation != "landscape" || pl.Size == nil || *pl.Size != 9 ||
				pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
				t.Errorf("page layout = %+v; want A4 landscape, one page wide", pl)
			}
			props, err := f.GetSheetProps(sh)
			if err != nil || props.FitToPage == nil || !*props.FitToPage {
				t.Errorf("fit to page not set: %+v, %v", props, err)
			}
			var area, titles string
			for _, n := range names {
				if n.Scope != sh {
					continue
				}
				switch n.Name {
				case "_xlnm.Print_Area":
					area = n.RefersTo
				case "_xlnm.Print_Titles":
					titles = n.RefersTo
				}
			}
			if titles != "'"+sh+"'!$5:$5" {
				t.Errorf("print titles = %q", titles)
			}
			if !strings.HasPrefix(area, "'"+sh+"'!$A$1:$") {
				t.Errorf("print area = %q", area)
			}
			if b, err := f.GetCellStyle(sh, "A6"); err != nil || b == 0 {
				t.Errorf("first table cell has no style (borders): %d, %v", b, err)
			} else if st, _ := f.GetStyle(b); st == nil || len(st.Border) != 4 {
				t.Errorf("first table cell borders = %+v", st)
			}
		})
	}

	totals := rowsOf(t, f, "Tổng hợp")
	if want := []string{"TT", "Chỉ tiêu", "Mầm non", "Tiểu học", "THCS", "Toàn huyện", "Tỷ lệ %", "6 tháng 2026", "Cùng kỳ 2025"}; !slices.Equal(totals[0], want) {
		t.Errorf("totals header = %q, want %q (no empty level, comparisons)", totals[0], want)
	}
	// comm_activities: 12 + 7 now (Lai Cách's 20 is returned, not counted); 4+3+6 six months; 10+5 a year ago.
	q := domain.DefaultQuestionnaire()
	comm, _ := q.Question("comm_activities")
	row := slices.IndexFunc(totals, func(r []string) bool { return len(r) > 1 && r[1] == comm.Label.In("vi") })
	if row < 0 || !slices.Equal(totals[row][5:], []string{"19", "", "13", "15"}) {
		t.Errorf("comm_activities row wants 19 | | 13 | 15 in:\n%q", totals)
	}

	schools := rowsOf(t, f, "Các trường")
	state := map[string]string{}
	for _, row := range schools[1:] {
		state[row[0]] = row[4]
	}
	if want := map[string]string{"MN-HOASEN": "Đã nộp", "TH-CAMVU": "Đã nộp", "TH-CAMPHUC": "Chưa nộp", "THCS-LAICACH": "Trả lại để sửa"}; !maps.Equal(state, want) {
		t.Errorf("states = %v, want %v", state, want)
	}
	scanQ, _ := q.Question("report_scan")
	scan := slices.Index(schools[0], scanQ.Label.In("vi"))
	if scan < 0 {
		t.Fatalf("no scan column in %q", schools[0])
	}
	for code, want := range map[string]string{"MN-HOASEN": "A6", "TH-CAMVU": "A7"} {
		row := slices.IndexFunc(schools, func(r []string) bool { return r[0] == code })
		cell, _ := excelize.CoordinatesToCellName(scan+1, headerRow+row)
		ok, target, err := f.GetCellHyperLink("Các trường", cell)
		if err != nil || !ok || target != "'Tệp đính kèm'!"+want {
			t.Errorf("%s file cell %s links %v %q %v; want 'Tệp đính kèm'!%s", code, cell, ok, target, err, want)
		}
	}
	if got := cellOf(t, f, "Các trường", mustCell(scan+1, headerRow+1+slices.IndexFunc(schools[1:], func(r []string) bool { return r[0] == "TH-CAMVU" }))); got != "2 tệp" {
		t.Errorf("album cell = %q, want 2 tệp", got)
	}

	files := rowsOf(t, f, "Tệp đính kèm")
	want := [][]string{
		{"MN-HOASEN", "Trường Mầm non Hoa Sen", "", "Báo cáo ký: bản 1.pdf", "MN-HOASEN - Trường Mầm non Hoa Sen/1 - Báo cáo ký_ bản 1.pdf", "/view MN-HOASEN 2026-Y"},
		{"TH-CAMVU", "Trường Tiểu học Cẩm Vũ", "", "Ảnh", "TH-CAMVU - Trường Tiểu học Cẩm Vũ/1.jpg", "/view TH-CAMVU 2026-Y"},
		{"TH-CAMVU", "Trường Tiểu học Cẩm Vũ", "", "Ảnh", "TH-CAMVU - Trường Tiểu học Cẩm Vũ/2.jpg", "/view TH-CAMVU 2026-Y"},
	}
	if len(files) != 4 {
		t.Fatalf("files sheet = %q", files)
	}
	for i, w := range want {
		got := slices.Clone(files[i+1])
		got[2] = ""
		if !slices.Equal(got, w) {
			t.Errorf("file row %d = %q, want %q", i+1, got, w)
		}
	}

	missing := rowsOf(t, f, "Chưa nộp")
	wantMissing := [][]string{
		{"TH-CAMPHUC", "Trường Tiểu học Cẩm Phúc", "Tiểu học", "", "Chưa nộp", "0912 345 678", "Trần Thị Hoa (0987654321); Lê Văn Nam"},
		{"THCS-LAICACH", "Trường THCS Lai Cách", "THCS", "", "Trả lại để sửa", "", "Vũ Thị Lan (0911222333)", "Câu 3: số liệu chưa khớp"},
	}
	if len(missing) != 3 || !slices.Equal(missing[1], wantMissing[0]) || !slices.Equal(missing[2], wantMissing[1]) {
		t.Errorf("not-submitted sheet = %q, want %q", missing[1:], wantMissing)
	}
}

func mustCell(col, row int) string {
	c, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		panic(err)
	}
	return c
}
