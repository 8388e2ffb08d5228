package handlers

import (
	"errors"
	"maps"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
)

// resume continues the draft where it stands: the first unanswered question, or the
// review when every question has an answer. prefix (HTML) goes before it in one message.
func (h *Handlers) resume(c *convo, prefix string) error {
	if qn, ok := c.q.Next(c.kind(), c.draft.Answers); ok {
		c.flow.Data["sec"] = "" // a resumed conversation shows its section again
		return h.ask(c, qn, prefix)
	}
	return h.review(c, prefix)
}

// ask sends one question with its buttons and makes it the current one.
func (h *Handlers) ask(c *convo, qn *domain.Question, prefix string) error {
	r, lang := c.r, c.r.Lang()
	var b strings.Builder
	b.WriteString(prefix)
	sec := c.q.SectionOf(qn.ID)
	if sec != nil && sec.ID != c.flow.Data["sec"] {
		b.WriteString(r.T("report.section", map[string]any{"Title": sec.Title.In(lang)}) + "\n")
	}
	n, total := c.q.Position(c.kind(), c.draft.Answers, qn.ID)
	b.WriteString(r.T("report.progress", map[string]any{"N": n, "Total": total}) + "\n")
	b.WriteString(r.T("report.label", map[string]any{"Label": qn.Label.In(lang)}))
	if hint := qn.Hint.In(lang); hint != "" {
		b.WriteString("\n" + r.T("report.hint", map[string]any{"Hint": hint}))
	}
	b.WriteString("\n" + r.T("report.expect."+string(qn.Type), map[string]any{"Max": domain.FormatVND(int64(qn.TextLimit()))}))
	a, answered := c.draft.Answers[qn.ID]
	if answered {
		b.WriteString("\n" + r.T("report.current_answer", map[string]any{"Value": formatAnswer(r, qn, a)}))
	}
	if !qn.Required {
		b.WriteString("\n" + r.T("report.optional", nil))
	}
	tok := newToken()
	var rows [][]bot.Button
	switch qn.Type {
	case domain.TypeYesNo:
		rows = append(rows, bot.Row(bot.Button{Text: r.T("report.btn.yes", nil), Data: cb(tok, "y", "")},
			bot.Button{Text: r.T("report.btn.no", nil), Data: cb(tok, "n", "")}))
	case domain.TypeChoice:
		for _, o := range qn.Options {
			rows = append(rows, bot.Row(bot.Button{Text: o.Label.In(lang), Data: cb(tok, "c", o.ID)}))
		}
	}
	var nav []bot.Button
	if _, ok := c.q.Prev(c.kind(), c.draft.Answers, qn.ID); ok {
		nav = append(nav, bot.Button{Text: r.T("report.btn.back", nil), Data: cb(tok, evBack, "")})
	}
	if !qn.Required {
		nav = append(nav, bot.Button{Text: r.T("report.btn.skip", nil), Data: cb(tok, evSkip, "")})
	}
	if answered {
		nav = append(nav, bot.Button{Text: r.T("report.btn.keep", nil), Data: cb(tok, "kp", "")})
	}
	rows = append(rows, nav)
	secID := ""
	if sec != nil {
		secID = sec.ID
	}
	if err := h.setStep(c, stepAsk, tok, map[string]string{"q": qn.ID, "sec": secID}); err != nil {
		return err
	}
	_, err := r.ReplyHTML(b.String(), bot.Keyboard(rows...))
	return err
}

// formatAnswer renders an answer for a message, HTML-escaped once: the words around the
// value come from the locales unescaped, then the whole is escaped.
func formatAnswer(r *bot.Request, qn *domain.Question, a domain.Answer) string {
	raw := func(lang, id string, data map[string]any) string {
		safe := make(map[string]any, len(data))
		for k, v := range data {
			if s, ok := v.(string); ok {
				v = bot.HTML(s)
			}
			safe[k] = v
		}
		return r.Bot().T(lang, id, safe)
	}
	return bot.Escape(domain.FormatAnswer(qn, a, r.Lang(), raw))
}

// answerText reads a typed answer to the current question; a refused one gets what is
// expected and the same question again.
func (h *Handlers) answerText(c *convo, _ string) error {
	qn := c.current()
	if qn == nil {
		return h.resume(c, "")
	}
	a, err := domain.ParseAnswer(qn, c.r.Text())
	var ue *domain.UserError
	if errors.As(err, &ue) {
		return h.ask(c, qn, c.r.T("report.invalid", map[string]any{"Why": bot.HTML(c.r.T(ue.MsgID, ue.Data))})+"\n\n")
	}
	if err != nil {
		return err
	}
	return h.apply(c, qn, a)
}

// answerFile takes a photo or document as the answer to a file question.
func (h *Handlers) answerFile(c *convo, _ string) error {
	qn, m := c.current(), c.r.Message
	if qn == nil {
		return h.resume(c, "")
	}
	if qn.Type != domain.TypeFile {
		return h.ask(c, qn, c.r.T("report.invalid", map[string]any{"Why": c.r.T("report.not_a_file_question", nil)})+"\n\n")
	}
	var f domain.FileRef
	if m.Document != nil {
		f = domain.FileRef{FileID: m.Document.FileID, Name: m.Document.FileName, Size: int64(m.Document.FileSize)}
	} else {
		p := m.Photo[len(m.Photo)-1] // the largest size
		f = domain.FileRef{FileID: p.FileID, Size: int64(p.FileSize), Photo: true}
	}
	return h.apply(c, qn, domain.Answer{File: &f})
}

func (h *Handlers) answerYes(c *convo, _ string) error { return h.answerBool(c, true) }
func (h *Handlers) answerNo(c *convo, _ string) error  { return h.answerBool(c, false) }

func (h *Handlers) answerBool(c *convo, v bool) error {
	qn := c.current()
	if qn == nil || qn.Type != domain.TypeYesNo {
		return c.r.Answer("report.stale", nil)
	}
	return h.apply(c, qn, domain.Answer{Bool: &v})
}

// answerChoice takes the option pressed.
func (h *Handlers) answerChoice(c *convo, option string) error {
	qn := c.current()
	if qn == nil || qn.Type != domain.TypeChoice {
		return c.r.Answer("report.stale", nil)
	}
	for _, o := range qn.Options {
		if o.ID == option {
			return h.apply(c, qn, domain.Answer{Choice: o.ID})
		}
	}
	return c.r.Answer("report.stale", nil)
}

// apply stores an answer and moves on. A change that hides questions already answered is
// confirmed first: their answers are dropped together with the change.
func (h *Handlers) apply(c *convo, qn *domain.Question, a domain.Answer) error {
	after := maps.Clone(c.draft.Answers)
	after[qn.ID] = a
	if hidden := newlyHidden(c, after); len(hidden) > 0 {
		return h.askHide(c, qn, a, hidden)
	}
	if err := h.store(c, map[string]domain.Answer{qn.ID: a}, nil); err != nil {
		return err
	}
	// Every answer is confirmed, a pressed button too: the question's buttons disappear,
	// and an older user should see what was taken. Long text is not repeated.
	var prefix string
	switch {
	case a.Int != nil:
		id := "report.recorded"
		if qn.Type == domain.TypeMoney {
			id = "report.recorded_money"
		}
		prefix = c.r.T(id, map[string]any{"Value": domain.FormatVND(*a.Int)})
	case a.Skipped:
		prefix = c.r.T("report.recorded_skip", nil)
	case qn.Type == domain.TypeText:
		prefix = c.r.T("report.recorded_text", nil)
	default:
		prefix = c.r.T("report.recorded", map[string]any{"Value": bot.HTML(formatAnswer(c.r, qn, a))})
	}
	return h.next(c, prefix+"\n\n")
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

// next asks the first unanswered question (questions a change revealed included) or
// returns to the review.
func (h *Handlers) next(c *convo, prefix string) error {
	if qn, ok := c.q.Next(c.kind(), c.draft.Answers); ok {
		return h.ask(c, qn, prefix)
	}
	return h.review(c, prefix)
}

// newlyHidden lists the answered questions the answers in after hide that the stored
// answers do not.
func newlyHidden(c *convo, after map[string]domain.Answer) []string {
	before := map[string]bool{}
	for _, id := range c.q.Hidden(c.kind(), c.draft.Answers) {
		before[id] = true
	}
	var out []string
	for _, id := range c.q.Hidden(c.kind(), after) {
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
			list.WriteString("\n• " + bot.Escape(hq.Label.In(r.Lang())))
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

// confirmHide stores the pending change and drops the answers it hides, in one update.
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
	if err := h.store(c, map[string]domain.Answer{qn.ID: a}, c.q.Hidden(c.kind(), after)); err != nil {
		return err
	}
	return h.next(c, c.r.T("report.dropped", nil)+"\n\n")
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
