package domain

import "strings"

// Locale id of the line a counting question's hint ends with.
const msgCoverageHint = "coverage.hint" // {{.Coverage}}: Coverage.Text

// Text returns t in lang with the wording of the view's level.
func (v View) Text(t Text, lang string) string { return t.For(v.Level).In(lang) }

// Label returns the question's label in lang, worded for the view's level.
func (v View) Label(qn *Question, lang string) string { return v.Text(qn.Label, lang) }

// Hint returns the question's hint in lang, worded for the view's level. A counting
// question (see Question.ShowsCoverage) in a view with a Coverage gets one more line saying the
// dates its number covers ("Số liệu: từ 01/01/2026 đến nay."), so no label has to. It is
// "" when there is nothing to say.
func (v View) Hint(qn *Question, lang string, tr Translate) string {
	var lines []string
	if h := v.Text(qn.Hint, lang); h != "" {
		lines = append(lines, h)
	}
	if qn.ShowsCoverage() && !v.Coverage.IsZero() {
		lines = append(lines, tr(lang, msgCoverageHint, map[string]any{"Coverage": v.Coverage.Text(lang, tr)}))
	}
	return strings.Join(lines, "\n")
}
