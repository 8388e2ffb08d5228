package storage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/storagetest"
)

func TestStore_PutSubmissions(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, nil)
	var schools []domain.School
	var subs []domain.Submission
	for i := range 600 { // more than one batch of 500
		code := fmt.Sprintf("TH-%04d", i)
		schools = append(schools, domain.School{Code: code, Name: "Trường " + code, Level: domain.LevelTH, Active: true})
		n := int64(i)
		subs = append(subs, domain.Submission{Period: "2026-Y", School: code, Revision: 1,
			Answers: map[string]domain.Answer{"news_items": {Int: &n}}})
	}
	if err := s.PutSchools(ctx, schools); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSubmissions(ctx, subs); err != nil {
		t.Fatal(err)
	}
	subs[7].Revision = 2 // replacing is allowed
	if err := s.PutSubmissions(ctx, subs[5:10]); err != nil {
		t.Fatal(err)
	}
	all, err := s.Schools(ctx)
	if err != nil || len(all) != 600 || all[0].Created.IsZero() {
		t.Fatalf("Schools = %d, %v", len(all), err)
	}
	got, err := s.Submissions(ctx, "2026-Y")
	if err != nil || len(got) != 600 {
		t.Fatalf("Submissions = %d, %v", len(got), err)
	}
	one, err := s.Submission(ctx, "2026-Y", "TH-0007")
	if err != nil || one.Revision != 2 || one.ID != "2026-Y:TH-0007" || *one.Answers["news_items"].Int != 7 {
		t.Errorf("Submission = %+v, %v", one, err)
	}
}

func TestStore_PutRevisions(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, nil)
	at := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	revs := []domain.Revision{
		{Period: "2026-Y", School: "A", Revision: 2, By: 7, ByName: "Lan", At: at.Add(time.Hour), Changed: []string{"news_items"}},
		{Period: "2026-Y", School: "A", Revision: 1, By: 8, ByName: "Minh", At: at},
		{Period: "2026-Y", School: "B", Revision: 1, By: 9, At: at},
		{Period: "2026-H1", School: "A", Revision: 1, By: 9, At: at},
	}
	if err := s.PutRevisions(ctx, revs); err != nil {
		t.Fatal(err)
	}
	got, err := s.Revisions(ctx, "2026-Y", "A")
	if err != nil || len(got) != 2 {
		t.Fatalf("Revisions = %+v, %v", got, err)
	}
	if got[0].Revision != 1 || got[0].ID != "2026-Y:A:1" || got[1].ByName != "Lan" || got[1].Changed[0] != "news_items" || !got[1].At.Equal(at.Add(time.Hour)) {
		t.Errorf("Revisions = %+v", got)
	}
	if none, err := s.Revisions(ctx, "2026-Y", "C"); err != nil || len(none) != 0 {
		t.Errorf("no revisions = %+v, %v", none, err)
	}
}
