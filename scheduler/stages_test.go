package scheduler_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh on any machine

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/scheduler"
)

func mustVN(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// mustAt reads "2006-01-02 15:04" as Vietnam time.
func mustAt(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04", s, mustVN(tb))
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func mustPeriod(tb testing.TB, s domain.PeriodSchedule, id string) domain.Period {
	tb.Helper()
	p, ok := s.Find(id, mustVN(tb))
	if !ok {
		tb.Fatalf("no period %q", id)
	}
	return p
}

func oneOff(id, lastDay string, openDays, closeDays int) domain.PeriodSchedule {
	return domain.PeriodSchedule{OneOff: []domain.OneOffPeriod{{
		ID: id, Titles: map[string]string{"vi": id}, LastDay: lastDay,
		OpenDaysBefore: openDays, CloseDaysAfter: closeDays,
	}}}
}

// The calendars behind these cases (2026): 19 June is a Friday, 21 June a Sunday; 9 December
// is a Wednesday, 6 and 13 December are Sundays; 14 September is a Monday.
func TestSendDay(t *testing.T) {
	vn := mustVN(t)
	def := scheduler.DefaultConfig()
	h1 := mustPeriod(t, domain.DefaultPeriodSchedule(), "2026-H1")
	y := mustPeriod(t, domain.DefaultPeriodSchedule(), "2026-Y")
	hol := def
	hol.Holidays = []string{"2026-06-16", "2026-12-04"}
	lateOpen := mustPeriod(t, oneOff("ks", "2026-09-14", 2, 30), "ks")   // opens Sat 12 Sep
	earlyClose := mustPeriod(t, oneOff("ec", "2026-06-19", 30, 4), "ec") // closes Wed 24 Jun 00:00
	tests := []struct {
		name  string
		p     domain.Period
		stage string
		cfg   scheduler.Config
		want  string // "" = not sent
	}{
		{"H1 d14 Fri", h1, "d14", def, "2026-06-05"},
		{"H1 d7 Fri", h1, "d7", def, "2026-06-12"},
		{"H1 d3 Tue", h1, "d3", def, "2026-06-16"},
		{"H1 d1 Thu", h1, "d1", def, "2026-06-18"},
		{"H1 d0 on the last day", h1, "d0", def, "2026-06-19"},
		{"H1 o1 Sun 21 moves forward to Mon 22, not dropped", h1, "o1", def, "2026-06-22"},
		{"H1 o2 Tue", h1, "o2", def, "2026-06-23"},
		{"H1 o3 Thu", h1, "o3", def, "2026-06-25"},
		{"Y d14 Wed", y, "d14", def, "2026-11-25"},
		{"Y d7 Wed", y, "d7", def, "2026-12-02"},
		{"Y d3 Sun 6 Dec moves to Fri 4", y, "d3", def, "2026-12-04"},
		{"Y d0 Wed", y, "d0", def, "2026-12-09"},
		{"Y o1 Fri", y, "o1", def, "2026-12-11"},
		{"Y o2 Sun 13 Dec moves forward to Mon 14", y, "o2", def, "2026-12-14"},
		{"Y o3 Tue", y, "o3", def, "2026-12-15"},
		{"holiday Tue 16 Jun moves H1 d3 to Mon 15", h1, "d3", hol, "2026-06-15"},
		{"Y d3 skips Sun, Sat and holiday Fri 4 Dec to Thu 3", y, "d3", hol, "2026-12-03"},
		{"d7 before the window opens: dropped", lateOpen, "d7", def, ""},
		{"d1 Sun 13 Sep would move to Fri 11, before Opens: dropped", lateOpen, "d1", def, ""},
		{"d0 of a short window", lateOpen, "d0", def, "2026-09-14"},
		{"o2 Tue 23 Jun before Closes", earlyClose, "o2", def, "2026-06-23"},
		{"o3 Thu 25 Jun after Closes: dropped", earlyClose, "o3", def, ""},
		{"unconfigured stage", h1, "d5", def, ""},
		{"non-canonical stage id", h1, "d07", def, ""},
		{"overdue beyond OverdueMax", h1, "o4", def, ""},
		{"unknown stage", h1, "x1", def, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := scheduler.SendDay(tt.p, tt.stage, vn, tt.cfg)
			got := ""
			if ok {
				got = d.String()
			}
			if got != tt.want {
				t.Errorf("SendDay(%s, %s) = %q, want %q", tt.p.ID, tt.stage, got, tt.want)
			}
		})
	}
}

func TestStagesOn(t *testing.T) {
	vn := mustVN(t)
	h1 := mustPeriod(t, domain.DefaultPeriodSchedule(), "2026-H1")
	y := mustPeriod(t, domain.DefaultPeriodSchedule(), "2026-Y")
	lastDayOff := scheduler.DefaultConfig()
	lastDayOff.Holidays = []string{"2026-06-19"}
	tests := []struct {
		name string
		p    domain.Period
		day  string
		cfg  scheduler.Config
		want []string // the last one is sent
	}{
		{"H1 last day: d0 alone, o1 dropped", h1, "2026-06-19", scheduler.DefaultConfig(), []string{"d0"}},
		{"Y Fri 11 Dec: o1 alone, o2 moved on to Monday", y, "2026-12-11", scheduler.DefaultConfig(), []string{"o1"}},
		{"Y Mon 14 Dec: o2", y, "2026-12-14", scheduler.DefaultConfig(), []string{"o2"}},
		{"holiday on the last day: d0 joins d1 on Thu 18", h1, "2026-06-18", lastDayOff, []string{"d1", "d0"}},
		{"a day without a stage", h1, "2026-06-17", scheduler.DefaultConfig(), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			day, err := domain.ParseCivilDate(tt.day)
			if err != nil {
				t.Fatal(err)
			}
			if got := scheduler.StagesOn(day, tt.p, vn, tt.cfg); !slices.Equal(got, tt.want) {
				t.Errorf("StagesOn(%s) = %v, want %v", tt.day, got, tt.want)
			}
		})
	}
}

func TestStages(t *testing.T) {
	cfg := scheduler.Config{BeforeDays: []int{0, 3, 14}, OverdueEvery: 1, OverdueMax: 2}
	if got, want := scheduler.Stages(cfg), []string{"d14", "d3", "d0", "o1", "o2"}; !slices.Equal(got, want) {
		t.Errorf("Stages = %v, want %v", got, want)
	}
}

func TestConfig_Quiet(t *testing.T) {
	vn := mustVN(t)
	daytime := scheduler.Config{QuietStart: "12:00", QuietEnd: "13:30"}
	tests := []struct {
		cfg  scheduler.Config
		at   string
		want bool
	}{
		{scheduler.DefaultConfig(), "2026-06-12 20:59", false},
		{scheduler.DefaultConfig(), "2026-06-12 21:00", true},
		{scheduler.DefaultConfig(), "2026-06-13 00:00", true},
		{scheduler.DefaultConfig(), "2026-06-13 06:59", true},
		{scheduler.DefaultConfig(), "2026-06-13 07:00", false},
		{daytime, "2026-06-12 11:59", false},
		{daytime, "2026-06-12 12:00", true},
		{daytime, "2026-06-12 13:30", false},
		{scheduler.Config{}, "2026-06-12 23:00", false},
	}
	for _, tt := range tests {
		t.Run(tt.cfg.QuietStart+"-"+tt.cfg.QuietEnd+" at "+tt.at, func(t *testing.T) {
			if got := tt.cfg.Quiet(mustAt(t, tt.at), vn); got != tt.want {
				t.Errorf("Quiet = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestConfig_Validate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*scheduler.Config)
		want   string // substring of the error; "" = valid
	}{
		{"default", func(*scheduler.Config) {}, ""},
		{"no quiet hours", func(c *scheduler.Config) { c.QuietStart, c.QuietEnd = "", "" }, ""},
		{"no overdue reminders", func(c *scheduler.Config) { c.OverdueMax, c.OverdueEvery = 0, 0 }, ""},
		{"negative before day", func(c *scheduler.Config) { c.BeforeDays = []int{-1} }, "before_days -1"},
		{"before day twice", func(c *scheduler.Config) { c.BeforeDays = []int{3, 3} }, "listed twice"},
		{"overdue every 0", func(c *scheduler.Config) { c.OverdueEvery = 0 }, "overdue_every"},
		{"negative overdue max", func(c *scheduler.Config) { c.OverdueMax = -1 }, "overdue_max"},
		{"half quiet hours", func(c *scheduler.Config) { c.QuietEnd = "" }, "both set"},
		{"bad quiet time", func(c *scheduler.Config) { c.QuietStart = "9pm" }, "9pm"},
		{"empty quiet window", func(c *scheduler.Config) { c.QuietEnd = "21:00" }, "equals"},
		{"bad holiday", func(c *scheduler.Config) { c.Holidays = []string{"2026-02-30"} }, "2026-02-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := scheduler.DefaultConfig()
			tt.change(&c)
			err := c.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tt.want == "":
			case err == nil:
				t.Fatalf("Validate() = nil, want an error with %q", tt.want)
			case !errors.Is(err, scheduler.ErrBadConfig) || !strings.Contains(err.Error(), tt.want):
				t.Fatalf("Validate() = %v, want ErrBadConfig with %q", err, tt.want)
			}
		})
	}
}
