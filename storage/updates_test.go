package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/storagetest"
)

func TestStore_StoreUpdate(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, nil)
	for _, id := range []int64{1000, 9, 42} {
		created, err := s.StoreUpdate(ctx, id, id%2, []byte(`{}`))
		if err != nil || !created {
			t.Fatalf("StoreUpdate(%d) = %v, %v", id, created, err)
		}
	}
	created, err := s.StoreUpdate(ctx, 42, 0, []byte(`{}`))
	if err != nil || created {
		t.Fatalf("duplicate StoreUpdate = %v, %v; want false, nil", created, err)
	}
	got, err := s.PendingUpdates(ctx, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, u := range got {
		ids = append(ids, u.UpdateID)
	}
	if len(ids) != 3 || ids[0] != 9 || ids[1] != 42 || ids[2] != 1000 {
		t.Fatalf("pending order = %v, want [9 42 1000] (numeric, not string order)", ids)
	}
	after, err := s.PendingUpdates(ctx, got[0].ID, 10)
	if err != nil || len(after) != 2 {
		t.Fatalf("PendingUpdates after first = %d, %v", len(after), err)
	}
}

func TestStore_MarkUpdate(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 6, 19, 8, 0, 0, 0, time.UTC)
	s := storagetest.Open(t, func() time.Time { return now })
	for _, id := range []int64{1, 2, 3} {
		if _, err := s.StoreUpdate(ctx, id, 5, []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.MarkUpdateDone(ctx, 1); err != nil {
		t.Fatal(err)
	}
	for want := 1; want <= 2; want++ {
		n, err := s.MarkUpdateTried(ctx, 2, errors.New("boom"))
		if err != nil || n != want {
			t.Fatalf("MarkUpdateTried = %d, %v; want %d", n, err, want)
		}
	}
	if err := s.MarkUpdateFailed(ctx, 3, errors.New("gave up")); err != nil {
		t.Fatal(err)
	}
	got, err := s.PendingUpdates(ctx, "", 10)
	if err != nil || len(got) != 1 || got[0].UpdateID != 2 || got[0].Tries != 2 || got[0].Error != "boom" {
		t.Fatalf("pending = %+v, %v; want only update 2 with 2 tries", got, err)
	}
	n, err := s.PruneUpdates(ctx, now.Add(time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("PruneUpdates = %d, %v; want 2 (done and failed)", n, err)
	}
	_ = storage.UpdateDone
}

func TestStore_DeleteAndPruneConfirmed(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, nil)
	for _, id := range []int64{1, 2, 3, 4} {
		s.StoreUpdate(ctx, id, 5, []byte(`{}`))
	}
	if err := s.DeleteUpdate(ctx, 1); err != nil {
		t.Fatal(err)
	}
	s.MarkUpdateDone(ctx, 2)
	s.MarkUpdateDone(ctx, 4)
	n, err := s.PruneConfirmed(ctx, 4) // 4 is not confirmed yet; 3 is pending
	if err != nil || n != 1 {
		t.Fatalf("PruneConfirmed = %d, %v; want 1 (update 2)", n, err)
	}
	got, _ := s.PendingUpdates(ctx, "", 10)
	if len(got) != 1 || got[0].UpdateID != 3 {
		t.Fatalf("pending = %+v; want update 3", got)
	}
	if created, _ := s.StoreUpdate(ctx, 4, 5, []byte(`{}`)); created {
		t.Error("a done update not yet confirmed was stored again")
	}
}
