package handlers

import (
	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/export"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Chart sends a picture of a period's progress per level and of the submissions per day up
// to the deadline: "/chart [period]".
func (h *Handlers) Chart(r *bot.Request) error {
	round, err := h.roundOf(r, r.Args)
	if err != nil {
		return err
	}
	p := round.Period
	png, err := export.Chart(round, h.Now())
	if err != nil {
		return err
	}
	photo := tgbotapi.NewPhoto(r.ChatID, tgbotapi.FileBytes{Name: "chart-" + p.ID + ".png", Bytes: png})
	photo.Caption = r.T("officer.chart.caption", map[string]any{"Title": periodTitle(r, p), "ID": p.ID})
	photo.ParseMode = tgbotapi.ModeHTML
	_, err = r.Bot().Out().Send(r.Context(), photo)
	return err
}
