package export

import (
	"bytes"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/xuri/excelize/v2"
)

// Column width limits, in Excel's character units.
const (
	minColWidth = 6
	maxColWidth = 60
)

// XLSX writes the round as an Excel workbook with three sheets: the district totals per
// level, one row per school with every answer, and the schools that have not submitted.
// Numbers are numeric cells, submission times are date cells in the district's wall-clock
// time, header rows are frozen and columns sized to their content.
func XLSX(r *Round) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	totals := r.t("export.sheet.totals", nil)
	if err := f.SetSheetName("Sheet1", totals); err != nil {
		return nil, fmt.Errorf("name sheet: %w", err)
	}
	if err := r.totalsSheet(f, totals, st); err != nil {
		return nil, err
	}
	schools := r.t("export.sheet.schools", nil)
	if _, err := f.NewSheet(schools); err != nil {
		return nil, fmt.Errorf("add sheet: %w", err)
	}
	qs := r.Questions()
	rows := make([][]any, 0, len(r.Schools))
	for _, sc := range r.Schools {
		rows = append(rows, r.schoolRow(sc, qs))
	}
	if err := writeTable(f, schools, r.schoolHeader(), rows, st, 2); err != nil {
		return nil, err
	}
	missing := r.t("export.sheet.missing", nil)
	if _, err := f.NewSheet(missing); err != nil {
		return nil, fmt.Errorf("add sheet: %w", err)
	}
	rows = rows[:0]
	for _, sc := range r.Missing() {
		rows = append(rows, r.missingRow(sc))
	}
	if err := writeTable(f, missing, r.missingHeader(), rows, st, 1); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("write workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// totalsSheet writes the indicators as rows and the levels, then the district, as columns.
func (r *Round) totalsSheet(f *excelize.File, sheet string, st styles) error {
	header := []string{r.t("export.col.indicator", nil)}
	for _, l := range domain.Levels {
		header = append(header, r.LevelName(l))
	}
	header = append(header, r.t("export.col.total", nil))
	var rows [][]any
	for _, in := range Indicators(r, Summarize(r)) {
		row := []any{in.Label}
		for _, l := range domain.Levels {
			row = append(row, in.ByLevel[l])
		}
		rows = append(rows, append(row, in.Total))
	}
	return writeTable(f, sheet, header, rows, st, 1)
}

type styles struct{ header, date, number int }

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	if s.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
	}); err != nil {
		return s, fmt.Errorf("header style: %w", err)
	}
	dateFmt := "dd/mm/yyyy hh:mm"
	if s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return s, fmt.Errorf("date style: %w", err)
	}
	if s.number, err = f.NewStyle(&excelize.Style{NumFmt: 3}); err != nil { // #,##0
		return s, fmt.Errorf("number style: %w", err)
	}
	return s, nil
}

// writeTable writes a header and rows from A1 with a streaming writer, freezing the header
// row and the first freezeCols columns, sizing each column to its longest value.
func writeTable(f *excelize.File, sheet string, header []string, rows [][]any, st styles, freezeCols int) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("sheet %s: %w", sheet, err)
	}
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = min(utf8.RuneCountInString(h), 30)
	}
	for _, row := range rows {
		for i, v := range row {
			if i < len(widths) {
				widths[i] = max(widths[i], cellWidth(v))
			}
		}
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, float64(min(max(w+2, minColWidth), maxColWidth))); err != nil {
			return fmt.Errorf("column width: %w", err)
		}
	}
	top, _ := excelize.CoordinatesToCellName(freezeCols+1, 2)
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: freezeCols, YSplit: 1, TopLeftCell: top, ActivePane: "bottomRight"}); err != nil {
		return fmt.Errorf("freeze panes: %w", err)
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return fmt.Errorf("header row: %w", err)
	}
	for n, row := range rows {
		cells := make([]any, len(row))
		for i, v := range row {
			switch v.(type) {
			case time.Time:
				cells[i] = excelize.Cell{StyleID: st.date, Value: v}
			case int64:
				cells[i] = excelize.Cell{StyleID: st.number, Value: v}
			default:
				cells[i] = v
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return fmt.Errorf("row %d: %w", n+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("sheet %s: %w", sheet, err)
	}
	return nil
}

// cellWidth estimates a value's width in characters.
func cellWidth(v any) int {
	switch v := v.(type) {
	case string:
		return utf8.RuneCountInString(v)
	case int64:
		return len(domain.FormatVND(v))
	case time.Time:
		return 16
	}
	return 0
}
