package schoolfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/camgiang-edu/reportbot/domain"
	"golang.org/x/text/encoding/charmap"
	textunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// File is a school file that passed every check.
type File struct {
	// Schools are in file order, active, with NFC names and normalised phone numbers.
	Schools []domain.School
	// HasPhones tells whether the file has a phones column. Without one, an import keeps
	// the phone numbers already stored.
	HasPhones bool
}

// record is one row of a file with the line it starts on (1 = the header).
type record struct {
	line   int
	fields []string
}

// Parse reads a school file: an .xlsx workbook (by its name or its zip signature) or a CSV
// file. It returns *Error listing every bad line when anything is wrong.
func Parse(name string, data []byte) (File, error) {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) || strings.HasSuffix(strings.ToLower(name), ".xlsx"):
		return ParseXLSX(data)
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0")): // the old binary .xls
		return File{}, refuse(Problem{Line: 1, Reason: ReasonFormat, Value: name})
	}
	return ParseCSV(data)
}

// ParseCSV reads CSV text in UTF-8 (a BOM is skipped), UTF-16 with a BOM, or
// Windows-1258, separated by commas, semicolons or tabs, whichever the header uses. The
// limits of limits.go apply, with lines for rows.
func ParseCSV(data []byte) (File, error) {
	text := decode(data)
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = delimiter(text)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var recs []record
	var problems []Problem
	var lim limiter
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			problems = append(problems, Problem{Line: pe.StartLine, Reason: ReasonSyntax})
			break
		}
		if err != nil {
			return File{}, fmt.Errorf("read csv: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if p := lim.add(line, fields); p != nil {
			return File{}, refuse(*p)
		}
		recs = append(recs, record{line: line, fields: fields})
	}
	return check(recs, false, problems)
}

// decode turns the file's bytes into NFC text. Bytes that are not valid UTF-8 are read as
// Windows-1258, whose Vietnamese letters are a base letter plus a combining tone mark:
// NFC composes them into the letters people type.
func decode(data []byte) string {
	var s string
	switch {
	case bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")):
		s = string(data[3:])
	case bytes.HasPrefix(data, []byte("\xFF\xFE")) || bytes.HasPrefix(data, []byte("\xFE\xFF")):
		dec := textunicode.UTF16(textunicode.LittleEndian, textunicode.UseBOM).NewDecoder()
		out, err := dec.Bytes(data)
		if err == nil {
			s = string(out)
			break
		}
		s = string(data)
	case utf8.Valid(data):
		s = string(data)
	default:
		out, _ := charmap.Windows1258.NewDecoder().Bytes(data) // every byte decodes
		s = string(out)
	}
	return norm.NFC.String(strings.ToValidUTF8(s, "\uFFFD"))
}

// delimiter picks the separator the header line uses most: Excel in a Vietnamese locale
// saves CSV with semicolons.
func delimiter(text string) rune {
	header, _, _ := strings.Cut(text, "\n")
	best, n := ',', strings.Count(header, ",")
	for _, d := range []rune{';', '\t'} {
		if c := strings.Count(header, string(d)); c > n {
			best, n = d, c
		}
	}
	return best
}

// columns of a school file, by header name.
const (
	colCode = iota
	colName
	colLevel
	colCommune
	colPhones
	nCols
)

var headerNames = map[string]int{"code": colCode, "name": colName, "level": colLevel, "commune": colCommune, "phones": colPhones}

// check validates the records: the header first, then every row, collecting every problem.
// pad (for spreadsheets, which drop trailing empty cells) fills short rows with blanks.
func check(recs []record, pad bool, problems []Problem) (File, error) {
	for len(recs) > 0 && blank(recs[0].fields) {
		recs = recs[1:]
	}
	if len(recs) == 0 {
		return File{}, refuse(append(problems, Problem{Line: 1, Reason: ReasonEmpty})...)
	}
	idx, ok := header(recs[0].fields)
	if !ok {
		return File{}, refuse(Problem{Line: recs[0].line, Reason: ReasonHeader, Value: strings.Join(recs[0].fields, ",")})
	}
	width := len(recs[0].fields)
	var f File
	f.HasPhones = idx[colPhones] >= 0
	first := map[string]int{} // code -> line it first appeared on
	for _, rec := range recs[1:] {
		fields := rec.fields
		if blank(fields) {
			continue
		}
		for len(fields) > width && strings.TrimSpace(fields[len(fields)-1]) == "" {
			fields = fields[:len(fields)-1]
		}
		if pad {
			for len(fields) < width {
				fields = append(fields, "")
			}
		}
		if len(fields) != width {
			problems = append(problems, Problem{Line: rec.line, Reason: ReasonColumns, N: len(fields), Want: width})
			continue
		}
		sc, bad := row(rec.line, fields, idx)
		problems = append(problems, bad...)
		if sc.Code == "" {
			continue
		}
		if at, dup := first[sc.Code]; dup {
			problems = append(problems, Problem{Line: rec.line, Reason: ReasonDuplicate, Value: sc.Code, N: at})
			continue
		}
		first[sc.Code] = rec.line
		if len(bad) == 0 {
			f.Schools = append(f.Schools, sc)
		}
	}
	if len(problems) == 0 && len(f.Schools) == 0 {
		problems = append(problems, Problem{Line: recs[0].line, Reason: ReasonEmpty})
	}
	if len(problems) > 0 {
		return File{}, refuse(problems...)
	}
	return f, nil
}

// header maps each column to its index in the header, -1 for an absent phones column.
func header(fields []string) ([nCols]int, bool) {
	var idx [nCols]int
	for i := range idx {
		idx[i] = -1
	}
	for i, h := range fields {
		c, known := headerNames[strings.ToLower(clean(h))]
		if !known || idx[c] >= 0 {
			return idx, false
		}
		idx[c] = i
	}
	return idx, idx[colCode] >= 0 && idx[colName] >= 0 && idx[colLevel] >= 0 && idx[colCommune] >= 0
}

// row reads one school; it returns the code it could read ("" when bad) and the problems.
func row(line int, fields []string, idx [nCols]int) (domain.School, []Problem) {
	var bad []Problem
	sc := domain.School{Name: clean(fields[idx[colName]]), Commune: clean(fields[idx[colCommune]]), Active: true}
	rawCode := clean(fields[idx[colCode]])
	code, err := domain.NormalizeSchoolCode(rawCode)
	if err != nil {
		bad = append(bad, Problem{Line: line, Reason: ReasonBadCode, Value: rawCode})
	}
	sc.Code = code
	if sc.Name == "" {
		bad = append(bad, Problem{Line: line, Reason: ReasonEmptyName})
	}
	rawLevel := clean(fields[idx[colLevel]])
	if sc.Level, err = domain.ParseLevel(rawLevel); err != nil {
		bad = append(bad, Problem{Line: line, Reason: ReasonUnknownLevel, Value: rawLevel})
	}
	if idx[colPhones] >= 0 {
		phones, badPhones := splitPhones(fields[idx[colPhones]])
		sc.Phones = phones
		for _, p := range badPhones {
			bad = append(bad, Problem{Line: line, Reason: ReasonBadPhone, Value: p})
		}
	}
	return sc, bad
}

// splitPhones reads the numbers of a phones cell, separated by , ; / | or line breaks.
// Spaces and dots inside a number are kept as part of it ("0912 345 678").
func splitPhones(cell string) (phones, bad []string) {
	seen := map[string]bool{}
	for _, part := range strings.FieldsFunc(cell, func(r rune) bool { return strings.ContainsRune(",;/|\n\r", r) }) {
		part = clean(part)
		if part == "" {
			continue
		}
		p := domain.NormalizePhone(part)
		switch {
		case p == "":
			bad = append(bad, part)
		case !seen[p]:
			seen[p] = true
			phones = append(phones, p)
		}
	}
	return phones, bad
}

// clean trims a cell, collapses inner white space and composes it to NFC.
func clean(s string) string {
	s = strings.TrimPrefix(s, "\uFEFF")
	return norm.NFC.String(strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " "))
}

func blank(fields []string) bool {
	for _, f := range fields {
		if clean(f) != "" {
			return false
		}
	}
	return true
}

func refuse(problems ...Problem) error { return &Error{Problems: problems} }
