package domain

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ErrBadSchedule wraps every problem PeriodSchedule.Validate reports.
var ErrBadSchedule = errors.New("bad period schedule")

// MaxWindowDays bounds OpenDaysBefore and CloseDaysAfter. With windows of at most a year,
// every period accepting reports at an instant has its deadline in the previous, current or
// next year, so PeriodSchedule.Around sees all of them.
const MaxWindowDays = 365

// CivilDate is a day of the calendar without a time of day or a zone, such as a period's
// last on-time day. The zero value is not a valid date.
type CivilDate struct {
	Year  int
	Month time.Month
	Day   int
}

// CivilDateOf returns the date on which t falls in loc. loc must not be nil.
func CivilDateOf(t time.Time, loc *time.Location) CivilDate {
	y, m, d := t.In(loc).Date()
	return CivilDate{y, m, d}
}

// ParseCivilDate reads "YYYY-MM-DD". Days that do not exist, like 2026-02-29, are errors.
func ParseCivilDate(s string) (CivilDate, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return CivilDate{}, fmt.Errorf("parse date %q: %w", s, err)
	}
	return CivilDateOf(t, time.UTC), nil
}

// String formats d as "YYYY-MM-DD", the form ParseCivilDate reads and Period.LastDay holds.
func (d CivilDate) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// AddDays returns the date n calendar days after d (before it for negative n).
func (d CivilDate) AddDays(n int) CivilDate { return CivilDateOf(d.utc().AddDate(0, 0, n), time.UTC) }

// Start returns the first instant of d in loc (00:00 local) as a UTC instant.
func (d CivilDate) Start(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc).UTC()
}

// Weekday returns the day of the week of d.
func (d CivilDate) Weekday() time.Weekday { return d.utc().Weekday() }

// Compare returns -1, 0 or +1 as d is before, the same day as, or after o.
func (d CivilDate) Compare(o CivilDate) int { return d.utc().Compare(o.utc()) }

// DaysUntil returns how many calendar days lie from d to o; negative when o is before d.
func (d CivilDate) DaysUntil(o CivilDate) int { return int(o.utc().Sub(d.utc()) / (24 * time.Hour)) }

// utc is d at midnight UTC, a zone without DST, so day arithmetic on it is exact.
func (d CivilDate) utc() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// PeriodSchedule is the reporting calendar from the config file: the recurring rounds,
// which repeat every year, and one-off rounds. OpenDaysBefore and CloseDaysAfter are
// calendar days, between 0 and MaxWindowDays.
type PeriodSchedule struct {
	Recurring      []RecurringPeriod `yaml:"recurring"`
	OneOff         []OneOffPeriod    `yaml:"one_off"`
	OpenDaysBefore int               `yaml:"open_days_before"` // the window opens this many days before LastDay
	CloseDaysAfter int               `yaml:"close_days_after"` // late reports are taken this many days after DueAt
}

// RecurringPeriod is a yearly round. Kind is KindH1 or KindYear; LastDay is the last on-time
// day as "MM-DD" and must exist in every year (02-29 is rejected). CoverFrom and CoverTo,
// "MM-DD", are the dates the round's numbers cover (see Coverage): CoverTo empty means to
// the day of reporting, CoverFrom empty means 01-01, and a CoverFrom after the end falls in
// the year before. Without either, the six-month report covers 1 January to date and the
// annual report the whole calendar year.
type RecurringPeriod struct {
	Kind      PeriodKind `yaml:"kind"`
	LastDay   string     `yaml:"last_day"`
	CoverFrom string     `yaml:"cover_from"`
	CoverTo   string     `yaml:"cover_to"`
}

// OneOffPeriod is a single extra round. ID is its period id: 1-32 characters of
// [0-9A-Za-z_-] that do not look like a recurring id ("2026-H1"). Titles maps a language to
// the round's name and must hold "vi". LastDay is the last on-time day as "YYYY-MM-DD".
// A zero OpenDaysBefore or CloseDaysAfter takes the schedule's value. CoverFrom and CoverTo,
// "YYYY-MM-DD", are the dates its numbers cover: by default 1 January of LastDay's year to
// the day of reporting.
type OneOffPeriod struct {
	ID             string            `yaml:"id"`
	Titles         map[string]string `yaml:"titles"`
	LastDay        string            `yaml:"last_day"`
	OpenDaysBefore int               `yaml:"open_days_before"`
	CloseDaysAfter int               `yaml:"close_days_after"`
	CoverFrom      string            `yaml:"cover_from"`
	CoverTo        string            `yaml:"cover_to"`
}

var (
	oneOffIDRE    = regexp.MustCompile(`^[0-9A-Za-z_-]{1,32}$`)
	recurringIDRE = regexp.MustCompile(`(?i)^[0-9]+-(H1|Y)$`)
	findIDRE      = regexp.MustCompile(`^([0-9]{4})-(H1|Y)$`)
	monthDayRE    = regexp.MustCompile(`^[0-9]{2}-[0-9]{2}$`)
)

// DefaultPeriodSchedule returns the district's plan: the six-month report arrives before
// 20 June (last on-time day 06-19), the annual one before 10 December (12-09); each opens
// 30 days before its last day and takes late reports for 30 days after the deadline.
func DefaultPeriodSchedule() PeriodSchedule {
	return PeriodSchedule{
		Recurring: []RecurringPeriod{
			{Kind: KindH1, LastDay: "06-19"},
			{Kind: KindYear, LastDay: "12-09"},
		},
		OpenDaysBefore: 30,
		CloseDaysAfter: 30,
	}
}

// Validate returns every problem of the schedule joined in one error; each wraps
// ErrBadSchedule. Periods and the other methods assume a valid schedule.
func (s PeriodSchedule) Validate() error {
	var errs []error
	bad := func(format string, a ...any) {
		errs = append(errs, fmt.Errorf("%w: %s", ErrBadSchedule, fmt.Sprintf(format, a...)))
	}
	days := func(what string, n int) {
		if n < 0 || n > MaxWindowDays {
			bad("%s is %d, want 0..%d", what, n, MaxWindowDays)
		}
	}
	days("open_days_before", s.OpenDaysBefore)
	days("close_days_after", s.CloseDaysAfter)
	kinds := map[PeriodKind]bool{}
	for _, r := range s.Recurring {
		switch {
		case r.Kind != KindH1 && r.Kind != KindYear:
			bad("recurring kind %q is neither H1 nor Y", r.Kind)
		case kinds[r.Kind]:
			bad("recurring kind %s is listed twice", r.Kind)
		}
		kinds[r.Kind] = true
		last, err := monthDay(r.LastDay, 2001)
		if err != nil {
			bad("recurring %s: %v", r.Kind, err)
		} else if _, err := recurringCoverage(r, last); err != nil {
			bad("recurring %s: %v", r.Kind, err)
		}
	}
	ids := map[string]bool{}
	for _, o := range s.OneOff {
		switch {
		case !oneOffIDRE.MatchString(o.ID):
			bad("one-off id %q is not 1-32 characters of 0-9 A-Z a-z _ -", o.ID)
		case recurringIDRE.MatchString(o.ID):
			bad("one-off id %q looks like a recurring period id", o.ID)
		case ids[o.ID]:
			bad("one-off id %q is listed twice", o.ID)
		}
		ids[o.ID] = true
		if strings.TrimSpace(o.Titles["vi"]) == "" {
			bad("one-off %q has no vi title", o.ID)
		}
		if last, err := ParseCivilDate(o.LastDay); err != nil {
			bad("one-off %q: %v", o.ID, err)
		} else if _, err := oneOffCoverage(o, last); err != nil {
			bad("one-off %q: %v", o.ID, err)
		}
		days("one-off "+o.ID+" open_days_before", o.OpenDaysBefore)
		days("one-off "+o.ID+" close_days_after", o.CloseDaysAfter)
	}
	return errors.Join(errs...)
}

// monthDay reads "MM-DD" as a day of year. Validate checks it in 2001, a common year, so a
// day that some years lack is refused.
func monthDay(s string, year int) (CivilDate, error) {
	if !monthDayRE.MatchString(s) {
		return CivilDate{}, fmt.Errorf("last day %q is not MM-DD", s)
	}
	return ParseCivilDate(fmt.Sprintf("%04d-%s", year, s))
}

// Periods returns the periods whose deadline (last on-time day) falls in year, sorted by
// DueAt: "<year>-H1", "<year>-Y" and the one-offs whose LastDay is in year. Opens is 00:00
// local OpenDaysBefore days before LastDay, DueAt is 00:00 local the day after LastDay,
// Closes is CloseDaysAfter calendar days after DueAt; all are UTC instants. loc must not be
// nil. Entries whose dates do not parse are skipped.
func (s PeriodSchedule) Periods(year int, loc *time.Location) []Period {
	var ps []Period
	for _, r := range s.Recurring {
		if p, ok := s.recurring(r, year, loc); ok {
			ps = append(ps, p)
		}
	}
	for _, o := range s.OneOff {
		if last, err := ParseCivilDate(o.LastDay); err == nil && last.Year == year {
			p, _ := s.oneOff(o, loc)
			ps = append(ps, p)
		}
	}
	sortPeriods(ps)
	return ps
}

// Around returns the periods of the year now falls in (in loc) and of the years before and
// after it, sorted by DueAt. Every period accepting reports at now is among them.
func (s PeriodSchedule) Around(now time.Time, loc *time.Location) []Period {
	y := CivilDateOf(now, loc).Year
	ps := slices.Concat(s.Periods(y-1, loc), s.Periods(y, loc), s.Periods(y+1, loc))
	sortPeriods(ps)
	return ps
}

// Current returns the periods accepting reports at now, on time or late, sorted by DueAt.
func (s PeriodSchedule) Current(now time.Time, loc *time.Location) []Period {
	return slices.DeleteFunc(s.Around(now, loc), func(p Period) bool { return !p.Accepting(now) })
}

// Default returns the period a command means when given none: the accepting period with the
// earliest DueAt; else the most recently closed one (latest Closes); else the next to open.
// It returns false only for a schedule without periods near now.
func (s PeriodSchedule) Default(now time.Time, loc *time.Location) (Period, bool) {
	ps := s.Around(now, loc)
	for _, p := range ps {
		if p.Accepting(now) {
			return p, true
		}
	}
	var best Period
	found := false
	for _, p := range ps {
		if p.State(now) == PeriodClosed && (!found || !p.Closes.Before(best.Closes)) {
			best, found = p, true
		}
	}
	if found {
		return best, true
	}
	for _, p := range ps {
		if p.State(now) == PeriodUpcoming && (!found || p.Opens.Before(best.Opens)) {
			best, found = p, true
		}
	}
	return best, found
}

// Find returns the period with id: "2026-H1" or "2026-Y" (surrounding space and the case of
// the kind are ignored) for a recurring kind the schedule has, or a one-off's exact id.
func (s PeriodSchedule) Find(id string, loc *time.Location) (Period, bool) {
	id = strings.TrimSpace(id)
	if m := findIDRE.FindStringSubmatch(strings.ToUpper(id)); m != nil {
		year, _ := strconv.Atoi(m[1])
		for _, r := range s.Recurring {
			if r.Kind == PeriodKind(m[2]) {
				return s.recurring(r, year, loc)
			}
		}
		return Period{}, false
	}
	for _, o := range s.OneOff {
		if o.ID == id {
			return s.oneOff(o, loc)
		}
	}
	return Period{}, false
}

func (s PeriodSchedule) recurring(r RecurringPeriod, year int, loc *time.Location) (Period, bool) {
	last, err := monthDay(r.LastDay, year)
	if err != nil || (r.Kind != KindH1 && r.Kind != KindYear) {
		return Period{}, false
	}
	cov, err := recurringCoverage(r, last)
	if err != nil {
		return Period{}, false
	}
	id := fmt.Sprintf("%04d-%s", year, r.Kind)
	return newPeriod(id, r.Kind, nil, last, cov, s.OpenDaysBefore, s.CloseDaysAfter, loc), true
}

func (s PeriodSchedule) oneOff(o OneOffPeriod, loc *time.Location) (Period, bool) {
	last, err := ParseCivilDate(o.LastDay)
	if err != nil {
		return Period{}, false
	}
	cov, err := oneOffCoverage(o, last)
	if err != nil {
		return Period{}, false
	}
	open, closeAfter := cmp.Or(o.OpenDaysBefore, s.OpenDaysBefore), cmp.Or(o.CloseDaysAfter, s.CloseDaysAfter)
	return newPeriod(o.ID, KindOneOff, o.Titles, last, cov, open, closeAfter, loc), true
}

// newPeriod counts the window in civil days and converts each edge to an instant only at
// the end, so a DST change inside the window does not shift an edge off midnight.
func newPeriod(id string, kind PeriodKind, titles map[string]string, last CivilDate, cov Coverage, open, closeAfter int, loc *time.Location) Period {
	p := Period{
		ID:      id,
		Kind:    kind,
		Titles:  maps.Clone(titles),
		LastDay: last.String(),
		Opens:   last.AddDays(-open).Start(loc),
		DueAt:   last.AddDays(1).Start(loc),
		Closes:  last.AddDays(1 + closeAfter).Start(loc),
	}
	cov.store(&p)
	return p
}

func sortPeriods(ps []Period) {
	slices.SortFunc(ps, func(a, b Period) int {
		return cmp.Or(a.DueAt.Compare(b.DueAt), strings.Compare(a.ID, b.ID))
	})
}
