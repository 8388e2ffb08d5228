package scheduler_test

import (
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/scheduler"
)

// district is a small district: five schools, one of them closed down (TH-CU), one
// combined primary and lower-secondary school (LC-CHAU), and MN-DAO, which has already
// submitted 2026-H1. User 21 never started the bot; user 12's last message failed with 403.
func district(tb testing.TB) scheduler.Input {
	tb.Helper()
	vn := mustVN(tb)
	return scheduler.Input{
		Loc:     vn,
		Config:  scheduler.DefaultConfig(),
		Periods: domain.DefaultPeriodSchedule().Around(mustAt(tb, "2026-06-01 00:00"), vn), // 2025-H1 .. 2027-Y
		Schools: []domain.School{
			{Code: "TH-AN", Level: domain.LevelTH, Active: true},
			{Code: "THCS-BINH", Level: domain.LevelTHCS, Active: true},
			{Code: "LC-CHAU", Level: domain.LevelTHTHCS, Active: true},
			{Code: "MN-DAO", Level: domain.LevelMN, Active: true},
			{Code: "TH-CU", Level: domain.LevelTH, Active: false},
		},
		Reporters: map[string][]domain.User{
			"TH-AN": {
				{ID: 11, SchoolCode: "TH-AN", Started: true},
				{ID: 12, SchoolCode: "TH-AN", Started: true, Unreachable: true},
				{ID: 13, SchoolCode: "", Started: true}, // unlinked since the map was built
			},
			"THCS-BINH": {{ID: 21, SchoolCode: "THCS-BINH", Started: false}},
			"LC-CHAU":   {{ID: 31, SchoolCode: "LC-CHAU", Started: true}},
			"MN-DAO":    {{ID: 41, SchoolCode: "MN-DAO", Started: true}},
			"TH-CU":     {{ID: 51, SchoolCode: "TH-CU", Started: true}},
		},
		Submitted: map[string]map[string]bool{
			"2026-H1": {"MN-DAO": true, "TH-CU": true},
			"2025-Y":  {},
		},
		Groups: []domain.Group{
			{ChatID: -1001, Level: domain.LevelTH, Active: true},
			{ChatID: -1002, Level: domain.LevelTHCS, Active: true},
			{ChatID: -1003, Level: "", Active: true},
			{ChatID: -1004, Level: domain.LevelTH, Active: false, Disabled: "kicked"},
			{ChatID: -1005, Level: domain.LevelMN, Active: true}, // its only school has submitted
		},
		Officers: []int64{7001, 7002},
	}
}

// everyone lists the ids of a 2026-H1 stage for the district as it stands.
func everyone(stage string) []string {
	var ids []string
	for _, r := range []string{"g-1001", "g-1002", "g-1003", "o7001", "o7002", "u11", "u12", "u31"} {
		ids = append(ids, "2026-H1:"+stage+":"+r)
	}
	return ids
}

func planIDs(in scheduler.Input) []string {
	var ids []string
	for _, r := range scheduler.Plan(in) {
		ids = append(ids, r.ID)
	}
	return ids
}

func TestPlan(t *testing.T) {
	noQuiet := func(in *scheduler.Input) { in.Config.QuietStart, in.Config.QuietEnd = "", "" }
	tests := []struct {
		name   string
		now    time.Time
		change func(*scheduler.Input)
		want   []string
	}{
		{"d14 Fri 5 June", mustAt(t, "2026-06-05 08:00"), nil, everyone("d14")},
		{"d7 Fri 12 June", mustAt(t, "2026-06-12 08:00"), nil, everyone("d7")},
		{"Mon 15 June: no stage", mustAt(t, "2026-06-15 08:00"), nil, nil},
		{"d3 Tue 16 June", mustAt(t, "2026-06-16 08:00"), nil, everyone("d3")},
		{"d1 Thu 18 June", mustAt(t, "2026-06-18 08:00"), nil, everyone("d1")},
		{"d0 Fri 19 June, not o1", mustAt(t, "2026-06-19 08:00"), nil, everyone("d0")},
		{"Sun 21 June, o1's nominal day: nothing", mustAt(t, "2026-06-21 08:00"), nil, nil},
		{"o1 Mon 22 June: moved forward from Sunday, not lost", mustAt(t, "2026-06-22 08:00"), nil, everyone("o1")},
		{"o2 Tue 23 June", mustAt(t, "2026-06-23 08:00"), nil, everyone("o2")},
		{"o3 Thu 25 June", mustAt(t, "2026-06-25 08:00"), nil, everyone("o3")},
		{"Mon 29 June: late but no stage left", mustAt(t, "2026-06-29 08:00"), nil, nil},

		{"quiet: 20:59 still sends", mustAt(t, "2026-06-12 20:59"), nil, everyone("d7")},
		{"quiet: 21:00 sends nothing", mustAt(t, "2026-06-12 21:00"), nil, nil},
		{"quiet: 06:59 sends nothing", mustAt(t, "2026-06-12 06:59"), nil, nil},
		{"quiet: 07:00 sends", mustAt(t, "2026-06-12 07:00"), nil, everyone("d7")},

		{"16:59Z on 18 June is still 18 June in Vietnam: d1", time.Date(2026, 6, 18, 16, 59, 0, 0, time.UTC), noQuiet, everyone("d1")},
		{"17:00Z on 18 June is midnight of 19 June in Vietnam: d0", time.Date(2026, 6, 18, 17, 0, 0, 0, time.UTC), noQuiet, everyone("d0")},
		{"00:30Z on 19 June is 07:30 in Vietnam: d0", time.Date(2026, 6, 19, 0, 30, 0, 0, time.UTC), nil, everyone("d0")},

		{"holiday Tue 16 June: d3 on Mon 15", mustAt(t, "2026-06-15 08:00"),
			func(in *scheduler.Input) { in.Config.Holidays = []string{"2026-06-16"} }, everyone("d3")},
		{"holiday Tue 16 June: nothing on the holiday", mustAt(t, "2026-06-16 08:00"),
			func(in *scheduler.Input) { in.Config.Holidays = []string{"2026-06-16"} }, nil},

		{"TH-AN submitted after d7: not reminded at d3, its TH group still chases LC-CHAU", mustAt(t, "2026-06-16 08:00"),
			func(in *scheduler.Input) { in.Submitted["2026-H1"]["TH-AN"] = true },
			[]string{"2026-H1:d3:g-1001", "2026-H1:d3:g-1002", "2026-H1:d3:g-1003", "2026-H1:d3:o7001", "2026-H1:d3:o7002", "2026-H1:d3:u31"}},
		{"only THCS-BINH missing: no TH group, no reporter reachable, officers still told", mustAt(t, "2026-06-23 08:00"),
			func(in *scheduler.Input) {
				in.Submitted["2026-H1"]["TH-AN"], in.Submitted["2026-H1"]["LC-CHAU"] = true, true
			},
			[]string{"2026-H1:o2:g-1002", "2026-H1:o2:g-1003", "2026-H1:o2:o7001", "2026-H1:o2:o7002"}},
		{"everyone submitted (some late): nothing at all", mustAt(t, "2026-06-25 08:00"),
			func(in *scheduler.Input) {
				for _, c := range []string{"TH-AN", "THCS-BINH", "LC-CHAU"} {
					in.Submitted["2026-H1"][c] = true
				}
			}, nil},
		{"MN-DAO returned for correction: reminded again like a missing school", mustAt(t, "2026-06-23 08:00"),
			func(in *scheduler.Input) { in.Returned = map[string]map[string]bool{"2026-H1": {"MN-DAO": true}} },
			[]string{"2026-H1:o2:g-1001", "2026-H1:o2:g-1002", "2026-H1:o2:g-1003", "2026-H1:o2:g-1005", "2026-H1:o2:o7001", "2026-H1:o2:o7002",
				"2026-H1:o2:u11", "2026-H1:o2:u12", "2026-H1:o2:u31", "2026-H1:o2:u41"}},
		{"LC-CHAU closed down: its reporter is not reminded", mustAt(t, "2026-06-12 08:00"),
			func(in *scheduler.Input) { in.Schools[2].Active = false },
			[]string{"2026-H1:d7:g-1001", "2026-H1:d7:g-1002", "2026-H1:d7:g-1003", "2026-H1:d7:o7001", "2026-H1:d7:o7002", "2026-H1:d7:u11", "2026-H1:d7:u12"}},

		{"upcoming: the period opens at noon, nothing at 08:00", mustAt(t, "2026-06-12 08:00"),
			func(in *scheduler.Input) { in.Periods = []domain.Period{reopen(t, "2026-06-12 12:00", "")} }, nil},
		{"upcoming: opened at noon, d7 is due at 12:00", mustAt(t, "2026-06-12 12:00"),
			func(in *scheduler.Input) { in.Periods = []domain.Period{reopen(t, "2026-06-12 12:00", "")} }, everyone("d7")},
		{"closed early at 07:30 on o2's day: nothing", mustAt(t, "2026-06-23 08:00"),
			func(in *scheduler.Input) { in.Periods = []domain.Period{reopen(t, "", "2026-06-23 07:30")} }, nil},
		{"the same period twice in the input: each reminder once", mustAt(t, "2026-06-12 08:00"),
			func(in *scheduler.Input) { in.Periods = append(in.Periods, in.Periods...) }, everyone("d7")},
		{"no periods", mustAt(t, "2026-06-12 08:00"), func(in *scheduler.Input) { in.Periods = nil }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := district(t)
			in.Now = tt.now
			if tt.change != nil {
				tt.change(&in)
			}
			if got := planIDs(in); !slices.Equal(got, tt.want) {
				t.Errorf("Plan ids =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// reopen returns 2026-H1 with Opens or Closes moved to a Vietnam time, as an officer might.
func reopen(tb testing.TB, opens, closes string) domain.Period {
	tb.Helper()
	p := mustPeriod(tb, domain.DefaultPeriodSchedule(), "2026-H1")
	if opens != "" {
		p.Opens = mustAt(tb, opens).UTC()
	}
	if closes != "" {
		p.Closes = mustAt(tb, closes).UTC()
	}
	return p
}

// TestPlan_Reminders spells out every field of one stage: d7 of 2026-H1.
func TestPlan_Reminders(t *testing.T) {
	in := district(t)
	in.Now = mustAt(t, "2026-06-12 08:00")
	school := func(user int64, code string) scheduler.Reminder {
		return scheduler.Reminder{ID: "2026-H1:d7:u" + itoa(user), Period: "2026-H1", Stage: "d7",
			Kind: scheduler.KindSchool, ChatID: user, School: code, DaysLeft: 7}
	}
	officer := func(id int64) scheduler.Reminder {
		return scheduler.Reminder{ID: "2026-H1:d7:o" + itoa(id), Period: "2026-H1", Stage: "d7",
			Kind: scheduler.KindOfficer, ChatID: id, DaysLeft: 7,
			Missing: []string{"LC-CHAU", "TH-AN", "THCS-BINH"}, Submitted: 1, Total: 4, Unreachable: []int64{21}}
	}
	want := []scheduler.Reminder{
		// The TH group covers TH-AN and LC-CHAU (TH-THCS); TH-CU is closed down and not counted.
		{ID: "2026-H1:d7:g-1001", Period: "2026-H1", Stage: "d7", Kind: scheduler.KindGroup, ChatID: -1001, DaysLeft: 7,
			Missing: []string{"LC-CHAU", "TH-AN"}, Submitted: 0, Total: 2},
		// The THCS group covers THCS-BINH and LC-CHAU too.
		{ID: "2026-H1:d7:g-1002", Period: "2026-H1", Stage: "d7", Kind: scheduler.KindGroup, ChatID: -1002, DaysLeft: 7,
			Missing: []string{"LC-CHAU", "THCS-BINH"}, Submitted: 0, Total: 2},
		// The unfiltered group sees the four active schools; MN-DAO has submitted.
		{ID: "2026-H1:d7:g-1003", Period: "2026-H1", Stage: "d7", Kind: scheduler.KindGroup, ChatID: -1003, DaysLeft: 7,
			Missing: []string{"LC-CHAU", "TH-AN", "THCS-BINH"}, Submitted: 1, Total: 4},
		officer(7001),
		officer(7002),
		school(11, "TH-AN"),
		school(12, "TH-AN"), // marked unreachable: still planned, the sender decides
		school(31, "LC-CHAU"),
		// user 21 (THCS-BINH) never started the bot: only in the officers' Unreachable.
	}
	if got := scheduler.Plan(in); !reflect.DeepEqual(got, want) {
		t.Errorf("Plan =\n%+v\nwant\n%+v", got, want)
	}

	in.Now = mustAt(t, "2026-06-23 08:00")
	for _, r := range scheduler.Plan(in) {
		if r.Stage != "o2" || r.DaysLeft != -4 {
			t.Errorf("%s: stage %s, DaysLeft %d; want o2, -4", r.ID, r.Stage, r.DaysLeft)
		}
	}
}

// TestPlan_Stable runs Plan as a restarted or second scheduler would, on the same day with
// the input in another order, and expects the very same reminders and ids.
func TestPlan_Stable(t *testing.T) {
	first := district(t)
	first.Now = mustAt(t, "2026-06-16 08:00")
	second := district(t)
	second.Now = mustAt(t, "2026-06-16 15:45")
	slices.Reverse(second.Schools)
	slices.Reverse(second.Groups)
	slices.Reverse(second.Officers)
	slices.Reverse(second.Periods)
	slices.Reverse(second.Reporters["TH-AN"])

	a, b := scheduler.Plan(first), scheduler.Plan(second)
	if len(a) == 0 || !reflect.DeepEqual(a, b) {
		t.Errorf("two runs differ:\n%+v\n%+v", a, b)
	}

	// Each digest owns its slices: editing one officer's copy leaves the other's alone.
	i := slices.IndexFunc(a, func(r scheduler.Reminder) bool { return r.ID == "2026-H1:d3:o7001" })
	a[i].Missing[0], a[i].Unreachable[0] = "CHANGED", 0
	if a[i+1].Missing[0] == "CHANGED" || a[i+1].Unreachable[0] == 0 {
		t.Error("officer digests share their Missing or Unreachable slices")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
