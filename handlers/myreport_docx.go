package handlers

import (
	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/export"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// sendSchoolDocx sends the school's written report of a submission as a Word file, in
// the Decree 30/2020 layout, filled from its answers: to print, sign, stamp and attach.
func (h *Handlers) sendSchoolDocx(r *bot.Request, school domain.School, p domain.Period, sub domain.Submission) error {
	q, err := h.questionnaire(r.Context(), sub.Questionnaire)
	if err != nil {
		return err
	}
	info := h.ReportDoc
	info.Template, info.Date = nil, h.Now()
	data, err := export.SchoolDOCX(export.SchoolReport{
		View: q.ViewFor(school.Level, p), School: school, Period: p, Answers: sub.Answers,
		Lang: r.Lang(), Tr: plainT(r), Loc: h.Loc,
	}, info)
	if err != nil {
		return err
	}
	doc := tgbotapi.NewDocument(r.ChatID, tgbotapi.FileBytes{Name: export.SchoolFileName(school, p), Bytes: data})
	doc.Caption = r.T("report.docx_caption", map[string]any{"Period": h.periodName(r, p), "School": school.Name})
	doc.ParseMode = tgbotapi.ModeHTML
	_, err = r.Bot().Out().Send(r.Context(), doc)
	return err
}
