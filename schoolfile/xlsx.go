package schoolfile

import (
	"bytes"

	"github.com/xuri/excelize/v2"
)

// Limits on an uncompressed workbook, so a small zip cannot expand into gigabytes.
const (
	maxUnzipped    = 64 << 20
	maxUnzippedXML = 16 << 20
)

// ParseXLSX reads the first sheet of an .xlsx workbook with the same columns as a CSV
// file. Row numbers are the sheet's row numbers.
func ParseXLSX(data []byte) (File, error) {
	wb, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzippedXML})
	if err != nil {
		return File{}, refuse(Problem{Line: 1, Reason: ReasonFormat})
	}
	defer wb.Close()
	sheets := wb.GetSheetList()
	if len(sheets) == 0 {
		return File{}, refuse(Problem{Line: 1, Reason: ReasonEmpty})
	}
	rows, err := wb.GetRows(sheets[0])
	if err != nil {
		return File{}, refuse(Problem{Line: 1, Reason: ReasonFormat})
	}
	recs := make([]record, len(rows))
	for i, cells := range rows {
		recs[i] = record{line: i + 1, fields: cells}
	}
	return check(recs, true, nil)
}
