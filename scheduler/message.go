package scheduler

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
)

// view indexes a snapshot for rendering.
type view struct {
	periods map[string]domain.Period
	schools map[string]domain.School
	users   map[int64]domain.User
	groups  []domain.Group
}

func newView(in Input) view {
	v := view{periods: map[string]domain.Period{}, schools: map[string]domain.School{}, users: map[int64]domain.User{}, groups: in.Groups}
	for _, p := range in.Periods {
		v.periods[p.ID] = p
	}
	for _, s := range in.Schools {
		v.schools[s.Code] = s
	}
	for _, us := range in.Reporters {
		for _, u := range us {
			v.users[u.ID] = u
		}
	}
	return v
}

func (v view) schoolName(code string) string {
	if s, ok := v.schools[code]; ok && s.Name != "" {
		return s.Name
	}
	return code
}

// Render writes a reminder's text in lang: a short direct message for a school's
// reporter, a digest for a group or an officer. Group digests name schools without
// @-mentions.
func (s *Scheduler) Render(lang string, v view, r Reminder) string {
	p := v.periods[r.Period]
	last, _ := domain.ParseCivilDate(p.LastDay)
	data := map[string]any{
		"Period":   PeriodTitle(s.Text, lang, p),
		"Deadline": FormatDay(s.Text, lang, last),
		"Left":     DaysLeft(s.Text, lang, r.DaysLeft),
		"School":   v.schoolName(r.School),
	}
	var names []string
	for _, c := range r.Missing {
		names = append(names, v.schoolName(c))
	}
	data["Missing"], data["MissingCount"] = bullets(names), len(names)
	data["Submitted"], data["Total"] = r.Submitted, r.Total
	switch r.Kind {
	case KindSchool:
		id := "remind.school"
		if r.DaysLeft < 0 {
			id = "remind.school.late"
		}
		return s.Text.T(lang, id, data)
	case KindGroup:
		return s.Text.T(lang, "remind.group", data)
	}
	text := s.Text.T(lang, "remind.officer", data)
	if un := v.unreachable(s.Text, lang, r); len(un) > 0 {
		text += "\n\n" + s.Text.T(lang, "remind.officer.unreachable", map[string]any{"Count": len(un), "List": bulletsHTML(un)})
	}
	return text
}

// unreachable lists, for an officer's digest, the reporters of missing schools the bot
// cannot write to (never started it, or blocked it) and the groups it was removed from.
func (v view) unreachable(t Translator, lang string, r Reminder) []string {
	missing := map[string]bool{}
	for _, c := range r.Missing {
		missing[c] = true
	}
	never := map[int64]bool{}
	for _, id := range r.Unreachable {
		never[id] = true
	}
	var ids []int64
	for id, u := range v.users {
		if missing[u.SchoolCode] && (never[id] || u.Unreachable || !u.Started) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	var out []string
	for _, id := range ids {
		u := v.users[id]
		why := "remind.unreachable.blocked"
		if !u.Started {
			why = "remind.unreachable.not_started"
		}
		name := cmp.Or(u.Name, u.Phone, "id "+strconv.FormatInt(u.ID, 10))
		out = append(out, t.T(lang, why, map[string]any{"Name": name, "School": v.schoolName(u.SchoolCode)}))
	}
	for _, g := range v.groups {
		if !g.Active && g.Disabled == "kicked" {
			out = append(out, t.T(lang, "remind.unreachable.group", map[string]any{"Title": g.Title}))
		}
	}
	return out
}

var _ Translator = (*bot.Bot)(nil)
