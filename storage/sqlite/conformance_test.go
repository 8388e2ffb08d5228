package sqlite_test

import (
	"sync"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/storetest"
)

// TestConformance runs the storage contract's conformance suite against the SQLite engine,
// each case in a fresh data directory.
func TestConformance(t *testing.T) {
	var mu sync.Mutex
	dirs := map[storage.Store]string{}
	storetest.Run(t, storetest.Factory{
		Open: func(tb testing.TB, now func() time.Time) storage.Store {
			dir := tb.TempDir()
			s := storetest.OpenDir(tb, dir, now)
			mu.Lock()
			dirs[s] = dir
			mu.Unlock()
			return s
		},
		Reopen: func(tb testing.TB, s storage.Store, now func() time.Time) storage.Store {
			mu.Lock()
			dir := dirs[s]
			mu.Unlock()
			return storetest.OpenDir(tb, dir, now)
		},
	})
}
