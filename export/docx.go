package export

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
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

// repeater is a part of the template copied once per item: the element <tag> enclosing
// the first placeholder that starts with marker.
type repeater struct {
	marker, tag string
	items       []map[string]string
}

// fillTemplate fills doc in one pass over the template: the repeated elements are found
// in the template before anything is filled, and each piece of template is filled once,
// so text from the data (a principal's answer that reads "{{SIGNER_TITLE}}") is never
// read as a placeholder. A placeholder split over several runs is joined first.
func fillTemplate(doc string, vals map[string]string, reps []repeater) ([]byte, error) {
	doc = joinSplitPlaceholders(doc)
	type span struct {
		start, end int
		rep        repeater
	}
	var spans []span
	for _, rep := range reps {
		start, end, err := enclosing(doc, rep.marker, rep.tag)
		if err != nil {
			return nil, err
		}
		if start >= 0 {
			spans = append(spans, span{start, end, rep})
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	at := 0
	for _, sp := range spans {
		if sp.start < at {
			return nil, fmt.Errorf("%w: the elements repeated for %s and another marker overlap", ErrBadTemplate, sp.rep.marker)
		}
		b.WriteString(fill(doc[at:sp.start], vals))
		for _, it := range sp.rep.items {
			merged := maps.Clone(vals)
			maps.Copy(merged, it)
			b.WriteString(fill(doc[sp.start:sp.end], merged))
		}
		at = sp.end
	}
	b.WriteString(fill(doc[at:], vals))
	return []byte(b.String()), nil
}

// enclosing finds the element <tag> that encloses the first occurrence of marker: its
// start and end offsets, or -1 without the marker.
func enclosing(doc, marker, tag string) (start, end int, err error) {
	at := strings.Index(doc, marker)
	if at < 0 {
		return -1, -1, nil
	}
	start = max(strings.LastIndex(doc[:at], "<"+tag+">"), strings.LastIndex(doc[:at], "<"+tag+" "))
	end = strings.Index(doc[at:], "</"+tag+">")
	if start < 0 || end < 0 {
		return -1, -1, fmt.Errorf("%w: %s is not inside a <%s> element", ErrBadTemplate, marker, tag)
	}
	return start, end + at + len("</"+tag+">"), nil
}

// fill replaces each {{KEY}} of the template text s with its value, XML-escaped, line
// breaks as <w:br/>. It reads s once from left to right and never reads what it inserted.
func fill(s string, vals map[string]string) string {
	pairs := make([]string, 0, 2*len(vals))
	for k, v := range vals {
		pairs = append(pairs, "{{"+k+"}}", xmlText(v))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

var (
	// wordText matches a <w:t> element with its text (group 2).
	wordText = regexp.MustCompile(`(<w:t(?:\s[^>]*)?>)([^<]*)</w:t>`)
	// placeholder matches a placeholder in a paragraph's text.
	placeholder = regexp.MustCompile(`\{\{[A-Z][A-Z0-9_.]*\}\}`)
)

// joinSplitPlaceholders moves each placeholder that Word split over several runs of one
// paragraph ("<w:t>{{SIG</w:t></w:r><w:r><w:t>NER_TITLE}}</w:t>") whole into the run
// where it starts, so that fill finds it. Only the template is passed here, never data.
func joinSplitPlaceholders(doc string) string {
	locs := wordText.FindAllStringSubmatchIndex(doc, -1)
	texts := make([]string, len(locs))
	for i, l := range locs {
		texts[i] = doc[l[4]:l[5]]
	}
	changed := make([]bool, len(locs))
	for g := 0; g < len(locs); {
		h := g + 1
		for h < len(locs) && !strings.Contains(doc[locs[h-1][1]:locs[h][0]], "</w:p>") {
			h++
		}
		joinRuns(texts[g:h], changed[g:h])
		g = h
	}
	var b strings.Builder
	at := 0
	for i, l := range locs {
		if !changed[i] {
			continue
		}
		b.WriteString(doc[at:l[2]])
		open := doc[l[2]:l[3]]
		if !strings.Contains(open, "xml:space") { // a run may now start or end with a space
			open = `<w:t xml:space="preserve"` + strings.TrimPrefix(open, "<w:t")
		}
		b.WriteString(open + texts[i])
		at = l[5]
	}
	b.WriteString(doc[at:])
	return b.String()
}

// joinRuns reassigns the text of one paragraph's runs so that no placeholder spans two.
func joinRuns(texts []string, changed []bool) {
	if len(texts) < 2 {
		return
	}
	var all strings.Builder
	var owner []int // the run each byte of all belongs to
	for i, t := range texts {
		all.WriteString(t)
		for range len(t) {
			owner = append(owner, i)
		}
	}
	moved := false
	for _, m := range placeholder.FindAllStringIndex(all.String(), -1) {
		if owner[m[0]] == owner[m[1]-1] {
			continue
		}
		for k := m[0]; k < m[1]; k++ {
			owner[k] = owner[m[0]]
		}
		moved = true
	}
	if !moved {
		return
	}
	s := all.String()
	next := make([]strings.Builder, len(texts))
	for k := range len(s) {
		next[owner[k]].WriteByte(s[k])
	}
	for i := range texts {
		if t := next[i].String(); t != texts[i] {
			texts[i], changed[i] = t, true
		}
	}
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;",
	"\r\n", `</w:t><w:br/><w:t xml:space="preserve">`, "\n", `</w:t><w:br/><w:t xml:space="preserve">`)

// xmlText escapes s for a <w:t> element and drops characters XML 1.0 forbids.
func xmlText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r != 0xFFFE && r != 0xFFFF) {
			return r
		}
		return -1
	}, s)
	return xmlEscaper.Replace(s)
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
