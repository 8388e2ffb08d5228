package scheduler

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"
)

// DefaultSpec is the default cron spec of the reminder check: 08:00 every day in the
// district's zone.
const DefaultSpec = "0 8 * * *"

// Recoverer turns messages left sending by a dead process into unknown ones.
type Recoverer interface {
	RecoverOutbox(ctx context.Context) ([]domain.OutboxMessage, error)
}

// Runner is the scheduler's part of the active replica: while Run runs, cron triggers
// Check at Spec and the dispatcher drains the outbox. The caller decides which process is
// active (app holds a lease for that) and runs Run only there. On each start Run recovers
// the outbox (messages left sending by a process that died or lost the role), lists the
// interrupted messages to the officers through OnRecovered, and catches up: when today's
// check time has passed it runs Check at once (Plan only ever yields today's stage, and
// the outbox's unique ids make a second check of the day send nothing twice).
type Runner struct {
	Scheduler   *Scheduler
	Dispatcher  *Dispatcher
	Outbox      Recoverer
	Spec        string // cron spec, default DefaultSpec
	Now         func() time.Time
	Log         zerolog.Logger
	OnRecovered func(ctx context.Context, interrupted []domain.OutboxMessage)
	// ManualChecks turns off the cron trigger and the catch-up check: reminders are planned
	// only when Scheduler.Check is called. The outbox dispatcher still runs. End-to-end
	// tests of other features use it so reminders do not cross their messages.
	ManualChecks bool
}

// ParseSpec checks a cron spec (five fields, or a descriptor such as "@daily").
func ParseSpec(spec string) (cron.Schedule, error) {
	s, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("%w: cron spec %q: %v", ErrBadConfig, spec, err)
	}
	return s, nil
}

// Run runs the reminder check and the dispatcher until ctx ends, then stops cron (waiting
// for a running check) and the dispatcher. It may be called again after it returned, never
// twice at once. It fails only on a bad Spec.
func (r *Runner) Run(ctx context.Context) error {
	spec := r.Spec
	if spec == "" {
		spec = DefaultSpec
	}
	sched, err := ParseSpec(spec)
	if err != nil {
		return err
	}
	r.Dispatcher.Init()
	r.recover(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); r.Dispatcher.Run(ctx) }()
	c := cron.New(cron.WithLocation(r.Scheduler.Loc))
	if !r.ManualChecks {
		c.Schedule(sched, cron.FuncJob(func() { r.check(ctx, "cron") }))
		c.Start()
		if r.dueToday(sched) {
			r.check(ctx, "catch-up")
		}
	}
	<-ctx.Done()
	<-c.Stop().Done()
	wg.Wait()
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
