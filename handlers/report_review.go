package handlers

import (
	"errors"
	"strconv"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/locales"
)

// editButtonsPerRow is how many "change answer n" buttons share a row: a phone shows six
// numbers comfortably.
const editButtonsPerRow = 6

// review shows every answer with a button to submit and one per question to change it.
func (h *Handlers) review(c *convo, prefix string) error {
	r := c.r
	sub, err := h.Reports.Submission(r.Context(), c.period.ID, c.school.Code)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteString(r.T("report.review_title", h.periodData(c, sub)) + "\n")
	b.WriteString(renderAnswers(r, c.q, c.kind(), c.draft.Answers))
	switch {
	case sub.Revision > 0 && len(domain.ChangedAnswers(sub.Answers, c.draft.Answers)) == 0:
		b.WriteString("\n" + r.T("report.review_unchanged", h.periodData(c, sub)))
	case sub.Revision > 0:
		b.WriteString("\n" + r.T("report.review_revise", h.periodData(c, sub)))
	default:
		b.WriteString("\n" + r.T("report.review_footer", nil))
	}
	tok := newToken()
	rows := [][]bot.Button{bot.Row(bot.Button{Text: r.T("report.btn.submit", nil), Data: cb(tok, "sub", "")})}
	var row []bot.Button
	for i, qn := range c.q.Asked(c.kind(), c.draft.Answers) {
		row = append(row, bot.Button{Text: r.T("report.btn.edit", map[string]any{"N": i + 1}), Data: cb(tok, "e", qn.ID)})
		if len(row) == editButtonsPerRow {
			rows, row = append(rows, row), nil
		}
	}
	rows = append(rows, row)
	if err := h.setStep(c, stepReview, tok, map[string]string{"q": ""}); err != nil {
		return err
	}
	_, err = r.ReplyHTML(b.String(), bot.Keyboard(rows...))
	return err
}

// renderAnswers lists the visible questions by section, numbered as the review's buttons,
// with their answers. Text answers stand on their own lines without tags, so a long
// report can be split at any line break.
func renderAnswers(r *bot.Request, q *domain.Questionnaire, kind domain.PeriodKind, answers map[string]domain.Answer) string {
	var b strings.Builder
	lang, sec := r.Lang(), ""
	for i, qn := range q.Asked(kind, answers) {
		if s := q.SectionOf(qn.ID); s != nil && s.ID != sec {
			sec = s.ID
			b.WriteString("\n" + r.T("report.section", map[string]any{"Title": s.Title.In(lang)}) + "\n")
		}
		n := strconv.Itoa(i + 1)
		a, ok := answers[qn.ID]
		switch {
		case !ok:
			b.WriteString(r.T("report.review_line", map[string]any{"N": n, "Label": qn.Label.In(lang), "Q": isQuestion(qn.Label.In(lang)), "Value": bot.HTML(r.T("report.unanswered", nil))}))
		case qn.Type == domain.TypeText && !a.Skipped:
			b.WriteString(r.T("report.review_text", map[string]any{"N": n, "Label": qn.Label.In(lang), "Q": isQuestion(qn.Label.In(lang))}) + "\n" + formatAnswer(r, qn, a))
		default:
			b.WriteString(r.T("report.review_line", map[string]any{"N": n, "Label": qn.Label.In(lang), "Q": isQuestion(qn.Label.In(lang)), "Value": bot.HTML(formatAnswer(r, qn, a))}))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// isQuestion reports whether a label ends with a question mark, so the templates put the
// answer after it without a colon ("… không? Có", not "… không?: Có").
func isQuestion(label string) bool { return strings.HasSuffix(strings.TrimSpace(label), "?") }

// edit asks one question again from the review; answering it returns to the review, after
// asking any question the new answer reveals.
func (h *Handlers) edit(c *convo, qid string) error {
	qn, ok := c.q.Question(qid)
	if !ok || !c.q.Visible(c.kind(), qn, c.draft.Answers) {
		return c.r.Answer("report.stale", nil)
	}
	c.flow.Data["sec"] = ""
	return h.ask(c, qn, "")
}

// submit sends the draft as the school's report (a new revision when it was sent before),
// if the deadline rules allow it, and tells the school's other reporters.
func (h *Handlers) submit(c *convo, _ string) error {
	r, ctx, now := c.r, c.r.Context(), h.Now()
	if qn, ok := c.q.Next(c.kind(), c.draft.Answers); ok {
		return h.ask(c, qn, r.T("report.missing", nil)+"\n\n")
	}
	prev, err := h.Reports.Submission(ctx, c.period.ID, c.school.Code)
	submitted := err == nil
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	reopened, err := h.Reports.Reopened(ctx, c.period.ID, c.school.Code)
	if err != nil {
		return err
	}
	if msg := lockMessage(domain.ReportEditState(c.period, now, submitted, reopened)); msg != "" {
		if err := h.Reports.ClearChatFlow(ctx, r.ChatID); err != nil {
			return err
		}
		return r.Tell(msg, h.periodData(c, prev))
	}
	answers := map[string]domain.Answer{}
	for _, qn := range c.q.Asked(c.kind(), c.draft.Answers) {
		if a, ok := c.draft.Answers[qn.ID]; ok {
			answers[qn.ID] = a
		}
	}
	ret, returned, err := h.openReturn(ctx, c.period.ID, c.school.Code) // report_return.go
	if err != nil {
		return err
	}
	changed := domain.ChangedAnswers(prev.Answers, answers)
	if submitted && len(changed) == 0 && !returned { // a returned school may confirm its figures
		if err := h.Reports.ClearChatFlow(ctx, r.ChatID); err != nil {
			return err
		}
		return r.Tell("report.no_changes", nil)
	}
	byOfficer := r.Actor.IsOfficer() && r.Actor.School != c.school.Code
	sub, err := h.Reports.Submit(ctx, domain.SubmitRequest{
		Submission: domain.Submission{Period: c.period.ID, School: c.school.Code,
			Questionnaire: c.period.Questionnaire, Answers: answers, SubmittedBy: r.Actor.UserID,
			SubmitterName: r.Actor.Name, ByOfficer: byOfficer, SubmittedAt: now, Late: !now.Before(c.period.DueAt), Reopened: reopened},
		Changed:       changed,
		Audit:         domain.AuditEntry{UserID: r.Actor.UserID, Name: r.Actor.Name, At: now},
		EndReopen:     reopened,
		ResolveReturn: returned,
		Flow:          domain.FlowChange{ChatID: r.ChatID, UpdateID: r.UpdateID},
	})
	if err != nil {
		return err
	}
	h.Metrics.Submitted(sub.Revision > 1)
	data := h.periodData(c, sub)
	data["Late"], data["Revised"] = sub.Late, sub.Revision > 1
	if _, err := r.Reply("report.submitted", data); err != nil {
		return err
	}
	h.tellReporters(c, sub)
	if returned {
		h.tellCorrected(c, ret, prev, sub) // report_return.go
	}
	return nil
}

// tellReporters tells the school's other reporters that its report was sent, and ends
// their report conversation on the same draft. Failures are logged: the report is sent.
func (h *Handlers) tellReporters(c *convo, sub domain.Submission) {
	ctx := c.r.Context()
	users, err := h.Reports.Reporters(ctx, c.school.Code)
	if err != nil {
		c.r.Log.Warn().Err(err).Msg("list reporters to tell of a submission")
		return
	}
	for _, u := range users {
		if u.ID == c.r.Actor.UserID {
			continue
		}
		if f, err := h.Reports.ChatFlow(ctx, u.ID); err == nil && f.Name == reportFlow && f.Data["p"] == sub.Period {
			_ = h.Reports.ClearChatFlow(ctx, u.ID)
		}
		lang := locales.Lang(u.Lang, u.TgLang)
		name := h.periodNameIn(c.r, lang, c.period)
		text := c.r.Bot().T(lang, "report.notify_submitted", map[string]any{"Period": name, "School": c.school.Name,
			"Name": sub.SubmitterName, "Officer": sub.ByOfficer, "Time": h.clockIn(c.r, lang, sub.SubmittedAt)})
		if _, err := c.r.Bot().SendHTML(ctx, u.ID, text); err != nil {
			c.r.Log.Warn().Err(err).Int64("to", u.ID).Msg("tell reporter of a submission")
		}
	}
}
