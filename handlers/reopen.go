package handlers

import (
	"errors"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/locales"
)

// Reopen lets a school change and send its report again after the deadline
// (/reopen SCHOOLCODE [period]; the period defaults to the current one). The school's
// reporters are told; once the school sends, the report locks again.
func (h *Handlers) Reopen(r *bot.Request) error {
	args := strings.Fields(r.Args)
	if len(args) == 0 || len(args) > 2 {
		return r.Tell("report.reopen_usage", nil)
	}
	code, err := domain.NormalizeSchoolCode(args[0])
	if err != nil {
		return r.Tell("report.bad_school_code", map[string]any{"Code": args[0]})
	}
	school, err := h.Reports.School(r.Context(), code)
	if errors.Is(err, domain.ErrNotFound) {
		return r.Tell("report.unknown_school", map[string]any{"Code": code})
	}
	if err != nil {
		return err
	}
	now := h.Now()
	p, ok := h.Periods.Default(now, h.Loc)
	if len(args) == 2 {
		p, ok = h.Periods.Find(args[1], h.Loc)
	}
	if !ok {
		return r.Tell("report.unknown_period", map[string]any{"Period": strings.Join(args[1:], "")})
	}
	if p.Opens.After(now) {
		return r.Tell("report.reopen_not_open", map[string]any{"Period": h.periodName(r, p), "Date": h.date(r, p.Opens)})
	}
	if _, err := h.Reports.PinPeriod(r.Context(), p, h.Questionnaire); err != nil {
		return err
	}
	if err := h.Reports.Reopen(r.Context(), p.ID, code, r.Actor.UserID); err != nil {
		return err
	}
	if _, err := r.Reply("report.reopened", map[string]any{"Period": h.periodName(r, p), "School": school.Name, "Code": code}); err != nil {
		return err
	}
	users, err := h.Reports.Reporters(r.Context(), code)
	if err != nil {
		r.Log.Warn().Err(err).Msg("list reporters to tell of a reopening")
		return nil
	}
	for _, u := range users {
		lang := locales.Lang(u.Lang, u.TgLang)
		text := r.Bot().T(lang, "report.notify_reopened", map[string]any{"Period": h.periodNameIn(r, lang, p), "School": school.Name})
		if _, err := r.Bot().SendHTML(r.Context(), u.ID, text); err != nil {
			r.Log.Warn().Err(err).Int64("to", u.ID).Msg("tell reporter of a reopening")
		}
	}
	return nil
}
