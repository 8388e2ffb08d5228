package domain_test

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh and Europe/Berlin on any machine

	"github.com/camgiang-edu/reportbot/domain"
)

func mustLoc(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// mustTime reads "2006-01-02 15:04" in loc.
func mustTime(tb testing.TB, s string, loc *time.Location) time.Time {
	tb.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// span is a period's edges written as local times, so a reviewer can check them by eye.
type span struct{ id, lastDay, opens, dueAt, closes string }

func spanOf(p domain.Period, loc *time.Location) span {
	f := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04") }
	return span{p.ID, p.LastDay, f(p.Opens), f(p.DueAt), f(p.Closes)}
}

func withOneOffs() domain.PeriodSchedule {
	s := domain.DefaultPeriodSchedule()
	s.OneOff = []domain.OneOffPeriod{
		{ID: "stem-2026", Titles: map[string]string{"vi": "Khảo sát STEM"}, LastDay: "2026-03-15", OpenDaysBefore: 10},
		{ID: "tet-2027", Titles: map[string]string{"vi": "Báo cáo Tết"}, LastDay: "2027-01-20", CloseDaysAfter: 5},
	}
	return s
}

func TestPeriodSchedule_Periods(t *testing.T) {
	vn := mustLoc(t, "Asia/Ho_Chi_Minh")
	berlin := mustLoc(t, "Europe/Berlin")
	dst := domain.PeriodSchedule{OpenDaysBefore: 30, CloseDaysAfter: 30, OneOff: []domain.OneOffPeriod{
		{ID: "dst", Titles: map[string]string{"vi": "x"}, LastDay: "2026-04-10"},
	}}
	tests := []struct {
		name  string
		sched domain.PeriodSchedule
		year  int
		loc   *time.Location
		want  []span
	}{
		{"default 2026; Y closes in January 2027 and keeps its deadline year", domain.DefaultPeriodSchedule(), 2026, vn, []span{
			{"2026-H1", "2026-06-19", "2026-05-20 00:00", "2026-06-20 00:00", "2026-07-20 00:00"},
			{"2026-Y", "2026-12-09", "2026-11-09 00:00", "2026-12-10 00:00", "2027-01-09 00:00"},
		}},
		{"one-offs of the year only, sorted by DueAt, own windows", withOneOffs(), 2026, vn, []span{
			{"stem-2026", "2026-03-15", "2026-03-05 00:00", "2026-03-16 00:00", "2026-04-15 00:00"},
			{"2026-H1", "2026-06-19", "2026-05-20 00:00", "2026-06-20 00:00", "2026-07-20 00:00"},
			{"2026-Y", "2026-12-09", "2026-11-09 00:00", "2026-12-10 00:00", "2027-01-09 00:00"},
		}},
		{"a one-off in the next year", withOneOffs(), 2027, vn, []span{
			{"tet-2027", "2027-01-20", "2026-12-21 00:00", "2027-01-21 00:00", "2027-01-26 00:00"},
			{"2027-H1", "2027-06-19", "2027-05-20 00:00", "2027-06-20 00:00", "2027-07-20 00:00"},
			{"2027-Y", "2027-12-09", "2027-11-09 00:00", "2027-12-10 00:00", "2028-01-09 00:00"},
		}},
		{"window across a DST change stays on local midnight", dst, 2026, berlin, []span{
			{"dst", "2026-04-10", "2026-03-11 00:00", "2026-04-11 00:00", "2026-05-11 00:00"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.sched.Periods(tt.year, tt.loc)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d periods %v, want %d", len(got), got, len(tt.want))
			}
			for i, p := range got {
				if s := spanOf(p, tt.loc); s != tt.want[i] {
					t.Errorf("period %d = %+v, want %+v", i, s, tt.want[i])
				}
				if p.Opens.Location() != time.UTC || p.DueAt.Location() != time.UTC || p.Closes.Location() != time.UTC {
					t.Errorf("period %s: instants not stored as UTC", p.ID)
				}
			}
		})
	}

	t.Run("2026-H1 instants in UTC", func(t *testing.T) {
		p := domain.DefaultPeriodSchedule().Periods(2026, vn)[0]
		if want := time.Date(2026, 6, 19, 17, 0, 0, 0, time.UTC); !p.DueAt.Equal(want) {
			t.Errorf("DueAt = %v, want %v", p.DueAt, want)
		}
		if p.Kind != domain.KindH1 || p.Titles != nil {
			t.Errorf("kind %q titles %v, want H1 without titles", p.Kind, p.Titles)
		}
	})
	t.Run("one-off titles are copied", func(t *testing.T) {
		s := withOneOffs()
		p := s.Periods(2026, vn)[0]
		p.Titles["vi"] = "changed"
		if s.OneOff[0].Titles["vi"] != "Khảo sát STEM" || p.Kind != domain.KindOneOff {
			t.Errorf("schedule titles changed through a period, or kind %q", p.Kind)
		}
	})
}

func ids(ps []domain.Period) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.ID)
	}
	return strings.Join(s, " ")
}

func TestPeriodSchedule_AroundCurrent(t *testing.T) {
	vn := mustLoc(t, "Asia/Ho_Chi_Minh")
	s := withOneOffs()
	tests := []struct{ now, around, current string }{
		{"2026-06-01 08:00", "2025-H1 2025-Y stem-2026 2026-H1 2026-Y tet-2027 2027-H1 2027-Y", "2026-H1"},
		{"2026-03-10 08:00", "2025-H1 2025-Y stem-2026 2026-H1 2026-Y tet-2027 2027-H1 2027-Y", "stem-2026"},
		{"2026-12-22 08:00", "2025-H1 2025-Y stem-2026 2026-H1 2026-Y tet-2027 2027-H1 2027-Y", "2026-Y tet-2027"},
		{"2027-01-08 23:59", "stem-2026 2026-H1 2026-Y tet-2027 2027-H1 2027-Y 2028-H1 2028-Y", "2026-Y tet-2027"},
		{"2027-01-09 00:00", "stem-2026 2026-H1 2026-Y tet-2027 2027-H1 2027-Y 2028-H1 2028-Y", "tet-2027"},
		{"2026-09-01 08:00", "2025-H1 2025-Y stem-2026 2026-H1 2026-Y tet-2027 2027-H1 2027-Y", ""},
	}
	for _, tt := range tests {
		t.Run(tt.now, func(t *testing.T) {
			now := mustTime(t, tt.now, vn)
			if got := ids(s.Around(now, vn)); got != tt.around {
				t.Errorf("Around = %q, want %q", got, tt.around)
			}
			if got := ids(s.Current(now, vn)); got != tt.current {
				t.Errorf("Current = %q, want %q", got, tt.current)
			}
		})
	}
}

func TestPeriodSchedule_Default(t *testing.T) {
	vn := mustLoc(t, "Asia/Ho_Chi_Minh")
	overlap := domain.DefaultPeriodSchedule()
	overlap.OneOff = []domain.OneOffPeriod{{ID: "ts10", Titles: map[string]string{"vi": "Tuyển sinh"}, LastDay: "2026-06-10"}}
	onlyFuture := domain.PeriodSchedule{OpenDaysBefore: 7, CloseDaysAfter: 7, OneOff: []domain.OneOffPeriod{
		{ID: "later", Titles: map[string]string{"vi": "Sau"}, LastDay: "2026-10-01"},
		{ID: "latest", Titles: map[string]string{"vi": "Sau nữa"}, LastDay: "2026-11-01"},
	}}
	tests := []struct {
		name  string
		sched domain.PeriodSchedule
		now   time.Time
		want  string // "" = none
	}{
		{"open", domain.DefaultPeriodSchedule(), mustTime(t, "2026-06-01 08:00", vn), "2026-H1"},
		{"first minute of the window", domain.DefaultPeriodSchedule(), mustTime(t, "2026-05-20 00:00", vn), "2026-H1"},
		{"at DueAt it is late, still accepting", domain.DefaultPeriodSchedule(), time.Date(2026, 6, 19, 17, 0, 0, 0, time.UTC), "2026-H1"},
		{"late", domain.DefaultPeriodSchedule(), mustTime(t, "2026-06-25 08:00", vn), "2026-H1"},
		{"at Closes: most recent closed", domain.DefaultPeriodSchedule(), mustTime(t, "2026-07-20 00:00", vn), "2026-H1"},
		{"between H1 and Y", domain.DefaultPeriodSchedule(), mustTime(t, "2026-09-01 08:00", vn), "2026-H1"},
		{"Y late across new year", domain.DefaultPeriodSchedule(), mustTime(t, "2027-01-05 08:00", vn), "2026-Y"},
		{"spring: last year's Y", domain.DefaultPeriodSchedule(), mustTime(t, "2026-03-01 08:00", vn), "2025-Y"},
		{"two accepting: earliest DueAt", overlap, mustTime(t, "2026-06-05 08:00", vn), "ts10"},
		{"one-off late, H1 open: earliest DueAt", overlap, mustTime(t, "2026-06-15 08:00", vn), "ts10"},
		{"only upcoming: next to open", onlyFuture, mustTime(t, "2026-06-01 08:00", vn), "later"},
		{"no periods", domain.PeriodSchedule{}, mustTime(t, "2026-06-01 08:00", vn), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := tt.sched.Default(tt.now, vn)
			if ok != (tt.want != "") || p.ID != tt.want {
				t.Errorf("Default = %q, %v; want %q", p.ID, ok, tt.want)
			}
		})
	}
}

func TestPeriodSchedule_Find(t *testing.T) {
	vn := mustLoc(t, "Asia/Ho_Chi_Minh")
	onlyH1 := domain.DefaultPeriodSchedule()
	onlyH1.Recurring = onlyH1.Recurring[:1]
	tests := []struct {
		sched       domain.PeriodSchedule
		id, want    string
		wantLastDay string
	}{
		{withOneOffs(), "2026-H1", "2026-H1", "2026-06-19"},
		{withOneOffs(), " 2027-y ", "2027-Y", "2027-12-09"},
		{withOneOffs(), "2019-Y", "2019-Y", "2019-12-09"},
		{withOneOffs(), "tet-2027", "tet-2027", "2027-01-20"},
		{withOneOffs(), "TET-2027", "", ""}, // one-off ids are exact
		{withOneOffs(), "2026-H2", "", ""},
		{withOneOffs(), "26-H1", "", ""},
		{withOneOffs(), "", "", ""},
		{onlyH1, "2026-Y", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			p, ok := tt.sched.Find(tt.id, vn)
			if ok != (tt.want != "") || p.ID != tt.want || p.LastDay != tt.wantLastDay {
				t.Errorf("Find(%q) = %q %q %v; want %q %q", tt.id, p.ID, p.LastDay, ok, tt.want, tt.wantLastDay)
			}
		})
	}
}

func TestPeriodSchedule_Validate(t *testing.T) {
	oneOff := func(id, vi, last string) domain.OneOffPeriod {
		return domain.OneOffPeriod{ID: id, Titles: map[string]string{"vi": vi}, LastDay: last}
	}
	tests := []struct {
		name   string
		change func(*domain.PeriodSchedule)
		want   string // substring of the error; "" = valid
	}{
		{"default", func(*domain.PeriodSchedule) {}, ""},
		{"with one-offs", func(s *domain.PeriodSchedule) { *s = withOneOffs() }, ""},
		{"no periods at all", func(s *domain.PeriodSchedule) { s.Recurring = nil }, ""},
		{"bad MM-DD", func(s *domain.PeriodSchedule) { s.Recurring[0].LastDay = "6-19" }, "not MM-DD"},
		{"month 13", func(s *domain.PeriodSchedule) { s.Recurring[0].LastDay = "13-01" }, "H1"},
		{"29 February", func(s *domain.PeriodSchedule) { s.Recurring[1].LastDay = "02-29" }, "Y"},
		{"duplicate kind", func(s *domain.PeriodSchedule) { s.Recurring[1].Kind = domain.KindH1 }, "listed twice"},
		{"one-off kind in recurring", func(s *domain.PeriodSchedule) { s.Recurring[1].Kind = domain.KindOneOff }, "neither H1 nor Y"},
		{"negative open days", func(s *domain.PeriodSchedule) { s.OpenDaysBefore = -1 }, "open_days_before"},
		{"close days over a year", func(s *domain.PeriodSchedule) { s.CloseDaysAfter = 366 }, "close_days_after"},
		{"one-off bad id", func(s *domain.PeriodSchedule) {
			s.OneOff = []domain.OneOffPeriod{oneOff("khảo sát", "x", "2026-03-01")}
		}, "not 1-32"},
		{"one-off id too long", func(s *domain.PeriodSchedule) {
			s.OneOff = []domain.OneOffPeriod{oneOff(strings.Repeat("a", 33), "x", "2026-03-01")}
		}, "not 1-32"},
		{"one-off id like a recurring one", func(s *domain.PeriodSchedule) { s.OneOff = []domain.OneOffPeriod{oneOff("2026-h1", "x", "2026-03-01")} }, "looks like"},
		{"one-off id twice", func(s *domain.PeriodSchedule) {
			s.OneOff = []domain.OneOffPeriod{oneOff("a", "x", "2026-03-01"), oneOff("a", "y", "2026-04-01")}
		}, "listed twice"},
		{"one-off without vi title", func(s *domain.PeriodSchedule) {
			s.OneOff = []domain.OneOffPeriod{{ID: "a", Titles: map[string]string{"en": "Survey"}, LastDay: "2026-03-01"}}
		}, "no vi title"},
		{"one-off bad date", func(s *domain.PeriodSchedule) { s.OneOff = []domain.OneOffPeriod{oneOff("a", "x", "2026-02-30")} }, "2026-02-30"},
		{"one-off negative days", func(s *domain.PeriodSchedule) {
			o := oneOff("a", "x", "2026-03-01")
			o.CloseDaysAfter = -2
			s.OneOff = []domain.OneOffPeriod{o}
		}, "one-off a close_days_after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := domain.DefaultPeriodSchedule()
			tt.change(&s)
			err := s.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tt.want == "":
			case err == nil:
				t.Fatalf("Validate() = nil, want an error with %q", tt.want)
			case !errors.Is(err, domain.ErrBadSchedule) || !strings.Contains(err.Error(), tt.want):
				t.Fatalf("Validate() = %v, want ErrBadSchedule with %q", err, tt.want)
			}
		})
	}
}

func TestCivilDate(t *testing.T) {
	vn := mustLoc(t, "Asia/Ho_Chi_Minh")
	d, err := domain.ParseCivilDate("2026-06-19")
	if err != nil {
		t.Fatal(err)
	}
	if d.Weekday() != time.Friday || d.String() != "2026-06-19" {
		t.Errorf("2026-06-19: %v %s", d.Weekday(), d)
	}
	if got := d.AddDays(14).String(); got != "2026-07-03" {
		t.Errorf("AddDays(14) = %s", got)
	}
	if got := d.AddDays(200).String(); got != "2027-01-05" {
		t.Errorf("AddDays(200) = %s", got)
	}
	if n := d.DaysUntil(d.AddDays(-4)); n != -4 {
		t.Errorf("DaysUntil = %d, want -4", n)
	}
	// 17:00 UTC on 18 June is already midnight of 19 June in Vietnam.
	if got := domain.CivilDateOf(time.Date(2026, 6, 18, 17, 0, 0, 0, time.UTC), vn); got != d {
		t.Errorf("CivilDateOf = %s, want %s", got, d)
	}
	if got := domain.CivilDateOf(time.Date(2026, 6, 18, 16, 59, 0, 0, time.UTC), vn); got.Compare(d) != -1 {
		t.Errorf("CivilDateOf(16:59Z) = %s, want 2026-06-18", got)
	}
	for _, bad := range []string{"2026-02-29", "2026-6-19", "19/06/2026", ""} {
		if _, err := domain.ParseCivilDate(bad); err == nil {
			t.Errorf("ParseCivilDate(%q) succeeded", bad)
		}
	}
}
