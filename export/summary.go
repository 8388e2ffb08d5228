package export

import (
	"github.com/camgiang-edu/reportbot/domain"
)

// Totals are the aggregated answers of a group of schools: the whole district or one level.
type Totals struct {
	Schools   int                       // schools asked to report
	Submitted int                       // of them, submitted (late ones included), not returned
	Returned  int                       // of them, returned for correction and not sent again
	Late      int                       // of them, submitted late
	Sums      map[string]int64          // integer or money question id -> sum of the answers
	Yes       map[string]int            // yes_no question id -> schools that answered yes
	Options   map[string]map[string]int // choice question id -> option id -> schools that chose it
	Answered  map[string]int            // question id -> schools that answered it (not skipped)
}

func newTotals() *Totals {
	return &Totals{Sums: map[string]int64{}, Yes: map[string]int{}, Options: map[string]map[string]int{}, Answered: map[string]int{}}
}

// TextAnswer is one school's answer to a free-text question.
type TextAnswer struct {
	School domain.School
	Text   string
}

// TextQuestion is a free-text question with the schools' answers, in Schools order.
type TextQuestion struct {
	Question *domain.Question
	Answers  []TextAnswer
}

// Summary is a period's district totals. Each school counts once in Total and once in its
// own level's row: a TH-THCS school is in ByLevel[LevelTHTHCS] only.
type Summary struct {
	Total   *Totals
	ByLevel map[domain.Level]*Totals // every level of domain.Levels, possibly empty
	Texts   []TextQuestion           // free-text questions (difficulties, proposals…), answered ones only
}

// Summarize adds up the round's submissions: the sum of every integer and money answer, the
// count of "yes" for every yes/no question and the count of each option of choice questions,
// overall and per level; and collects the free-text answers with their schools. Skipped and
// hidden answers add nothing.
func Summarize(r *Round) *Summary {
	s := &Summary{Total: newTotals(), ByLevel: map[domain.Level]*Totals{}}
	for _, l := range domain.Levels {
		s.ByLevel[l] = newTotals()
	}
	qs := r.Questions()
	texts := map[string]*TextQuestion{}
	for _, qn := range qs {
		if qn.Type == domain.TypeText {
			texts[qn.ID] = &TextQuestion{Question: qn}
		}
	}
	for _, sc := range r.Schools {
		lt := s.ByLevel[sc.Level]
		if lt == nil { // a level added later: count it in the total only
			lt = newTotals()
		}
		for _, t := range []*Totals{s.Total, lt} {
			t.Schools++
		}
		if r.Status(sc.Code) == StatusReturned {
			for _, t := range []*Totals{s.Total, lt} {
				t.Returned++
			}
		}
		sub, ok := r.accepted(sc.Code)
		if !ok {
			continue
		}
		for _, t := range []*Totals{s.Total, lt} {
			t.Submitted++
			if sub.Late {
				t.Late++
			}
		}
		for _, qn := range qs {
			a, ok := sub.Answers[qn.ID]
			if !ok || a.Skipped {
				continue
			}
			if tq := texts[qn.ID]; tq != nil && a.Text != "" {
				tq.Answers = append(tq.Answers, TextAnswer{School: sc, Text: a.Text})
			}
			for _, t := range []*Totals{s.Total, lt} {
				t.add(qn, a)
			}
		}
	}
	for _, qn := range qs {
		if tq := texts[qn.ID]; tq != nil && len(tq.Answers) > 0 {
			s.Texts = append(s.Texts, *tq)
		}
	}
	return s
}

func (t *Totals) add(qn *domain.Question, a domain.Answer) {
	t.Answered[qn.ID]++
	switch qn.Type {
	case domain.TypeInteger, domain.TypeMoney:
		if a.Int != nil {
			t.Sums[qn.ID] += *a.Int
		}
	case domain.TypeYesNo:
		if a.Bool != nil && *a.Bool {
			t.Yes[qn.ID]++
		}
	case domain.TypeChoice:
		if a.Choice != "" {
			if t.Options[qn.ID] == nil {
				t.Options[qn.ID] = map[string]int{}
			}
			t.Options[qn.ID][a.Choice]++
		}
	}
}

// Indicator is one row of the totals table: a label and a value per level and in total.
type Indicator struct {
	Label   string
	Money   bool                   // values are đồng
	ByLevel map[domain.Level]int64 // every level of domain.Levels
	Total   int64
	// Of is what Total is a share of, for the "tỷ lệ %" column (schools asked, schools
	// reporting); 0 for a sum, which has no share.
	Of int64
	// Earlier are Total in each of the round's Earlier periods, in that order.
	Earlier []int64
}

// Pct is the indicator's share as text ("91,7 %"), "" for a sum.
func (in Indicator) Pct() string { return Percent(in.Total, in.Of) }

// Indicators lays the summary out as the rows of the totals table, in questionnaire order:
// schools, submitted, late, then one row per integer or money question, one per yes/no
// question (schools answering yes) and one per option of each choice question.
func Indicators(r *Round, s *Summary) []Indicator {
	schools := func(t *Totals) int64 { return int64(t.Schools) }
	submitted := func(t *Totals) int64 { return int64(t.Submitted) }
	rowOf := func(label string, money bool, f, of func(*Totals) int64) Indicator {
		in := Indicator{Label: label, Money: money, ByLevel: map[domain.Level]int64{}, Total: f(s.Total)}
		for _, l := range domain.Levels {
			in.ByLevel[l] = f(s.ByLevel[l])
		}
		if of != nil {
			in.Of = of(s.Total)
		}
		for _, e := range r.Earlier {
			in.Earlier = append(in.Earlier, f(e.Sum.Total))
		}
		return in
	}
	row := func(label string, money bool, f func(*Totals) int64) Indicator { return rowOf(label, money, f, nil) }
	out := []Indicator{
		row(r.t("export.row.schools", nil), false, schools),
		rowOf(r.t("export.row.submitted", nil), false, submitted, schools),
		rowOf(r.t("export.row.late", nil), false, func(t *Totals) int64 { return int64(t.Late) }, submitted),
	}
	if s.Total.Returned > 0 {
		out = append(out, rowOf(r.t("export.row.returned", nil), false, func(t *Totals) int64 { return int64(t.Returned) }, schools))
	}
	for _, qn := range r.Questions() {
		label := qn.Label.In(r.Lang)
		switch qn.Type {
		case domain.TypeInteger, domain.TypeMoney:
			out = append(out, row(label, qn.Type == domain.TypeMoney, func(t *Totals) int64 { return t.Sums[qn.ID] }))
		case domain.TypeYesNo:
			out = append(out, rowOf(r.t("export.row.yes", map[string]any{"Label": label}), false, func(t *Totals) int64 { return int64(t.Yes[qn.ID]) },
				func(t *Totals) int64 { return int64(t.Answered[qn.ID]) }))
		case domain.TypeChoice:
			for _, o := range qn.Options {
				l := r.t("export.row.option", map[string]any{"Label": label, "Option": o.Label.In(r.Lang)})
				out = append(out, rowOf(l, false, func(t *Totals) int64 { return int64(t.Options[qn.ID][o.ID]) },
					func(t *Totals) int64 { return int64(t.Answered[qn.ID]) }))
			}
		}
	}
	return out
}
