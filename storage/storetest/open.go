// Package storetest is the storage contract's conformance suite (Run), which every engine
// passes, and the helpers other packages' tests use to open a real store: the embedded
// SQLite engine in a temporary directory, never a map pretending to be a database.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/sqlite"
	"github.com/rs/zerolog"
)

// Open opens the embedded store in a fresh temporary directory and closes it when the test
// ends. now may be nil for the real clock.
func Open(tb testing.TB, now func() time.Time) storage.Store {
	tb.Helper()
	return OpenDir(tb, tb.TempDir(), now)
}

// OpenDir opens the embedded store in dir as a bot does, holding the directory's lock, so a
// test can reopen the same data after a restart. The store is closed when the test ends
// unless the test closed it already.
func OpenDir(tb testing.TB, dir string, now func() time.Time) storage.Store {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := sqlite.Open(ctx, storage.Options{DataDir: dir, Exclusive: true, Logger: zerolog.New(zerolog.NewTestWriter(tb)).Level(zerolog.WarnLevel), Now: now})
	if err != nil {
		tb.Fatalf("open embedded store in %s: %v", dir, err)
	}
	tb.Cleanup(func() { _ = s.Close(context.Background()) })
	return s
}
