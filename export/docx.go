package export

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// DefaultTemplate is the embedded Word template of the compiled report (built by
// internal/gendocx). A district may use its own letterhead through DocInfo.Template.
//
//go:embed template/report.docx
var DefaultTemplate []byte

// docPart is the part of a .docx that holds the body text.
const docPart = "word/document.xml"

// ErrBadTemplate is returned for a template that is not a .docx with word/document.xml.
var ErrBadTemplate = errors.New("not a Word (.docx) template")

// DocInfo is what the Word report needs beyond the data: the letterhead and signature
// fields (empty ones get a dotted line or the locale's default) and the report's date.
type DocInfo struct {
	Template    []byte // a .docx; nil = DefaultTemplate
	Authority   string // the body above the department, e.g. "UBND HUYỆN CẨM GIÀNG"
	Place       string // the place in the date line, e.g. "Cẩm Giàng"
	Number      string // the document number before "/BC-PGDĐT"
	SignerTitle string // e.g. "TRƯỞNG PHÒNG"
	Signer      string // the signer's name
	// References are the plans the report answers, cited in its opening, e.g. "Kế hoạch
	// số 290/KH-SGDĐT ngày 13/3/2023 của Sở Giáo dục và Đào tạo Hải Dương về …".
	References []string
	Date       time.Time
}

// DOCX fills the template's word/document.xml with the round: placeholders {{NAME}} get
// XML-escaped text; the paragraph holding {{TABLE}} becomes the indicator table (levels
// without schools left out, "tỷ lệ %" and the earlier periods' columns); the paragraph
// holding {{B.*}} is repeated for each line of the body generated from the figures (part
// I), the one holding {{M.*}} for each school that has not reported, and the one holding
// {{P.*}} for each school's proposals (the period's last free-text question). Templates
// made before these keep working: the table row holding {{R.*}} is repeated for each
// indicator and the paragraph holding {{D.*}} for each proposal. A placeholder may be split over runs of one paragraph, as
// Word often saves it. The template is filled in one pass: text from the data is never
// read as a placeholder. Other parts of the package are copied unchanged.
func DOCX(r *Round, info DocInfo) ([]byte, error) {
	tmpl := info.Template
	if tmpl == nil {
		tmpl = DefaultTemplate
	}
	return fillDocx(tmpl, func(doc string) ([]byte, error) { return r.renderDocument(doc, info) })
}

// fillDocx copies a .docx template part by part, replacing the main document part by what
// render makes of it; ErrBadTemplate when the template is no .docx or has no such part.
func fillDocx(tmpl []byte, render func(doc string) ([]byte, error)) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(tmpl), int64(len(tmpl)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadTemplate, err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := false
	for _, f := range zr.File {
		data, err := readZipFile(f)
		if err != nil {
			return nil, fmt.Errorf("read template part %s: %w", f.Name, err)
		}
		if f.Name == docPart {
			found = true
			if data, err = render(string(data)); err != nil {
				return nil, err
			}
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			return nil, fmt.Errorf("write part %s: %w", f.Name, err)
		}
		if _, err := w.Write(data); err != nil {
			return nil, fmt.Errorf("write part %s: %w", f.Name, err)
		}
	}
	if !found {
		return nil, fmt.Errorf("%w: no %s", ErrBadTemplate, docPart)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("write docx: %w", err)
	}
	return buf.Bytes(), nil
}

func readZipFile(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, 32<<20))
}

func (r *Round) renderDocument(doc string, info DocInfo) ([]byte, error) {
	sum := Summarize(r)
	ins := Indicators(r, sum)
	var rows []map[string]string // {{R.*}}: the table row of templates made before {{TABLE}}
	for i, in := range ins {
		row := map[string]string{"R.NO": strconv.Itoa(i + 1), "R.LABEL": in.Label, "R.TOTAL": domain.FormatVND(in.Total), "R.PCT": in.Pct()}
		for _, l := range domain.Levels {
			row["R."+strings.ReplaceAll(string(l), "-", "")] = domain.FormatVND(in.ByLevel[l])
		}
		rows = append(rows, row)
	}
	var diffs []map[string]string // {{D.*}}: the proposals of templates made before {{P.*}}
	for _, p := range r.proposalItems(sum) {
		diffs = append(diffs, map[string]string{"D.SCHOOL": "", "D.TEXT": p["P.TEXT"]})
	}
	date := info.Date.In(r.Loc)
	t := sum.Total
	opening := r.t("docx.opening_default", map[string]any{"Period": r.docPeriod()})
	if len(info.References) > 0 {
		opening = r.t("docx.opening", map[string]any{"Refs": strings.Join(info.References, "; "), "Period": r.docPeriod()})
	}
	vals := map[string]string{
		"AUTHORITY":    orDefault(info.Authority, r.t("export.docx.authority", nil)),
		"PLACE":        orDefault(info.Place, r.t("export.docx.place", nil)),
		"NUMBER":       docNumber(info.Number, r.t("export.docx.number", nil)),
		"SIGNER_TITLE": orDefault(info.SignerTitle, r.t("export.docx.signer_title", nil)),
		"SIGNER":       info.Signer,
		"DAY":          DecreeDay(date.Day()),
		"MONTH":        DecreeMonth(date.Month()),
		"YEAR":         strconv.Itoa(date.Year()),
		"PERIOD":       r.docPeriod(),
		"DEADLINE":     DeadlineText(r.Period),
		"SCHOOLS":      strconv.Itoa(t.Schools),
		"SUBMITTED":    strconv.Itoa(t.Submitted),
		"LATE":         strconv.Itoa(t.Late),
		"ASOF":         r.dateText(info.Date),
		"OPENING":      opening,
		"PROGRESS": r.t("docx.progress", map[string]any{"Time": r.dateText(info.Date), "Done": t.Submitted, "Total": t.Schools,
			"Pct": Percent(int64(t.Submitted), int64(t.Schools)), "Late": t.Late, "Returned": t.Returned, "Deadline": DeadlineText(r.Period)}),
		"RESULT": r.t("docx.result", map[string]any{"Done": t.Submitted, "Total": t.Schools,
			"Pct": Percent(int64(t.Submitted), int64(t.Schools)), "Late": t.Late}),
	}
	reps := []repeater{{"{{R.", "w:tr", rows}, {"{{M.", "w:p", r.missingItems()}, {"{{D.", "w:p", diffs},
		{"{{B.", "w:p", r.bodyItems(sum)}, {"{{P.", "w:p", r.proposalItems(sum)}}
	doc = joinSplitPlaceholders(doc)
	start, end, err := enclosing(doc, "{{TABLE}}", "w:p")
	if err != nil || start < 0 {
		if err != nil {
			return nil, err
		}
		return fillTemplate(doc, vals, reps)
	}
	before, err := fillTemplate(doc[:start], vals, reps)
	if err != nil {
		return nil, err
	}
	after, err := fillTemplate(doc[end:], vals, reps)
	if err != nil {
		return nil, err
	}
	return []byte(string(before) + r.indicatorTable(sum, ins) + string(after)), nil
}

// DecreeDay writes a day of the month as Decree 30/2020 wants it in a document's date:
// with a leading zero below 10 ("05"), else as is ("22").
func DecreeDay(d int) string { return fmt.Sprintf("%02d", d) }

// DecreeMonth writes a month as Decree 30/2020 wants it: a leading zero for January and
// February only ("01", "02", "3", "12"), so the month cannot be read as another.
func DecreeMonth(m time.Month) string {
	if m <= time.February {
		return fmt.Sprintf("%02d", int(m))
	}
	return strconv.Itoa(int(m))
}

// docNumber is the document number before the template's "/BC-PGDĐT": the configured one
// without any symbol it was given with ("15/BC-PGDĐT" and "15" are both "15"), else def.
func docNumber(configured, def string) string {
	n, _, _ := strings.Cut(strings.TrimSpace(configured), "/")
	return orDefault(strings.TrimSpace(n), def)
}

// docPeriod names the period as the report's title ends: "năm 2026", "6 tháng đầu năm 2026",
// or a one-off round's configured title.
func (r *Round) docPeriod() string {
	if r.Period.Kind == domain.KindOneOff {
		return PeriodTitle(r.Period, r.Lang, r.Tr)
	}
	return r.t("export.docx.period."+string(r.Period.Kind), map[string]any{"Year": r.Period.LastDay[:min(4, len(r.Period.LastDay))]})
}

// lastTextQuestion is the period's last free-text question, by convention the one asking
// for difficulties and proposals; nil when there is none.
func lastTextQuestion(r *Round) *domain.Question {
	var last *domain.Question
	for _, qn := range r.Questions() {
		if qn.Type == domain.TypeText {
			last = qn
		}
	}
	return last
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// checkTemplate reports whether data is a .docx with a word/document.xml part.
func checkTemplate(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadTemplate, err)
	}
	for _, f := range zr.File {
		if f.Name == docPart {
			return nil
		}
	}
	return fmt.Errorf("%w: no %s", ErrBadTemplate, docPart)
}
