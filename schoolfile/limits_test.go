package schoolfile

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// rawXLSX builds a minimal .xlsx by hand whose first sheet's <sheetData> is sheetData, so a
// test can declare what a spreadsheet program never writes.
func rawXLSX(tb testing.TB, sheetData string) []byte {
	tb.Helper()
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`</Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`</Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`</Relationships>`},
		{"xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheetData + `</sheetData></worksheet>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// inlineRow is one sheet row with inline-string cells at the given references.
func inlineRow(row int, cells ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, row)
	for i := 0; i+1 < len(cells); i += 2 {
		fmt.Fprintf(&b, `<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>`, cells[i], row, cells[i+1])
	}
	b.WriteString(`</row>`)
	return b.String()
}

// hostileXLSX is the file of the report: a header, then one cell in the last column
// (XFD, 16,384) on each of rows rows. It is about 27 KB for 5,000 rows.
func hostileXLSX(tb testing.TB, rows int) []byte {
	tb.Helper()
	var b strings.Builder
	b.WriteString(inlineRow(1, "A", "code", "B", "name", "C", "level", "D", "commune"))
	for r := 2; r <= rows+1; r++ {
		b.WriteString(inlineRow(r, "XFD", "x"))
	}
	return rawXLSX(tb, b.String())
}

// mustRefusal parses data and returns the one problem of a refused file.
func mustRefusal(tb testing.TB, data []byte) Problem {
	tb.Helper()
	_, err := Parse("truong.xlsx", data)
	var fe *Error
	if !errors.As(err, &fe) || len(fe.Problems) != 1 {
		tb.Fatalf("want one problem, got %v", err)
	}
	return fe.Problems[0]
}

// TestParseXLSX_HostileFileBoundedMemory parses the 27 KB file that took 2 GB with
// GetRows. TotalAlloc counts every byte allocated during the parse, so it bounds the
// heap's peak growth whatever the garbage collector did meanwhile.
func TestParseXLSX_HostileFileBoundedMemory(t *testing.T) {
	data := hostileXLSX(t, 5000)
	t.Logf("hostile file: %d bytes", len(data))
	const limit = 64 << 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	p := mustRefusal(t, data)
	runtime.ReadMemStats(&after)
	grew := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %d KB", grew>>10)
	if grew > limit {
		t.Errorf("parsing a %d byte file allocated %d MB; the limit is %d MB", len(data), grew>>20, limit>>20)
	}
	if p.Reason != ReasonTooManyColumns || p.Line != 2 || p.N != MaxColumns {
		t.Errorf("problem = %+v, want too many columns on line 2", p)
	}
	if s := p.String(); !strings.Contains(s, fmt.Sprint(MaxColumns)) {
		t.Errorf("the message does not name the limit: %q", s)
	}
}

func TestParse_Limits(t *testing.T) {
	header := inlineRow(1, "A", "code", "B", "name", "C", "level", "D", "commune")
	long := strings.Repeat("Trường ", 1000)
	var manyCells, manyChars strings.Builder
	manyCells.WriteString(header)
	for r := 2; r <= MaxCells/40+2; r++ {
		cells := make([]string, 0, 2*MaxColumns)
		for c := 1; c <= 45; c++ {
			cells = append(cells, columnName(c), "x")
		}
		manyCells.WriteString(inlineRow(r, cells...))
	}
	manyChars.WriteString(header)
	for r := 2; r <= MaxChars/len([]rune(long))+2; r++ {
		manyChars.WriteString(inlineRow(r, "A", "MN-A", "B", long))
	}
	tests := []struct {
		name string
		data []byte
		want Reason
	}{
		{"a row far down", rawXLSX(t, header+inlineRow(MaxRows+1, "A", "MN-A")), ReasonTooManyRows},
		{"a wide header", rawXLSX(t, inlineRow(1, "A", "code", "AZ", "x")), ReasonTooManyColumns},
		{"many cells", rawXLSX(t, manyCells.String()), ReasonTooManyCells},
		{"many characters", rawXLSX(t, manyChars.String()), ReasonTooManyChars},
		{"csv: many lines", []byte("code,name,level,commune\n" + strings.Repeat(",,,\n", MaxRows)), ReasonTooManyRows},
		{"csv: a wide line", []byte("code,name,level,commune" + strings.Repeat(",", MaxColumns) + "\n"), ReasonTooManyColumns},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "truong.xlsx"
			if strings.HasPrefix(tt.name, "csv") {
				name = "truong.csv"
			}
			_, err := Parse(name, tt.data)
			var fe *Error
			if !errors.As(err, &fe) || len(fe.Problems) != 1 || fe.Problems[0].Reason != tt.want {
				t.Fatalf("got %v, want one %s problem", err, tt.want)
			}
		})
	}
	if _, err := Parse("truong.xlsx", rawXLSX(t, header+inlineRow(2, "A", "MN-A", "B", "Mầm non A", "C", "MN", "D", "Cẩm Vũ"))); err != nil {
		t.Errorf("a small hand-made file: %v", err)
	}
}

// columnName is the letters of column c (1 = A).
func columnName(c int) string {
	s := ""
	for ; c > 0; c = (c - 1) / 26 {
		s = string(rune('A'+(c-1)%26)) + s
	}
	return s
}

// FuzzParseXLSX checks that any bytes given as an .xlsx either give schools or are
// refused with problems that name a line and a known reason; never a panic, never both.
func FuzzParseXLSX(f *testing.F) {
	f.Add(rawXLSX(f, inlineRow(1, "A", "code", "B", "name", "C", "level", "D", "commune")+
		inlineRow(2, "A", "MN-A", "B", "Mầm non A", "C", "MN", "D", "Cẩm Vũ")))
	f.Add(hostileXLSX(f, 3))
	f.Add(rawXLSX(f, `<row r="1048576"><c r="A1048576"><v>1</v></c></row>`))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := ParseXLSX(data)
		checkParsed(t, file, err)
	})
}
