package schoolfile

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

const goodCSV = "code,name,level,commune,phones\n" +
	"THCS-LAICACH,Trường THCS Lai Cách,THCS,Lai Cách,0912 345 678 / +84 987.654.321\n" +
	"mn-camdien,  Trường Mầm non   Cẩm Điền ,mn,Cẩm Điền,\n" +
	"TH-THCS-CAMVU,Trường TH&THCS Cẩm Vũ,th-thcs,Cẩm Vũ,84912000111\n"

var goodSchools = []domain.School{
	{Code: "THCS-LAICACH", Name: "Trường THCS Lai Cách", Level: domain.LevelTHCS, Commune: "Lai Cách", Phones: []string{"0912345678", "0987654321"}, Active: true},
	{Code: "MN-CAMDIEN", Name: "Trường Mầm non Cẩm Điền", Level: domain.LevelMN, Commune: "Cẩm Điền", Active: true},
	{Code: "TH-THCS-CAMVU", Name: "Trường TH&THCS Cẩm Vũ", Level: domain.LevelTHTHCS, Commune: "Cẩm Vũ", Phones: []string{"0912000111"}, Active: true},
}

// mustWin1258 encodes text as Vietnamese Excel saves it: Windows-1258 has the letters
// ă â ê ô ơ ư đ precomposed and writes each tone as a combining mark after its letter.
func mustWin1258(t *testing.T, s string) []byte {
	t.Helper()
	enc := charmap.Windows1258.NewEncoder()
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		if _, err := enc.String(string(r)); err == nil {
			b.WriteRune(r)
			continue
		}
		var base, tone []rune
		for _, m := range norm.NFD.String(string(r)) {
			if strings.ContainsRune("\u0300\u0301\u0303\u0309\u0323", m) {
				tone = append(tone, m)
			} else {
				base = append(base, m)
			}
		}
		b.WriteString(norm.NFC.String(string(base)) + string(tone))
	}
	out, err := enc.String(b.String())
	if err != nil {
		t.Fatalf("encode Windows-1258: %v", err)
	}
	if !hasToneByte(out) {
		t.Fatal("the encoded text has no combining tone mark")
	}
	return []byte(out)
}

// hasToneByte reports whether Windows-1258 text holds a combining tone mark.
func hasToneByte(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0xCC, 0xEC, 0xDE, 0xD2, 0xF2: // grave, acute, tilde, hook above, dot below
			return true
		}
	}
	return false
}

// mustXLSX builds a workbook whose first sheet holds rows.
func mustXLSX(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParse_Good(t *testing.T) {
	semi := strings.NewReplacer(",", ";").Replace(goodCSV)
	semi = strings.Replace(semi, "0912 345 678 / +84 987.654.321", "0912 345 678, +84 987.654.321", 1)
	semi = strings.Replace(semi, "Lai Cách;0912 345 678, +84 987.654.321", `Lai Cách;"0912 345 678, +84 987.654.321"`, 1)
	tests := []struct {
		name string
		file string
		data func(t *testing.T) []byte
	}{
		{"utf8", "truong.csv", func(*testing.T) []byte { return []byte(goodCSV) }},
		{"bom crlf", "truong.csv", func(*testing.T) []byte {
			return []byte("\uFEFF" + strings.ReplaceAll(goodCSV, "\n", "\r\n"))
		}},
		{"semicolons", "truong.csv", func(*testing.T) []byte { return []byte(semi) }},
		{"windows-1258", "truong.csv", func(t *testing.T) []byte { return mustWin1258(t, goodCSV) }},
		{"nfd utf8", "truong.csv", func(*testing.T) []byte { return []byte(norm.NFD.String(goodCSV)) }},
		{"xlsx", "truong.xlsx", func(t *testing.T) []byte {
			return mustXLSX(t, [][]any{
				{"code", "name", "level", "commune", "phones"},
				{"THCS-LAICACH", "Trường THCS Lai Cách", "THCS", "Lai Cách", "0912 345 678 / +84 987.654.321"},
				{"MN-CAMDIEN", "Trường Mầm non Cẩm Điền", "MN", "Cẩm Điền"}, // trailing empty cell dropped
				{},
				{"TH-THCS-CAMVU", "Trường TH&THCS Cẩm Vũ", "TH-THCS", "Cẩm Vũ", 84912000111},
			})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(tt.file, tt.data(t))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !f.HasPhones {
				t.Error("HasPhones = false")
			}
			if !reflect.DeepEqual(f.Schools, goodSchools) {
				t.Errorf("schools:\n got %+v\nwant %+v", f.Schools, goodSchools)
			}
			for _, sc := range f.Schools {
				if !norm.NFC.IsNormalString(sc.Name) {
					t.Errorf("%s: name %q is not NFC", sc.Code, sc.Name)
				}
			}
		})
	}
}

func TestParse_WithoutPhonesColumn(t *testing.T) {
	f, err := ParseCSV([]byte("Name,Code,Commune,Level\nTrường TH Lai Cách,TH-LAICACH,Lai Cách,TH\n"))
	if err != nil {
		t.Fatal(err)
	}
	if f.HasPhones || len(f.Schools) != 1 || f.Schools[0].Code != "TH-LAICACH" || f.Schools[0].Level != domain.LevelTH {
		t.Errorf("File = %+v", f)
	}
}

func TestParse_BadLines(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []Problem
	}{
		{"every row kind", "code,name,level,commune,phones\n" +
			"THCS-A,Trường A,THCS,X,\n" +
			"TH-B,Trường B,DH,X,\n" + // unknown level
			"TH-C,  ,TH,X,\n" + // empty name
			"thcs-a,Trường A lần 2,THCS,X,\n" + // duplicate code (after upper-casing)
			"TH-D,Trường D,TH\n" + // too few columns
			"TH-E,Trường E,TH,X,,extra\n" + // too many columns
			"trường!,Trường F,TH,X,\n" + // bad code
			"TH-G,Trường G,TH,X,12345\n", // bad phone
			[]Problem{
				{Line: 3, Reason: ReasonUnknownLevel, Value: "DH"},
				{Line: 4, Reason: ReasonEmptyName},
				{Line: 5, Reason: ReasonDuplicate, Value: "THCS-A", N: 2},
				{Line: 6, Reason: ReasonColumns, N: 3, Want: 5},
				{Line: 7, Reason: ReasonColumns, N: 6, Want: 5},
				{Line: 8, Reason: ReasonBadCode, Value: "trường!"},
				{Line: 9, Reason: ReasonBadPhone, Value: "12345"},
			}},
		{"two problems on one line", "code,name,level,commune\nX,,Y,Z\n", []Problem{
			{Line: 2, Reason: ReasonBadCode, Value: "X"},
			{Line: 2, Reason: ReasonEmptyName},
			{Line: 2, Reason: ReasonUnknownLevel, Value: "Y"},
		}},
		{"blank lines keep numbers", "code,name,level,commune\n\n,,,\nTH-A,A,XX,B\n", []Problem{
			{Line: 4, Reason: ReasonUnknownLevel, Value: "XX"},
		}},
		{"bad header", "ma,ten,cap,xa\nTH-A,A,TH,B\n", []Problem{{Line: 1, Reason: ReasonHeader, Value: "ma,ten,cap,xa"}}},
		{"header only", "code,name,level,commune\n", []Problem{{Line: 1, Reason: ReasonEmpty}}},
		{"empty", "", []Problem{{Line: 1, Reason: ReasonEmpty}}},
		{"unclosed quote", "code,name,level,commune\nTH-A,\"A,TH,B\n", []Problem{{Line: 2, Reason: ReasonColumns, N: 2, Want: 4}}},
		{"old xls", "\xD0\xCF\x11\xE0rest", []Problem{{Line: 1, Reason: ReasonFormat, Value: "a.csv"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("a.csv", []byte(tt.data))
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("Parse = %+v, %v; want *Error", f, err)
			}
			if !reflect.DeepEqual(fe.Problems, tt.want) {
				t.Errorf("problems:\n got %+v\nwant %+v", fe.Problems, tt.want)
			}
			if len(f.Schools) != 0 {
				t.Errorf("a refused file returned schools: %+v", f.Schools)
			}
		})
	}
}

func TestParseXLSX_BadLines(t *testing.T) {
	data := mustXLSX(t, [][]any{
		{"code", "name", "level", "commune"},
		{"MN-A", "Mầm non A", "MN", "X"},
		{"MN-A", "Mầm non A", "MN", "X"},
		{"MN-B", "", "MN", "X"},
	})
	_, err := Parse("truong.xlsx", data)
	var fe *Error
	if !errors.As(err, &fe) || len(fe.Problems) != 2 || fe.Problems[0].Line != 3 || fe.Problems[0].Reason != ReasonDuplicate || fe.Problems[1].Line != 4 {
		t.Fatalf("Parse = %v", err)
	}
	if _, err := Parse("truong.xlsx", []byte("PK\x03\x04 not really a zip")); !errors.As(err, &fe) || fe.Problems[0].Reason != ReasonFormat {
		t.Errorf("broken xlsx: %v", err)
	}
}

func TestProblem_String(t *testing.T) {
	p := Problem{Line: 5, Reason: ReasonDuplicate, Value: "THCS-A", N: 2}
	if got := p.String(); got != `line 5: duplicate code: "THCS-A" (first on line 2)` {
		t.Errorf("String = %q", got)
	}
	for r := range english {
		if english[r] == "" {
			t.Errorf("reason %s has no text", r)
		}
	}
}
