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
// file. Row numbers are the sheet's row numbers. The sheet is read row by row and a file
// over a limit (MaxRows, MaxColumns, MaxCells, MaxChars) is refused with that one problem
// as soon as it is passed, so memory stays bounded whatever the file declares.
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
	rows, err := wb.Rows(sheets[0])
	if err != nil {
		return File{}, refuse(Problem{Line: 1, Reason: ReasonFormat})
	}
	defer rows.Close()
	var recs []record
	var lim limiter
	for line := 1; rows.Next(); line++ {
		if p := lim.add(line, nil); p != nil {
			return File{}, refuse(*p)
		}
		cells, err := rows.Columns()
		if err != nil {
			return File{}, refuse(Problem{Line: line, Reason: ReasonFormat})
		}
		if p := lim.add(line, cells); p != nil {
			return File{}, refuse(*p)
		}
		if len(cells) > 0 {
			recs = append(recs, record{line: line, fields: cells})
		}
	}
	if err := rows.Error(); err != nil {
		return File{}, refuse(Problem{Line: 1, Reason: ReasonFormat})
	}
	return check(recs, true, nil)
}
