// Package app wires reportbot together: storage, the Telegram client, the router with its
// handlers, the inbox consumer and the scheduler. main and the end-to-end tests run the
// same code through Start.
package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/config"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/handlers"
	"github.com/camgiang-edu/reportbot/httpapi"
	"github.com/camgiang-edu/reportbot/locales"
	"github.com/camgiang-edu/reportbot/metrics"
	"github.com/camgiang-edu/reportbot/scheduler"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/engine"
	"github.com/rs/zerolog"
)

// Options are the test hooks of Start; production leaves them zero.
type Options struct {
	Now   func() time.Time // the clock; default time.Now
	Drain time.Duration    // how long in-flight handlers may finish at shutdown; default 10 s
	// ExtraRoutes are added to the routing table after the handlers' routes (tests add a
	// route that panics, for example).
	ExtraRoutes []bot.Route
	// Maintenance is how often handled data is pruned and the nightly backup is checked;
	// default 5 min. It also runs once at start.
	Maintenance time.Duration
	// ManualReminders plans reminders only when a test calls Reminders.Scheduler.Check:
	// no cron trigger and no catch-up at start.
	ManualReminders bool
	// LeaseTTL is the active replica lease's lifetime on the store's clock; default 45 s.
	LeaseTTL time.Duration
	// LeaseRenew is how often, in real time, the active replica renews its lease and a
	// standby tries to take it; default LeaseTTL/3.
	LeaseRenew time.Duration
	// GapWait is how long, in webhook mode with a shared store, an update waits for an
	// earlier one another replica received (see bot.Consumer.GapWait); default 2 s.
	GapWait time.Duration
}

// App is one running bot process.
type App struct {
	cfg    config.Config
	opt    Options
	log    zerolog.Logger
	Store  storage.Store
	Client *bot.Client
	Bot    *bot.Bot
	// Metrics are this process's metrics, served on /metrics.
	Metrics *metrics.Metrics
	// HTTP serves /healthz, /readyz, /metrics and the webhook on LISTEN_ADDR.
	HTTP *httpapi.Server
	// Reminders runs the reminder check and the outbox dispatcher while this replica is
	// active; tests call Reminders.Scheduler.Check directly.
	Reminders *scheduler.Runner

	active   *activeRole
	consumer *bot.Consumer
	holder   string // this process's name in leases and on the outbox messages it sends

	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once
}

// Start opens storage, connects to Telegram and starts polling, handling and scheduling.
// It returns once the bot is serving; Stop ends it.
func Start(ctx context.Context, cfg config.Config, log zerolog.Logger, opt Options) (*App, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Drain == 0 {
		opt.Drain = 10 * time.Second
	}
	if opt.Maintenance == 0 {
		opt.Maintenance = 5 * time.Minute
	}
	if opt.LeaseTTL <= 0 {
		opt.LeaseTTL = defaultLeaseTTL
	}
	if opt.LeaseRenew <= 0 {
		opt.LeaseRenew = opt.LeaseTTL / 3
	}
	ret, err := retention(cfg)
	if err != nil {
		return nil, err
	}
	rc, err := loadReminderConfig(cfg.File)
	if err != nil {
		return nil, err
	}
	cat, err := locales.Load()
	if err != nil {
		return nil, fmt.Errorf("load messages: %w", err)
	}
	questionnaire, err := loadQuestionnaire(cfg.File)
	if err != nil {
		return nil, &config.Error{Var: "REPORTBOT_CONFIG questionnaire", Want: err.Error()}
	}
	reportDoc, err := exportDocInfo(cfg)
	if err != nil {
		return nil, err
	}
	st, err := engine.Open(ctx, storage.Options{
		URI: cfg.MongoURI, Database: cfg.Database, DataDir: cfg.DataDir, Exclusive: true, Logger: log, Now: opt.Now,
	})
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, opt: opt, log: log, Store: st, Metrics: metrics.New(), holder: newHolder()}
	a.active = &activeRole{leases: st, holder: cfg.ReplicaID, ttl: opt.LeaseTTL, renew: opt.LeaseRenew,
		exclusive: st.Engine() == "sqlite", log: log.With().Str("component", "replica").Logger()}
	client, err := bot.Connect(ctx, bot.ClientConfig{Token: cfg.Token, Endpoint: cfg.APIEndpoint, PollTimeout: cfg.PollTimeout, Logger: log})
	if err != nil {
		_ = st.Close(context.Background())
		return nil, err
	}
	a.Client = client
	// The limiter runs on real time: Telegram's budgets do not follow a test's clock.
	out := &bot.Sender{API: countingAPI{API: client.API(), m: a.Metrics}, Log: log, Limiter: bot.NewLimiter(rc.limits, nil), Recipients: st,
		MaxRetryAfter: time.Duration(rc.limits.MaxRetryAfterSeconds) * time.Second}
	b := bot.New(bot.Config{
		Self: client.Self, Out: out, Catalog: cat, Users: st, Flows: st,
		Officers: cfg.AdminIDs, Log: log, Now: opt.Now,
	})
	b.Use(bot.Metrics(a.Metrics), bot.Audit(st))
	a.Bot = b
	a.Reminders = a.newRunner(rc, b, out)
	h := handlers.New(handlers.Deps{Users: st, AuditLog: st, Forget: st, Metrics: a.Metrics, Log: log, Now: opt.Now, Loc: cfg.Location,
		Registry: st, Files: client, InviteTTL: inviteTTL(cfg),
		Reports: st, Questionnaire: questionnaire, Periods: rc.periods,
		Reminders: a.Reminders.Scheduler, Broadcasts: st,
		Officer: st, Revisions: st, Returns: st, Officers: cfg.AdminIDs, ReportDoc: reportDoc})
	if err := st.SetBotUsername(ctx, client.Self.UserName); err != nil {
		log.Warn().Err(err).Msg("could not record the bot's username for the CLI's invite links")
	}
	b.Handle(h.Routes()...)
	b.Handle(opt.ExtraRoutes...)

	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	a.cancel = cancel
	consumer := &bot.Consumer{Inbox: st, Handle: b.HandleUpdate, Log: log}
	a.consumer = consumer
	poll, err := a.serveUpdates(ctx, runCtx, consumer)
	if err != nil {
		cancel()
		a.wg.Wait()
		client.StopPolling()
		_ = st.Close(context.Background())
		return nil, err
	}
	// The active set: only the replica holding the active lease runs these.
	a.active.parts = []func(context.Context){
		func(ctx context.Context) { consumer.Run(ctx, opt.Drain) },
		func(ctx context.Context) {
			if err := a.Reminders.Run(ctx); err != nil {
				log.Error().Err(err).Msg("reminder scheduler stopped")
			}
		},
	}
	if poll != nil {
		a.active.parts = append(a.active.parts, poll)
	}
	wait := a.active.step(runCtx)
	a.goRun(func() { a.active.run(runCtx, wait) })
	a.goRun(func() { b.SetCommands(runCtx) })
	m := &maintenance{st: st, now: opt.Now, loc: cfg.Location, ret: ret, officers: cfg.AdminIDs, log: log.With().Str("component", "maintenance").Logger()}
	if st.Engine() == "sqlite" {
		m.backupDir = filepath.Join(cfg.DataDir, "backups")
	}
	a.goRun(func() { m.run(runCtx, opt.Maintenance) })
	log.Info().Str("bot", client.Self.UserName).Str("store", st.Engine()).Str("role", a.active.Role()).Msg("reportbot started")
	return a, nil
}

func (a *App) goRun(f func()) {
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		f()
	}()
}

// Idle reports whether this process handles no update now and has none queued: the replies
// of every update handed to the consumer have been sent.
func (a *App) Idle() bool { return a.consumer.Idle() }

// Stop stops polling, lets in-flight handlers finish (bounded by Options.Drain), and closes
// storage. It is safe to call more than once.
func (a *App) Stop() error {
	var err error
	a.once.Do(func() {
		if a.HTTP != nil {
			hctx, hcancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := a.HTTP.Shutdown(hctx); err != nil {
				a.log.Warn().Err(err).Msg("stop the HTTP server")
			}
			hcancel()
		}
		a.cancel()
		a.Client.StopPolling()
		a.wg.Wait()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err = a.Store.Close(ctx)
		a.log.Info().Msg("reportbot stopped")
	})
	return err
}

// Run starts the bot and blocks until ctx ends, then stops it.
func Run(ctx context.Context, cfg config.Config, log zerolog.Logger) error {
	a, err := Start(ctx, cfg, log, Options{})
	if err != nil {
		return err
	}
	<-ctx.Done()
	return a.Stop()
}

// NewLogger builds the process logger from the configuration.
func NewLogger(cfg config.Config) zerolog.Logger {
	var w = zerolog.New(os.Stderr)
	if cfg.LogFormat == "console" {
		w = zerolog.New(zerolog.ConsoleWriter{Out: os.Stderr, TimeFormat: time.RFC3339})
	}
	return w.Level(cfg.LogLevel).With().Timestamp().Logger()
}

// IsLocked reports the error of a second bot on the same data directory.
func IsLocked(err error) bool { return errors.Is(err, storage.ErrLocked) }

// inviteTTL is how long invite codes stay valid: invite_days of the config file, 14 days
// when unset.
func inviteTTL(cfg config.Config) time.Duration {
	if cfg.File.InviteDays > 0 {
		return time.Duration(cfg.File.InviteDays) * 24 * time.Hour
	}
	return domain.DefaultInviteTTL
}
