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
	Date        time.Time
}

// DOCX fills the template's word/document.xml with the round: placeholders {{NAME}} get
// XML-escaped text; the table row holding {{R.*}} is repeated for each indicator of the
// totals table, the paragraph holding {{M.*}} for each school that has not submitted, and
// the paragraph holding {{D.*}} for each answer to the difficulties question (the period's
// last free-text question). A placeholder may be split over runs of one paragraph, as
// Word often saves it. The template is filled in one pass: text from the data is never
// read as a placeholder. Other parts of the package are copied unchanged.
func DOCX(r *Round, info DocInfo) ([]byte, error) {
	tmpl := info.Template
	if tmpl == nil {
		tmpl = DefaultTemplate
	}
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
			if data, err = r.renderDocument(string(data), info); err != nil {
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
	var rows []map[string]string
	for i, in := range Indicators(r, sum) {
		row := map[string]string{"R.NO": strconv.Itoa(i + 1), "R.LABEL": in.Label, "R.TOTAL": domain.FormatVND(in.Total)}
		for _, l := range domain.Levels {
			row["R."+strings.ReplaceAll(string(l), "-", "")] = domain.FormatVND(in.ByLevel[l])
		}
		rows = append(rows, row)
	}
	var missing []map[string]string
	for _, sc := range r.Missing() {
		missing = append(missing, map[string]string{"M.NAME": r.t("export.docx.missing_school", map[string]any{"Name": sc.Name, "Code": sc.Code, "Level": r.LevelName(sc.Level)})})
	}
	if len(missing) == 0 {
		missing = append(missing, map[string]string{"M.NAME": r.t("export.docx.none_missing", nil)})
	}
	var diffs []map[string]string
	if n := len(sum.Texts); n > 0 && sum.Texts[n-1].Question == lastTextQuestion(r) {
		for _, a := range sum.Texts[n-1].Answers {
			diffs = append(diffs, map[string]string{
				"D.SCHOOL": r.t("export.docx.school_says", map[string]any{"Name": a.School.Name}),
				"D.TEXT":   r.t("export.docx.quote", map[string]any{"Text": a.Text}),
			})
		}
	}
	if len(diffs) == 0 {
		diffs = append(diffs, map[string]string{"D.SCHOOL": "", "D.TEXT": r.t("export.docx.no_difficulties", nil)})
	}
	date := info.Date.In(r.Loc)
	t := sum.Total
	vals := map[string]string{
		"AUTHORITY":    orDefault(info.Authority, r.t("export.docx.authority", nil)),
		"PLACE":        orDefault(info.Place, r.t("export.docx.place", nil)),
		"NUMBER":       orDefault(info.Number, r.t("export.docx.number", nil)),
		"SIGNER_TITLE": orDefault(info.SignerTitle, r.t("export.docx.signer_title", nil)),
		"SIGNER":       info.Signer,
		"DAY":          fmt.Sprintf("%02d", date.Day()),
		"MONTH":        fmt.Sprintf("%02d", int(date.Month())),
		"YEAR":         strconv.Itoa(date.Year()),
		"PERIOD":       r.docPeriod(),
		"DEADLINE":     DeadlineText(r.Period),
		"SCHOOLS":      strconv.Itoa(t.Schools),
		"SUBMITTED":    strconv.Itoa(t.Submitted),
		"LATE":         strconv.Itoa(t.Late),
		"ASOF":         r.dateText(info.Date),
	}
	return fillTemplate(doc, vals, []repeater{{"{{R.", "w:tr", rows}, {"{{M.", "w:p", missing}, {"{{D.", "w:p", diffs}})
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
