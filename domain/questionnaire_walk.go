package domain

import "sort"

// The walking helpers below are pure functions of the questionnaire, the period kind and a
// draft's answers (question id -> answer). An answer with Skipped set counts as answered:
// the reporter passed the question on purpose.

// Questions returns the questions asked in periods of the given kind, in questionnaire order,
// whatever the answers.
func (q *Questionnaire) Questions(kind PeriodKind) []*Question {
	var out []*Question
	for si := range q.Sections {
		for qi := range q.Sections[si].Questions {
			if qn := &q.Sections[si].Questions[qi]; qn.AskedIn(kind) {
				out = append(out, qn)
			}
		}
	}
	return out
}

// Visible reports whether qn is to be asked given the answers so far: it belongs to the
// period kind and its condition, if any, holds. A condition holds when the question it
// names is itself visible and has a non-skipped answer equal to the condition's value, so
// hiding a question also hides everything that depends on it.
func (q *Questionnaire) Visible(kind PeriodKind, qn *Question, answers map[string]Answer) bool {
	// Valid questionnaires only point backwards; the bound keeps a hand-built cycle finite.
	for range q.count() + 1 {
		if !qn.AskedIn(kind) {
			return false
		}
		if qn.When == nil {
			return true
		}
		a, ok := answers[qn.When.Question]
		if !ok || a.Skipped || !conditionMet(qn.When.Equals, a) {
			return false
		}
		if qn, ok = q.Question(qn.When.Question); !ok {
			return false
		}
	}
	return false
}

func conditionMet(equals string, a Answer) bool {
	if a.Bool != nil {
		return equals == yesNoValue(*a.Bool)
	}
	return a.Choice != "" && a.Choice == equals
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
func (q *Questionnaire) Asked(kind PeriodKind, answers map[string]Answer) []*Question {
	var out []*Question
	for _, qn := range q.Questions(kind) {
		if q.Visible(kind, qn, answers) {
			out = append(out, qn)
		}
	}
	return out
}

// Next returns the first visible question without an answer (a skipped one counts as
// answered); false means the draft is ready for review.
func (q *Questionnaire) Next(kind PeriodKind, answers map[string]Answer) (*Question, bool) {
	for _, qn := range q.Asked(kind, answers) {
		if _, ok := answers[qn.ID]; !ok {
			return qn, true
		}
	}
	return nil, false
}

// Prev returns the visible question before currentID, for a "back" button. An empty
// currentID means "after the last question" (the review) and returns the last visible
// question. It returns false at the first question and for an id the period does not ask.
func (q *Questionnaire) Prev(kind PeriodKind, answers map[string]Answer, currentID string) (*Question, bool) {
	all := q.Questions(kind)
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
		if q.Visible(kind, all[i], answers) {
			return all[i], true
		}
	}
	return nil, false
}

// Position returns the 1-based place of question id among the visible questions and their
// number, for "Câu 3/18". n is 0 when the question is not visible. The total changes as
// answers show or hide conditional questions.
func (q *Questionnaire) Position(kind PeriodKind, answers map[string]Answer, id string) (n, total int) {
	asked := q.Asked(kind, answers)
	for i, qn := range asked {
		if qn.ID == id {
			n = i + 1
		}
	}
	return n, len(asked)
}

// Hidden returns the ids of answers that no longer belong to the draft: answers to
// questions that are not visible (their condition changed, or the period does not ask
// them) and answers to ids the questionnaire does not know, in questionnaire order, unknown
// ids last and sorted. The engine drops them once the reporter confirms the change.
func (q *Questionnaire) Hidden(kind PeriodKind, answers map[string]Answer) []string {
	var out, unknown []string
	for si := range q.Sections {
		for qi := range q.Sections[si].Questions {
			qn := &q.Sections[si].Questions[qi]
			if _, ok := answers[qn.ID]; ok && !q.Visible(kind, qn, answers) {
				out = append(out, qn.ID)
			}
		}
	}
	for id := range answers {
		if _, ok := q.Question(id); !ok {
			unknown = append(unknown, id)
		}
	}
	sort.Strings(unknown)
	return append(out, unknown...)
}

// Missing returns the visible required questions that have no answer or only a skipped
// one, in order: the draft cannot be submitted while any remain.
func (q *Questionnaire) Missing(kind PeriodKind, answers map[string]Answer) []*Question {
	var out []*Question
	for _, qn := range q.Asked(kind, answers) {
		if a, ok := answers[qn.ID]; qn.Required && (!ok || a.Skipped) {
			out = append(out, qn)
		}
	}
	return out
}
