package storage

import (
	"context"
	"slices"
	"testing"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/bson"
)

func TestStore_Changes(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })

	_, all, g0 := s.Changes(colSubmissions, 0)
	if all {
		t.Fatal("a fresh store reports unknown changes")
	}
	if err := s.PutSubmission(ctx, domain.Submission{Period: "P", School: "A"}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSubmissions(ctx, []domain.Submission{{Period: "P", School: "B"}, {Period: "P", School: "C"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSchool(ctx, domain.School{Code: "A"}); err != nil { // another collection
		t.Fatal(err)
	}
	ids, all, g1 := s.Changes(colSubmissions, g0)
	slices.Sort(ids)
	if all || !slices.Equal(ids, []string{"P:A", "P:B", "P:C"}) || g1 <= g0 {
		t.Fatalf("Changes = %q, all=%v, gen %d -> %d", ids, all, g0, g1)
	}
	if ids, all, g2 := s.Changes(colSubmissions, g1); all || len(ids) != 0 || g2 != g1 {
		t.Errorf("no writes since: %q, %v, %d", ids, all, g2)
	}
	if _, err := s.c(colSubmissions).InsertOne(ctx, bson.M{"_id": "P:D", "period": "P"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.c(colSubmissions).DeleteOne(ctx, bson.M{"_id": "P:A"}); err != nil {
		t.Fatal(err)
	}
	ids, all, g3 := s.Changes(colSubmissions, g1)
	slices.Sort(ids)
	if all || !slices.Equal(ids, []string{"P:A", "P:D"}) {
		t.Errorf("insert and delete: %q, %v", ids, all)
	}
	if _, err := s.c(colSubmissions).UpdateMany(ctx, bson.M{"period": "P"}, bson.M{"$set": bson.M{"late": true}}); err != nil {
		t.Fatal(err)
	}
	if _, all, _ := s.Changes(colSubmissions, g3); !all {
		t.Error("a write by another filter must ask for a full reload")
	}
	if _, all, _ := s.Changes(colDrafts, g3); all {
		t.Error("a write to submissions must not touch drafts")
	}
}

func TestChangeLog_ForgetsOldEntries(t *testing.T) {
	l := newChangeLog()
	for range maxChanges + 10 {
		l.add([]change{{col: "c", id: "x"}})
	}
	s := &Store{changes: l}
	if _, all, _ := s.Changes("c", 1); !all {
		t.Error("a generation older than the log must ask for a full reload")
	}
	if ids, all, _ := s.Changes("c", l.gen-1); all || len(ids) != 1 {
		t.Errorf("recent change: %q, %v", ids, all)
	}
	if _, all, _ := (&Store{}).Changes("c", 0); !all {
		t.Error("a store without a change log must ask for a full reload")
	}
}
