package bot

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/rs/zerolog"
)

// UpdateSource long-polls Telegram; *Client implements it.
type UpdateSource interface {
	// GetUpdates returns at once with an error when ctx ends.
	GetUpdates(ctx context.Context, offset, limit, timeout int) ([]RawUpdate, error)
}

var _ UpdateSource = (*Client)(nil)

// InboxWriter stores an update durably; a duplicate reports created=false.
type InboxWriter interface {
	StoreUpdate(ctx context.Context, updateID, chat int64, raw []byte) (created bool, err error)
	PruneConfirmed(ctx context.Context, below int64) (int64, error)
}

// Poller moves updates from getUpdates into the durable inbox. It advances the offset only
// after every update of a batch is stored, so a crash re-delivers instead of losing.
type Poller struct {
	Source  UpdateSource
	Inbox   InboxWriter
	Timeout int // long-poll seconds
	// Handoff receives the updates just stored (not those already there), in order, so the
	// consumer need not read them back.
	Handoff func([]domain.InboxUpdate)
	// OnStoreError, if set, is called with the updates of a batch that could not be stored,
	// e.g. to tell their senders the bot is busy while the store is down.
	OnStoreError func(ctx context.Context, ups []RawUpdate, err error)
	Log          zerolog.Logger

	confirmed atomic.Int64 // offset of the last successful getUpdates: all below it is confirmed
}

// Confirmed reports whether Telegram will never deliver the update again: a later
// getUpdates call passed a higher offset.
func (p *Poller) Confirmed(updateID int64) bool { return updateID < p.confirmed.Load() }

// Run polls until ctx ends; the open long poll is cancelled then. Errors are logged and
// retried with backoff. Run may be called again after it returned, never twice at once
// (Telegram answers a second poller on the same token with 409 Conflict).
func (p *Poller) Run(ctx context.Context) {
	offset := 0
	delay := time.Second
	var pruned time.Time
	for ctx.Err() == nil {
		ups, err := p.Source.GetUpdates(ctx, offset, 100, p.Timeout)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			p.Log.Warn().Err(err).Dur("retry_in", delay).Msg("getUpdates failed")
			if !sleep(ctx, delay) {
				return
			}
			delay = min(delay*2, 30*time.Second)
			continue
		}
		delay = time.Second
		p.confirmed.Store(int64(offset))
		if time.Since(pruned) > 10*time.Second && offset > 0 {
			// Handled updates confirmed meanwhile: the consumer deletes most itself.
			if _, err := p.Inbox.PruneConfirmed(ctx, int64(offset)); err != nil && ctx.Err() == nil {
				p.Log.Warn().Err(err).Msg("prune confirmed updates")
			}
			pruned = time.Now()
		}
		next, err := p.store(ctx, ups, offset)
		offset = next
		if err != nil {
			p.Log.Error().Err(err).Msg("store updates; offset not advanced")
			if p.OnStoreError != nil {
				p.OnStoreError(ctx, unstored(ups, offset), err)
			}
			if !sleep(ctx, 2*time.Second) {
				return
			}
		}
	}
}

// store saves a batch in order and returns the offset that confirms what was stored.
func (p *Poller) store(ctx context.Context, ups []RawUpdate, offset int) (int, error) {
	var stored []domain.InboxUpdate
	defer func() {
		if len(stored) > 0 && p.Handoff != nil {
			p.Handoff(stored)
		}
	}()
	for _, u := range ups {
		if u.Err != nil {
			p.Log.Warn().Err(u.Err).Int64("update_id", u.ID).Msg("malformed update skipped")
			offset = max(offset, int(u.ID)+1)
			continue
		}
		created, err := p.Inbox.StoreUpdate(ctx, u.ID, u.Chat, u.JSON)
		if err != nil {
			return offset, err
		}
		if created {
			stored = append(stored, domain.NewInboxUpdate(u.ID, u.Chat, u.JSON, time.Now()))
		}
		if int(u.ID) >= offset {
			offset = int(u.ID) + 1
		}
	}
	return offset, nil
}

// unstored returns the updates of a batch at or after offset: those not stored yet.
func unstored(ups []RawUpdate, offset int) []RawUpdate {
	var out []RawUpdate
	for _, u := range ups {
		if int(u.ID) >= offset {
			out = append(out, u)
		}
	}
	return out
}

// sleep waits d or until ctx ends; it reports whether the wait completed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// errStopped is returned to a handler whose context ended because the bot is stopping.
var errStopped = errors.New("bot stopping")
