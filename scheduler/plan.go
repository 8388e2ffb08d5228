// Package scheduler decides which reminders are due and when. Plan is a pure function of
// the clock, the config and a snapshot of the data; sending, the outbox and locale text
// live elsewhere.
package scheduler

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// Kind tells who a reminder is for.
type Kind string

// Reminder kinds.
const (
	KindSchool  Kind = "school"  // a reporter of a school that has not submitted, in private
	KindGroup   Kind = "group"   // a bound group chat: the missing schools of its level
	KindOfficer Kind = "officer" // a district officer, in private: every missing school
)

// Input is a snapshot of everything Plan reads. Loc is the district's zone and must not be
// nil. Reporters maps a school code to its linked users; Submitted maps a period id to the
// codes of the schools that submitted in it, on time or late; Returned maps a period id to
// the codes of the schools whose report an officer returned for correction and that have
// not sent it again: they count as not submitted. Officers are Telegram user ids.
type Input struct {
	Now       time.Time
	Loc       *time.Location
	Config    Config
	Periods   []domain.Period
	Schools   []domain.School
	Reporters map[string][]domain.User
	Submitted map[string]map[string]bool
	Returned  map[string]map[string]bool
	Groups    []domain.Group
	Officers  []int64
}

// Reminder is one message due now. ID is its outbox identity "period:stage:recipient",
// recipient being "u<user id>", "g<chat id>" or "o<officer id>", so every run of Plan on the
// same day yields the same ids and the outbox can drop repeats.
//
// School is set for KindSchool. Missing (school codes, sorted), Submitted and Total are set
// for digests and count only active schools in the recipient's scope: the schools a group's
// level covers, or all of them for officers. Unreachable, for officers only, lists the
// reporters of missing schools who never started the bot and so got no reminder. DaysLeft
// counts days from today to the last on-time day: 0 on it, negative when overdue.
type Reminder struct {
	ID          string
	Period      string
	Stage       string
	Kind        Kind
	ChatID      int64
	School      string
	Missing     []string
	Submitted   int
	Total       int
	Unreachable []int64
	DaysLeft    int
}

// Plan returns the reminders due at in.Now, sorted by ID. Nothing is due in quiet hours.
// For each period accepting reports at Now (never an upcoming or closed one) the latest
// stage whose SendDay is today is due, and for it:
//   - each reporter of each active school without a submission gets a reminder, unless the
//     user never started the bot (Started=false); users marked Unreachable are included and
//     left to the sender;
//   - each active group gets a digest of the missing schools its level covers, when there
//     are any;
//   - each officer gets a digest of all missing schools.
//
// A stage with no missing school yields nothing at all: a digest is a list to chase, and an
// empty one is noise. Plan does not catch up: a stage day the scheduler never ran on outside
// quiet hours is skipped, and the next stage covers it.
func Plan(in Input) []Reminder {
	if in.Config.Quiet(in.Now, in.Loc) {
		return nil
	}
	today := domain.CivilDateOf(in.Now, in.Loc)
	hol := holidaySet(in.Config)
	var active []domain.School
	for _, s := range in.Schools {
		if s.Active {
			active = append(active, s)
		}
	}
	slices.SortFunc(active, func(a, b domain.School) int { return strings.Compare(a.Code, b.Code) })

	var out []Reminder
	for _, p := range in.Periods {
		if !p.Accepting(in.Now) {
			continue
		}
		if on := stagesOn(today, p, in.Loc, in.Config, hol); len(on) > 0 {
			out = append(out, periodReminders(in, p, on[len(on)-1], today, active)...)
		}
	}
	slices.SortFunc(out, func(a, b Reminder) int { return strings.Compare(a.ID, b.ID) })
	return slices.CompactFunc(out, func(a, b Reminder) bool { return a.ID == b.ID })
}

// periodReminders builds the reminders of one period's stage; active is sorted by code.
func periodReminders(in Input, p domain.Period, stage string, today domain.CivilDate, active []domain.School) []Reminder {
	sent, returned := in.Submitted[p.ID], in.Returned[p.ID]
	done := make(map[string]bool, len(sent))
	for code := range sent {
		done[code] = !returned[code] // a returned report awaits its correction
	}
	var missing []string
	for _, s := range active {
		if !done[s.Code] {
			missing = append(missing, s.Code)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	last, _ := domain.ParseCivilDate(p.LastDay) // stagesOn found a stage, so it parses
	base := Reminder{Period: p.ID, Stage: stage, DaysLeft: today.DaysUntil(last)}
	id := func(prefix string, n int64) string { return fmt.Sprintf("%s:%s:%s%d", p.ID, stage, prefix, n) }

	var out []Reminder
	var unreachable []int64
	for _, code := range missing {
		for _, u := range in.Reporters[code] {
			if u.SchoolCode != code {
				continue // a stale link: the user now reports for another school or none
			}
			if !u.Started {
				unreachable = append(unreachable, u.ID)
				continue
			}
			r := base
			r.ID, r.Kind, r.ChatID, r.School = id("u", u.ID), KindSchool, u.ID, code
			out = append(out, r)
		}
	}
	slices.Sort(unreachable)
	unreachable = slices.Compact(unreachable)

	for _, g := range in.Groups {
		if !g.Active {
			continue
		}
		var total int
		var gMissing []string
		for _, s := range active {
			if s.Level.Covers(g.Level) {
				total++
				if !done[s.Code] {
					gMissing = append(gMissing, s.Code)
				}
			}
		}
		if len(gMissing) == 0 {
			continue
		}
		r := base
		r.ID, r.Kind, r.ChatID = id("g", g.ChatID), KindGroup, g.ChatID
		r.Missing, r.Submitted, r.Total = gMissing, total-len(gMissing), total
		out = append(out, r)
	}

	for _, o := range in.Officers {
		r := base
		r.ID, r.Kind, r.ChatID = id("o", o), KindOfficer, o
		r.Missing, r.Submitted, r.Total = slices.Clone(missing), len(active)-len(missing), len(active)
		r.Unreachable = slices.Clone(unreachable)
		out = append(out, r)
	}
	return out
}
