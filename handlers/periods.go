package handlers

import (
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/scheduler"
)

// ListPeriods lists the reporting periods of this year and the next, with the day each opens,
// its last on-time day and the last day late reports are taken, each with its weekday,
// and where it stands now.
func (h *Handlers) ListPeriods(r *bot.Request) error {
	now := h.Now()
	year := domain.CivilDateOf(now, h.Loc).Year
	ps := append(h.Deps.Periods.Periods(year, h.Loc), h.Deps.Periods.Periods(year+1, h.Loc)...)
	if len(ps) == 0 {
		return r.Tell("periods.none", nil)
	}
	lines := []string{r.T("periods.title", nil)}
	for _, p := range ps {
		last, _ := domain.ParseCivilDate(p.LastDay)
		day := func(c domain.CivilDate) string { return scheduler.FormatDay(r.Bot(), r.Lang(), c) }
		lines = append(lines, r.T("periods.item", map[string]any{
			"Title": scheduler.PeriodTitle(r.Bot(), r.Lang(), p), "ID": p.ID,
			"Opens": day(domain.CivilDateOf(p.Opens, h.Loc)), "Last": day(last),
			"Closes": day(domain.CivilDateOf(p.Closes, h.Loc).AddDays(-1)),
			"State":  r.T("periods.state."+stateName(p.State(now)), nil),
		}))
	}
	_, err := r.ReplyHTML(strings.Join(lines, "\n\n"))
	return err
}

func stateName(s domain.PeriodState) string {
	switch s {
	case domain.PeriodOpen:
		return "open"
	case domain.PeriodLate:
		return "late"
	case domain.PeriodClosed:
		return "closed"
	}
	return "upcoming"
}
