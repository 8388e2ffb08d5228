package handlers

import (
	"context"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/storagetest"
)

// countingStore counts full reads of a period's submissions.
type countingStore struct {
	OfficerStore
	full int
}

func (c *countingStore) Submissions(ctx context.Context, period string) ([]domain.Submission, error) {
	c.full++
	return c.OfficerStore.Submissions(ctx, period)
}

func TestDocCache_Get(t *testing.T) {
	ctx := context.Background()
	st := storagetest.Open(t, nil)
	cs := &countingStore{OfficerStore: st}
	c := docCache[domain.Submission]{col: "submissions", loadAll: cs.Submissions, loadOne: st.Submission,
		schoolOf: func(s domain.Submission) string { return s.School }}
	put := func(school string, rev int) {
		t.Helper()
		if err := st.PutSubmission(ctx, domain.Submission{Period: "2026-Y", School: school, Revision: rev}); err != nil {
			t.Fatal(err)
		}
	}
	get := func(period string) []domain.Submission {
		t.Helper()
		subs, err := c.get(ctx, st, period)
		if err != nil {
			t.Fatal(err)
		}
		return subs
	}
	put("B", 1)
	put("A", 1)
	if got := get("2026-Y"); len(got) != 2 || got[0].School != "A" || cs.full != 1 {
		t.Fatalf("first read = %+v, full reads %d", got, cs.full)
	}
	put("C", 1)
	put("A", 2)
	got := get("2026-Y")
	if len(got) != 3 || got[0].Revision != 2 || got[2].School != "C" || cs.full != 1 {
		t.Fatalf("after two writes = %+v, full reads %d", got, cs.full)
	}
	if err := st.PutSubmission(ctx, domain.Submission{Period: "2026-H1", School: "A"}); err != nil {
		t.Fatal(err)
	}
	if got := get("2026-Y"); len(got) != 3 || cs.full != 1 {
		t.Errorf("a write to another period = %+v, full reads %d", got, cs.full)
	}
	if got := get("2026-H1"); len(got) != 1 || cs.full != 2 {
		t.Errorf("another period = %+v, full reads %d", got, cs.full)
	}
	// A handler's view sees a new submission at once.
	h := New(Deps{Officer: st, Now: func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }})
	p, _ := domain.DefaultPeriodSchedule().Find("2026-Y", time.UTC)
	tr := func(_, id string, _ map[string]any) string { return id }
	if err := st.PutSchools(ctx, []domain.School{{Code: "A", Level: domain.LevelMN, Active: true}, {Code: "B", Level: domain.LevelMN, Active: true}, {Code: "C", Level: domain.LevelMN, Active: true}, {Code: "D", Level: domain.LevelMN, Active: true}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		school string
		want   int
	}{{"", 3}, {"D", 4}} {
		if c.school != "" {
			put(c.school, 1)
		}
		v, err := h.statusOf(ctx, p, tr)
		if err != nil || v.Done != c.want {
			t.Fatalf("status done = %+v, %v; want %d", v, err, c.want)
		}
	}
}
