package app

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/storage/storetest"
	"github.com/rs/zerolog"
)

// testClock is the store's clock, moved by the test.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *testClock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// flakyLeases fails every call while down is set, like a store out of reach.
type flakyLeases struct {
	leaseStore
	down atomic.Bool
}

var errDown = errors.New("store unreachable")

func (f *flakyLeases) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	if f.down.Load() {
		return false, errDown
	}
	return f.leaseStore.AcquireLease(ctx, name, holder, ttl)
}

// replica is one process's active role with a part that counts its runs.
type replica struct {
	*activeRole
	starts, running atomic.Int32
	cancel          context.CancelFunc
	done            chan struct{}
}

func newReplica(leases leaseStore, holder string, ttl time.Duration) *replica {
	r := &replica{done: make(chan struct{})}
	r.activeRole = &activeRole{leases: leases, holder: holder, ttl: ttl, renew: 5 * time.Millisecond, log: zerolog.Nop(),
		parts: []func(context.Context){func(ctx context.Context) {
			r.starts.Add(1)
			r.running.Add(1)
			defer r.running.Add(-1)
			<-ctx.Done()
		}}}
	return r
}

// start steps once, as app.Start does, then keeps running in the background.
func (r *replica) start(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	wait := r.step(ctx)
	go func() { defer close(r.done); r.run(ctx, wait) }()
	t.Cleanup(r.stop)
}

// stop stops the replica as app.Stop does: parts stopped, lease released.
func (r *replica) stop() {
	r.cancel()
	<-r.done
}

func eventuallyTrue(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestActiveRole_OneActiveAndHandover(t *testing.T) {
	clock := &testClock{t: time.Date(2026, 6, 16, 1, 0, 0, 0, time.UTC)}
	st := storetest.Open(t, clock.Now)
	a, b := newReplica(st, "A", defaultLeaseTTL), newReplica(st, "B", defaultLeaseTTL)
	a.start(t)
	b.start(t)
	if a.Role() != roleActive || b.Role() != roleStandby {
		t.Fatalf("roles after start: A %s, B %s; want the first active at once", a.Role(), b.Role())
	}
	eventuallyTrue(t, "A's part runs", func() bool { return a.running.Load() == 1 })
	for range 10 { // B keeps trying while A renews
		time.Sleep(5 * time.Millisecond)
		if b.Active() || b.starts.Load() != 0 {
			t.Fatal("B active while A holds the lease")
		}
	}

	t.Run("stop hands over at once", func(t *testing.T) {
		a.stop()
		if a.running.Load() != 0 || a.Active() {
			t.Fatal("A's part still runs after A stopped")
		}
		eventuallyTrue(t, "B takes over", func() bool { return b.running.Load() == 1 })
	})

	t.Run("lease taken away: the holder stops its parts", func(t *testing.T) {
		ctx := context.Background()
		if err := st.TakeLease(ctx, activeLease, "thief", defaultLeaseTTL); err != nil {
			t.Fatal(err)
		}
		eventuallyTrue(t, "B gives the role up", func() bool { return !b.Active() && b.running.Load() == 0 })
		clock.Advance(defaultLeaseTTL + time.Second) // the thief died without releasing
		eventuallyTrue(t, "B active again", func() bool { return b.running.Load() == 1 })
		if b.starts.Load() != 2 {
			t.Errorf("B's part started %d times; want 2", b.starts.Load())
		}
	})
}

func TestActiveRole_StoreOutOfReach(t *testing.T) {
	clock := &testClock{t: time.Date(2026, 6, 16, 1, 0, 0, 0, time.UTC)}
	st := storetest.Open(t, clock.Now)
	leases := &flakyLeases{leaseStore: st}
	a := newReplica(leases, "A", 200*time.Millisecond) // gives up 100 ms after its last renewal
	a.start(t)
	eventuallyTrue(t, "A's part runs", func() bool { return a.running.Load() == 1 })
	leases.down.Store(true)
	eventuallyTrue(t, "A gives the role up", func() bool { return !a.Active() && a.running.Load() == 0 })
	leases.down.Store(false)
	eventuallyTrue(t, "A active again once the store is back", func() bool { return a.running.Load() == 1 })
}

func TestActiveRole_ExclusiveTakesAStaleLeaseAtOnce(t *testing.T) {
	ctx := context.Background()
	clock := &testClock{t: time.Date(2026, 6, 16, 1, 0, 0, 0, time.UTC)}
	st := storetest.Open(t, clock.Now)
	// A crashed predecessor on the same data directory left its lease behind.
	if ok, err := st.AcquireLease(ctx, activeLease, "crashed", defaultLeaseTTL); !ok || err != nil {
		t.Fatal(ok, err)
	}
	r := newReplica(st, "embedded", defaultLeaseTTL)
	r.exclusive = true
	r.start(t)
	if !r.Active() {
		t.Fatal("the embedded store's bot is not active when Start returns")
	}
	if h, _, _ := st.LeaseHolder(ctx, activeLease); h != "embedded" {
		t.Errorf("lease holder = %q", h)
	}
	r.stop()
	if h, _, _ := st.LeaseHolder(ctx, activeLease); h != "" {
		t.Errorf("lease still held by %q after stop", h)
	}
}
