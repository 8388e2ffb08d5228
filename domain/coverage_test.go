package domain

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakeTr renders a message as its id and sorted data, so a test sees what was asked for.
func fakeTr(lang, id string, data map[string]any) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(data)) {
		parts = append(parts, fmt.Sprintf("%s=%v", k, data[k]))
	}
	return lang + ":" + id + "(" + strings.Join(parts, ",") + ")"
}

func TestCoverage_Text(t *testing.T) {
	tests := []struct {
		c    Coverage
		want string
	}{
		{Coverage{}, ""},
		{Coverage{From: CivilDate{2026, 1, 1}}, "vi:coverage.to_date(From=01/01/2026)"},
		{Coverage{From: CivilDate{2026, 1, 1}, To: CivilDate{2026, 12, 31}}, "vi:coverage.year(Year=2026)"},
		{Coverage{From: CivilDate{2025, 12, 16}, To: CivilDate{2026, 6, 15}}, "vi:coverage.range(From=16/12/2025,To=15/06/2026)"},
		{Coverage{From: CivilDate{2026, 1, 1}, To: CivilDate{2027, 12, 31}}, "vi:coverage.range(From=01/01/2026,To=31/12/2027)"},
	}
	for _, tt := range tests {
		if got := tt.c.Text("vi", fakeTr); got != tt.want {
			t.Errorf("%+v.Text = %q, want %q", tt.c, got, tt.want)
		}
	}
	if got := (Coverage{From: CivilDate{2026, 1, 1}}).Intro("en", fakeTr); got != "en:coverage.intro(Coverage=en:coverage.to_date(From=01/01/2026))" {
		t.Errorf("Intro = %q", got)
	}
}

func TestPeriod_Coverage(t *testing.T) {
	loc := time.UTC
	custom := DefaultPeriodSchedule()
	custom.Recurring = []RecurringPeriod{
		{Kind: KindH1, LastDay: "06-19", CoverFrom: "12-16", CoverTo: "06-15"},
		{Kind: KindYear, LastDay: "12-09", CoverFrom: "12-01", CoverTo: "11-30"},
	}
	custom.OneOff = []OneOffPeriod{
		{ID: "kt", Titles: map[string]string{"vi": "KT"}, LastDay: "2026-09-30"},
		{ID: "kt2", Titles: map[string]string{"vi": "KT"}, LastDay: "2026-09-30", CoverFrom: "2026-06-01", CoverTo: "2026-08-31"},
	}
	tests := []struct {
		sched    PeriodSchedule
		id       string
		from, to string
	}{
		{DefaultPeriodSchedule(), "2026-H1", "2026-01-01", ""},
		{DefaultPeriodSchedule(), "2026-Y", "2026-01-01", "2026-12-31"},
		{custom, "2026-H1", "2025-12-16", "2026-06-15"},
		{custom, "2026-Y", "2025-12-01", "2026-11-30"},
		{custom, "kt", "2026-01-01", ""},
		{custom, "kt2", "2026-06-01", "2026-08-31"},
	}
	for _, tt := range tests {
		p, ok := tt.sched.Find(tt.id, loc)
		if !ok {
			t.Fatalf("Find(%s) failed", tt.id)
		}
		if p.CoverFrom != tt.from || p.CoverTo != tt.to {
			t.Errorf("%s covers %q..%q, want %q..%q", tt.id, p.CoverFrom, p.CoverTo, tt.from, tt.to)
		}
	}
	old := Period{ID: "2025-Y", Kind: KindYear, LastDay: "2025-12-09"} // stored before coverage
	if got := old.Coverage(); got != (Coverage{CivilDate{2025, 1, 1}, CivilDate{2025, 12, 31}}) {
		t.Errorf("old annual period covers %+v", got)
	}
	if got := (Period{ID: "2025-H1", Kind: KindH1, LastDay: "2025-06-19"}).Coverage(); !got.ToDate() || got.From != (CivilDate{2025, 1, 1}) {
		t.Errorf("old six-month period covers %+v", got)
	}
}

func TestPeriodSchedule_Validate_coverage(t *testing.T) {
	for name, tt := range map[string]struct {
		r       []RecurringPeriod
		o       []OneOffPeriod
		wantErr string
	}{
		"bad cover_from":   {r: []RecurringPeriod{{Kind: KindH1, LastDay: "06-19", CoverFrom: "1-1"}}, wantErr: "cover_from"},
		"29 February":      {r: []RecurringPeriod{{Kind: KindYear, LastDay: "12-09", CoverTo: "02-29"}}, wantErr: "cover_to"},
		"one-off backward": {o: []OneOffPeriod{{ID: "x", Titles: map[string]string{"vi": "X"}, LastDay: "2026-09-30", CoverFrom: "2026-10-01"}}, wantErr: "after it ends"},
		"one-off bad date": {o: []OneOffPeriod{{ID: "x", Titles: map[string]string{"vi": "X"}, LastDay: "2026-09-30", CoverTo: "2026-13-01"}}, wantErr: "cover_to"},
	} {
		s := PeriodSchedule{Recurring: tt.r, OneOff: tt.o}
		if err := s.Validate(); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: Validate = %v, want %q", name, err, tt.wantErr)
		}
	}
}

func TestPeriod_PreviousID(t *testing.T) {
	for _, tt := range []struct {
		p              Period
		prev, firstH   string
		okPrev, okHalf bool
	}{
		{Period{ID: "2026-H1", Kind: KindH1}, "2025-H1", "", true, false},
		{Period{ID: "2026-Y", Kind: KindYear}, "2025-Y", "2026-H1", true, true},
		{Period{ID: "kt-2026", Kind: KindOneOff}, "", "", false, false},
	} {
		prev, ok := tt.p.PreviousID()
		half, ok2 := tt.p.FirstHalfID()
		if prev != tt.prev || ok != tt.okPrev || half != tt.firstH || ok2 != tt.okHalf {
			t.Errorf("%s: PreviousID %q %v, FirstHalfID %q %v", tt.p.ID, prev, ok, half, ok2)
		}
	}
}

func TestView_Hint(t *testing.T) {
	q := DefaultQuestionnaire()
	p, _ := DefaultPeriodSchedule().Find("2026-H1", time.UTC)
	v := q.ViewFor(LevelMN, p)
	for id, want := range map[string]string{
		"comm_activities":   "Ví dụ: họp cha mẹ trẻ, bảng tuyên truyền, ngày hội có nội dung này.\nvi:coverage.hint(Coverage=vi:coverage.to_date(From=01/01/2026))",
		"disabled_children": "Tính tại thời điểm báo cáo, kể cả trẻ chưa có giấy xác nhận khuyết tật nhưng trường đang hỗ trợ học hòa nhập. Không có thì ghi 0.",
		"harm_any":          "coverage.hint",
		"own_plan":          "",
	} {
		qn, _ := q.Question(id)
		got := v.Hint(qn, "vi", fakeTr)
		if got != want && !(want == "coverage.hint" && strings.Contains(got, want)) {
			t.Errorf("Hint(%s) = %q, want %q", id, got, want)
		}
	}
	if qn, _ := q.Question("comm_activities"); q.View(LevelMN, KindH1).Hint(qn, "vi", fakeTr) != "Ví dụ: họp cha mẹ trẻ, bảng tuyên truyền, ngày hội có nội dung này." {
		t.Error("a view without coverage adds a coverage line")
	}
}
