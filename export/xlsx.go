package export

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/xuri/excelize/v2"
)

// workbook is an Excel workbook being written from a round.
type workbook struct {
	r    *Round
	f    *excelize.File
	st   styles
	asOf time.Time
	sum  *Summary
	atts []Attachment
}

// XLSX writes the round as an Excel workbook ready to forward and print. Every sheet opens
// with the report's name, the period and "Số liệu đến hh:mm ngày dd/mm/yyyy" (asOf, in
// the district's zone; left out when zero), then a bordered table whose header row
// repeats on each printed page (A4 landscape, fitted to the page width). The sheets: the
// district totals per level (levels with no school left out) with the share and the
// earlier periods of r.Earlier; one row per school with its state and every answer; the
// schools that have not sent, or were returned for correction, with their phones; and,
// when schools attached files, the list of files. Numbers are numeric cells, times
// date cells in the district's wall-clock time.
func XLSX(r *Round, asOf time.Time) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	x := &workbook{r: r, f: f, st: st, asOf: asOf, sum: Summarize(r), atts: r.Attachments()}
	totals := r.t("export.sheet.totals", nil)
	if err := f.SetSheetName("Sheet1", totals); err != nil {
		return nil, fmt.Errorf("name sheet: %w", err)
	}
	tables := []table{x.totalsTable(totals), x.schoolsTable(), x.missingTable()}
	if len(x.atts) > 0 {
		tables = append(tables, x.filesTable())
	}
	for i, t := range tables {
		if i > 0 {
			if _, err := f.NewSheet(t.sheet); err != nil {
				return nil, fmt.Errorf("add sheet %s: %w", t.sheet, err)
			}
		}
		if err := x.writeTable(t); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("write workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// titleLines are the lines above every sheet's table: the report's name, the period with
// its deadline, and the time the figures are as of with how many schools sent.
func (x *workbook) titleLines() []string {
	r := x.r
	lines := []string{
		r.t("export.xlsx.title", map[string]any{"Period": r.docPeriod()}),
		r.t("export.xlsx.period", map[string]any{"Title": PeriodTitle(r.Period, r.Lang, r.Tr), "ID": r.Period.ID, "Deadline": DeadlineText(r.Period)}),
	}
	if !x.asOf.IsZero() {
		t := x.asOf.In(r.Loc)
		sum := x.sum.Total
		lines = append(lines, r.t("export.xlsx.as_of", map[string]any{"Time": t.Format("15:04"), "Date": t.Format("02/01/2006"),
			"Done": sum.Submitted, "Total": sum.Schools}))
	}
	return lines
}

// totalsTable has the indicators as rows; the levels with schools, the district, the
// share and the earlier periods as columns.
func (x *workbook) totalsTable(sheet string) table {
	r, sum := x.r, x.sum
	var levels []domain.Level
	for _, l := range domain.Levels {
		if sum.ByLevel[l] != nil && sum.ByLevel[l].Schools > 0 {
			levels = append(levels, l)
		}
	}
	header := []string{r.t("export.col.no", nil), r.t("export.col.indicator", nil)}
	for _, l := range levels {
		header = append(header, r.LevelName(l))
	}
	header = append(header, r.t("export.col.total", nil), r.t("export.col.pct", nil))
	for _, e := range r.Earlier {
		header = append(header, e.Name)
	}
	var rows [][]any
	for i, in := range Indicators(r, sum) {
		row := []any{int64(i + 1), in.Label}
		for _, l := range levels {
			row = append(row, in.ByLevel[l])
		}
		row = append(row, in.Total, pct(in.Pct()))
		for _, v := range in.Earlier {
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	return table{sheet: sheet, header: header, rows: rows, freezeCols: 2}
}

// schoolsTable has one row per school with its state and every answer. A file answer
// links to the school's first file of that question on the attachments sheet.
//
// Why an internal link: a Telegram file id is no URL, and a link to the Bot API would
// carry the bot's token. The attachments sheet names each file, its name inside the
// archive "/export files" builds (the same path whether or not it was built, so a ZIP
// made later still matches), and the /view command that sends the files in the bot.
func (x *workbook) schoolsTable() table {
	r := x.r
	t := table{sheet: r.t("export.sheet.schools", nil), header: r.schoolHeader(), freezeCols: 2, links: map[[2]int]link{}}
	firstRow := map[string]int{} // school code + "\x00" + question id -> its first row on the files sheet
	for i, a := range x.atts {
		if k := a.School.Code + "\x00" + a.Question.ID; firstRow[k] == 0 {
			firstRow[k] = headerRow + 1 + i
		}
	}
	files := r.t("export.sheet.files", nil)
	qs := r.Questions()
	for n, sc := range r.Schools {
		row := r.schoolRow(sc, qs)
		for j, qn := range qs {
			at := firstRow[sc.Code+"\x00"+qn.ID]
			if qn.Type != domain.TypeFile || at == 0 {
				continue
			}
			all := r.Subs[sc.Code].Answers[qn.ID].AllFiles()
			if len(all) > 1 {
				row[fixedCols+j] = r.t("export.value.files", map[string]any{"N": len(all)})
			}
			t.links[[2]int{n, fixedCols + j}] = link{location: fmt.Sprintf("%s!A%d", quoteSheet(files), at), tip: r.t("export.value.files_tip", nil)}
		}
		t.rows = append(t.rows, row)
	}
	return t
}

// missingTable lists the schools that have not sent and those returned for correction,
// with the phones the officer calls: the school's from the register and each reporter's
// shared number.
func (x *workbook) missingTable() table {
	r := x.r
	header := []string{
		r.t("export.col.code", nil), r.t("export.col.name", nil), r.t("export.col.level", nil),
		r.t("export.col.commune", nil), r.t("export.col.status", nil), r.t("export.col.school_phones", nil),
		r.t("export.col.reporters", nil), r.t("export.col.return_reason", nil),
	}
	var rows [][]any
	for _, sc := range append(r.Missing(), r.Returned()...) {
		var people []string
		for _, u := range r.Reporters[sc.Code] {
			people = append(people, r.t("export.value.reporter", map[string]any{"Name": u.Name, "Phone": u.Phone}))
		}
		var reason any
		if ret, ok := r.Returns[sc.Code]; ok {
			reason = ret.Reason
		}
		rows = append(rows, []any{sc.Code, sc.Name, r.LevelName(sc.Level), sc.Commune, r.StatusText(r.Status(sc.Code)),
			nilIfEmpty(strings.Join(sc.Phones, ", ")), nilIfEmpty(strings.Join(people, "; ")), reason})
	}
	return table{sheet: r.t("export.sheet.missing", nil), header: header, rows: rows, freezeCols: 2}
}

// filesTable lists every attached file: the school, the question, the file's name as
// sent, its name inside the "/export files" archive and the command that shows it.
func (x *workbook) filesTable() table {
	r := x.r
	header := []string{
		r.t("export.col.code", nil), r.t("export.col.name", nil), r.t("export.col.question", nil),
		r.t("export.col.file", nil), r.t("export.col.zip_path", nil), r.t("export.col.get", nil),
	}
	var rows [][]any
	for _, a := range x.atts {
		name := a.File.Name
		if a.File.Photo || name == "" {
			name = r.t("export.value.photo", nil)
		}
		rows = append(rows, []any{a.School.Code, a.School.Name, a.Question.Label.In(r.Lang), name, a.Path,
			"/view " + a.School.Code + " " + r.Period.ID})
	}
	return table{sheet: r.t("export.sheet.files", nil), header: header, rows: rows, freezeCols: 2}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
