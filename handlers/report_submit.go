package handlers

import (
	"time"

	"errors"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/locales"
)

// submit sends the draft as the school's report (a new revision when it was sent before),
// if the deadline rules allow it and the answers pass the questionnaire's error checks,
// and tells the school's other reporters.
func (h *Handlers) submit(c *convo, _ string) error {
	r, ctx, now := c.r, c.r.Context(), h.Now()
	if qn, ok := c.v.Next(c.draft.Answers); ok {
		return h.ask(c, qn, r.T("report.missing", nil)+"\n\n")
	}
	prevYear, err := h.previousAnswers(c)
	if err != nil {
		return err
	}
	if res, ok := firstFailing(c.v.Check(c.draft.Answers, prevYear, ""), domain.SeverityError); ok {
		return h.refuse(c, res, c.draft.Answers)
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
	for _, qn := range c.v.Asked(c.draft.Answers) {
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
	text := r.T("report.submitted", data) + "\n" + r.T(afterSubmit(c.period, now, reopened), data) + "\n" + r.T("report.after_submit.next", nil)
	if _, err := r.ReplyHTML(text); err != nil {
		return err
	}
	h.tellReporters(c, sub)
	if returned {
		h.tellCorrected(c, ret, prev, sub) // report_return.go
	}
	return nil
}

// afterSubmit is the locale id saying whether and until when a report just sent may be
// revised: until the deadline while it has not passed; after it, the report is locked
// (again, when an officer had reopened it).
func afterSubmit(p domain.Period, now time.Time, reopened bool) string {
	switch {
	case domain.ReportEditState(p, now, true, false) == domain.EditRevise:
		return "report.after_submit.revise"
	case reopened:
		return "report.after_submit.relocked"
	}
	return "report.after_submit.locked"
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
