package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/storagetest"
	"github.com/rs/zerolog"
)

func TestOpen_SecondProcessOnSameDirIsRefused(t *testing.T) {
	dir := t.TempDir()
	storagetest.OpenDir(t, dir, nil)
	_, err := storage.Open(context.Background(), storage.Options{DataDir: dir, Logger: zerolog.Nop()})
	if !errors.Is(err, storage.ErrLocked) {
		t.Fatalf("second Open on a locked dir: err = %v, want ErrLocked", err)
	}
}

func TestOpen_DataSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s := storagetest.OpenDir(t, dir, nil)
	if _, err := s.StoreUpdate(ctx, 7, 1, []byte(`{"update_id":7}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	s = storagetest.OpenDir(t, dir, nil)
	got, err := s.PendingUpdates(ctx, "", 10)
	if err != nil || len(got) != 1 || got[0].UpdateID != 7 {
		t.Fatalf("after reopen: %v, %+v", err, got)
	}
}

func TestOpen_UnreachableURIFailsFast(t *testing.T) {
	start := time.Now()
	_, err := storage.Open(context.Background(), storage.Options{
		URI: "mongodb://user:hunter2@127.0.0.1:1/", ServerSelectionTimeout: 300 * time.Millisecond, Logger: zerolog.Nop(),
	})
	if err == nil {
		t.Fatal("Open on a closed port succeeded")
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("Open took %v; the selection timeout is not applied", time.Since(start))
	}
	if msg := err.Error(); contains(msg, "hunter2") {
		t.Errorf("error leaks the password: %s", msg)
	}
}

func contains(s, sub string) bool {
	return len(sub) > 0 && len(s) >= len(sub) && (s == sub || indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestOpen_DataDirWithSpacesAndCommas(t *testing.T) {
	dir := t.TempDir() + "/Dữ liệu, trường"
	s := storagetest.OpenDir(t, dir, nil)
	if _, err := s.StoreUpdate(context.Background(), 1, 1, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
}
