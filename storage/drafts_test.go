package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/storagetest"
)

func i64(n int64) *int64 { return &n }
func yes() *bool         { b := true; return &b }

func TestStore_OpenDraft(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, fixedClock(time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)))
	d, err := s.OpenDraft(ctx, domain.Draft{Period: "2026-H1", School: "THCS-X", Questionnaire: "v1"})
	if err != nil || d.ID != "2026-H1:THCS-X" || d.Questionnaire != "v1" || len(d.Answers) != 0 || d.Created.IsZero() {
		t.Fatalf("OpenDraft = %+v, %v", d, err)
	}
	// A second open (the deputy, or a later questionnaire) gets the stored draft.
	again, err := s.OpenDraft(ctx, domain.Draft{Period: "2026-H1", School: "THCS-X", Questionnaire: "v2"})
	if err != nil || again.Questionnaire != "v1" {
		t.Fatalf("second OpenDraft = %+v, %v", again, err)
	}
	if _, err := s.OpenDraft(ctx, domain.Draft{Period: "2026-H1", School: "B", Answers: map[string]domain.Answer{"a.b": {}}}); err == nil {
		t.Error("a question id with a dot was accepted")
	}
}

func TestStore_ChangeAnswers(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, fixedClock(time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)))
	if err := s.SetAnswer(ctx, "2026-H1", "NONE", "q", domain.Answer{By: 1}, "Lan"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("answer without a draft: %v", err)
	}
	if _, err := s.OpenDraft(ctx, domain.Draft{Period: "2026-H1", School: "A"}); err != nil {
		t.Fatal(err)
	}
	// Two reporters answer different questions: both answers stay.
	if err := s.SetAnswer(ctx, "2026-H1", "A", "count", domain.Answer{Int: i64(5), By: 7}, "Lan"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAnswer(ctx, "2026-H1", "A", "held", domain.Answer{Bool: yes(), By: 8}, "Minh"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAnswer(ctx, "2026-H1", "A", "note", domain.Answer{Text: "ổn", By: 8}, "Minh"); err != nil {
		t.Fatal(err)
	}
	d, err := s.Draft(ctx, "2026-H1", "A")
	if err != nil || len(d.Answers) != 3 || *d.Answers["count"].Int != 5 || d.Answers["count"].By != 7 ||
		!*d.Answers["held"].Bool || d.EditedBy != 8 || d.EditorName != "Minh" || d.Answers["note"].At.IsZero() {
		t.Fatalf("draft = %+v, %v", d, err)
	}
	// A change and the answers it hides go in one update.
	no := false
	if err := s.ChangeAnswers(ctx, "2026-H1", "A", map[string]domain.Answer{"held": {Bool: &no}}, []string{"note", "count"}, 7, "Lan"); err != nil {
		t.Fatal(err)
	}
	d, _ = s.Draft(ctx, "2026-H1", "A")
	if len(d.Answers) != 1 || *d.Answers["held"].Bool || d.EditedBy != 7 {
		t.Fatalf("after change: %+v", d.Answers)
	}
	if err := s.SetAnswer(ctx, "2026-H1", "A", "$where", domain.Answer{}, "x"); err == nil {
		t.Error("a field name starting with $ was accepted")
	}
}

// fixedClock returns a clock standing at t.
func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }
