package bot

import (
	"testing"
	"time"
)

// stepClock is a clock a test moves by hand.
type stepClock struct{ t time.Time }

func (c *stepClock) now() time.Time      { return c.t }
func (c *stepClock) add(d time.Duration) { c.t = c.t.Add(d) }
func newStepClock() *stepClock           { return &stepClock{t: time.Date(2026, 6, 16, 1, 0, 0, 0, time.UTC)} }
func takeN(l *Limiter, chat int64, n int) int {
	got := 0
	for range n {
		if l.Reserve(chat) == 0 {
			got++
		}
	}
	return got
}

func TestLimiter_Reserve(t *testing.T) {
	tests := []struct {
		name string
		lim  Limits
		run  func(t *testing.T, l *Limiter, c *stepClock)
	}{
		{"per chat burst of 3, then 1/s", DefaultLimits(), func(t *testing.T, l *Limiter, c *stepClock) {
			if got := takeN(l, 7, 5); got != 3 {
				t.Fatalf("burst took %d, want 3", got)
			}
			if w := l.Reserve(7); w <= 0 || w > time.Second {
				t.Fatalf("wait after the burst = %v, want (0, 1s]", w)
			}
			if got := takeN(l, 8, 3); got != 3 {
				t.Fatalf("another chat is not held up by chat 7: took %d", got)
			}
			c.add(time.Second)
			if got := takeN(l, 7, 3); got != 1 {
				t.Fatalf("after 1 s chat 7 took %d, want 1", got)
			}
		}},
		{"global 25/s", DefaultLimits(), func(t *testing.T, l *Limiter, c *stepClock) {
			got := 0
			for chat := int64(1); chat <= 40; chat++ {
				if l.Reserve(chat) == 0 {
					got++
				}
			}
			if got != 25 {
				t.Fatalf("40 chats at once took %d, want 25", got)
			}
			c.add(200 * time.Millisecond)
			if got := takeN(l, 100, 1) + takeN(l, 101, 1) + takeN(l, 102, 1) + takeN(l, 103, 1) + takeN(l, 104, 1) + takeN(l, 105, 1); got != 5 {
				t.Fatalf("after 0.2 s took %d, want 5", got)
			}
		}},
		{"group 15/min", DefaultLimits(), func(t *testing.T, l *Limiter, c *stepClock) {
			sent := 0
			for range 60 { // one minute, one try a second
				if l.Reserve(-100) == 0 {
					sent++
				}
				c.add(time.Second)
			}
			if sent < 15 || sent > 18 { // the burst of 3 plus 15 a minute
				t.Fatalf("a group got %d messages in a minute, want 15..18", sent)
			}
		}},
		{"limits off", Limits{}, func(t *testing.T, l *Limiter, c *stepClock) {
			if got := takeN(l, -5, 1000); got != 1000 {
				t.Fatalf("took %d of 1000 without limits", got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newStepClock()
			tt.run(t, NewLimiter(tt.lim, c.now), c)
		})
	}
}

func TestLimiter_TakeInteractive(t *testing.T) {
	c := newStepClock()
	l := NewLimiter(DefaultLimits(), c.now)
	for i := range 5 { // a person answering quickly
		if w := l.TakeInteractive(7); w != 0 {
			t.Fatalf("reply %d waited %v", i+1, w)
		}
	}
	if w := l.Reserve(7); w < time.Second {
		t.Fatalf("a broadcast to the same chat waits %v, want the replies' credit (> 1 s) paid back first", w)
	}
	for chat := int64(1); chat <= 50; chat++ { // a storm of replies from many people
		l.TakeInteractive(chat)
	}
	if w := l.TakeInteractive(999); w <= 0 {
		t.Fatalf("a reply beyond a second of global credit did not wait")
	}
	c.add(3 * time.Second)
	if w := l.TakeInteractive(999); w != 0 {
		t.Fatalf("after the storm a reply waits %v", w)
	}
}
