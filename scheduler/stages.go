package scheduler

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// ErrBadConfig wraps every problem Config.Validate reports.
var ErrBadConfig = errors.New("bad reminder config")

// Config says when reminders are due. Days are calendar days in the district's zone.
//
// BeforeDays lists the before-deadline stages, in days before the last on-time day (0 = on
// that day); each N is stage "d<N>". Overdue stage "o<k>", k = 1..OverdueMax, falls k*OverdueEvery
// days after the last on-time day. Between QuietStart and QuietEnd ("HH:MM", wrapping
// midnight when QuietStart is later) nothing is due; both empty means no quiet hours.
// Holidays ("YYYY-MM-DD") are skipped like weekends. Cron is the cron spec of the daily
// check in the district's zone ("" = DefaultSpec).
type Config struct {
	Cron         string   `yaml:"cron"`
	BeforeDays   []int    `yaml:"before_days"`
	OverdueEvery int      `yaml:"overdue_every"`
	OverdueMax   int      `yaml:"overdue_max"`
	QuietStart   string   `yaml:"quiet_start"`
	QuietEnd     string   `yaml:"quiet_end"`
	Holidays     []string `yaml:"holidays"`
}

// DefaultConfig returns reminders 14, 7, 3 and 1 days before the last on-time day and on
// it, then up to 3 overdue reminders every 2 days, and quiet hours from 21:00 to 07:00.
// It lists no holidays: Tết and the other public holidays move yearly and belong in the
// config file.
func DefaultConfig() Config {
	return Config{
		BeforeDays:   []int{14, 7, 3, 1, 0},
		OverdueEvery: 2,
		OverdueMax:   3,
		QuietStart:   "21:00",
		QuietEnd:     "07:00",
	}
}

// Validate returns every problem of the config joined in one error; each wraps ErrBadConfig.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, a ...any) {
		errs = append(errs, fmt.Errorf("%w: %s", ErrBadConfig, fmt.Sprintf(format, a...)))
	}
	seen := map[int]bool{}
	for _, n := range c.BeforeDays {
		switch {
		case n < 0 || n > domain.MaxWindowDays:
			bad("before_days %d is not in 0..%d", n, domain.MaxWindowDays)
		case seen[n]:
			bad("before_days %d is listed twice", n)
		}
		seen[n] = true
	}
	if c.OverdueMax < 0 {
		bad("overdue_max %d is negative", c.OverdueMax)
	}
	if c.OverdueMax > 0 && c.OverdueEvery < 1 {
		bad("overdue_every %d must be at least 1", c.OverdueEvery)
	}
	if (c.QuietStart == "") != (c.QuietEnd == "") {
		bad("quiet_start and quiet_end must be both set or both empty")
	} else if c.QuietStart != "" {
		start, err1 := clock(c.QuietStart)
		end, err2 := clock(c.QuietEnd)
		switch {
		case err1 != nil || err2 != nil:
			bad("quiet hours: %v", errors.Join(err1, err2))
		case start == end:
			bad("quiet_start equals quiet_end")
		}
	}
	for _, h := range c.Holidays {
		if _, err := domain.ParseCivilDate(h); err != nil {
			bad("holiday: %v", err)
		}
	}
	if c.Cron != "" {
		if _, err := ParseSpec(c.Cron); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Quiet reports whether t, read in loc, falls in the quiet hours: from QuietStart inclusive
// to QuietEnd exclusive, so with the defaults 21:00 and 06:59 are quiet, 20:59 and 07:00 not.
func (c Config) Quiet(t time.Time, loc *time.Location) bool {
	start, err1 := clock(c.QuietStart)
	end, err2 := clock(c.QuietEnd)
	if err1 != nil || err2 != nil || start == end {
		return false
	}
	local := t.In(loc)
	m := local.Hour()*60 + local.Minute()
	if start < end {
		return start <= m && m < end
	}
	return m >= start || m < end
}

// clock reads "HH:MM" as minutes after midnight.
func clock(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("parse time of day %q: %w", s, err)
	}
	return t.Hour()*60 + t.Minute(), nil
}

// Stages returns the configured stage ids from the earliest to the latest: "d<N>" from the
// largest N down to 0, then "o1" to "o<OverdueMax>". A later stage wins a shared day.
func Stages(cfg Config) []string {
	before := slices.Sorted(slices.Values(cfg.BeforeDays))
	before = slices.Compact(before)
	var ids []string
	for _, n := range slices.Backward(before) {
		if n >= 0 {
			ids = append(ids, "d"+strconv.Itoa(n))
		}
	}
	if cfg.OverdueEvery >= 1 {
		for k := 1; k <= cfg.OverdueMax; k++ {
			ids = append(ids, "o"+strconv.Itoa(k))
		}
	}
	return ids
}

// SendDay returns the day stage of period p is sent on, in loc. A before-deadline stage's
// nominal day is moved back to the nearest working day (not Saturday, Sunday or a
// holiday), so the reminder still comes before the deadline; an overdue stage's is moved
// forward to the next working day, so it is never lost (for 2026-H1, o1 on Sunday 21 June
// is sent on Monday 22 June). It returns false when the stage is not configured,
// p.LastDay is not a date, the (moved) day starts at or after p.Closes, or the day falls
// before the day p opens. Two stages may share a day; StagesOn tells which one wins.
func SendDay(p domain.Period, stage string, loc *time.Location, cfg Config) (domain.CivilDate, bool) {
	return sendDay(p, stage, loc, cfg, holidaySet(cfg))
}

// StagesOn returns the stages of p whose SendDay is day, earliest first. Only the last one
// is sent: it supersedes the others, which are then never sent.
func StagesOn(day domain.CivilDate, p domain.Period, loc *time.Location, cfg Config) []string {
	return stagesOn(day, p, loc, cfg, holidaySet(cfg))
}

func stagesOn(day domain.CivilDate, p domain.Period, loc *time.Location, cfg Config, hol map[domain.CivilDate]bool) []string {
	var on []string
	for _, st := range Stages(cfg) {
		if d, ok := sendDay(p, st, loc, cfg, hol); ok && d == day {
			on = append(on, st)
		}
	}
	return on
}

func sendDay(p domain.Period, stage string, loc *time.Location, cfg Config, hol map[domain.CivilDate]bool) (domain.CivilDate, bool) {
	overdue, n, ok := parseStage(stage, cfg)
	if !ok {
		return domain.CivilDate{}, false
	}
	last, err := domain.ParseCivilDate(p.LastDay)
	if err != nil {
		return domain.CivilDate{}, false
	}
	day := last.AddDays(-n)
	if overdue {
		day = last.AddDays(n * cfg.OverdueEvery)
	}
	step := -1
	if overdue {
		step = 1
	}
	for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday || hol[day] {
		day = day.AddDays(step)
	}
	if !day.Start(loc).Before(p.Closes) || day.Compare(domain.CivilDateOf(p.Opens, loc)) < 0 {
		return domain.CivilDate{}, false
	}
	return day, true
}

// parseStage reads "d<N>" or "o<k>" in canonical form and checks that cfg has that stage.
func parseStage(stage string, cfg Config) (overdue bool, n int, ok bool) {
	if len(stage) < 2 {
		return false, 0, false
	}
	n, err := strconv.Atoi(stage[1:])
	if err != nil || strconv.Itoa(n) != stage[1:] {
		return false, 0, false
	}
	switch stage[0] {
	case 'd':
		return false, n, n >= 0 && slices.Contains(cfg.BeforeDays, n)
	case 'o':
		return true, n, n >= 1 && n <= cfg.OverdueMax && cfg.OverdueEvery >= 1
	}
	return false, 0, false
}

// holidaySet skips holidays that do not parse; Validate reports them.
func holidaySet(cfg Config) map[domain.CivilDate]bool {
	set := make(map[domain.CivilDate]bool, len(cfg.Holidays))
	for _, h := range cfg.Holidays {
		if d, err := domain.ParseCivilDate(h); err == nil {
			set[d] = true
		}
	}
	return set
}
