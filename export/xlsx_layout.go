package export

import (
	"fmt"
	"strings"
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

// headerRow is the row of every sheet's table header, below the title block (rows 1-3)
// and an empty row; it repeats at the top of each printed page.
const headerRow = 5

// table is one sheet's table: its header, its rows (strings, int64, time.Time, nil for
// an empty cell) and internal hyperlinks by cell.
type table struct {
	sheet      string
	header     []string
	rows       [][]any
	freezeCols int
	links      map[[2]int]link // {row index, column index} -> where the cell leads
}

// link is an internal hyperlink: a cell of another sheet, e.g. "'Tệp đính kèm'!A6".
type link struct{ location, tip string }

type styles struct{ title, subtitle, header, text, date, number, right, link int }

func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	dateFmt := "dd/mm/yyyy hh:mm"
	var s styles
	for _, d := range []struct {
		id    *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&s.subtitle, excelize.Style{Font: &excelize.Font{Italic: true}}},
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}}},
		{&s.text, excelize.Style{Border: border, Alignment: top}},
		{&s.date, excelize.Style{Border: border, Alignment: top, CustomNumFmt: &dateFmt}},
		{&s.number, excelize.Style{Border: border, Alignment: top, NumFmt: 3}}, // #,##0
		{&s.right, excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "top"}}},
		{&s.link, excelize.Style{Border: border, Alignment: top, Font: &excelize.Font{Color: "0563C1", Underline: "single"}}},
	} {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return s, fmt.Errorf("cell style: %w", err)
		}
		*d.id = id
	}
	return s, nil
}

// writeTable writes the title block, the table with borders from headerRow, column
// widths fitting the content, frozen header and first columns, links, and the print
// setup: A4 landscape, fitted to the page width, the header row repeated on each page.
func (x *workbook) writeTable(t table) error {
	f, st, sheet := x.f, x.st, t.sheet
	cols := max(len(t.header), 1)
	last, _ := excelize.ColumnNumberToName(cols)
	for i, line := range x.titleLines() {
		cell := fmt.Sprintf("A%d", i+1)
		if err := f.SetCellStr(sheet, cell, line); err != nil {
			return fmt.Errorf("%s title: %w", sheet, err)
		}
		style := st.subtitle
		if i == 0 {
			style = st.title
		}
		if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
			return fmt.Errorf("%s title: %w", sheet, err)
		}
	}
	hdr := make([]any, len(t.header))
	for i, h := range t.header {
		hdr[i] = h
	}
	if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", headerRow), &hdr); err != nil {
		return fmt.Errorf("%s header: %w", sheet, err)
	}
	if err := f.SetCellStyle(sheet, fmt.Sprintf("A%d", headerRow), fmt.Sprintf("%s%d", last, headerRow), st.header); err != nil {
		return fmt.Errorf("%s header: %w", sheet, err)
	}
	for n, row := range t.rows {
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", headerRow+1+n), &row); err != nil {
			return fmt.Errorf("%s row %d: %w", sheet, n+1, err)
		}
	}
	end := headerRow + max(len(t.rows), 0)
	if len(t.rows) > 0 {
		for c := range cols {
			name, _ := excelize.ColumnNumberToName(c + 1)
			if err := f.SetCellStyle(sheet, fmt.Sprintf("%s%d", name, headerRow+1), fmt.Sprintf("%s%d", name, end), x.columnStyle(t.rows, c)); err != nil {
				return fmt.Errorf("%s column %s: %w", sheet, name, err)
			}
		}
	}
	for at, l := range t.links {
		cell, _ := excelize.CoordinatesToCellName(at[1]+1, headerRow+1+at[0])
		tip := l.tip
		if err := f.SetCellHyperLink(sheet, cell, l.location, "Location", excelize.HyperlinkOpts{Tooltip: &tip}); err != nil {
			return fmt.Errorf("%s link %s: %w", sheet, cell, err)
		}
		if err := f.SetCellStyle(sheet, cell, cell, st.link); err != nil {
			return fmt.Errorf("%s link %s: %w", sheet, cell, err)
		}
	}
	for i, w := range columnWidths(t.header, t.rows) {
		name, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, name, name, w); err != nil {
			return fmt.Errorf("%s column width: %w", sheet, err)
		}
	}
	top, _ := excelize.CoordinatesToCellName(t.freezeCols+1, headerRow+1)
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: t.freezeCols, YSplit: headerRow, TopLeftCell: top, ActivePane: "bottomRight"}); err != nil {
		return fmt.Errorf("%s panes: %w", sheet, err)
	}
	return x.printSetup(sheet, fmt.Sprintf("$A$1:$%s$%d", last, end))
}

// printSetup makes a sheet print on A4 landscape, as wide as one page, with the table's
// header row on every page, page numbers in the footer, and area as the print area.
func (x *workbook) printSetup(sheet, area string) error {
	f := x.f
	size, orient, one, tall := 9, "landscape", 1, 0 // 9 = A4; a fit height of 0 = as many pages as needed
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &tall}); err != nil {
		return fmt.Errorf("%s page layout: %w", sheet, err)
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return fmt.Errorf("%s fit to page: %w", sheet, err)
	}
	side, edge, hf := 0.4, 0.6, 0.3
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &edge, Bottom: &edge, Header: &hf, Footer: &hf}); err != nil {
		return fmt.Errorf("%s margins: %w", sheet, err)
	}
	footer := "&L&8" + strings.ReplaceAll(x.r.t("export.xlsx.footer_left", map[string]any{"Sheet": sheet}), "&", "&&") +
		"&R&8" + x.r.t("export.xlsx.footer_page", map[string]any{"Page": "&P", "Pages": "&N"})
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: footer}); err != nil {
		return fmt.Errorf("%s footer: %w", sheet, err)
	}
	ref := quoteSheet(sheet) + "!"
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: ref + area, Scope: sheet}); err != nil {
		return fmt.Errorf("%s print area: %w", sheet, err)
	}
	titles := fmt.Sprintf("$%d:$%d", headerRow, headerRow)
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: ref + titles, Scope: sheet}); err != nil {
		return fmt.Errorf("%s print titles: %w", sheet, err)
	}
	return nil
}

// quoteSheet quotes a sheet name for a formula or a defined name: 'Tổng hợp'.
func quoteSheet(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

// columnStyle is the style of a table column, from the type of its first value: numbers
// as #,##0, times as dates, short text (a "tỷ lệ %" cell) right-aligned like numbers.
func (x *workbook) columnStyle(rows [][]any, c int) int {
	for _, row := range rows {
		if c >= len(row) || row[c] == nil {
			continue
		}
		switch row[c].(type) {
		case int64:
			return x.st.number
		case time.Time:
			return x.st.date
		case pct:
			return x.st.right
		}
		return x.st.text
	}
	return x.st.text
}

// pct is a percentage shown as text ("91,7 %"), right-aligned.
type pct string

// columnWidths sizes each column to its longest value, within the limits; headers wrap
// beyond 30 characters.
func columnWidths(header []string, rows [][]any) []float64 {
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
	out := make([]float64, len(widths))
	for i, w := range widths {
		out[i] = float64(min(max(w+2, minColWidth), maxColWidth))
	}
	return out
}

// cellWidth estimates a value's width in characters.
func cellWidth(v any) int {
	switch v := v.(type) {
	case string:
		return utf8.RuneCountInString(v)
	case pct:
		return utf8.RuneCountInString(string(v))
	case int64:
		return len(domain.FormatVND(v))
	case time.Time:
		return 16
	}
	return 0
}
