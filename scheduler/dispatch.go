package scheduler

import (
	"context"
	"sync"
	"time"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/rs/zerolog"
)

// Outbox is the part of the store the dispatcher drains.
type Outbox interface {
	DueOutbox(ctx context.Context, limit int) ([]domain.OutboxMessage, error)
	ClaimOutbox(ctx context.Context, id, holder string) (bool, error)
	MarkOutboxSent(ctx context.Context, id string, chat int64, messageIDs []int) error
	MarkOutboxFailed(ctx context.Context, id, description string, messageIDs []int) error
	MarkOutboxUnknown(ctx context.Context, id, description string) error
	RequeueOutbox(ctx context.Context, id string, notBefore time.Time, description string) error
}

// Deliverer sends one broadcast message; *bot.Sender implements it.
type Deliverer interface {
	Deliver(ctx context.Context, chatID int64, html string) bot.Delivery
	// ChatWait says how long a message to chatID would wait for that chat's own budget,
	// so the dispatcher sends to other chats meanwhile.
	ChatWait(chatID int64) time.Duration
}

var _ Deliverer = (*bot.Sender)(nil)

// Dispatcher drains the outbox through the sender, one message at a time: claim it
// (queued → sending, one conditional update), send it, record sent, failed or unknown.
// Run it only in the active replica (see Runner); the claim keeps it correct anyway.
type Dispatcher struct {
	Outbox  Outbox
	Sender  Deliverer
	Holder  string               // unique per process, stored on claimed messages
	Quiet   func(time.Time) bool // nothing is sent while it returns true; nil: never quiet
	Now     func() time.Time     // the clock of quiet hours and requeue times
	Log     zerolog.Logger
	Poll    time.Duration // how often the outbox is looked at when idle; default 2 s
	Backoff time.Duration // pause after Telegram was unreachable; default 30 s

	wakeOnce sync.Once
	wake     chan struct{}
}

// Notify makes a running dispatcher look at the outbox now. It never blocks.
func (d *Dispatcher) Notify() {
	select {
	case d.wakeCh() <- struct{}{}:
	default:
	}
}

func (d *Dispatcher) wakeCh() chan struct{} {
	d.wakeOnce.Do(func() { d.wake = make(chan struct{}, 1) })
	return d.wake
}

// Init prepares the dispatcher; Run and Notify call it too, so it is optional.
func (d *Dispatcher) Init() { d.wakeCh() }

// Run sends due messages until ctx ends.
func (d *Dispatcher) Run(ctx context.Context) {
	d.Init()
	poll, backoff := d.Poll, d.Backoff
	if poll <= 0 {
		poll = 2 * time.Second
	}
	if backoff <= 0 {
		backoff = 30 * time.Second
	}
	for ctx.Err() == nil {
		wait := poll
		if d.Quiet == nil || !d.Quiet(d.Now()) {
			sent, next, pause, err := d.Drain(ctx)
			if err != nil && ctx.Err() == nil {
				d.Log.Error().Err(err).Msg("outbox dispatch")
			}
			switch {
			case pause:
				wait = backoff
			case sent > 0:
				continue
			case next > 0:
				wait = min(wait, next)
			}
		}
		select {
		case <-ctx.Done():
		case <-d.wakeCh():
		case <-time.After(wait):
		}
	}
}

// Drain sends one batch of due messages and returns how many it handled. Messages to a
// chat whose own budget is spent are passed over; next is then the shortest wait for one
// of them. pause is true when Telegram could not be reached or answered ambiguously: the
// rest waits.
func (d *Dispatcher) Drain(ctx context.Context) (handled int, next time.Duration, pause bool, err error) {
	due, err := d.Outbox.DueOutbox(ctx, 100)
	if err != nil {
		return 0, 0, false, err
	}
	for _, m := range due {
		if ctx.Err() != nil || (d.Quiet != nil && d.Quiet(d.Now())) {
			return handled, 0, false, nil
		}
		if w := d.Sender.ChatWait(m.ChatID); w > 0 {
			if next == 0 || w < next {
				next = w
			}
			continue
		}
		ok, err := d.Outbox.ClaimOutbox(ctx, m.ID, d.Holder)
		if err != nil {
			return handled, next, false, err
		}
		if !ok {
			continue // another sender has it
		}
		handled++
		stop, err := d.send(ctx, m)
		if err != nil || stop {
			return handled, next, stop, err
		}
	}
	return handled, next, false, nil
}

// send delivers one claimed message and records the outcome; stop asks to pause.
func (d *Dispatcher) send(ctx context.Context, m domain.OutboxMessage) (stop bool, err error) {
	res := d.Sender.Deliver(ctx, m.ChatID, m.Text)
	rec := context.WithoutCancel(ctx) // record the outcome even when stopping
	log := d.Log.With().Str("outbox_id", m.ID).Int64("chat_id", m.ChatID).Logger()
	if res.Err == nil {
		return false, d.Outbox.MarkOutboxSent(rec, m.ID, res.ChatID, res.MessageIDs)
	}
	f := res.Failure
	switch {
	case len(res.MessageIDs) > 0:
		log.Warn().Str("telegram", f.Description).Msg("broadcast message partly sent")
		return false, d.Outbox.MarkOutboxFailed(rec, m.ID, "partly sent: "+f.Description, res.MessageIDs)
	case f.Kind == bot.FailRateLimited || f.Kind == bot.FailNotSent:
		wait := max(f.RetryAfter, time.Second)
		if f.Kind == bot.FailNotSent && ctx.Err() == nil {
			wait = max(d.Backoff, time.Second)
		}
		log.Warn().Str("telegram", f.Description).Dur("retry_in", wait).Msg("broadcast message not sent; requeued")
		return true, d.Outbox.RequeueOutbox(rec, m.ID, d.Now().Add(wait), f.Description)
	case f.Kind == bot.FailAmbiguous:
		log.Warn().Err(res.Err).Msg("broadcast message outcome unknown")
		return true, d.Outbox.MarkOutboxUnknown(rec, m.ID, f.Description)
	}
	log.Info().Int("code", f.Code).Str("telegram", f.Description).Msg("broadcast message refused")
	return false, d.Outbox.MarkOutboxFailed(rec, m.ID, f.Description, nil)
}
