package handlers

import (
	"slices"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
)

// Schools lists every school by level with its reporters and whether each can be reached
// (has started the bot and not blocked it). Long lists are split into several messages.
func (h *Handlers) Schools(r *bot.Request) error {
	ctx := r.Context()
	schools, err := h.Registry.Schools(ctx)
	if err != nil {
		return err
	}
	if len(schools) == 0 {
		return r.Tell("schools.empty", nil)
	}
	slices.SortStableFunc(schools, func(a, b domain.School) int {
		return slices.Index(domain.Levels, a.Level) - slices.Index(domain.Levels, b.Level)
	})
	reporters, err := h.Registry.AllReporters(ctx)
	if err != nil {
		return err
	}
	active, linked := 0, 0
	var body strings.Builder
	level := domain.Level("")
	for _, sc := range schools {
		if sc.Active {
			active++
			if len(reporters[sc.Code]) > 0 {
				linked++
			}
		}
		if sc.Level != level {
			level = sc.Level
			body.WriteString("\n" + r.T("schools.level", map[string]any{"Level": r.T("officer.level."+string(level), nil)}) + "\n")
		}
		id := "schools.school"
		if !sc.Active {
			id = "schools.school_inactive"
		}
		body.WriteString(r.T(id, map[string]any{"Code": sc.Code, "Name": sc.Name}) + "\n")
		if len(reporters[sc.Code]) == 0 {
			body.WriteString(r.T("schools.no_reporter", nil) + "\n")
		}
		for _, u := range reporters[sc.Code] {
			body.WriteString(r.T(reporterState(u), map[string]any{"Name": u.Name}) + "\n")
		}
	}
	head := r.T("schools.title", map[string]any{"Total": len(schools), "Active": active, "Linked": linked})
	_, err = r.ReplyHTML(head + "\n" + body.String())
	return err
}

// reporterState is the locale id of a reporter's line: reachable, not started, blocked.
func reporterState(u domain.User) string {
	switch {
	case u.Unreachable:
		return "schools.reporter.blocked"
	case !u.Started:
		return "schools.reporter.not_started"
	}
	return "schools.reporter.ok"
}
