package scheduler

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"
)

// LeaseName is the lease that decides which process runs the reminder check and the
// outbox dispatcher.
const LeaseName = "scheduler"

// DefaultSpec is the default cron spec of the reminder check: 08:00 every day in the
// district's zone.
const DefaultSpec = "0 8 * * *"

// Leases is the lease part of the store.
type Leases interface {
	AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	ReleaseLease(ctx context.Context, name, holder string) error
}

// Recoverer turns messages left sending by a dead process into unknown ones.
type Recoverer interface {
	RecoverOutbox(ctx context.Context) ([]storage.OutboxMessage, error)
}

// Runner runs the scheduler in one process of possibly several: it keeps trying to hold
// the scheduler lease, renewing it every Renew; while it holds it, cron triggers Check at
// Spec and the dispatcher drains the outbox. On gaining the lease (at start-up, or when a
// dead holder's lease expires) it recovers the outbox, lists interrupted messages to the
// officers through OnRecovered, and catches up: when today's check time has passed it
// runs Check at once (Plan only ever yields today's stage).
type Runner struct {
	Scheduler   *Scheduler
	Dispatcher  *Dispatcher
	Leases      Leases
	Outbox      Recoverer
	Holder      string        // unique per process
	Spec        string        // cron spec, default DefaultSpec
	TTL         time.Duration // lease lifetime, default 45 s: another process takes over within a minute
	Renew       time.Duration // default TTL/3
	Now         func() time.Time
	Log         zerolog.Logger
	OnRecovered func(ctx context.Context, interrupted []storage.OutboxMessage)
	// ManualChecks turns off the cron trigger and the catch-up check: reminders are planned
	// only when Scheduler.Check is called. The lease and the outbox dispatcher still run.
	// End-to-end tests of other features use it so reminders do not cross their messages.
	ManualChecks bool

	mu      sync.Mutex
	holding bool
}

// Holding reports whether this process holds the scheduler lease.
func (r *Runner) Holding() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.holding
}

func (r *Runner) setHolding(v bool) {
	r.mu.Lock()
	r.holding = v
	r.mu.Unlock()
}

// ParseSpec checks a cron spec (five fields, or a descriptor such as "@daily").
func ParseSpec(spec string) (cron.Schedule, error) {
	s, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("%w: cron spec %q: %v", ErrBadConfig, spec, err)
	}
	return s, nil
}

// Run blocks until ctx ends, then stops cron (waiting for a running check), stops the
// dispatcher and releases the lease.
func (r *Runner) Run(ctx context.Context) error {
	if r.Spec == "" {
		r.Spec = DefaultSpec
	}
	if r.TTL <= 0 {
		r.TTL = 45 * time.Second
	}
	if r.Renew <= 0 {
		r.Renew = r.TTL / 3
	}
	sched, err := ParseSpec(r.Spec)
	if err != nil {
		return err
	}
	r.Dispatcher.Init()
	c := cron.New(cron.WithLocation(r.Scheduler.Loc))
	c.Schedule(sched, cron.FuncJob(func() {
		if r.Holding() && !r.ManualChecks {
			r.check(ctx, "cron")
		}
	}))
	c.Start()

	var stopDispatch context.CancelFunc = func() {}
	var dwg sync.WaitGroup
	lastRenewed := time.Time{}
	for {
		ok, err := r.Leases.AcquireLease(ctx, LeaseName, r.Holder, r.TTL)
		switch {
		case err != nil && ctx.Err() == nil:
			r.Log.Warn().Err(err).Msg("scheduler lease renewal failed")
			ok = r.Holding() && time.Since(lastRenewed) < r.TTL/2
		case err == nil && ok:
			lastRenewed = time.Now()
		}
		if ctx.Err() != nil {
			break
		}
		if ok && !r.Holding() {
			r.setHolding(true)
			r.Log.Info().Str("holder", r.Holder).Msg("scheduler lease acquired")
			r.recover(ctx)
			dctx, cancel := context.WithCancel(ctx)
			stopDispatch = cancel
			dwg.Add(1)
			go func() { defer dwg.Done(); r.Dispatcher.Run(dctx) }()
			if !r.ManualChecks && r.dueToday(sched) {
				r.check(ctx, "catch-up")
			}
		} else if !ok && r.Holding() {
			r.Log.Warn().Str("holder", r.Holder).Msg("scheduler lease lost; another process sends")
			stopDispatch()
			dwg.Wait()
			r.setHolding(false)
		}
		select {
		case <-ctx.Done():
		case <-time.After(r.Renew):
		}
		if ctx.Err() != nil {
			break
		}
	}
	<-c.Stop().Done()
	stopDispatch()
	dwg.Wait()
	// Released even when not known to be held: a stop may cut an acquisition that the
	// store carried out. Releasing a lease another process holds does nothing.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := r.Leases.ReleaseLease(rctx, LeaseName, r.Holder); err != nil {
		r.Log.Warn().Err(err).Msg("release scheduler lease")
	}
	r.setHolding(false)
	return nil
}

// dueToday reports whether a check time of today has passed already, in the district's
// zone, so a process that was down at that time runs the check now.
func (r *Runner) dueToday(sched cron.Schedule) bool {
	now := r.Now().In(r.Scheduler.Loc)
	start := domain.CivilDateOf(now, r.Scheduler.Loc).Start(r.Scheduler.Loc).In(r.Scheduler.Loc)
	first := sched.Next(start.Add(-time.Second))
	return !first.After(now)
}

func (r *Runner) check(ctx context.Context, why string) {
	n, err := r.Scheduler.Check(ctx, r.Now())
	if err != nil {
		r.Log.Error().Err(err).Str("trigger", why).Msg("reminder check failed")
		return
	}
	r.Log.Info().Int("queued", n).Str("trigger", why).Msg("reminder check done")
	r.Dispatcher.Notify()
}

func (r *Runner) recover(ctx context.Context) {
	ms, err := r.Outbox.RecoverOutbox(ctx)
	if err != nil {
		r.Log.Error().Err(err).Msg("recover outbox")
	}
	if len(ms) > 0 {
		r.Log.Warn().Int("interrupted", len(ms)).Msg("messages interrupted while sending are now unknown; not re-sent")
		if r.OnRecovered != nil {
			r.OnRecovered(ctx, ms)
		}
	}
}
