package handlers

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
)

// resume continues the draft where it stands: the first unanswered question, or the
// review when every question has an answer. prefix (HTML) goes before it in one message.
func (h *Handlers) resume(c *convo, prefix string) error {
	if qn, ok := c.v.Next(c.draft.Answers); ok {
		c.flow.Data["sec"] = "" // a resumed conversation shows its section again
		return h.ask(c, qn, prefix)
	}
	return h.review(c, prefix)
}

// ask sends one question with its buttons and makes it the current one.
func (h *Handlers) ask(c *convo, qn *domain.Question, prefix string) error {
	return h.askWith(c, qn, prefix, nil)
}

// askWith is ask with extra rows of buttons above the navigation (the questions a failed
// check reads, to correct one of them).
func (h *Handlers) askWith(c *convo, qn *domain.Question, prefix string, extra [][]bot.Button) error {
	r, lang := c.r, c.r.Lang()
	var b strings.Builder
	b.WriteString(prefix)
	secID := ""
	if sec := c.q.SectionOf(qn.ID); sec != nil {
		secID = sec.ID
		if sec.ID != c.flow.Data["sec"] {
			b.WriteString(r.T("report.section", map[string]any{"Title": c.v.Text(sec.Title, lang)}) + "\n")
		}
	}
	p := c.v.Progress(c.draft.Answers, qn.ID)
	b.WriteString(r.T("report.progress", map[string]any{"Section": p.Section, "Sections": p.Sections, "N": p.Question, "Total": p.Questions}) + "\n")
	b.WriteString(r.T("report.label", map[string]any{"Label": c.v.Label(qn, lang)}))
	if hint := c.v.Hint(qn, lang, plainT(r)); hint != "" {
		b.WriteString("\n" + r.T("report.hint", map[string]any{"Hint": hint}))
	}
	b.WriteString("\n" + r.T("report.expect."+string(qn.Type), map[string]any{
		"Max": domain.FormatVND(int64(qn.TextLimit())), "Files": qn.FileLimit()}))
	a, answered := c.draft.Answers[qn.ID]
	if answered {
		b.WriteString("\n" + r.T("report.current_answer", map[string]any{"Value": bot.HTML(formatAnswer(r, qn, a))}))
	}
	h1, hasH1, err := h.firstHalfAnswer(c, qn)
	if err != nil {
		return err
	}
	if hasH1 {
		b.WriteString("\n" + r.T("report.first_half", map[string]any{"Value": bot.HTML(shorten(formatAnswer(r, qn, h1), 160))}))
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
			rows = append(rows, bot.Row(bot.Button{Text: c.v.Text(o.Label, lang), Data: cb(tok, "c", o.ID)}))
		}
	}
	if hasH1 && (!answered || !a.SameValue(h1)) {
		rows = append(rows, bot.Row(bot.Button{Text: r.T("report.btn.keep_first_half", nil), Data: cb(tok, "h1", "")}))
	}
	for _, row := range extra {
		rows = append(rows, retoken(row, tok))
	}
	rows = append(rows, h.navButtons(c, qn, tok, answered))
	if err := h.setStep(c, stepAsk, tok, map[string]string{"q": qn.ID, "sec": secID}); err != nil {
		return err
	}
	_, err = r.ReplyHTML(b.String(), bot.Keyboard(rows...))
	return err
}

// navButtons is the row under a question: back, skip, keep the answer, and back to the
// review while a section is being edited.
func (h *Handlers) navButtons(c *convo, qn *domain.Question, tok string, answered bool) []bot.Button {
	r := c.r
	var nav []bot.Button
	if _, ok := c.v.Prev(c.draft.Answers, qn.ID); ok {
		nav = append(nav, bot.Button{Text: r.T("report.btn.back", nil), Data: cb(tok, evBack, "")})
	}
	if !qn.Required {
		nav = append(nav, bot.Button{Text: r.T("report.btn.skip", nil), Data: cb(tok, evSkip, "")})
	}
	if answered {
		nav = append(nav, bot.Button{Text: r.T("report.btn.keep", nil), Data: cb(tok, "kp", "")})
	}
	if c.flow.Data["es"] != "" {
		if _, missing := c.v.Next(c.draft.Answers); !missing {
			nav = append(nav, bot.Button{Text: r.T("report.btn.to_review", nil), Data: cb(tok, "rv", "")})
		}
	}
	return nav
}

// retoken gives buttons built before the step's token (their Data holds only the action
// and argument, "e:<id>") the token.
func retoken(row []bot.Button, tok string) []bot.Button {
	out := make([]bot.Button, len(row))
	for i, b := range row {
		action, arg, _ := strings.Cut(b.Data, ":")
		out[i] = bot.Button{Text: b.Text, Data: cb(tok, action, arg)}
	}
	return out
}

// shorten cuts s to at most n runes, marking the cut with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// formatAnswer renders an answer for a message, HTML-escaped once: the words around the
// value come from the locales unescaped, then the whole is escaped.
func formatAnswer(r *bot.Request, qn *domain.Question, a domain.Answer) string {
	return bot.Escape(domain.FormatAnswer(qn, a, r.Lang(), plainT(r)))
}

// answerText reads a typed answer to the current question; a refused one gets the
// domain's reason and the same question again, a hedged number ("khoảng 20") a question
// whether to keep it.
func (h *Handlers) answerText(c *convo, _ string) error {
	qn := c.current()
	if qn == nil {
		return h.resume(c, "")
	}
	if qn.Type == domain.TypeFile && c.flow.Data["fc"] == "1" {
		return h.filesAck(c, qn, "report.files_press_done", nil)
	}
	p, err := domain.ParseInput(qn, c.r.Text())
	var ue *domain.UserError
	if errors.As(err, &ue) {
		return h.ask(c, qn, c.r.T("report.invalid", map[string]any{"Why": bot.HTML(c.r.T(ue.MsgID, ue.Data))})+"\n\n")
	}
	if err != nil {
		return err
	}
	if p.Approximate {
		return h.askApprox(c, qn, p)
	}
	return h.apply(c, qn, p.Answer)
}

// askApprox asks whether to keep the number a reporter hedged; typing another number
// answers the question instead.
func (h *Handlers) askApprox(c *convo, qn *domain.Question, p domain.Parsed) error {
	r, tok := c.r, newToken()
	kb := bot.Keyboard(bot.Row(bot.Button{Text: r.T("report.btn.confirm_value", p.ConfirmData()), Data: cb(tok, "ay", "")},
		bot.Button{Text: r.T("report.btn.back", nil), Data: cb(tok, evBack, "")}))
	if err := h.setStep(c, stepApprox, tok, map[string]string{"q": qn.ID, "pv": strconv.FormatInt(*p.Answer.Int, 10)}); err != nil {
		return err
	}
	_, err := r.Reply(domain.MsgConfirmApproximate, p.ConfirmData(), kb)
	return err
}

// confirmApprox keeps the hedged number.
func (h *Handlers) confirmApprox(c *convo, _ string) error {
	qn := c.current()
	n, err := strconv.ParseInt(c.flow.Data["pv"], 10, 64)
	if qn == nil || err != nil {
		return c.r.Answer("report.stale", nil)
	}
	return h.apply(c, qn, domain.Answer{Int: &n})
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

// keepFirstHalf answers the question as the school did in the six-month report.
func (h *Handlers) keepFirstHalf(c *convo, _ string) error {
	qn := c.current()
	if qn == nil {
		return c.r.Answer("report.stale", nil)
	}
	a, ok, err := h.firstHalfAnswer(c, qn)
	if err != nil || !ok {
		return errors.Join(err, c.r.Answer("report.stale", nil))
	}
	return h.apply(c, qn, a)
}
