package bot

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/rs/zerolog"
)

// Inbox is the durable update store the consumer reads.
type Inbox interface {
	PendingUpdates(ctx context.Context, after string, limit int) ([]domain.InboxUpdate, error)
	MarkUpdateDone(ctx context.Context, updateID int64) error
	MarkUpdateTried(ctx context.Context, updateID int64, cause error) (int, error)
	MarkUpdateFailed(ctx context.Context, updateID int64, cause error) error
	DeleteUpdate(ctx context.Context, updateID int64) error
}

// HandleFunc handles one stored update. A nil error marks it done; an error is retried.
type HandleFunc func(ctx context.Context, u domain.InboxUpdate) error

// Consumer hands stored updates to Handle one chat at a time, in update order, with
// different chats in parallel. A failing update is retried up to MaxTries, then recorded as
// failed so one stuck chat never stalls the others or itself for ever.
type Consumer struct {
	Inbox    Inbox
	Handle   HandleFunc
	MaxTries int           // default 5
	Backoff  time.Duration // first retry delay, doubled each time; default 500 ms
	Workers  int           // chats handled at once; default 8
	// PollInterval, when set, also reads the inbox that often, for updates another process
	// stored (webhook replicas sharing a MongoDB). Otherwise the inbox is read at start, when
	// Notify is called and every Rescan; updates this process stores come through Enqueue.
	PollInterval time.Duration
	// GapWait, when set, keeps updates in update_id order across processes: an update whose
	// id is not the next after the highest handed to a chat waits up to GapWait (by its
	// Received time) for the missing ids, then goes on and the gap is logged. Telegram numbers
	// a bot's updates one by one, so a gap means an update another replica stored is on its
	// way. Webhook replicas sharing a store set it; a single poller needs none.
	GapWait time.Duration
	// Rescan is how often the whole inbox is read again for anything missed; default 30 s.
	Rescan time.Duration
	// Forget reports whether a handled update can never be delivered again, so it is deleted
	// rather than kept as done for deduplication. Nil keeps every handled update.
	Forget func(updateID int64) bool
	Log    zerolog.Logger

	wake chan struct{}
	once sync.Once

	mu      sync.Mutex
	queues  map[int64][]domain.InboxUpdate
	busy    map[int64]bool
	known   map[string]time.Time // dispatched or handled lately, so a rescan does not repeat them
	cursor  string
	held    []domain.InboxUpdate // waiting for a missing earlier update (GapWait)
	highest int64                // the highest update id handed to a chat in this run
	running sync.WaitGroup
	// ctx and handleCtx are Run's; nil until it starts.
	ctx, handleCtx context.Context
	sem            chan struct{}
}

func (c *Consumer) init() {
	c.once.Do(func() {
		c.wake = make(chan struct{}, 1)
		c.queues = map[int64][]domain.InboxUpdate{}
		c.busy = map[int64]bool{}
		c.known = map[string]time.Time{}
		if c.MaxTries <= 0 {
			c.MaxTries = 5
		}
		if c.Backoff <= 0 {
			c.Backoff = 500 * time.Millisecond
		}
		if c.Workers <= 0 {
			c.Workers = 8
		}
		if c.Rescan <= 0 {
			c.Rescan = 30 * time.Second
		}
		c.sem = make(chan struct{}, c.Workers)
	})
}

// Enqueue hands updates this process just stored straight to their chats' queues, in
// order, without reading the inbox back.
func (c *Consumer) Enqueue(ups []domain.InboxUpdate) {
	c.init()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ctx == nil {
		return // not running yet: the first read of the inbox will find them
	}
	c.dispatchLocked(ups)
}

// Idle reports whether no update is being handled or waits in a chat's queue. Tests use it
// to know that every reply of the updates handed over so far has been sent.
func (c *Consumer) Idle() bool {
	c.init()
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.busy) == 0 && len(c.held) == 0
}

// Notify tells the consumer that updates were stored elsewhere: it reads the inbox.
func (c *Consumer) Notify() {
	c.init()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// Run dispatches until ctx ends, then waits for the updates being handled to finish: each
// handler gets drain to complete (its context is cancelled after that). Updates still queued
// stay in the inbox for the next start. Run may be called again after it returned (a
// replica that lost the active role and gained it back); never twice at once. Updates
// handed to Enqueue while no Run is going are left to the next Run's read of the inbox.
func (c *Consumer) Run(ctx context.Context, drain time.Duration) {
	c.init()
	handleCtx, cancelHandlers := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelHandlers()
	rescan := time.NewTicker(c.Rescan)
	defer rescan.Stop()
	var pollC <-chan time.Time
	if c.PollInterval > 0 {
		poll := time.NewTicker(c.PollInterval)
		defer poll.Stop()
		pollC = poll.C
	}
	c.mu.Lock()
	// A new run starts afresh: updates a previous run dispatched but left pending (it
	// stopped, or another replica was active meanwhile) are read from the inbox again.
	c.ctx, c.handleCtx = ctx, handleCtx
	c.queues = map[int64][]domain.InboxUpdate{}
	c.busy = map[int64]bool{}
	c.known = map[string]time.Time{}
	c.cursor = ""
	c.held, c.highest = nil, 0
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.ctx, c.handleCtx = nil, nil
		c.mu.Unlock()
	}()
	for {
		c.fetch(ctx)
		select {
		case <-ctx.Done():
			c.mu.Lock()
			c.queues = map[int64][]domain.InboxUpdate{}
			c.mu.Unlock()
			done := make(chan struct{})
			go func() { c.running.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(drain):
				c.Log.Warn().Dur("drain", drain).Msg("handlers still running at shutdown; cancelling them")
				cancelHandlers()
				<-done
			}
			return
		case <-c.wake:
		case <-pollC:
		case <-rescan.C:
			c.mu.Lock()
			c.cursor = ""
			for id, at := range c.known {
				if time.Since(at) > 10*time.Minute {
					delete(c.known, id)
				}
			}
			c.mu.Unlock()
		}
	}
}

// fetch reads pending updates after the cursor and queues them per chat.
func (c *Consumer) fetch(ctx context.Context) {
	for ctx.Err() == nil {
		c.mu.Lock()
		cursor := c.cursor
		c.mu.Unlock()
		ups, err := c.Inbox.PendingUpdates(ctx, cursor, 200)
		if err != nil {
			if ctx.Err() == nil {
				c.Log.Error().Err(err).Msg("read inbox")
			}
			return
		}
		c.mu.Lock()
		for _, u := range ups {
			// With GapWait an earlier id may still arrive from another replica: read from the
			// start each time (the pending updates are few) instead of after a cursor.
			if c.GapWait == 0 {
				c.cursor = u.ID
			}
		}
		c.dispatchLocked(ups)
		c.mu.Unlock()
		if len(ups) < 200 {
			return
		}
	}
}

// dispatchLocked queues updates not seen lately on their chats and starts a worker for
// each idle chat. c.mu must be held.
func (c *Consumer) dispatchLocked(ups []domain.InboxUpdate) {
	if c.ctx.Err() != nil {
		return
	}
	for _, u := range ups {
		if _, seen := c.known[u.ID]; seen {
			continue
		}
		c.known[u.ID] = time.Now()
		if c.GapWait > 0 {
			c.held = append(c.held, u)
			continue
		}
		c.queueLocked(u)
	}
	if c.GapWait > 0 {
		c.releaseLocked()
	}
}

// releaseLocked hands held updates to their chats in id order while there is no gap, or
// the gap is older than GapWait; the rest wait for a timer.
func (c *Consumer) releaseLocked() {
	slices.SortFunc(c.held, func(a, b domain.InboxUpdate) int { return cmp.Compare(a.UpdateID, b.UpdateID) })
	if c.highest == 0 && len(c.held) > 0 {
		// A run starts at the oldest pending update: gaps after it are waited for too (a
		// replica taking over finds the updates the other one left, with holes still to fill).
		c.highest = c.held[0].UpdateID - 1
	}
	for len(c.held) > 0 {
		u := c.held[0]
		if u.UpdateID > c.highest+1 {
			if wait := c.GapWait - time.Since(u.Received); wait > 0 {
				time.AfterFunc(wait, func() {
					c.mu.Lock()
					defer c.mu.Unlock()
					if c.ctx != nil && c.ctx.Err() == nil {
						c.releaseLocked()
					}
				})
				return
			}
			c.Log.Warn().Int64("update_id", u.UpdateID).Int64("after", c.highest).Int64("chat_id", u.Chat).
				Msg("updates missing before this one did not arrive in time; handling it")
		}
		c.held = c.held[1:]
		c.highest = max(c.highest, u.UpdateID)
		c.queueLocked(u)
	}
}

// queueLocked appends u to its chat's queue and starts the chat's worker if idle.
func (c *Consumer) queueLocked(u domain.InboxUpdate) {
	c.queues[u.Chat] = append(c.queues[u.Chat], u)
	if !c.busy[u.Chat] {
		c.busy[u.Chat] = true
		c.running.Add(1)
		go c.work(c.ctx, c.handleCtx, u.Chat)
	}
}

// work handles one chat's queue until it is empty.
func (c *Consumer) work(ctx, handleCtx context.Context, chat int64) {
	defer c.running.Done()
	c.sem <- struct{}{}
	defer func() { <-c.sem }()
	for {
		c.mu.Lock()
		q := c.queues[chat]
		if len(q) == 0 || ctx.Err() != nil {
			delete(c.queues, chat)
			delete(c.busy, chat)
			c.mu.Unlock()
			return
		}
		u := q[0]
		c.queues[chat] = q[1:]
		c.mu.Unlock()
		if !c.handleOne(ctx, handleCtx, u) {
			// Stopping: leave the rest of this chat's updates in the inbox.
			c.mu.Lock()
			delete(c.queues, chat)
			delete(c.busy, chat)
			c.mu.Unlock()
			return
		}
	}
}

// handleOne runs the handler with retries. It returns false when the bot is stopping and
// the update was left pending.
func (c *Consumer) handleOne(ctx, handleCtx context.Context, u domain.InboxUpdate) bool {
	delay := c.Backoff
	tries := u.Tries
	for {
		err := c.Handle(handleCtx, u)
		// Inbox writes use handleCtx: a handled update must be marked even while stopping.
		if err == nil {
			c.markDone(handleCtx, u)
			return true
		}
		n, markErr := c.Inbox.MarkUpdateTried(handleCtx, u.UpdateID, err)
		if markErr != nil {
			n = tries + 1
		}
		tries = n
		if tries >= c.MaxTries {
			c.Log.Error().Err(err).Int64("update_id", u.UpdateID).Int64("chat_id", u.Chat).Int("tries", tries).Msg("giving up on update")
			if err := c.Inbox.MarkUpdateFailed(handleCtx, u.UpdateID, err); err != nil {
				c.Log.Error().Err(err).Int64("update_id", u.UpdateID).Msg("mark update failed")
			}
			return true
		}
		if !sleep(ctx, delay) {
			c.mu.Lock()
			delete(c.known, u.ID)
			c.mu.Unlock()
			return false
		}
		delay = min(delay*2, 30*time.Second)
	}
}

// markDone records a handled update, retrying while the store is unreachable: an update
// left pending would be handled (and answered) a second time. The chat's next updates wait
// meanwhile, which keeps them in order.
func (c *Consumer) markDone(ctx context.Context, u domain.InboxUpdate) {
	mark := c.Inbox.MarkUpdateDone
	if c.Forget != nil && c.Forget(u.UpdateID) {
		mark = c.Inbox.DeleteUpdate
	}
	delay := c.Backoff
	for {
		err := mark(ctx, u.UpdateID)
		if err == nil {
			return
		}
		c.Log.Error().Err(err).Int64("update_id", u.UpdateID).Dur("retry_in", delay).Msg("mark update done")
		if !storage.IsUnavailable(err) || !sleep(ctx, delay) {
			return
		}
		delay = min(delay*2, 30*time.Second)
	}
}
