package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/config"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/locales"
	"github.com/camgiang-edu/reportbot/scheduler"
)

// reminderConfig is the config file's periods, reminders and sender sections, with the
// defaults for what the file leaves out.
type reminderConfig struct {
	periods   domain.PeriodSchedule
	reminders scheduler.Config
	limits    bot.Limits
}

func loadReminderConfig(f config.File) (reminderConfig, error) {
	rc := reminderConfig{reminders: scheduler.DefaultConfig(), limits: bot.DefaultLimits()}
	var err error
	if rc.periods, err = loadSchedule(f); err != nil {
		return rc, &config.Error{Var: "REPORTBOT_CONFIG periods", Want: err.Error()}
	}
	if err := config.Decode(&f.Reminders, &rc.reminders); err != nil {
		return rc, &config.Error{Var: "REPORTBOT_CONFIG reminders", Want: err.Error()}
	}
	if err := rc.reminders.Validate(); err != nil {
		return rc, &config.Error{Var: "REPORTBOT_CONFIG reminders", Want: err.Error()}
	}
	if err := config.Decode(&f.Sender, &rc.limits); err != nil {
		return rc, &config.Error{Var: "REPORTBOT_CONFIG sender", Want: err.Error()}
	}
	return rc, nil
}

// newHolder names this process for leases: host, pid and a random suffix, so a restart
// is a new holder.
func newHolder() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// newRunner builds the scheduler and the outbox dispatcher, run while this replica is
// active.
func (a *App) newRunner(rc reminderConfig, b *bot.Bot, out *bot.Sender) *scheduler.Runner {
	holder := a.holder
	loc := a.cfg.Location
	s := &scheduler.Scheduler{Store: a.Store, Text: b, Loc: loc, Periods: rc.periods, Config: rc.reminders, Officers: a.cfg.AdminIDs, Log: a.log}
	d := &scheduler.Dispatcher{Outbox: a.Store, Sender: out, Holder: holder, Now: a.opt.Now, Log: a.log,
		Quiet: func(t time.Time) bool { return rc.reminders.Quiet(t, loc) }}
	d.Init()
	s.OnQueued = d.Notify
	return &scheduler.Runner{
		Scheduler: s, Dispatcher: d, Outbox: a.Store, Spec: rc.reminders.Cron,
		Now: a.opt.Now, Log: a.log, OnRecovered: func(ctx context.Context, ms []domain.OutboxMessage) { a.listInterrupted(ctx, b, ms) },
		ManualChecks: a.opt.ManualReminders,
	}
}

// listInterrupted tells every officer, through the outbox, which messages were cut off
// mid-send and will not be sent again. A process may recover several times (each time it
// becomes the active replica), so the list is named after its first message: each
// message is recovered once.
func (a *App) listInterrupted(ctx context.Context, b *bot.Bot, ms []domain.OutboxMessage) {
	key := ms[0].ID
	for _, o := range a.cfg.AdminIDs {
		lang := locales.VI
		if u, err := a.Store.User(ctx, o); err == nil {
			lang = locales.Lang(u.Lang, u.TgLang)
		}
		var items []string
		for _, m := range ms {
			items = append(items, "• "+b.T(lang, "outbox.item", map[string]any{"ID": m.ID, "Chat": m.ChatID}))
		}
		text := b.T(lang, "outbox.interrupted", map[string]any{"Count": len(ms), "List": bot.HTML(strings.Join(items, "\n"))})
		m := domain.OutboxMessage{ID: fmt.Sprintf("interrupted:%s:o%d", key, o), ChatID: o, Kind: "notice", Batch: "interrupted:" + key, Text: text}
		if _, err := a.Store.Enqueue(ctx, m); err != nil {
			a.log.Error().Err(err).Int64("officer", o).Msg("queue the list of interrupted messages")
		}
	}
}
