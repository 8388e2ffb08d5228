package handlers

import (
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
)

// Missing lists the schools that have not submitted for a period, grouped by level, each
// with its reporters and whether a draft is in progress: "/missing [period]".
func (h *Handlers) Missing(r *bot.Request) error {
	round, err := h.roundOf(r, r.Args)
	if err != nil {
		return err
	}
	p := round.Period
	reporters, err := h.Officer.AllReporters(r.Context())
	if err != nil {
		return err
	}
	missing := round.Missing()
	// A returned school is listed apart, after the missing ones.
	var b strings.Builder
	line := func(id string, data map[string]any) {
		b.WriteString(r.T(id, data))
		b.WriteByte('\n')
	}
	title := periodTitle(r, p)
	if len(missing) == 0 {
		line("officer.missing.none", map[string]any{"Title": title, "ID": p.ID, "Total": len(round.Schools)})
	} else {
		line("officer.missing.title", map[string]any{"Title": title, "ID": p.ID, "Count": len(missing), "Total": len(round.Schools)})
	}
	for _, l := range domain.Levels {
		var group []domain.School
		for _, sc := range missing {
			if sc.Level == l {
				group = append(group, sc)
			}
		}
		if len(group) == 0 {
			continue
		}
		b.WriteByte('\n')
		line("officer.missing.level", map[string]any{"Level": round.LevelName(l), "Count": len(group)})
		for _, sc := range group {
			state := "officer.missing.no_draft"
			if round.Drafts[sc.Code] {
				state = "officer.missing.draft"
			}
			line("officer.missing.school", map[string]any{"Name": sc.Name, "Code": sc.Code, "State": r.T(state, nil)})
			contactLines(r, sc, reporters[sc.Code], line)
		}
	}
	if returned := round.Returned(); len(returned) > 0 {
		b.WriteByte('\n')
		line("officer.missing.returned_title", map[string]any{"Count": len(returned)})
		for _, sc := range returned {
			ret := round.Returns[sc.Code]
			line("officer.missing.returned_school", map[string]any{"Name": sc.Name, "Code": sc.Code, "At": h.clock(r, ret.At), "Reason": ret.Reason})
			contactLines(r, sc, reporters[sc.Code], line)
		}
	}
	_, err = r.ReplyHTML(strings.TrimRight(b.String(), "\n"), h.officerButtons(r, p))
	return err
}

// contactLines writes how to reach a school the officer chases: the phones of the
// district's register, then each reporter with the number they shared, if any.
func contactLines(r *bot.Request, sc domain.School, reporters []domain.User, line func(id string, data map[string]any)) {
	if len(sc.Phones) > 0 {
		line("officer.missing.school_phones", map[string]any{"Phones": strings.Join(sc.Phones, ", ")})
	}
	if len(reporters) == 0 {
		line("officer.missing.no_reporter", nil)
	}
	for _, u := range reporters {
		id := "officer.missing.reporter"
		if u.Unreachable || !u.Started {
			id = "officer.missing.reporter_unreachable"
		}
		line(id, map[string]any{"Name": userName(r, u), "Phone": u.Phone})
	}
}
