package mongo

import (
	"context"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/storetest"
	"github.com/rs/zerolog"
)

// TestConformance runs the storage contract's suite against this engine: on the real
// MongoDB of TEST_MONGODB_URI every case, on the in-process FerretDB all but the
// atomicity cases. One server serves every case, each on a database of its own.
func TestConformance(t *testing.T) {
	uri, ferret := server(t)
	f := storetest.Factory{
		Open: func(tb testing.TB, now func() time.Time) storage.Store { return mustOpen(tb, uri, now) },
		Reopen: func(tb testing.TB, s storage.Store, now func() time.Time) storage.Store {
			tb.Helper()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			again, err := Open(ctx, storage.Options{URI: uri, Database: s.(*Store).db.Name(), Now: now,
				Logger: zerolog.New(zerolog.NewTestWriter(tb)).Level(zerolog.WarnLevel)})
			if err != nil {
				tb.Fatalf("reopen store: %v", err)
			}
			tb.Cleanup(func() { _ = again.Close(context.Background()) })
			return again
		},
	}
	if ferret {
		f.SkipAtomic = "FerretDB, the test server here, does not apply conditional updates atomically " +
			"(racing writers can both win); set TEST_MONGODB_URI to a MongoDB to run them"
	}
	storetest.Run(t, f)
}
