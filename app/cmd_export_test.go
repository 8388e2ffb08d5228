package app

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/storetest"
	"github.com/xuri/excelize/v2"
)

func TestCLI_Export(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	st := storetest.OpenDir(t, dir, nil)
	n, last := int64(12), int64(9)
	if err := st.PutSchools(ctx, []domain.School{
		{Code: "MN-HOAMI", Name: "Trường Mầm non Hoa Mi", Level: domain.LevelMN, Active: true},
		{Code: "TH-CAMPHUC", Name: "Trường Tiểu học Cẩm Phúc", Level: domain.LevelTH, Active: true},
	}); err != nil {
		t.Fatal(err)
	}
	if err := st.PutSubmissions(ctx, []domain.Submission{{Period: "2026-Y", School: "MN-HOAMI", Revision: 1,
		SubmittedAt: time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC),
		Answers:     map[string]domain.Answer{"comm_activities": {Int: &n}}},
		{Period: "2025-Y", School: "MN-HOAMI", Revision: 1, SubmittedAt: time.Date(2025, 12, 1, 1, 0, 0, 0, time.UTC),
			Answers: map[string]domain.Answer{"comm_activities": {Int: &last}}}}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(ctx); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t, dir)
	out := filepath.Join(t.TempDir(), "out")

	code, stdout, stderr := runTestCLI(t, cfg, "export", "--period", "2026-Y", "--format", "csv", "--out", out+".csv")
	if code != 0 || !strings.Contains(stdout, "1/2 schools reported") {
		t.Fatalf("export csv: exit %d, %q, %q", code, stdout, stderr)
	}
	csv, _ := os.ReadFile(out + ".csv")
	if !bytes.HasPrefix(csv, []byte("\uFEFFMã trường,")) || !strings.Contains(string(csv), "MN-HOAMI,Trường Mầm non Hoa Mi,MN,,Đã nộp,01/12/2026 08:00,Không,1,,,,,,12,") {
		t.Errorf("csv = %q", csv)
	}

	if code, _, stderr := runTestCLI(t, cfg, "export", "--period", "2026-Y", "--out", out+".xlsx"); code != 0 {
		t.Fatalf("export xlsx: exit %d, %q", code, stderr)
	}
	f, err := excelize.OpenFile(out + ".xlsx")
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Chưa nộp")
	totals, _ := f.GetRows("Tổng hợp")
	f.Close()
	if len(rows) != 6 || rows[5][0] != "TH-CAMPHUC" || !strings.HasPrefix(rows[0][0], "Tổng hợp báo cáo") {
		t.Errorf("missing sheet = %q", rows)
	}
	// The same period a year earlier is loaded as /export does: its column, its sum.
	if len(totals) < 5 || totals[4][len(totals[4])-1] != "Cùng kỳ 2025" {
		t.Fatalf("totals header = %q", totals)
	}
	found := false
	for _, row := range totals[5:] {
		found = found || len(row) == len(totals[4]) && row[len(row)-3] == "12" && row[len(row)-1] == "9"
	}
	if !found {
		t.Errorf("no indicator with 12 now and 9 a year earlier in %q", totals)
	}

	if code, _, stderr := runTestCLI(t, cfg, "export", "--period", "2026-Y", "--format", "DOCX", "--out", out+".docx"); code != 0 {
		t.Fatalf("export docx: exit %d, %q", code, stderr)
	}
	for _, ext := range []string{".csv", ".xlsx", ".docx"} {
		fi, err := os.Stat(out + ext)
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%s has mode %04o; want 0600: the file holds the schools' answers", ext, perm)
		}
	}
	docx, _ := os.ReadFile(out + ".docx")
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil || len(zr.File) != 5 {
		t.Fatalf("docx: %v", err)
	}

	for _, args := range [][]string{
		{"export", "--format", "pdf"},
		{"export", "--period", "1999-Q"},
		{"export", "extra"},
	} {
		if code, _, stderr := runTestCLI(t, cfg, args...); code != 2 || stderr == "" {
			t.Errorf("%q: exit %d, stderr %q; want a usage error", args, code, stderr)
		}
	}
}
