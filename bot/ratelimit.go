package bot

import (
	"context"
	"sync"
	"time"
)

// Limits are the sender's flood-control budgets, set a little under Telegram's (about
// 30 messages/s overall, 1/s per chat, 20/min per group) so the bot rarely sees a 429.
// A zero or negative rate turns that limit off. The YAML keys are those of the config
// file's "sender" section.
type Limits struct {
	GlobalPerSecond  float64 `yaml:"global_per_second"`   // all chats together
	PerChatPerSecond float64 `yaml:"per_chat_per_second"` // one chat, after the burst
	PerChatBurst     int     `yaml:"per_chat_burst"`      // messages one chat may get at once
	GroupPerMinute   float64 `yaml:"group_per_minute"`    // one group (negative chat id)
	// MaxRetryAfterSeconds caps how long a 429's retry_after is waited out inside one send;
	// a longer wait gives the message back to the outbox to be tried later.
	MaxRetryAfterSeconds int `yaml:"max_retry_after_seconds"`
}

// DefaultLimits returns 25 messages/s overall, 1/s per chat with a burst of 3, 15/min
// per group, and 429 waits of at most 2 minutes.
func DefaultLimits() Limits {
	return Limits{GlobalPerSecond: 25, PerChatPerSecond: 1, PerChatBurst: 3, GroupPerMinute: 15, MaxRetryAfterSeconds: 120}
}

// bucket is a token bucket: it holds up to burst tokens and gains rate tokens per second.
// Tokens may go below zero when a message is taken on credit; later takers then wait for
// the debt to be paid back.
type bucket struct {
	rate, burst float64
	tokens      float64
	last        time.Time
}

func newBucket(rate, burst float64, now time.Time) *bucket {
	return &bucket{rate: rate, burst: burst, tokens: burst, last: now}
}

func (b *bucket) refill(now time.Time) {
	if now.After(b.last) {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
		b.last = now
	}
}

// wait is how long until a whole token is available (0: one is).
func (b *bucket) wait(now time.Time) time.Duration {
	b.refill(now)
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) / b.rate * float64(time.Second))
}

// Limiter shares Telegram's budgets between broadcasts and interactive replies. Broadcasts
// wait for a token in every bucket that applies; interactive replies take theirs at once,
// on credit, so a person answering quickly never waits behind a broadcast, which pays the
// credit back by waiting longer. It is safe for concurrent use.
type Limiter struct {
	lim    Limits
	now    func() time.Time
	mu     sync.Mutex
	global *bucket
	chats  map[int64]*bucket
	groups map[int64]*bucket
}

// NewLimiter returns a limiter on the clock now (time.Now when nil). Waiting uses real
// time; only the bucket arithmetic reads now, so tests can step it.
func NewLimiter(l Limits, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	lt := &Limiter{lim: l, now: now, chats: map[int64]*bucket{}, groups: map[int64]*bucket{}}
	if l.GlobalPerSecond > 0 {
		lt.global = newBucket(l.GlobalPerSecond, max(1, l.GlobalPerSecond), now())
	}
	return lt
}

// buckets returns the buckets a message to chatID draws from, creating them.
func (l *Limiter) buckets(chatID int64, now time.Time) []*bucket {
	var bs []*bucket
	if l.global != nil {
		bs = append(bs, l.global)
	}
	if l.lim.PerChatPerSecond > 0 {
		b := l.chats[chatID]
		if b == nil {
			b = newBucket(l.lim.PerChatPerSecond, float64(max(1, l.lim.PerChatBurst)), now)
			l.chats[chatID] = b
		}
		bs = append(bs, b)
	}
	if chatID < 0 && l.lim.GroupPerMinute > 0 {
		b := l.groups[chatID]
		if b == nil {
			b = newBucket(l.lim.GroupPerMinute/60, float64(max(1, l.lim.PerChatBurst)), now)
			l.groups[chatID] = b
		}
		bs = append(bs, b)
	}
	return bs
}

// Reserve takes a token for one broadcast message to chatID if every bucket has one and
// returns 0; otherwise it takes nothing and returns how long to wait before asking again.
func (l *Limiter) Reserve(chatID int64) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	bs := l.buckets(chatID, now)
	var wait time.Duration
	for _, b := range bs {
		wait = max(wait, b.wait(now))
	}
	if wait > 0 {
		return wait
	}
	for _, b := range bs {
		b.tokens--
	}
	return 0
}

// ReserveSpare takes a token for a low-priority message to chatID only if every bucket
// would still hold a whole token afterwards, so that the next broadcast (a reminder to the
// group) finds its budget untouched; it reports whether it took one.
func (l *Limiter) ReserveSpare(chatID int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	bs := l.buckets(chatID, now)
	for _, b := range bs {
		b.refill(now)
		if b.tokens < 2 {
			return false
		}
	}
	for _, b := range bs {
		b.tokens--
	}
	return true
}

// ChatWait returns how long a broadcast to chatID would wait for its chat's own budgets
// (per chat and per group), ignoring the global one. It takes nothing, so a dispatcher can
// pass over a busy chat and send to others meanwhile.
func (l *Limiter) ChatWait(chatID int64) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	var wait time.Duration
	for _, b := range l.buckets(chatID, now) {
		if b != l.global {
			wait = max(wait, b.wait(now))
		}
	}
	return wait
}

// TakeInteractive takes a token for an interactive reply to chatID from every bucket at
// once, going into debt if need be, and returns 0. Only when the global bucket is already
// a full second in debt (a storm of replies) does it return a wait, taking nothing.
func (l *Limiter) TakeInteractive(chatID int64) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if l.global != nil {
		l.global.refill(now)
		if l.global.tokens < -l.global.burst {
			return time.Duration((-l.global.burst - l.global.tokens + 1) / l.global.rate * float64(time.Second))
		}
	}
	for _, b := range l.buckets(chatID, now) {
		b.refill(now)
		b.tokens--
	}
	return 0
}

// Wait blocks until a broadcast message to chatID may go (or ctx ends).
func (l *Limiter) Wait(ctx context.Context, chatID int64) error {
	return l.loop(ctx, func() time.Duration { return l.Reserve(chatID) })
}

// WaitInteractive blocks, rarely and briefly, until an interactive reply may go.
func (l *Limiter) WaitInteractive(ctx context.Context, chatID int64) error {
	return l.loop(ctx, func() time.Duration { return l.TakeInteractive(chatID) })
}

func (l *Limiter) loop(ctx context.Context, try func() time.Duration) error {
	for {
		d := try()
		if d <= 0 {
			return nil
		}
		if !sleep(ctx, d) {
			return ctx.Err()
		}
	}
}
