package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/storage"
)

// Factory is how the conformance suite gets stores of one engine. An engine's test passes
// one to Run:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, storetest.Factory{Open: ..., Reopen: ...})
//	}
type Factory struct {
	// Open returns a new, empty store whose stored timestamps come from now (the suite's
	// Clock), and closes it when tb ends (tb.Cleanup; the suite may have closed it before,
	// so a second Close must be harmless). Every case gets a store of its own.
	Open func(tb testing.TB, now func() time.Time) storage.Store
	// Reopen opens again the data of s, which the suite has closed, as a restarted process
	// would, with the clock now; the new store is closed when tb ends. Nil when the engine
	// cannot: the persistence cases are then skipped.
	Reopen func(tb testing.TB, s storage.Store, now func() time.Time) storage.Store
	// SkipAtomic, when not empty, says why the atomicity cases (racing writers: exactly one
	// winner, no lost update) cannot pass against this engine's test server; they are
	// skipped with this reason. Production engines never set it.
	SkipAtomic string
	// Testdata is the directory holding the backups older releases wrote
	// (backup-v1-ferretdb.*). Empty means storage/testdata found from this package's
	// source file; the cases that need it are skipped when it is not there.
	Testdata string
}

// Start is where every case's Clock starts: 16 June 2026, 08:00 in Cẩm Giàng (UTC+7), three
// days before the six-month report is due.
var Start = time.Date(2026, 6, 16, 1, 0, 0, 0, time.UTC)

// Clock is a settable fake clock for a store under test: give Now to the store and move
// time with Set and Advance. It is safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t (backwards too).
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is what a case works with: its store, the store's clock and the factory, for cases
// that need a second store (a restore target) or a restart.
type env struct {
	ctx   context.Context
	s     storage.Store
	clock *Clock
	f     Factory
}

// fresh opens another empty store of the engine on the same clock.
func (e *env) fresh(tb testing.TB) storage.Store {
	tb.Helper()
	return e.f.Open(tb, e.clock.Now)
}

// testCase is one conformance case. atomic cases race writers and are skipped when the
// factory says the server is not atomic; reopen cases need Factory.Reopen.
type testCase struct {
	name   string
	atomic bool
	reopen bool
	run    func(t *testing.T, e *env)
}

// group is the cases of one feature of the contract, named after its interface.
type group struct {
	name  string
	cases []testCase
}

func groups() []group {
	return []group{
		{"Inbox", inboxCases()},
		{"Outbox", outboxCases()},
		{"Users", userCases()},
		{"ChatFlow", chatFlowCases()},
		{"Schools", schoolCases()},
		{"Registration", registrationCases()},
		{"Groups", groupCases()},
		{"Periods", periodCases()},
		{"Reports", reportCases()},
		{"Submit", submitCases()},
		{"Returns", returnCases()},
		{"Audit", auditCases()},
		{"Leases", leaseCases()},
		{"Settings", settingCases()},
		{"Maintenance", maintenanceCases()},
		{"Backup", backupCases()},
		{"BackupV1", backupV1Cases()},
		{"Atomic", atomicCases()},
		{"Persistence", persistenceCases()},
	}
}

// Run runs the conformance suite against the engine f opens: every method of
// storage.Store, each case in its own subtest with a fresh store and a Clock at Start.
func Run(t *testing.T, f Factory) {
	if f.Open == nil {
		t.Fatal("storetest.Factory.Open is nil")
	}
	for _, g := range groups() {
		t.Run(g.name, func(t *testing.T) {
			for _, c := range g.cases {
				t.Run(c.name, func(t *testing.T) {
					if c.atomic && f.SkipAtomic != "" {
						t.Skip("atomicity case skipped: " + f.SkipAtomic)
					}
					if c.reopen && f.Reopen == nil {
						t.Skip("the engine's factory cannot reopen a store (Factory.Reopen is nil)")
					}
					clock := NewClock(Start)
					c.run(t, &env{ctx: t.Context(), s: f.Open(t, clock.Now), clock: clock, f: f})
				})
			}
		})
	}
}
