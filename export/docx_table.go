package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/camgiang-edu/reportbot/domain"
)

// tableWidth is the indicator table's width in twips: the text width of an A4 page with
// Decree 30's margins (left 30 mm, right 15-20 mm).
const tableWidth = 9356

// indicatorTable renders the totals table as WordprocessingML, put where the template's
// {{TABLE}} paragraph stands: number, indicator, one column per level that has schools
// (a level with none is left out), the district, "tỷ lệ %", then one column per earlier
// period. The header row repeats on every page.
func (r *Round) indicatorTable(sum *Summary, ins []Indicator) string {
	var levels []domain.Level
	for _, l := range domain.Levels {
		if sum.ByLevel[l] != nil && sum.ByLevel[l].Schools > 0 {
			levels = append(levels, l)
		}
	}
	const noW, numW, pctW = 480, 760, 760
	widths := []int{noW, 0}
	head := []string{r.t("export.col.no", nil), r.t("export.col.indicator", nil)}
	for _, l := range levels {
		widths, head = append(widths, numW), append(head, r.LevelName(l))
	}
	widths, head = append(widths, numW+40, pctW), append(head, r.t("export.col.total", nil), r.t("export.col.pct", nil))
	for _, e := range r.Earlier {
		widths, head = append(widths, numW+40), append(head, e.Name)
	}
	used := 0
	for _, w := range widths {
		used += w
	}
	widths[1] = max(tableWidth-used, 1800)

	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + strconv.Itoa(tableWidth) + `" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>`)
	b.WriteString(`<w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.WriteString(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	b.WriteString(`</w:tblBorders><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		fmt.Fprintf(&b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString(`</w:tblGrid><w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>`)
	for i, h := range head {
		b.WriteString(tableCell(widths[i], h, true, "center"))
	}
	b.WriteString(`</w:tr>`)
	for i, in := range ins {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		cells := []string{strconv.Itoa(i + 1), in.Label}
		for _, l := range levels {
			cells = append(cells, domain.FormatVND(in.ByLevel[l]))
		}
		cells = append(cells, domain.FormatVND(in.Total), in.Pct())
		for _, v := range in.Earlier {
			cells = append(cells, domain.FormatVND(v))
		}
		for j, c := range cells {
			jc := "right"
			switch {
			case j == 0:
				jc = "center"
			case j == 1:
				jc = "left"
			}
			b.WriteString(tableCell(widths[j], c, j == len(levels)+2, jc))
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	return b.String()
}

// tableCell is one cell in 11 pt, its text XML-escaped.
func tableCell(width int, text string, bold bool, jc string) string {
	rpr := `<w:rPr><w:sz w:val="22"/></w:rPr>`
	if bold {
		rpr = `<w:rPr><w:b/><w:sz w:val="22"/></w:rPr>`
	}
	return fmt.Sprintf(`<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>`+
		`<w:p><w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="%s"/></w:pPr>`+
		`<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r></w:p></w:tc>`, width, jc, rpr, xmlText(text))
}
