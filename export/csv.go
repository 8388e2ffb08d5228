package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// utf8BOM makes Excel read the file as UTF-8, so Vietnamese letters show correctly.
const utf8BOM = "\uFEFF"

// CSV writes the one-row-per-school table (the XLSX's second sheet) as comma-separated
// values with a UTF-8 byte order mark. Numbers are plain digits; times are
// "dd/mm/yyyy hh:mm" in the district's time zone. Every text cell is passed through
// safeText, so no text a principal or an officer typed can become a spreadsheet formula.
func CSV(r *Round) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(utf8BOM)
	w := csv.NewWriter(&buf)
	w.UseCRLF = true // what Excel writes and expects
	header := r.schoolHeader()
	for i, h := range header {
		header[i] = safeText(h)
	}
	if err := w.Write(header); err != nil {
		return nil, fmt.Errorf("write csv header: %w", err)
	}
	qs := r.Questions()
	rec := make([]string, 0, fixedCols+len(qs))
	for _, sc := range r.Schools {
		rec = rec[:0]
		for _, v := range r.schoolRow(sc, qs) {
			switch v := v.(type) {
			case nil:
				rec = append(rec, "")
			case string:
				rec = append(rec, safeText(v))
			case int64: // a number we format ourselves: it stays a number
				rec = append(rec, strconv.FormatInt(v, 10))
			case time.Time: // already wall clock in Loc, stored as UTC
				rec = append(rec, v.Format("02/01/2006 15:04"))
			default:
				rec = append(rec, safeText(fmt.Sprint(v)))
			}
		}
		if err := w.Write(rec); err != nil {
			return nil, fmt.Errorf("write csv row: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("write csv: %w", err)
	}
	return buf.Bytes(), nil
}

// formulaStart lists the first characters that make Excel, LibreOffice or Google Sheets
// read a cell as a formula (OWASP, "CSV Injection").
const formulaStart = "=+-@\t\r"

// safeText neutralises a text cell that a spreadsheet would run as a formula by putting a
// single quote before it, as OWASP recommends. Text is always treated as text here, even
// "-5": the cells that must stay numbers are written by CSV from int64 values only.
func safeText(s string) string {
	if s != "" && strings.IndexByte(formulaStart, s[0]) >= 0 {
		return "'" + s
	}
	return s
}
