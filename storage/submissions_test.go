package storage_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/storagetest"
)

func TestStore_Submit(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 6, 10, 2, 0, 0, 0, time.UTC)
	s := storagetest.Open(t, fixedClock(t0))
	if _, err := s.Submission(ctx, "2026-H1", "A"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("no submission yet: %v", err)
	}
	first, err := s.Submit(ctx, domain.Submission{Period: "2026-H1", School: "A", Questionnaire: "v1",
		Answers: map[string]domain.Answer{"n": {Int: i64(3)}}, SubmittedBy: 7, SubmitterName: "Lan", SubmittedAt: t0, Late: true})
	if err != nil || first.Revision != 1 || !first.FirstAt.Equal(t0) || first.ID != "2026-H1:A" {
		t.Fatalf("first Submit = %+v, %v", first, err)
	}
	t1 := t0.Add(time.Hour)
	second, err := s.Submit(ctx, domain.Submission{Period: "2026-H1", School: "A", Questionnaire: "v1",
		Answers: map[string]domain.Answer{"n": {Int: i64(4)}}, SubmittedBy: 1001, SubmitterName: "Hoan", ByOfficer: true, SubmittedAt: t1})
	if err != nil || second.Revision != 2 || !second.FirstAt.Equal(t0) || !second.SubmittedAt.Equal(t1) ||
		!second.Late || !second.ByOfficer || *second.Answers["n"].Int != 4 || second.SubmittedBy != 1001 {
		t.Fatalf("second Submit = %+v, %v", second, err)
	}
	got, err := s.Submission(ctx, "2026-H1", "A")
	if err != nil || got.Revision != 2 || got.SubmitterName != "Hoan" {
		t.Fatalf("Submission = %+v, %v", got, err)
	}
	done, _ := s.SubmittedSchools(ctx, "2026-H1")
	if !done["A"] || len(done) != 1 {
		t.Errorf("SubmittedSchools = %v", done)
	}
}

func TestStore_Revisions(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 6, 10, 2, 0, 0, 0, time.UTC)
	s := storagetest.Open(t, fixedClock(t0))
	for _, r := range []domain.Revision{
		{Period: "2026-H1", School: "A", Revision: 2, Changed: []string{"n"}, By: 8, ByName: "Minh", At: t0.Add(time.Hour)},
		{Period: "2026-H1", School: "A", Revision: 1, Changed: []string{"n", "t"}, By: 7, ByName: "Lan", At: t0},
		{Period: "2026-H1", School: "A", Revision: 1, Changed: []string{"other"}, By: 9}, // a retried update keeps the first
		{Period: "2026-H1", School: "B", Revision: 1},
	} {
		if err := s.AddRevision(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	revs, err := s.Revisions(ctx, "2026-H1", "A")
	if err != nil || len(revs) != 2 {
		t.Fatalf("Revisions = %+v, %v", revs, err)
	}
	if revs[0].ID != "2026-H1:A:1" || !reflect.DeepEqual(revs[0].Changed, []string{"n", "t"}) || revs[0].By != 7 ||
		revs[1].Revision != 2 || revs[1].ByName != "Minh" {
		t.Errorf("revisions = %+v", revs)
	}
}
