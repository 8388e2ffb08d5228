package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/storagetest"
)

const altQuestionnaire = `
sections:
  - id: s
    title: {vi: "Mục <một> & “hai”"}
    questions:
      - id: n
        type: integer
        required: true
        min: 0
        label: {vi: "Số lượng", en: "Count"}
`

func TestStore_PinPeriod(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, fixedClock(time.Date(2026, 5, 25, 2, 0, 0, 0, time.UTC)))
	def := domain.DefaultQuestionnaire()
	alt, err := domain.ParseQuestionnaire([]byte(altQuestionnaire))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Period(ctx, "2026-H1"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("period before it opened: %v", err)
	}
	loc := time.UTC
	p, _ := domain.DefaultPeriodSchedule().Find("2026-H1", loc)
	pinned, err := s.PinPeriod(ctx, p, def)
	if err != nil || pinned.Questionnaire != def.Version() || !pinned.DueAt.Equal(p.DueAt) {
		t.Fatalf("PinPeriod = %+v, %v", pinned, err)
	}
	// The configuration changes: the open period keeps its version, a later one pins the new.
	again, err := s.PinPeriod(ctx, p, alt)
	if err != nil || again.Questionnaire != def.Version() {
		t.Fatalf("second PinPeriod = %+v, %v", again, err)
	}
	y, _ := domain.DefaultPeriodSchedule().Find("2026-Y", loc)
	later, err := s.PinPeriod(ctx, y, alt)
	if err != nil || later.Questionnaire != alt.Version() {
		t.Fatalf("PinPeriod of a later period = %+v, %v", later, err)
	}
	for _, want := range []*domain.Questionnaire{def, alt} {
		got, err := s.Questionnaire(ctx, want.Version())
		if err != nil || got.Version() != want.Version() || len(got.Sections) != len(want.Sections) {
			t.Fatalf("Questionnaire(%s) = %v, %v", want.Version(), got, err)
		}
	}
	if _, err := s.Questionnaire(ctx, "nope"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown version: %v", err)
	}
}

func TestStore_Reopen(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, fixedClock(time.Date(2026, 7, 1, 2, 0, 0, 0, time.UTC)))
	if err := s.Reopen(ctx, "2026-H1", "A", 1001); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("reopen of a period not stored: %v", err)
	}
	if ok, err := s.Reopened(ctx, "2026-H1", "A"); ok || err != nil {
		t.Fatalf("Reopened before the period is stored = %v, %v", ok, err)
	}
	p, _ := domain.DefaultPeriodSchedule().Find("2026-H1", time.UTC)
	if _, err := s.PinPeriod(ctx, p, domain.DefaultQuestionnaire()); err != nil {
		t.Fatal(err)
	}
	if err := s.Reopen(ctx, "2026-H1", "THCS-A", 1001); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.Reopened(ctx, "2026-H1", "THCS-A"); !ok || err != nil {
		t.Fatalf("Reopened = %v, %v", ok, err)
	}
	if ok, _ := s.Reopened(ctx, "2026-H1", "B"); ok {
		t.Error("another school is reopened too")
	}
	if err := s.EndReopen(ctx, "2026-H1", "THCS-A"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Reopened(ctx, "2026-H1", "THCS-A"); ok {
		t.Error("still reopened after EndReopen")
	}
	if p2, err := s.Period(ctx, "2026-H1"); err != nil || p2.Questionnaire == "" {
		t.Errorf("period after reopen = %+v, %v", p2, err)
	}
}
