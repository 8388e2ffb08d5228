package export

import (
	_ "embed"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/camgiang-edu/reportbot/domain"
)

// SchoolTemplate is the embedded Word template of a school's own report (built by
// internal/gendocx from internal/gendocx/school).
//
//go:embed template/school.docx
var SchoolTemplate []byte

// SchoolReport is one school's submission, for the school's written report: the view of
// the questionnaire it answered (its level's wording, the period's coverage), its
// answers, and how to word text (Tr, in Lang: plain text, no HTML).
type SchoolReport struct {
	View    domain.View
	School  domain.School
	Period  domain.Period
	Answers map[string]domain.Answer
	Lang    string
	Tr      domain.Translate
	Loc     *time.Location // the district's time zone, for the date; nil = UTC
}

func (s SchoolReport) t(id string, data map[string]any) string { return s.Tr(s.Lang, id, data) }

// SchoolDOCX fills the school template with the report: the letterhead (the district's
// education office over the school's name, from info.Authority "UBND HUYỆN X" or
// info.Place), the number left for the school's clerk, the place and info.Date in the
// Decree 30/2020 form (see DecreeDate), the body by the questionnaire's sections with the
// numbers in sentences, difficulties and proposals, the recipients and the principal's
// signature block. info.Template is not used: the district template is another document.
func SchoolDOCX(s SchoolReport, info DocInfo) ([]byte, error) {
	if s.Loc == nil {
		s.Loc = time.UTC
	}
	return fillDocx(SchoolTemplate, func(doc string) ([]byte, error) { return s.render(doc, info) })
}

// SchoolFileName names a school's written report: "bao-cao-2026-H1-MN-CAMDIEN.docx".
func SchoolFileName(sc domain.School, p domain.Period) string {
	return "bao-cao-" + p.ID + "-" + sc.Code + ".docx"
}

// DecreeDate writes the day and month of a date line as Decree 30/2020 (Appendix I)
// wants them (see DecreeDay and DecreeMonth): "ngày 05 tháng 02", "ngày 15 tháng 6".
func DecreeDate(d time.Time) (day, month string) { return DecreeDay(d.Day()), DecreeMonth(d.Month()) }

func (s SchoolReport) render(doc string, info DocInfo) ([]byte, error) {
	date := info.Date.In(s.Loc)
	day, month := DecreeDate(date)
	vals := map[string]string{
		"AUTHORITY": s.authority(info),
		"SCHOOL":    strings.ToUpper(s.School.Name),
		"SHORT":     SchoolShort(s.School),
		"NUMBER":    s.t("school_report.number", nil),
		"PLACE":     orDefault(info.Place, s.t("export.docx.place", nil)),
		"DAY":       day,
		"MONTH":     month,
		"YEAR":      strconv.Itoa(date.Year()),
		"SUBTITLE":  s.t("school_report.subtitle", map[string]any{"Period": s.periodText()}),
		"SIGNER":    s.t("school_report.signer", nil),
	}
	var recipients []map[string]string
	for _, id := range []string{"school_report.to_office", "school_report.to_archive"} {
		recipients = append(recipients, map[string]string{"R.TEXT": s.t(id, nil)})
	}
	return fillTemplate(doc, vals, []repeater{{"{{B.", "w:p", s.body()}, {"{{R.", "w:p", recipients}})
}

// authority is the letterhead's first line: the district's education office, named after
// the district's people's committee ("UBND HUYỆN CẨM GIÀNG" gives "PHÒNG GD&ĐT HUYỆN CẨM
// GIÀNG") or its place; dots when neither is configured.
func (s SchoolReport) authority(info DocInfo) string {
	a := strings.TrimSpace(info.Authority)
	if rest, ok := strings.CutPrefix(strings.ToUpper(a), "UBND "); ok && rest != "" {
		return s.t("school_report.authority", map[string]any{"District": rest})
	}
	if p := strings.TrimSpace(info.Place); p != "" {
		return s.t("school_report.authority_place", map[string]any{"Place": strings.ToUpper(p)})
	}
	return s.t("school_report.authority_unknown", nil)
}

// periodText names the period as the title ends: "6 tháng đầu năm 2026", "năm 2026", or a
// one-off round's title.
func (s SchoolReport) periodText() string {
	if s.Period.Kind == domain.KindOneOff {
		return PeriodTitle(s.Period, s.Lang, s.Tr)
	}
	return s.t("export.docx.period."+string(s.Period.Kind), map[string]any{"Year": s.Period.LastDay[:min(4, len(s.Period.LastDay))]})
}

// SchoolShort is the school's short name in a document number ("BC-THCSLC"): its level
// without the dash and the initials of its commune (of its name's last two words when the
// commune is not known), upper-case with diacritics kept.
func SchoolShort(sc domain.School) string {
	words := strings.Fields(sc.Commune)
	if len(words) == 0 {
		words = strings.Fields(sc.Name)
		words = words[max(0, len(words)-2):]
	}
	var b strings.Builder
	b.WriteString(strings.ReplaceAll(string(sc.Level), "-", ""))
	for _, w := range words {
		for _, r := range w {
			b.WriteRune(unicode.ToUpper(r))
			break
		}
	}
	return b.String()
}
