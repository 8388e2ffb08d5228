// Package export compiles one reporting period's submissions into what the district
// officer reads and sends upward: district totals (Summarize), an Excel workbook (XLSX), a
// CSV file (CSV), a Word report from a template (DOCX) and a progress chart (Chart). It is
// pure Go over data loaded once per period; it does no I/O of its own.
package export

import (
	"html"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// Status is where a school stands in a period.
type Status int

// School statuses, from least to most done.
const (
	StatusNone      Status = iota // nothing entered yet
	StatusDraft                   // a draft in progress
	StatusSubmitted               // submitted before the deadline
	StatusLate                    // first submitted at or after the deadline
	// StatusReturned is a sent report an officer returned for correction and the school
	// has not sent again: counted apart from submitted and missing, its figures left out
	// of the totals until the correction comes.
	StatusReturned
)

// Round is one period's reporting data: the schools asked to report and what they sent.
// Build it with NewRound; the exports only read it.
type Round struct {
	Period domain.Period
	// Q is the questionnaire version the period's answers follow.
	Q *domain.Questionnaire
	// Schools are the active schools plus inactive ones that submitted, sorted by level
	// (in domain.Levels order) then code.
	Schools []domain.School
	// Subs maps a school code to its latest submission.
	Subs map[string]domain.Submission
	// Drafts holds the codes of schools with a draft and no submission.
	Drafts map[string]bool
	// Returns maps a school code to its open return for correction (Load fills it).
	Returns map[string]domain.Return
	// Reporters maps a school code to its reporters (Load fills it; nil = none known), for
	// the phones in the not-submitted sheet.
	Reporters map[string][]domain.User
	// Earlier are the periods the round is compared with (LoadEarlier fills them).
	Earlier []Earlier
	// Loc is the district's time zone: dates in files are wall-clock times there.
	Loc *time.Location
	// Tr renders locale messages as plain text (no HTML escapes) for headers and values.
	Tr domain.Translate
	// Lang is the language of the files, normally "vi".
	Lang string
}

// NewRound builds a round from a period's schools, submissions and drafts. tr may return
// HTML-escaped text (the bot's renderer does): the round unescapes it.
func NewRound(p domain.Period, q *domain.Questionnaire, schools []domain.School, subs []domain.Submission, drafts []domain.Draft, loc *time.Location, lang string, tr domain.Translate) *Round {
	r := &Round{
		Period: p, Q: q, Subs: make(map[string]domain.Submission, len(subs)),
		Drafts: map[string]bool{}, Loc: loc, Lang: lang,
		Tr: func(lang, id string, data map[string]any) string { return html.UnescapeString(tr(lang, id, data)) },
	}
	for _, s := range subs {
		r.Subs[s.School] = s
	}
	for _, d := range drafts {
		if _, done := r.Subs[d.School]; !done {
			r.Drafts[d.School] = true
		}
	}
	byLevel := map[domain.Level][]domain.School{}
	for _, sc := range schools {
		if _, done := r.Subs[sc.Code]; sc.Active || done {
			byLevel[sc.Level] = append(byLevel[sc.Level], sc)
		}
	}
	for _, l := range domain.Levels {
		r.Schools = append(r.Schools, byLevel[l]...)
	}
	return r
}

// Status returns where the school stands.
func (r *Round) Status(code string) Status {
	if _, ok := r.Returns[code]; ok {
		return StatusReturned
	}
	if s, ok := r.Subs[code]; ok {
		if s.Late {
			return StatusLate
		}
		return StatusSubmitted
	}
	if r.Drafts[code] {
		return StatusDraft
	}
	return StatusNone
}

// Questions returns the questions of the period's kind, in questionnaire order.
func (r *Round) Questions() []*domain.Question { return r.Q.Questions(r.Period.Kind) }

// Returned returns the schools whose report was returned for correction and not sent
// again, in Schools order.
func (r *Round) Returned() []domain.School {
	var out []domain.School
	for _, sc := range r.Schools {
		if r.Status(sc.Code) == StatusReturned {
			out = append(out, sc)
		}
	}
	return out
}

// accepted returns the school's submission when it counts in the totals: sent and not
// returned for correction.
func (r *Round) accepted(code string) (domain.Submission, bool) {
	if _, ret := r.Returns[code]; ret {
		return domain.Submission{}, false
	}
	s, ok := r.Subs[code]
	return s, ok
}

// Missing returns the schools that have not submitted, in Schools order.
func (r *Round) Missing() []domain.School {
	var out []domain.School
	for _, sc := range r.Schools {
		if _, ok := r.Subs[sc.Code]; !ok {
			out = append(out, sc)
		}
	}
	return out
}

// t renders a locale message in the round's language.
func (r *Round) t(id string, data map[string]any) string { return r.Tr(r.Lang, id, data) }

// StatusText names a status in the round's language.
func (r *Round) StatusText(s Status) string {
	return r.t([]string{"export.status.none", "export.status.draft", "export.status.submitted", "export.status.late",
		"export.status.returned"}[s], nil)
}

// LevelName is the level's name in the round's language, e.g. "Mầm non".
func (r *Round) LevelName(l domain.Level) string { return r.t("officer.level."+string(l), nil) }

// wall returns t's wall-clock time in loc as a UTC time, which spreadsheets store as is.
func (r *Round) wall(t time.Time) time.Time {
	lt := t.In(r.Loc)
	return time.Date(lt.Year(), lt.Month(), lt.Day(), lt.Hour(), lt.Minute(), lt.Second(), 0, time.UTC)
}
