package storetest

import (
	"testing"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
)

// collections are the backup names of every collection a store may count or dump.
var collections = map[string]bool{
	backup.ColAttempts: true, backup.ColAudit: true, backup.ColBench: true, backup.ColChats: true, backup.ColDrafts: true,
	backup.ColGroups: true, backup.ColInvites: true, backup.ColLeases: true, backup.ColMeta: true, backup.ColOutbox: true,
	backup.ColPeriods: true, backup.ColQuestionnaires: true, backup.ColReturns: true, backup.ColRevisions: true, backup.ColSchools: true,
	backup.ColSettings: true, backup.ColSubmissions: true, backup.ColUpdates: true, backup.ColUsers: true,
}

// mustCounts returns the store's counts, checking that every name is a backup collection.
func mustCounts(tb testing.TB, e *env) map[string]int64 {
	tb.Helper()
	counts := try(e.s.Counts(e.ctx)).must(tb)
	if counts == nil {
		tb.Error("Counts = nil map")
	}
	for name := range counts {
		if !collections[name] {
			tb.Errorf("Counts names %q, not a backup collection", name)
		}
	}
	return counts
}

// wantCounts fails the test unless the store holds exactly want (collections not named
// must be absent or 0).
func wantCounts(tb testing.TB, e *env, what string, want map[string]int64) {
	tb.Helper()
	got := mustCounts(tb, e)
	for name, n := range got {
		if n != want[name] {
			tb.Errorf("%s: %s has %d records, want %d", what, name, n, want[name])
		}
	}
	for name, n := range want {
		if _, ok := got[name]; !ok && n != 0 {
			tb.Errorf("%s: %s missing from the counts, want %d", what, name, n)
		}
	}
}

func maintenanceCases() []testCase {
	return []testCase{
		{name: "Engine and Ping", run: func(t *testing.T, e *env) {
			if name := e.s.Engine(); name != "sqlite" && name != "mongodb" {
				t.Errorf("Engine() = %q, want sqlite or mongodb", name)
			}
			mustDo(t, "Ping", e.s.Ping(e.ctx))
		}},
		{name: "Counts/empty, then by collection", run: func(t *testing.T, e *env) {
			wantCounts(t, e, "an empty store", nil)
			for id := int64(1); id <= 3; id++ {
				mustStoreUpdate(t, e, id, 42, `{}`)
			}
			mustTouch(t, e, domain.User{ID: 42, Name: "Nguyễn Thị Lan"}, true)
			mustEnqueue(t, e, reminder("m", 42))
			wantCounts(t, e, "after writes", map[string]int64{backup.ColUpdates: 3, backup.ColUsers: 1, backup.ColOutbox: 1})
		}},
		{name: "BenchTouch/counts by id", run: func(t *testing.T, e *env) {
			for want := int64(1); want <= 3; want++ {
				if n, err := e.s.BenchTouch(e.ctx, "42"); err != nil || n != want {
					t.Fatalf("BenchTouch(42) = %d, %v; want %d", n, err, want)
				}
			}
			if n := try(e.s.BenchTouch(e.ctx, "43")).must(t); n != 1 {
				t.Errorf("BenchTouch of another id = %d, want 1", n)
			}
		}},
	}
}
