package scheduler

import (
	"context"
	"fmt"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/locales"
	"github.com/rs/zerolog"
)

// Store is what the scheduler reads to plan reminders and where it queues them.
type Store interface {
	Schools(ctx context.Context) ([]domain.School, error)
	AllReporters(ctx context.Context) (map[string][]domain.User, error)
	SubmittedSchools(ctx context.Context, period string) (map[string]bool, error)
	OpenReturns(ctx context.Context, period string) (map[string]domain.Return, error)
	Groups(ctx context.Context) ([]domain.Group, error)
	User(ctx context.Context, id int64) (domain.User, error)
	Enqueue(ctx context.Context, m domain.OutboxMessage) (bool, error)
}

// Scheduler turns the reminder plan into outbox messages. Check is the whole job; cron
// and the active replica (see Runner) only decide when and where it runs.
type Scheduler struct {
	Store    Store
	Text     Translator
	Loc      *time.Location
	Periods  domain.PeriodSchedule
	Config   Config
	Officers []int64
	Log      zerolog.Logger
	OnQueued func() // called by Wake; the app sets it to wake the dispatcher
}

// Snapshot loads everything Plan reads at now.
func (s *Scheduler) Snapshot(ctx context.Context, now time.Time) (Input, error) {
	in := Input{Now: now, Loc: s.Loc, Config: s.Config, Periods: s.Periods.Current(now, s.Loc), Officers: s.Officers,
		Submitted: map[string]map[string]bool{}, Returned: map[string]map[string]bool{}}
	var err error
	if in.Schools, err = s.Store.Schools(ctx); err != nil {
		return in, err
	}
	if in.Reporters, err = s.Store.AllReporters(ctx); err != nil {
		return in, err
	}
	if in.Groups, err = s.Store.Groups(ctx); err != nil {
		return in, err
	}
	for _, p := range in.Periods {
		if err := s.loadDone(ctx, &in, p.ID); err != nil {
			return in, err
		}
	}
	return in, nil
}

// loadDone fills in's submitted and returned schools of a period.
func (s *Scheduler) loadDone(ctx context.Context, in *Input, period string) error {
	var err error
	if in.Submitted[period], err = s.Store.SubmittedSchools(ctx, period); err != nil {
		return err
	}
	rets, err := s.Store.OpenReturns(ctx, period)
	if err != nil {
		return err
	}
	in.Returned[period] = map[string]bool{}
	for code := range rets {
		in.Returned[period][code] = true
	}
	return nil
}

// Check queues the reminders due at now (see Plan) and returns how many it created. A
// reminder queued before, by this or another process, is not queued again: the outbox id
// is its identity. Nothing is due in quiet hours. Check may run at any time and as often
// as wanted; tests call it with any now.
func (s *Scheduler) Check(ctx context.Context, now time.Time) (int, error) {
	if s.Config.Quiet(now, s.Loc) {
		return 0, nil
	}
	in, err := s.Snapshot(ctx, now)
	if err != nil {
		return 0, fmt.Errorf("load reminder data: %w", err)
	}
	rs := Plan(in)
	n, err := s.Queue(ctx, in, rs, "")
	if n > 0 {
		s.Log.Info().Int("queued", n).Int("due", len(rs)).Msg("reminders queued")
	}
	return n, err
}

// Queue renders the reminders and inserts one outbox message for each, in a batch named
// "<period>:<stage>" unless batch is set. It returns how many were new.
func (s *Scheduler) Queue(ctx context.Context, in Input, rs []Reminder, batch string) (int, error) {
	v := newView(in)
	n := 0
	for _, r := range rs {
		lang := locales.VI
		if r.Kind != KindGroup {
			lang = s.userLang(ctx, in, r.ChatID)
		}
		b := batch
		if b == "" {
			b = r.Period + ":" + r.Stage
		}
		m := domain.OutboxMessage{ID: r.ID, ChatID: r.ChatID, Kind: string(r.Kind), Batch: b, Text: s.Render(lang, v, r)}
		created, err := s.Store.Enqueue(ctx, m)
		if err != nil {
			return n, err
		}
		if created {
			n++
		}
	}
	return n, nil
}

// userLang is the language of a reporter or officer: the one chosen with /lang, else from
// Telegram, else Vietnamese.
func (s *Scheduler) userLang(ctx context.Context, in Input, id int64) string {
	for _, us := range in.Reporters {
		for _, u := range us {
			if u.ID == id {
				return locales.Lang(u.Lang, u.TgLang)
			}
		}
	}
	if u, err := s.Store.User(ctx, id); err == nil {
		return locales.Lang(u.Lang, u.TgLang)
	}
	return locales.VI
}
