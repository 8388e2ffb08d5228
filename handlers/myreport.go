package handlers

import (
	"errors"
	"slices"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// MyReport shows the school's latest submission with every answer and re-sends its files
// (/myreport; an officer may add a school code).
func (h *Handlers) MyReport(r *bot.Request) error {
	school, err := h.reportSchool(r)
	if err != nil {
		return err
	}
	now := h.Now()
	periods := h.Periods.Around(now, h.Loc)
	slices.Reverse(periods) // latest deadline first
	for _, p := range periods {
		if p.Opens.After(now) {
			continue
		}
		sub, err := h.Reports.Submission(r.Context(), p.ID, school.Code)
		if errors.Is(err, domain.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		return h.showSubmission(r, school, p, sub)
	}
	return r.Tell("report.myreport_none", map[string]any{"School": school.Name})
}

// showSubmission sends a submission's answers, as the questionnaire version it followed
// words them, then its files.
func (h *Handlers) showSubmission(r *bot.Request, school domain.School, p domain.Period, sub domain.Submission) error {
	q, err := h.questionnaire(r.Context(), sub.Questionnaire)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(r.T("report.myreport_title", map[string]any{
		"Period": h.periodName(r, p), "School": school.Name, "Time": h.clock(r, sub.SubmittedAt),
		"Name": h.personName(r, sub.SubmitterName), "Officer": sub.ByOfficer, "Revision": sub.Revision, "Late": sub.Late,
	}) + "\n")
	b.WriteString(renderAnswers(r, q, p.Kind, sub.Answers))
	if _, err := r.ReplyHTML(b.String()); err != nil {
		return err
	}
	return h.sendFiles(r, q, p.Kind, sub.Answers)
}

// sendFiles re-sends the photos and documents of file answers by their Telegram file_id,
// captioned with their question.
func (h *Handlers) sendFiles(r *bot.Request, q *domain.Questionnaire, kind domain.PeriodKind, answers map[string]domain.Answer) error {
	for _, qn := range q.Asked(kind, answers) {
		a := answers[qn.ID]
		if qn.Type != domain.TypeFile || a.File == nil {
			continue
		}
		caption := qn.Label.In(r.Lang())
		var msg tgbotapi.Chattable
		if a.File.Photo {
			m := tgbotapi.NewPhoto(r.ChatID, tgbotapi.FileID(a.File.FileID))
			m.Caption = caption
			msg = m
		} else {
			m := tgbotapi.NewDocument(r.ChatID, tgbotapi.FileID(a.File.FileID))
			m.Caption = caption
			msg = m
		}
		if _, err := r.Bot().Out().Send(r.Context(), msg); err != nil {
			return err
		}
	}
	return nil
}
