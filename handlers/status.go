package handlers

import (
	"context"
	"strings"
	"time"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/export"
	"github.com/camgiang-edu/reportbot/scheduler"
)

// levelCount is one level's progress.
type levelCount struct {
	Level       domain.Level
	Done, Total int
}

// unreachable is a reporter the bot cannot message: Blocked after a 403, else never started.
type unreachable struct {
	User    domain.User
	School  domain.School
	Blocked bool
}

// statusView is what /status shows for a period.
type statusView struct {
	Period      domain.Period
	Done, Total int
	Levels      []levelCount
	Late        []domain.School
	Returned    []domain.School // returned for correction, not sent again
	Drafts      []domain.School
	NoReporter  []domain.School
	Unreachable []unreachable
}

// statusOf computes a period's status from its round and the district's reporters. Each
// school counts once, in its own level (TH-THCS is a row of its own).
func (h *Handlers) statusOf(ctx context.Context, p domain.Period, tr domain.Translate) (*statusView, error) {
	round, err := h.loadRound(ctx, p, "vi", tr)
	if err != nil {
		return nil, err
	}
	reporters, err := h.Officer.AllReporters(ctx)
	if err != nil {
		return nil, err
	}
	v := &statusView{Period: p}
	byLevel := map[domain.Level]*levelCount{}
	for _, l := range domain.Levels {
		v.Levels = append(v.Levels, levelCount{Level: l})
	}
	for i := range v.Levels {
		byLevel[v.Levels[i].Level] = &v.Levels[i]
	}
	for _, sc := range round.Schools {
		v.Total++
		lc := byLevel[sc.Level]
		if lc == nil {
			lc = &levelCount{}
		}
		lc.Total++
		switch round.Status(sc.Code) {
		case export.StatusLate:
			v.Late = append(v.Late, sc)
			fallthrough
		case export.StatusSubmitted:
			v.Done++
			lc.Done++
		case export.StatusDraft:
			v.Drafts = append(v.Drafts, sc)
		case export.StatusReturned:
			v.Returned = append(v.Returned, sc)
		}
		if len(reporters[sc.Code]) == 0 {
			v.NoReporter = append(v.NoReporter, sc)
		}
		for _, u := range reporters[sc.Code] {
			if u.Unreachable || !u.Started {
				v.Unreachable = append(v.Unreachable, unreachable{User: u, School: sc, Blocked: u.Unreachable})
			}
		}
	}
	return v, nil
}

// Status shows the reporting round at a glance: "/status [period]".
func (h *Handlers) Status(r *bot.Request) error {
	p, err := h.period(r.Args)
	if err != nil {
		return err
	}
	v, err := h.statusOf(r.Context(), p, plainT(r))
	if err != nil {
		return err
	}
	_, err = r.ReplyHTML(h.renderStatus(r, v), h.officerButtons(r, p))
	return err
}

func (h *Handlers) renderStatus(r *bot.Request, v *statusView) string {
	var b strings.Builder
	line := func(id string, data map[string]any) {
		b.WriteString(r.T(id, data))
		b.WriteByte('\n')
	}
	line("officer.status.title", map[string]any{"Title": periodTitle(r, v.Period), "ID": v.Period.ID})
	line(h.deadlineLine(r, v.Period))
	b.WriteByte('\n')
	line("officer.status.total", map[string]any{"Done": v.Done, "Total": v.Total, "Bar": progressBar(v.Done, v.Total), "Pct": percent(v.Done, v.Total)})
	for _, lc := range v.Levels {
		if lc.Total == 0 {
			continue // a level the district has no school of
		}
		line("officer.status.level", map[string]any{"Level": string(lc.Level), "Bar": progressBar(lc.Done, lc.Total), "Done": lc.Done, "Total": lc.Total})
	}
	b.WriteByte('\n')
	schools := func(id string, list []domain.School) {
		line(id, map[string]any{"Count": len(list)})
		for _, sc := range list {
			line("officer.status.item", map[string]any{"Name": sc.Name, "Code": sc.Code})
		}
	}
	schools("officer.status.late", v.Late)
	if len(v.Returned) > 0 {
		schools("officer.status.returned", v.Returned)
	}
	schools("officer.status.drafts", v.Drafts)
	schools("officer.status.no_reporter", v.NoReporter)
	line("officer.status.unreachable", map[string]any{"Count": len(v.Unreachable)})
	for _, u := range v.Unreachable {
		why := "officer.why.not_started"
		if u.Blocked {
			why = "officer.why.blocked"
		}
		line("officer.status.unreachable_item", map[string]any{"User": userName(r, u.User), "School": u.School.Name, "Why": r.T(why, nil)})
	}
	return strings.TrimRight(b.String(), "\n")
}

// deadlineLine says how far the deadline is, by calendar days in the district.
func (h *Handlers) deadlineLine(r *bot.Request, p domain.Period) (string, map[string]any) {
	now := h.Now()
	last, _ := domain.ParseCivilDate(p.LastDay)
	date := scheduler.FormatDay(r.Bot(), r.Lang(), last)
	days := domain.CivilDateOf(now, h.Loc).DaysUntil(last)
	switch p.State(now) {
	case domain.PeriodUpcoming:
		return "officer.deadline.upcoming", map[string]any{"Opens": h.date(r, p.Opens), "Date": date, "Days": days}
	case domain.PeriodClosed:
		return "officer.deadline.closed", map[string]any{"Date": date}
	case domain.PeriodLate:
		return "officer.deadline.passed", map[string]any{"Date": date, "Days": -days, "Closes": h.date(r, p.Closes.Add(-time.Minute))}
	}
	if days == 0 {
		return "officer.deadline.today", map[string]any{"Date": date}
	}
	return "officer.deadline.left", map[string]any{"Date": date, "Days": days}
}
