package domain

// The methods below walk the questionnaire for every school level at once, as the engine did
// before questionnaires had levels. They keep callers compiling while they move to View.

// Questions returns the questions asked in periods of kind at any level.
//
// Deprecated: use q.View(level, kind).Questions().
func (q *Questionnaire) Questions(kind PeriodKind) []*Question {
	return q.View("", kind).Questions()
}

// Visible reports whether qn is visible at any level.
//
// Deprecated: use q.View(level, kind).Visible(qn, answers).
func (q *Questionnaire) Visible(kind PeriodKind, qn *Question, answers map[string]Answer) bool {
	return q.View("", kind).Visible(qn, answers)
}

// Asked returns the visible questions at any level.
//
// Deprecated: use q.View(level, kind).Asked(answers).
func (q *Questionnaire) Asked(kind PeriodKind, answers map[string]Answer) []*Question {
	return q.View("", kind).Asked(answers)
}

// Next returns the first unanswered visible question at any level.
//
// Deprecated: use q.View(level, kind).Next(answers).
func (q *Questionnaire) Next(kind PeriodKind, answers map[string]Answer) (*Question, bool) {
	return q.View("", kind).Next(answers)
}

// Prev returns the visible question before currentID at any level.
//
// Deprecated: use q.View(level, kind).Prev(answers, currentID).
func (q *Questionnaire) Prev(kind PeriodKind, answers map[string]Answer, currentID string) (*Question, bool) {
	return q.View("", kind).Prev(answers, currentID)
}

// Position returns the place of id among the visible questions at any level.
//
// Deprecated: use q.View(level, kind).Progress(answers, id).
func (q *Questionnaire) Position(kind PeriodKind, answers map[string]Answer, id string) (n, total int) {
	return q.View("", kind).Position(answers, id)
}

// Hidden returns the answers that no longer belong to the draft at any level.
//
// Deprecated: use q.View(level, kind).Hidden(answers).
func (q *Questionnaire) Hidden(kind PeriodKind, answers map[string]Answer) []string {
	return q.View("", kind).Hidden(answers)
}

// Missing returns the required questions without an answer at any level.
//
// Deprecated: use q.View(level, kind).Missing(answers).
func (q *Questionnaire) Missing(kind PeriodKind, answers map[string]Answer) []*Question {
	return q.View("", kind).Missing(answers)
}
