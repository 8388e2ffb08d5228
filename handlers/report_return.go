package handlers

import (
	"html"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/locales"
)

// This file is the report conversation's side of a return for correction (return.go is
// the officer's): the conversation calls resumeReturned when a report starts and
// tellCorrected after a corrected report was sent. Nothing else in report_*.go knows
// about returns.

// resumeReturned continues a report like resume, but when an officer returned it for
// correction it first shows the reason and asks the first question the officer named,
// or shows the review when none was named.
func (h *Handlers) resumeReturned(c *convo, prefix string) error {
	ret, ok, err := h.openReturn(c.r.Context(), c.period.ID, c.school.Code)
	if err != nil || !ok {
		if err != nil {
			return err
		}
		return h.resume(c, prefix)
	}
	prefix += c.r.T("report.returned", map[string]any{"Reason": ret.Reason, "At": h.clock(c.r, ret.At),
		"Questions": questionLabels(c.q, ret.Questions, c.r.Lang())}) + "\n\n"
	if _, missing := c.v.Next(c.draft.Answers); missing {
		return h.resume(c, prefix)
	}
	for _, id := range ret.Questions {
		if qn, ok := c.q.Question(id); ok && c.v.Visible(qn, c.draft.Answers) {
			c.flow.Data["sec"] = ""
			return h.ask(c, qn, prefix)
		}
	}
	return h.review(c, prefix)
}

// tellCorrected tells every officer privately that a returned school sent its report
// again: the school, the reason it was returned for, and each changed answer, old → new.
// Failures are logged: the report is sent.
func (h *Handlers) tellCorrected(c *convo, ret domain.Return, prev, sub domain.Submission) {
	r := c.r
	changed := domain.ChangedAnswers(prev.Answers, sub.Answers)
	for _, id := range h.Officers {
		lang := locales.VI
		if u, err := h.Users.User(r.Context(), id); err == nil {
			lang = locales.Lang(u.Lang, u.TgLang)
		}
		var lines []string
		for _, qid := range changed {
			qn, ok := c.q.Question(qid)
			if !ok {
				continue
			}
			lines = append(lines, r.Bot().T(lang, "return.change_line", map[string]any{"Label": qn.Label.In(lang),
				"Old": h.plainAnswer(r, qn, prev.Answers, lang), "New": h.plainAnswer(r, qn, sub.Answers, lang)}))
		}
		text := r.Bot().T(lang, "return.corrected", map[string]any{"School": c.school.Name, "Code": c.school.Code,
			"Period": h.periodNameIn(r, lang, c.period), "ID": c.period.ID, "Reason": ret.Reason,
			"By": sub.SubmitterName, "Time": h.clockIn(r, lang, sub.SubmittedAt), "Count": len(lines)})
		if len(lines) > 0 {
			text += "\n" + strings.Join(lines, "\n")
		}
		if _, err := r.Bot().SendHTML(r.Context(), id, text); err != nil {
			r.Log.Warn().Err(err).Int64("to", id).Msg("tell officer of a corrected report")
		}
	}
}

// plainAnswer is an answer as plain text in lang ("—" style locale text when there is
// none), for a message that escapes it.
func (h *Handlers) plainAnswer(r *bot.Request, qn *domain.Question, answers map[string]domain.Answer, lang string) string {
	a, ok := answers[qn.ID]
	if !ok {
		return html.UnescapeString(r.Bot().T(lang, "return.no_answer", nil))
	}
	raw := func(lang, id string, data map[string]any) string {
		safe := make(map[string]any, len(data))
		for k, v := range data {
			if s, ok := v.(string); ok {
				v = bot.HTML(s)
			}
			safe[k] = v
		}
		return html.UnescapeString(r.Bot().T(lang, id, safe))
	}
	return domain.FormatAnswer(qn, a, lang, raw)
}
