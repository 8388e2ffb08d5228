package tgtest

import (
	"math"
	"time"
)

// RateLimits configures Telegram-like flood control for sendMessage, sendDocument and sendPhoto
// (and edits with CountEdits). A request over a limit is answered 429 "Too Many Requests: retry
// after N" with parameters.retry_after = N, the whole seconds until it would pass. Rejected
// requests use up no allowance. A zero field disables that limit. Time is the server's clock.
type RateLimits struct {
	// GlobalPerSecond limits messages per second over all chats (Telegram: about 30).
	GlobalPerSecond float64
	// PerChatPerSecond limits messages per second to one chat (Telegram: about 1).
	PerChatPerSecond float64
	// PerChatBurst is how many messages one chat may receive at once before PerChatPerSecond
	// applies (minimum 1).
	PerChatBurst int
	// GroupPerMinute limits messages per minute to one group or supergroup (Telegram: 20).
	GroupPerMinute float64
	// CountEdits makes editMessageText and editMessageReplyMarkup count like sends.
	CountEdits bool
}

// DefaultRateLimits returns Telegram's documented limits: 30 messages/s overall, 1/s per chat
// with a burst of 3, and 20/min per group.
func DefaultRateLimits() RateLimits {
	return RateLimits{GlobalPerSecond: 30, PerChatPerSecond: 1, PerChatBurst: 3, GroupPerMinute: 20}
}

// SetRateLimits replaces the rate limits; nil turns flood control off. Allowances start full.
func (s *Server) SetRateLimits(l *RateLimits) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l != nil {
		cp := *l
		l = &cp
	}
	s.limits = l
	s.buckets = map[bucketKey]*bucket{}
}

type bucketKey struct {
	kind byte // 'g' global, 'c' chat, 'G' group
	chat int64
}

// bucket is a token bucket: tokens refill at rate per second up to capacity.
type bucket struct {
	tokens float64
	last   time.Time
}

type limitCheck struct {
	key      bucketKey
	capacity float64
	rate     float64
}

func (s *Server) limitEditLocked(c *call, ch *chatState) *apiError {
	if s.limits == nil || !s.limits.CountEdits {
		return nil
	}
	return s.limitLocked(c, ch)
}

// limitLocked applies the rate limits to one message for ch, consuming allowance on success.
func (s *Server) limitLocked(c *call, ch *chatState) *apiError {
	if s.limits == nil {
		return nil
	}
	l := *s.limits
	var checks []limitCheck
	if l.GlobalPerSecond > 0 {
		checks = append(checks, limitCheck{bucketKey{'g', 0}, l.GlobalPerSecond, l.GlobalPerSecond})
	}
	if l.PerChatPerSecond > 0 {
		checks = append(checks, limitCheck{bucketKey{'c', ch.tg.ID}, math.Max(1, float64(l.PerChatBurst)), l.PerChatPerSecond})
	}
	if l.GroupPerMinute > 0 && ch.tg.Type != "private" {
		checks = append(checks, limitCheck{bucketKey{'G', ch.tg.ID}, l.GroupPerMinute, l.GroupPerMinute / 60})
	}
	wait := 0.0
	var bs []*bucket
	for _, k := range checks {
		b := s.buckets[k.key]
		if b == nil {
			b = &bucket{tokens: k.capacity, last: c.now}
			s.buckets[k.key] = b
		}
		if dt := c.now.Sub(b.last).Seconds(); dt > 0 {
			b.tokens = math.Min(k.capacity, b.tokens+dt*k.rate)
			b.last = c.now
		}
		if b.tokens < 1 {
			wait = math.Max(wait, (1-b.tokens)/k.rate)
		}
		bs = append(bs, b)
	}
	if wait > 0 {
		f := TooManyRequests(int(math.Max(1, math.Ceil(wait))))
		return &apiError{code: f.Code, desc: f.Description, retryAfter: f.RetryAfter}
	}
	for _, b := range bs {
		b.tokens--
	}
	return nil
}
