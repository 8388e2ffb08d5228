package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/storagetest"
)

func TestStore_Schools(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, nil)
	for _, sc := range []domain.School{
		{Code: "THCS-LAICACH", Name: "Trường THCS Lai Cách", Level: domain.LevelTHCS, Commune: "Lai Cách", Active: true},
		{Code: "MN-CAMDIEN", Name: "Trường Mầm non Cẩm Điền", Level: domain.LevelMN, Commune: "Cẩm Điền", Active: true, Phones: []string{"0912345678"}},
	} {
		if err := s.PutSchool(ctx, sc); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Schools(ctx)
	if err != nil || len(got) != 2 || got[0].Code != "MN-CAMDIEN" {
		t.Fatalf("Schools = %+v, %v", got, err)
	}
	if err := s.SetSchoolActive(ctx, "THCS-LAICACH", false); err != nil {
		t.Fatal(err)
	}
	sc, err := s.School(ctx, "THCS-LAICACH")
	if err != nil || sc.Active || sc.Name != "Trường THCS Lai Cách" {
		t.Fatalf("School = %+v, %v", sc, err)
	}
	if _, err := s.School(ctx, "NOPE"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown school: %v", err)
	}
	if err := s.SetSchoolActive(ctx, "NOPE", true); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("deactivate unknown school: %v", err)
	}
}

func TestStore_Reporters(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
	s := storagetest.Open(t, func() time.Time { now = now.Add(time.Second); return now })
	if _, err := s.TouchUser(ctx, domain.User{ID: 7, Name: "Lan"}, true); err != nil {
		t.Fatal(err)
	}
	if prev, err := s.LinkReporter(ctx, 7, "A"); err != nil || prev != "" {
		t.Fatalf("LinkReporter = %q, %v", prev, err)
	}
	if _, err := s.LinkReporter(ctx, 8, "A"); err != nil { // never wrote to the bot
		t.Fatal(err)
	}
	if prev, err := s.LinkReporter(ctx, 7, "B"); err != nil || prev != "A" {
		t.Fatalf("move to B: prev = %q, %v", prev, err)
	}
	a, _ := s.Reporters(ctx, "A")
	b, _ := s.Reporters(ctx, "B")
	if len(a) != 1 || a[0].ID != 8 || len(b) != 1 || b[0].Name != "Lan" {
		t.Fatalf("A = %+v, B = %+v", a, b)
	}
	if err := s.UnlinkReporter(ctx, 8); err != nil {
		t.Fatal(err)
	}
	all, _ := s.AllReporters(ctx)
	if len(all) != 1 || len(all["B"]) != 1 {
		t.Fatalf("AllReporters = %+v", all)
	}
}

func TestStore_Groups(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, nil)
	if err := s.BindGroup(ctx, domain.Group{ChatID: -5, Title: "Cụm 1", Level: domain.LevelMN, BoundBy: 1}); err != nil {
		t.Fatal(err)
	}
	if err := s.MoveGroup(ctx, -5, -1005); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Group(ctx, -5); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("old id still there: %v", err)
	}
	g, err := s.Group(ctx, -1005)
	if err != nil || !g.Active || g.Level != domain.LevelMN || g.Title != "Cụm 1" {
		t.Fatalf("moved group = %+v, %v", g, err)
	}
	if err := s.DisableGroup(ctx, -1005, "kicked"); err != nil {
		t.Fatal(err)
	}
	gs, _ := s.Groups(ctx)
	if len(gs) != 1 || gs[0].Active || gs[0].Disabled != "kicked" {
		t.Fatalf("Groups = %+v", gs)
	}
	if err := s.DisableGroup(ctx, -9, "unbound"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("disable unknown group: %v", err)
	}
}

func TestStore_PutSubmissionAndDraft(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, nil)
	n := int64(12)
	at := time.Date(2026, 6, 10, 3, 0, 0, 0, time.UTC)
	sub := domain.Submission{Period: "2026-H1", School: "TH-A", Answers: map[string]domain.Answer{"q1": {Int: &n, At: at}}, SubmittedAt: at, Revision: 1}
	if err := s.PutSubmission(ctx, sub); err != nil {
		t.Fatal(err)
	}
	got, err := s.Submission(ctx, "2026-H1", "TH-A")
	if err != nil || got.ID != "2026-H1:TH-A" || *got.Answers["q1"].Int != 12 || !got.SubmittedAt.Equal(at) {
		t.Fatalf("Submission = %+v, %v", got, err)
	}
	done, _ := s.SubmittedSchools(ctx, "2026-H1")
	all, _ := s.Submissions(ctx, "2026-H1")
	if !done["TH-A"] || len(all) != 1 {
		t.Fatalf("SubmittedSchools = %v, Submissions = %d", done, len(all))
	}
	if err := s.PutDraft(ctx, domain.Draft{Period: "2026-H1", School: "TH-B", Current: "q2"}); err != nil {
		t.Fatal(err)
	}
	d, err := s.Draft(ctx, "2026-H1", "TH-B")
	ds, _ := s.Drafts(ctx, "2026-H1")
	if err != nil || d.Current != "q2" || len(ds) != 1 {
		t.Fatalf("Draft = %+v, %v; Drafts = %d", d, err, len(ds))
	}
}

func TestStore_BenchTouch(t *testing.T) {
	s := storagetest.Open(t, nil)
	for want := int64(1); want <= 3; want++ {
		if n, err := s.BenchTouch(context.Background(), "42"); err != nil || n != want {
			t.Fatalf("BenchTouch = %d, %v; want %d", n, err, want)
		}
	}
}

func TestStore_TouchUser(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
	s := storagetest.Open(t, func() time.Time { return now })
	u, err := s.TouchUser(ctx, domain.User{ID: 9, Name: "Lan", TgLang: "vi"}, false)
	if err != nil || u.Started || u.Name != "Lan" || !u.Seen.Equal(now) {
		t.Fatalf("first touch in a group = %+v, %v", u, err)
	}
	now = now.Add(time.Minute)
	if u, _ = s.TouchUser(ctx, domain.User{ID: 9, Name: "Lan", TgLang: "vi"}, true); !u.Started {
		t.Fatal("a private message did not mark the user started")
	}
	now = now.Add(time.Minute)
	if u, _ = s.TouchUser(ctx, domain.User{ID: 9, Name: "Lan", TgLang: "vi"}, true); !u.Seen.Equal(now.Add(-time.Minute)) {
		t.Errorf("an unchanged user was written again within the hour: seen %v", u.Seen)
	}
	s.SetUserUnreachable(ctx, 9, true)
	if u, _ = s.TouchUser(ctx, domain.User{ID: 9, Name: "Lan Anh", TgLang: "vi"}, true); u.Name != "Lan Anh" || u.Unreachable {
		t.Errorf("a renamed user who wrote again = %+v", u)
	}
	now = now.Add(2 * time.Hour)
	if u, _ = s.TouchUser(ctx, domain.User{ID: 9, Name: "Lan Anh", TgLang: "vi"}, true); !u.Seen.Equal(now) {
		t.Errorf("seen not refreshed after two hours: %v", u.Seen)
	}
}
