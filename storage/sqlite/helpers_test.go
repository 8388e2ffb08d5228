package sqlite

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/storage"
	"github.com/rs/zerolog"
)

// clock is a settable clock for store tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 6, 16, 1, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// mustOpen opens a store in a fresh directory, closed when the test ends.
func mustOpen(tb testing.TB, now func() time.Time) *Store {
	tb.Helper()
	return mustOpenDir(tb, tb.TempDir(), now)
}

// mustOpenDir opens the store in dir, closed when the test ends unless closed before.
func mustOpenDir(tb testing.TB, dir string, now func() time.Time) *Store {
	tb.Helper()
	s, err := Open(context.Background(), storage.Options{DataDir: dir, Now: now, Logger: zerolog.New(zerolog.NewTestWriter(tb)).Level(zerolog.WarnLevel)})
	if err != nil {
		tb.Fatalf("open store in %s: %v", dir, err)
	}
	tb.Cleanup(func() { _ = s.Close(context.Background()) })
	return s
}

func i64(n int64) *int64 { return &n }
func yes() *bool         { b := true; return &b }

// fixedClock returns a clock standing at t.
func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }
