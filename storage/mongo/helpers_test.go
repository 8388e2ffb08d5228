package mongo

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/mongo/mongotest"
	"github.com/rs/zerolog"
)

// TestMain lets Open accept the in-process FerretDB the tests run against when
// TEST_MONGODB_URI names no real MongoDB; TestOpen_RefusesFerretDB turns it off again.
func TestMain(m *testing.M) {
	allowFerretDB.Store(true)
	os.Exit(m.Run())
}

// server returns the URI the tests use: TEST_MONGODB_URI's real MongoDB, or a FerretDB
// started for this test (ferret true).
func server(tb testing.TB) (uri string, ferret bool) {
	tb.Helper()
	if uri := mongotest.Real(); uri != "" {
		return uri, false
	}
	return mongotest.Start(tb), true
}

// mustOpen opens a store on a fresh database of uri, dropped and closed when the test
// ends. now may be nil for the real clock.
func mustOpen(tb testing.TB, uri string, now func() time.Time) *Store {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := Open(ctx, storage.Options{
		URI: uri, Database: mongotest.Database(tb), Now: now, Timeout: 5 * time.Second,
		Logger: zerolog.New(zerolog.NewTestWriter(tb)).Level(zerolog.WarnLevel),
	})
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = s.db.Drop(ctx)
		_ = s.Close(ctx)
	})
	return s
}

// mustStore opens a store on the test's server.
func mustStore(tb testing.TB, now func() time.Time) (*Store, bool) {
	tb.Helper()
	uri, ferret := server(tb)
	return mustOpen(tb, uri, now), ferret
}

// clock is a settable test clock.
type clock struct{ t time.Time }

func newClock() *clock                   { return &clock{t: time.Date(2026, 6, 19, 1, 0, 0, 0, time.UTC)} }
func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func ctxT(tb testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	tb.Cleanup(cancel)
	return ctx
}
