package domain

import (
	"math/big"
	"slices"
)

// CheckResult is a check that failed. MsgID (under check.*) and Data are what to tell the
// reporter; Data holds formatted numbers ("Left"/"Right" for a require check, the two
// sides' sums; "Current"/"Previous" for a change check). Questions are the visible
// questions the check reads, in questionnaire order, so the engine can offer to correct
// any of them. Anchor is the one to ask again after an error, or whose Note holds the
// explanation of a warning: the changed question when it is among them, else the last.
// Explained is set on a warning when one of its questions' answers already has a Note: the
// reporter has explained it, and the review shows the note instead of asking again.
type CheckResult struct {
	Check     string
	Severity  Severity
	MsgID     string
	Data      map[string]any
	Questions []string
	Anchor    string
	Explained bool
}

// Check is q.View(l, k).Check(answers, previous, changedID).
func (q *Questionnaire) Check(l Level, k PeriodKind, answers, previous map[string]Answer, changedID string) []CheckResult {
	return q.View(l, k).Check(answers, previous, changedID)
}

// Check runs the questionnaire's checks on a draft, in declaration order, and returns those
// that fail. previous holds the school's answers in the period a change check compares
// with (see Period.PreviousID); nil skips change checks. With changedID set (the question
// just answered) only the checks that read it run; with "" all do, as before submitting.
// A check waits, and so does not fail, while a visible question it reads has no answer or
// a skipped one; a question the view hides counts as 0. A check none of whose questions
// the view asks does not run.
func (v View) Check(answers, previous map[string]Answer, changedID string) []CheckResult {
	var out []CheckResult
	for i := range v.Q.Checks {
		c := &v.Q.Checks[i]
		refs := c.refs()
		if changedID != "" && !slices.Contains(refs, changedID) {
			continue
		}
		if r, failed := v.run(c, answers, previous); failed {
			r.Questions = v.visibleInOrder(refs, answers)
			if len(r.Questions) == 0 {
				continue // cannot happen: a check fails only on a visible answer
			}
			r.Anchor = r.Questions[len(r.Questions)-1]
			if slices.Contains(r.Questions, changedID) {
				r.Anchor = changedID
			}
			for _, id := range r.Questions {
				r.Explained = r.Explained || (c.Severity == SeverityWarning && answers[id].Note != "")
			}
			out = append(out, r)
		}
	}
	return out
}

// run evaluates one check; failed is false when it holds, waits or does not apply.
func (v View) run(c *Check, answers, previous map[string]Answer) (r CheckResult, failed bool) {
	r = CheckResult{Check: c.ID, Severity: c.Severity, MsgID: c.msgID()}
	if c.When != nil {
		target, ok := v.Q.Question(c.When.Question)
		a, answered := answers[c.When.Question]
		if !ok || !answered || a.Skipped || !v.Visible(target, answers) || !conditionMet(c.When, a) {
			return r, false
		}
	}
	if c.Change != nil {
		cur, ok := v.number(c.Change.Question, answers)
		prev, had := previous[c.Change.Question]
		if !ok || cur == nil || !had || prev.Skipped || prev.Int == nil {
			return r, false
		}
		r.Data = map[string]any{"Current": FormatVND(*cur), "Previous": FormatVND(*prev.Int)}
		return r, changedTooMuch(*cur, *prev.Int, c.Change)
	}
	expr := c.comparison()
	if expr == nil {
		return r, false // a hand-built check that does not parse
	}
	left, lok := v.sum(expr.left, answers)
	right, rok := v.sum(expr.right, answers)
	if lok < 0 || rok < 0 || lok+rok == 0 {
		return r, false
	}
	r.Data = map[string]any{"Left": formatBig(left), "Right": formatBig(right)}
	return r, !compare(left.Cmp(right), expr.op)
}

// number returns the answer to a numeric question: nil when the view hides the question
// (it counts as 0), ok false when the question is visible but not answered yet.
func (v View) number(id string, answers map[string]Answer) (n *int64, ok bool) {
	qn, known := v.Q.Question(id)
	if !known || !v.Visible(qn, answers) {
		return nil, true
	}
	a, answered := answers[id]
	if !answered || a.Skipped || a.Int == nil {
		return nil, false
	}
	return a.Int, true
}

// sum adds the terms. visible is the number of visible questions among them, -1 when one
// of them waits for an answer.
func (v View) sum(terms []term, answers map[string]Answer) (total *big.Int, visible int) {
	total = new(big.Int)
	for _, t := range terms {
		x := big.NewInt(t.coef)
		if t.id != "" {
			n, ok := v.number(t.id, answers)
			switch {
			case !ok:
				return total, -1
			case n == nil:
				continue
			}
			visible++
			x.Mul(x, big.NewInt(*n))
		}
		total.Add(total, x)
	}
	return total, visible
}

func compare(cmp int, op string) bool {
	switch op {
	case "<=":
		return cmp <= 0
	case ">=":
		return cmp >= 0
	case "<":
		return cmp < 0
	case ">":
		return cmp > 0
	case "==":
		return cmp == 0
	}
	return cmp != 0
}

// changedTooMuch reports whether cur and prev differ by more than ch.MaxRatio times.
func changedTooMuch(cur, prev int64, ch *Change) bool {
	lo, hi := min(cur, prev), max(cur, prev)
	switch {
	case hi < ch.IgnoreBelow || hi <= 0:
		return false
	case lo <= 0:
		return true
	}
	return float64(hi) > float64(lo)*ch.MaxRatio
}

// formatBig writes a sum as FormatVND does; sums beyond int64 do not occur with valid
// answers, but are written plainly rather than wrongly.
func formatBig(n *big.Int) string {
	if n.IsInt64() {
		return FormatVND(n.Int64())
	}
	return n.String()
}

// visibleInOrder returns the visible questions among ids, in questionnaire order.
func (v View) visibleInOrder(ids []string, answers map[string]Answer) []string {
	var out []string
	for _, qn := range v.Asked(answers) {
		if slices.Contains(ids, qn.ID) {
			out = append(out, qn.ID)
		}
	}
	return out
}
