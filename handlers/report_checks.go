package handlers

import (
	"strings"
	"unicode/utf8"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"golang.org/x/text/unicode/norm"
)

// maxNote is the longest explanation of a warned answer, in runes: a sentence or two.
const maxNote = 500

// firstFailing returns the first result of the severity; a warning the reporter already
// explained does not count.
func firstFailing(results []domain.CheckResult, sev domain.Severity) (domain.CheckResult, bool) {
	for _, res := range results {
		if res.Severity == sev && !res.Explained {
			return res, true
		}
	}
	return domain.CheckResult{}, false
}

// refuse tells why answers do not fit together and asks the check's anchor question
// again, listing the questions it reads (as after would have them) with a button to
// correct each of the others. The refused answer is not kept.
func (h *Handlers) refuse(c *convo, res domain.CheckResult, after map[string]domain.Answer) error {
	r, lang := c.r, c.r.Lang()
	anchor, ok := c.q.Question(res.Anchor)
	if !ok {
		return h.resume(c, "")
	}
	var b strings.Builder
	b.WriteString(r.T("report.check_failed", map[string]any{"Why": bot.HTML(r.T(res.MsgID, res.Data))}))
	var rows [][]bot.Button
	for _, id := range res.Questions {
		qn, ok := c.q.Question(id)
		if !ok {
			continue
		}
		value := r.T("report.unanswered", nil)
		if a, ok := after[id]; ok {
			value = formatAnswer(r, qn, a)
		}
		label := c.v.Label(qn, lang)
		b.WriteString("\n" + r.T("report.check_line", map[string]any{"Label": label, "Q": isQuestion(label), "Value": bot.HTML(value)}))
		if id != anchor.ID {
			rows = append(rows, bot.Row(bot.Button{Text: r.T("report.btn.correct", map[string]any{"Label": shorten(label, 60)}), Data: "e:" + id}))
		}
	}
	return h.askWith(c, anchor, b.String()+"\n\n", rows)
}

// editQuestion asks a question a failed check reads, to correct it.
func (h *Handlers) editQuestion(c *convo, id string) error {
	qn, ok := c.q.Question(id)
	if !ok || !c.v.Visible(qn, c.draft.Answers) {
		return c.r.Answer("report.stale", nil)
	}
	return h.ask(c, qn, "")
}

// askWarn shows a warning about an answer already kept and asks the reporter to confirm
// it, correct it, or type why it is right (the note the officer reads).
func (h *Handlers) askWarn(c *convo, res domain.CheckResult, prefix string) error {
	r, tok := c.r, newToken()
	kb := bot.Keyboard(bot.Row(bot.Button{Text: r.T("report.btn.confirm", nil), Data: cb(tok, "wc", "")},
		bot.Button{Text: r.T("report.btn.correct_again", nil), Data: cb(tok, "we", "")}))
	if err := h.setStep(c, stepWarn, tok, map[string]string{"q": res.Anchor, "ck": res.Check}); err != nil {
		return err
	}
	_, err := r.ReplyHTML(prefix+r.T("report.check_warning", map[string]any{"Why": bot.HTML(r.T(res.MsgID, res.Data))}), kb)
	return err
}

// rewarn shows the warning the conversation stands at again, or moves on when it no
// longer applies.
func (h *Handlers) rewarn(c *convo) error {
	prev, err := h.previousAnswers(c)
	if err != nil {
		return err
	}
	for _, res := range c.v.Check(c.draft.Answers, prev, "") {
		if res.Check == c.flow.Data["ck"] && res.Severity == domain.SeverityWarning && !res.Explained {
			return h.askWarn(c, res, "")
		}
	}
	return h.next(c, "")
}

// confirmWarning keeps the warned answer as it is.
func (h *Handlers) confirmWarning(c *convo, _ string) error {
	return h.next(c, c.r.T("report.warning_confirmed", nil)+"\n\n")
}

// correctWarning asks the warned question again.
func (h *Handlers) correctWarning(c *convo, _ string) error {
	qn := c.current()
	if qn == nil {
		return h.resume(c, "")
	}
	return h.ask(c, qn, "")
}

// explainWarning reads what the reporter typed after a warning: a valid new answer to a
// numeric question corrects it; anything else is the explanation, kept in the answer's
// Note for the officer.
func (h *Handlers) explainWarning(c *convo, _ string) error {
	qn := c.current()
	a, ok := c.draft.Answers[c.flow.Data["q"]]
	if qn == nil || !ok {
		return h.resume(c, "")
	}
	text := strings.TrimSpace(norm.NFC.String(c.r.Text()))
	if qn.Type == domain.TypeInteger || qn.Type == domain.TypeMoney {
		if p, err := domain.ParseInput(qn, text); err == nil && !p.Approximate {
			return h.apply(c, qn, p.Answer)
		}
	}
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		return c.r.Tell("report.note_empty", nil)
	case n > maxNote:
		return c.r.Tell("report.note_too_long", map[string]any{"Len": n, "Max": maxNote})
	}
	a.Note = text
	if err := h.store(c, map[string]domain.Answer{qn.ID: a}, nil); err != nil {
		return err
	}
	return h.next(c, c.r.T("report.note_recorded", nil)+"\n\n")
}
