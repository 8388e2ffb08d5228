// Package app wires reportbot together: storage, the Telegram client, the router with its
// handlers, the inbox consumer and the scheduler. main and the end-to-end tests run the
// same code through Start.
package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/config"
	"github.com/camgiang-edu/reportbot/handlers"
	"github.com/camgiang-edu/reportbot/locales"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/rs/zerolog"
)

// Options are the test hooks of Start; production leaves them zero.
type Options struct {
	Now   func() time.Time // the clock; default time.Now
	Drain time.Duration    // how long in-flight handlers may finish at shutdown; default 10 s
}

// App is one running bot process.
type App struct {
	cfg    config.Config
	opt    Options
	log    zerolog.Logger
	Store  *storage.Store
	Client *bot.Client
	Bot    *bot.Bot

	cancel  context.CancelFunc
	stopCLI func()
	wg      sync.WaitGroup
	once    sync.Once
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
	cat, err := locales.Load()
	if err != nil {
		return nil, fmt.Errorf("load messages: %w", err)
	}
	reportDoc, err := exportDocInfo(cfg)
	if err != nil {
		return nil, err
	}
	st, err := storage.Open(ctx, storage.Options{
		URI: cfg.MongoURI, Database: cfg.Database, DataDir: cfg.DataDir, Logger: log, Now: opt.Now,
	})
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, opt: opt, log: log, Store: st}
	client, err := bot.Connect(ctx, bot.ClientConfig{Token: cfg.Token, Endpoint: cfg.APIEndpoint, PollTimeout: cfg.PollTimeout, Logger: log})
	if err != nil {
		_ = st.Close(context.Background())
		return nil, err
	}
	a.Client = client
	out := &bot.Sender{API: client.API(), Log: log}
	b := bot.New(bot.Config{
		Self: client.Self, Out: out, Catalog: cat, Users: st, Flows: st,
		Officers: cfg.AdminIDs, Log: log, Now: opt.Now,
	})
	h := handlers.New(handlers.Deps{Users: st, Log: log, Now: opt.Now, Loc: cfg.Location,
		Officer: st, Revisions: st, ReportDoc: reportDoc})
	b.Handle(h.Routes()...)
	a.Bot = b

	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	a.cancel = cancel
	consumer := &bot.Consumer{Inbox: st, Handle: b.HandleUpdate, Log: log}
	poller := &bot.Poller{Source: client, Inbox: st, Timeout: cfg.PollTimeout, Notify: consumer.Notify, Log: log}
	a.goRun(func() { consumer.Run(runCtx, opt.Drain) })
	a.goRun(func() { poller.Run(runCtx) })
	a.goRun(func() { b.SetCommands(runCtx) })
	if stopCLI, err := ServeCLI(runCtx, cfg, st, log); err != nil {
		// The bot still serves Telegram; CLI commands then say the store is in use.
		log.Error().Err(err).Msg("cannot serve CLI commands on the data directory's socket")
	} else {
		a.stopCLI = stopCLI
	}
	log.Info().Str("bot", client.Self.UserName).Bool("embedded_store", st.Embedded()).Msg("reportbot started")
	return a, nil
}

func (a *App) goRun(f func()) {
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		f()
	}()
}

// Stop stops polling, lets in-flight handlers finish (bounded by Options.Drain), and closes
// storage. It is safe to call more than once.
func (a *App) Stop() error {
	var err error
	a.once.Do(func() {
		a.cancel()
		a.Client.StopPolling()
		a.wg.Wait()
		if a.stopCLI != nil {
			a.stopCLI()
		}
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
