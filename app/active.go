package app

import (
	"context"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// activeLease names the lease of the active replica: the one process of those sharing a
// MongoDB that consumes the inbox, polls Telegram (in polling mode), runs the reminder
// check and sends the outbox. Every replica serves the webhook, /readyz and /metrics.
const activeLease = "active"

// defaultLeaseTTL is the active lease's lifetime: a replica that dies is replaced within
// a minute (the TTL plus one standby's try interval, a third of it).
const defaultLeaseTTL = 45 * time.Second

// Roles reported on /readyz.
const (
	roleActive  = "active"
	roleStandby = "standby"
)

// leaseStore is the lease part of the store.
type leaseStore interface {
	AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	TakeLease(ctx context.Context, name, holder string, ttl time.Duration) error
	ReleaseLease(ctx context.Context, name, holder string) error
}

// activeRole runs the active set (parts) while this process holds the active lease, and
// nothing while another does. The holder renews the lease every renew; a standby tries to
// take it as often. A holder whose renewals fail (the store is unreachable) gives the role
// up ttl/2 after its last renewal, so its handlers in flight finish before the lease
// expires and another replica may take over; one that finds the lease taken gives it up at
// once. Giving up cancels the parts' context and waits for them to return.
type activeRole struct {
	leases leaseStore
	holder string        // unique per process
	ttl    time.Duration // the lease's lifetime, on the store's clock
	renew  time.Duration // how often the lease is renewed or tried, in real time
	// exclusive: no other process can be running (the embedded store's data directory is
	// locked), so the lease is taken whoever held it: a crashed predecessor's lease does
	// not delay the start.
	exclusive bool
	parts     []func(ctx context.Context) // each runs until its context ends
	log       zerolog.Logger

	// Used by step's goroutine only: Start's, then run's.
	stop    func() // cancels the running parts and waits for them; nil while standby
	renewed time.Time

	mu      sync.Mutex
	holding bool
}

// Active reports whether this process is the active replica.
func (r *activeRole) Active() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.holding
}

// Role names this replica's part for /readyz: "active" or "standby".
func (r *activeRole) Role() string {
	if r.Active() {
		return roleActive
	}
	return roleStandby
}

// step tries once to take or renew the lease, starts or stops the parts accordingly, and
// returns how long to wait before the next try. Start calls it once, so that a lone
// process is active when Start returns; run calls it after that.
func (r *activeRole) step(ctx context.Context) time.Duration {
	ok, err := r.try(ctx)
	switch {
	case err != nil && ctx.Err() != nil:
		return 0
	case err != nil:
		// Keep the role while the lease surely holds; try again soon.
		kept := r.stop != nil && time.Since(r.renewed) < r.ttl/2
		r.log.Warn().Err(err).Bool("still_active", kept).Msg("active lease: cannot reach the store")
		r.switchTo(ctx, kept)
		return min(r.renew, time.Second)
	case ok:
		r.renewed = time.Now()
	}
	r.switchTo(ctx, ok)
	return r.renew
}

// try takes or renews the lease, bounded so that a hanging store cannot hold step past
// the point where the role must be given up.
func (r *activeRole) try(ctx context.Context) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, min(5*time.Second, r.ttl/4))
	defer cancel()
	if r.exclusive {
		err := r.leases.TakeLease(ctx, activeLease, r.holder, r.ttl)
		return err == nil, err
	}
	return r.leases.AcquireLease(ctx, activeLease, r.holder, r.ttl)
}

// switchTo starts the parts when this process becomes active and stops them when it
// stops being so.
func (r *activeRole) switchTo(ctx context.Context, active bool) {
	switch {
	case active && r.stop == nil:
		pctx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		for _, part := range r.parts {
			wg.Add(1)
			go func() { defer wg.Done(); part(pctx) }()
		}
		r.stop = func() { cancel(); wg.Wait() }
		r.setHolding(true)
		r.log.Info().Str("holder", r.holder).Msg("this replica is active: it handles updates, reminders and the outbox")
	case !active && r.stop != nil:
		r.log.Warn().Str("holder", r.holder).Msg("this replica lost the active lease; stopping its consumer, poller and sender")
		r.standby()
	}
}

// standby stops the parts, letting handlers in flight finish.
func (r *activeRole) standby() {
	r.setHolding(false)
	r.stop()
	r.stop = nil
}

func (r *activeRole) setHolding(v bool) {
	r.mu.Lock()
	r.holding = v
	r.mu.Unlock()
}

// run keeps stepping, first after wait, until ctx ends; then it stops the parts and
// releases the lease so that a standby takes over at once instead of after the TTL.
func (r *activeRole) run(ctx context.Context, wait time.Duration) {
	for {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
		case <-t.C:
		}
		if ctx.Err() != nil {
			break
		}
		wait = r.step(ctx)
	}
	if r.stop != nil {
		r.standby()
	}
	// Released even when not known to be held: a stop may cut an acquisition that the
	// store carried out. Releasing a lease another process holds does nothing.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := r.leases.ReleaseLease(rctx, activeLease, r.holder); err != nil {
		r.log.Warn().Err(err).Msg("release the active lease")
	}
}
