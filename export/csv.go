package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"time"
)

// utf8BOM makes Excel read the file as UTF-8, so Vietnamese letters show correctly.
const utf8BOM = "\uFEFF"

// CSV writes the one-row-per-school table (the XLSX's second sheet) as comma-separated
// values with a UTF-8 byte order mark. Numbers are plain digits; times are
// "dd/mm/yyyy hh:mm" in the district's time zone.
func CSV(r *Round) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(utf8BOM)
	w := csv.NewWriter(&buf)
	w.UseCRLF = true // what Excel writes and expects
	if err := w.Write(r.schoolHeader()); err != nil {
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
				rec = append(rec, v)
			case int64:
				rec = append(rec, strconv.FormatInt(v, 10))
			case time.Time: // already wall clock in Loc, stored as UTC
				rec = append(rec, v.Format("02/01/2006 15:04"))
			default:
				rec = append(rec, fmt.Sprint(v))
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
