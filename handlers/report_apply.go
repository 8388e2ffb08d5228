package handlers

import (
	"maps"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
)

// apply takes an answer to qn. A change that hides questions already answered is
// confirmed first: their answers are dropped together with the change.
func (h *Handlers) apply(c *convo, qn *domain.Question, a domain.Answer) error {
	after := maps.Clone(c.draft.Answers)
	if after == nil {
		after = map[string]domain.Answer{}
	}
	after[qn.ID] = a
	if hidden := newlyHidden(c, after); len(hidden) > 0 {
		return h.askHide(c, qn, a, hidden)
	}
	return h.accept(c, qn, a, nil, "")
}

// accept runs the checks that read qn on the draft with a (and without the answers in
// drop): a failed error check refuses a and asks again; otherwise a is kept, a failed
// warning asks the reporter to confirm or explain, and the conversation moves on. prefix,
// when set, replaces the "recorded" line.
func (h *Handlers) accept(c *convo, qn *domain.Question, a domain.Answer, drop []string, prefix string) error {
	after := maps.Clone(c.draft.Answers)
	if after == nil {
		after = map[string]domain.Answer{}
	}
	after[qn.ID] = a
	for _, id := range drop {
		delete(after, id)
	}
	prev, err := h.previousAnswers(c)
	if err != nil {
		return err
	}
	results := c.v.Check(after, prev, qn.ID)
	if res, ok := firstFailing(results, domain.SeverityError); ok {
		return h.refuse(c, res, after)
	}
	if err := h.store(c, map[string]domain.Answer{qn.ID: a}, drop); err != nil {
		return err
	}
	if prefix == "" {
		prefix = recorded(c.r, qn, a)
	}
	if res, ok := firstFailing(results, domain.SeverityWarning); ok {
		return h.askWarn(c, res, prefix+"\n\n")
	}
	return h.next(c, prefix+"\n\n")
}

// recorded confirms an answer: the question's buttons disappear, and an older user should
// see what was taken. Long text is not repeated.
func recorded(r *bot.Request, qn *domain.Question, a domain.Answer) string {
	switch {
	case a.Skipped:
		return r.T("report.recorded_skip", nil)
	case qn.Type == domain.TypeText:
		return r.T("report.recorded_text", nil)
	}
	return r.T("report.recorded", map[string]any{"Value": bot.HTML(formatAnswer(r, qn, a))})
}

// store takes answers (and drops others) into the copy in hand and keeps the change
// pending: setStep writes it together with the conversation's next step, as one unit, so
// a crash never leaves an answer stored under a question it was not typed for.
func (h *Handlers) store(c *convo, set map[string]domain.Answer, drop []string) error {
	for id, a := range set {
		a.By = c.r.Actor.UserID
		set[id] = a
	}
	if c.pending == nil {
		c.pending = &domain.DraftChange{Period: c.period.ID, School: c.school.Code, Set: map[string]domain.Answer{},
			By: c.r.Actor.UserID, ByName: c.r.Actor.Name}
	}
	for id, a := range set {
		c.pending.Set[id] = a
	}
	c.pending.Drop = append(c.pending.Drop, drop...)
	if c.draft.Answers == nil {
		c.draft.Answers = map[string]domain.Answer{}
	}
	maps.Copy(c.draft.Answers, set)
	for _, id := range drop {
		delete(c.draft.Answers, id)
	}
	return nil
}

// next asks the first unanswered question (questions a change revealed included); while
// a section is edited from the review, the section's next question; else the review.
func (h *Handlers) next(c *convo, prefix string) error {
	if qn, ok := c.v.Next(c.draft.Answers); ok {
		return h.ask(c, qn, prefix)
	}
	if qn := nextInSection(c); qn != nil {
		return h.ask(c, qn, prefix)
	}
	return h.review(c, prefix)
}

// nextInSection is the visible question after the current one in the section being
// edited (flow data "es"), or nil.
func nextInSection(c *convo) *domain.Question {
	es, cur := c.flow.Data["es"], c.flow.Data["q"]
	if es == "" {
		return nil
	}
	after := false
	for _, qn := range sectionQuestions(c, es) {
		if after {
			return qn
		}
		after = qn.ID == cur
	}
	return nil
}

// sectionQuestions are the visible questions of section id, in order.
func sectionQuestions(c *convo, id string) []*domain.Question {
	var out []*domain.Question
	for _, qn := range c.v.Asked(c.draft.Answers) {
		if s := c.q.SectionOf(qn.ID); s != nil && s.ID == id {
			out = append(out, qn)
		}
	}
	return out
}

// newlyHidden lists the answered questions the answers in after hide that the stored
// answers do not.
func newlyHidden(c *convo, after map[string]domain.Answer) []string {
	before := map[string]bool{}
	for _, id := range c.v.Hidden(c.draft.Answers) {
		before[id] = true
	}
	var out []string
	for _, id := range c.v.Hidden(after) {
		if !before[id] {
			out = append(out, id)
		}
	}
	return out
}

// askHide asks before a change drops the answers it hides. The pending value is an id
// ("yes", "no" or an option id): only yes_no and choice questions are conditions.
func (h *Handlers) askHide(c *convo, qn *domain.Question, a domain.Answer, hidden []string) error {
	r := c.r
	var list strings.Builder
	for _, id := range hidden {
		if hq, ok := c.q.Question(id); ok {
			list.WriteString("\n• " + bot.Escape(c.v.Label(hq, r.Lang())))
		}
	}
	value := a.Choice
	if a.Bool != nil {
		value = map[bool]string{true: "yes", false: "no"}[*a.Bool]
	}
	tok := newToken()
	kb := bot.Keyboard(bot.Row(bot.Button{Text: r.T("report.btn.drop", nil), Data: cb(tok, "hy", "")},
		bot.Button{Text: r.T("report.btn.keep_old", nil), Data: cb(tok, "hn", "")}))
	if err := h.setStep(c, stepHide, tok, map[string]string{"q": qn.ID, "pq": qn.ID, "pv": value}); err != nil {
		return err
	}
	_, err := r.Reply("report.confirm_hide", map[string]any{"Count": len(hidden), "List": bot.HTML(list.String())}, kb)
	return err
}

// confirmHide takes the pending change and drops the answers it hides, in one update.
func (h *Handlers) confirmHide(c *convo, _ string) error {
	qn, ok := c.q.Question(c.flow.Data["pq"])
	if !ok {
		return h.resume(c, "")
	}
	var a domain.Answer
	switch v := c.flow.Data["pv"]; qn.Type {
	case domain.TypeYesNo:
		b := v == "yes"
		a.Bool = &b
	default:
		a.Choice = v
	}
	after := maps.Clone(c.draft.Answers)
	after[qn.ID] = a
	return h.accept(c, qn, a, c.v.Hidden(after), c.r.T("report.dropped", nil))
}

// keepOld cancels a pending change: the earlier answer stays.
func (h *Handlers) keepOld(c *convo, _ string) error {
	return h.next(c, c.r.T("report.kept", nil)+"\n\n")
}

// keep leaves an answered question as it is and moves on.
func (h *Handlers) keep(c *convo, _ string) error {
	if qn := c.current(); qn == nil || !hasAnswer(c, qn.ID) {
		return c.r.Answer("report.stale", nil)
	}
	return h.next(c, "")
}

func hasAnswer(c *convo, id string) bool { _, ok := c.draft.Answers[id]; return ok }
