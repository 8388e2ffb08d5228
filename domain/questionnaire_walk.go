package domain

import "sort"

// View is the questionnaire as one school sees it in one period: the questions of its
// level and period kind, its level's wording, and the dates the period's numbers cover.
// Its walking methods are pure functions of a draft's answers (question id -> answer). An
// answer with Skipped set counts as answered: the reporter passed the question on purpose.
// The zero Level views every level at once (an officer's view of the whole district),
// with the default wording; a zero Coverage adds no dates to hints. A View is a small
// value: build one per use with Questionnaire.View or Questionnaire.ViewFor.
type View struct {
	Q        *Questionnaire
	Level    Level
	Kind     PeriodKind
	Coverage Coverage
}

// View returns the questionnaire as schools of level l see it in periods of kind k.
func (q *Questionnaire) View(l Level, k PeriodKind) View {
	return View{Q: q, Level: l, Kind: k}
}

// ViewFor returns the questionnaire as schools of level l see it in period p, hints of
// counting questions stating p's coverage.
func (q *Questionnaire) ViewFor(l Level, p Period) View {
	return View{Q: q, Level: l, Kind: p.Kind, Coverage: p.Coverage()}
}

// Questions returns the questions the view asks, in questionnaire order, whatever the
// answers.
func (v View) Questions() []*Question {
	var out []*Question
	for si := range v.Q.Sections {
		for qi := range v.Q.Sections[si].Questions {
			if qn := &v.Q.Sections[si].Questions[qi]; v.has(qn) {
				out = append(out, qn)
			}
		}
	}
	return out
}

// has reports whether the question belongs to the view's level and period kind.
func (v View) has(qn *Question) bool { return qn.AskedIn(v.Kind) && qn.AskedAt(v.Level) }

// Sections returns the sections with at least one question in the view, in order. Their
// number does not depend on the answers, so "Phần 2/5" never changes during a walk.
func (v View) Sections() []*Section {
	var out []*Section
	for si := range v.Q.Sections {
		s := &v.Q.Sections[si]
		for qi := range s.Questions {
			if v.has(&s.Questions[qi]) {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// Visible reports whether qn is to be asked given the answers so far: it belongs to the
// view and its condition, if any, holds. A condition holds when the question it names is
// itself visible and has a non-skipped answer that meets it, so hiding a question also
// hides everything that depends on it.
func (v View) Visible(qn *Question, answers map[string]Answer) bool {
	// Valid questionnaires only point backwards; the bound keeps a hand-built cycle finite.
	for range v.Q.count() + 1 {
		if !v.has(qn) {
			return false
		}
		if qn.When == nil {
			return true
		}
		a, ok := answers[qn.When.Question]
		if !ok || a.Skipped || !conditionMet(qn.When, a) {
			return false
		}
		if qn, ok = v.Q.Question(qn.When.Question); !ok {
			return false
		}
	}
	return false
}

func conditionMet(c *Condition, a Answer) bool {
	switch {
	case c.Above != nil:
		return a.Int != nil && *a.Int > *c.Above
	case a.Bool != nil:
		return c.Equals == yesNoValue(*a.Bool)
	}
	return a.Choice != "" && a.Choice == c.Equals
}

// yesNoValue is how a Condition spells a yes_no answer.
func yesNoValue(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (q *Questionnaire) count() int {
	n := 0
	for _, s := range q.Sections {
		n += len(s.Questions)
	}
	return n
}

// Asked returns the visible questions in order: the questions the reporter walks through
// and the review lists.
func (v View) Asked(answers map[string]Answer) []*Question {
	var out []*Question
	for _, qn := range v.Questions() {
		if v.Visible(qn, answers) {
			out = append(out, qn)
		}
	}
	return out
}

// Next returns the first visible question without an answer (a skipped one counts as
// answered); false means the draft is ready for review.
func (v View) Next(answers map[string]Answer) (*Question, bool) {
	for _, qn := range v.Asked(answers) {
		if _, ok := answers[qn.ID]; !ok {
			return qn, true
		}
	}
	return nil, false
}

// Prev returns the visible question before currentID, for a "back" button. An empty
// currentID means "after the last question" (the review) and returns the last visible
// question. It returns false at the first question and for an id the view does not ask.
func (v View) Prev(answers map[string]Answer, currentID string) (*Question, bool) {
	all := v.Questions()
	end := len(all)
	if currentID != "" {
		end = -1
		for i, qn := range all {
			if qn.ID == currentID {
				end = i
				break
			}
		}
	}
	for i := end - 1; i >= 0; i-- {
		if v.Visible(all[i], answers) {
			return all[i], true
		}
	}
	return nil, false
}

// Position returns the 1-based place of question id among the visible questions and their
// number, for "Câu 3/18". n is 0 when the question is not visible. The total changes as
// answers show or hide conditional questions; Progress counts within a section instead.
func (v View) Position(answers map[string]Answer, id string) (n, total int) {
	asked := v.Asked(answers)
	for i, qn := range asked {
		if qn.ID == id {
			n = i + 1
		}
	}
	return n, len(asked)
}

// Progress is where a question stands, for "Phần 2/5 · câu 3/4": Section of Sections (the
// view's sections, fixed for the walk) and Question of Questions (the visible questions of
// that section). Conditions only open questions after the one that decides them, so while
// the reporter walks forward neither Section nor Question goes back.
type Progress struct {
	Section, Sections   int
	Question, Questions int
}

// Progress returns the progress at question id; zero when the question is not visible.
func (v View) Progress(answers map[string]Answer, id string) Progress {
	sections := v.Sections()
	for si, s := range sections {
		var p Progress
		for qi := range s.Questions {
			qn := &s.Questions[qi]
			if !v.Visible(qn, answers) {
				continue
			}
			p.Questions++
			if qn.ID == id {
				p.Question = p.Questions
			}
		}
		if p.Question > 0 {
			p.Section, p.Sections = si+1, len(sections)
			return p
		}
	}
	return Progress{}
}

// Hidden returns the ids of answers that no longer belong to the draft: answers to
// questions that are not visible (their condition changed, or the view does not ask them)
// and answers to ids the questionnaire does not know, in questionnaire order, unknown ids
// last and sorted. The engine drops them once the reporter confirms the change.
func (v View) Hidden(answers map[string]Answer) []string {
	var out, unknown []string
	for si := range v.Q.Sections {
		for qi := range v.Q.Sections[si].Questions {
			qn := &v.Q.Sections[si].Questions[qi]
			if _, ok := answers[qn.ID]; ok && !v.Visible(qn, answers) {
				out = append(out, qn.ID)
			}
		}
	}
	for id := range answers {
		if _, ok := v.Q.Question(id); !ok {
			unknown = append(unknown, id)
		}
	}
	sort.Strings(unknown)
	return append(out, unknown...)
}

// Missing returns the visible required questions that have no answer or only a skipped
// one, in order: the draft cannot be submitted while any remain.
func (v View) Missing(answers map[string]Answer) []*Question {
	var out []*Question
	for _, qn := range v.Asked(answers) {
		if a, ok := answers[qn.ID]; qn.Required && (!ok || a.Skipped) {
			out = append(out, qn)
		}
	}
	return out
}
