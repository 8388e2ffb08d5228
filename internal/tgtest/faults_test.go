package tgtest_test

import (
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/camgiang-edu/reportbot/internal/tgtest"
)

// fakeClock is a settable clock for WithClock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2024, 6, 19, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestServer_RateLimitPerChat(t *testing.T) {
	clock := newFakeClock()
	srv := tgtest.New(t, tgtest.WithClock(clock.Now), tgtest.WithRateLimits(tgtest.DefaultRateLimits()))
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")

	for i := range 3 {
		if _, err := bot.Send(tgbotapi.NewMessage(u.ID(), "burst")); err != nil {
			t.Fatalf("burst %d: %v", i, err)
		}
	}
	_, err := bot.Send(tgbotapi.NewMessage(u.ID(), "one too many"))
	if e := mustAPIError(t, err, "Too Many Requests: retry after 1"); e.RetryAfter != 1 || e.Code != 429 {
		t.Fatalf("error = %+v", e)
	}
	// Other chats are not affected.
	if _, err := bot.Send(tgbotapi.NewMessage(srv.User(1002, "Minh", "vi").ID(), "x")); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second)
	if _, err := bot.Send(tgbotapi.NewMessage(u.ID(), "after waiting")); err != nil {
		t.Fatalf("after retry_after: %v", err)
	}
	if srv.Throttled() != 1 || len(srv.SentTo(u.ID())) != 4 {
		t.Fatalf("throttled %d, sent %d", srv.Throttled(), len(srv.SentTo(u.ID())))
	}
}

func TestServer_RateLimitGroupAndGlobal(t *testing.T) {
	clock := newFakeClock()
	srv := tgtest.New(t, tgtest.WithClock(clock.Now), tgtest.WithRateLimits(tgtest.RateLimits{GroupPerMinute: 20}))
	bot := mustBot(t, srv)
	g := srv.Group(-500, "Tổ Toán", false)
	for i := range 20 {
		if _, err := bot.Send(tgbotapi.NewMessage(g.ID(), "x")); err != nil {
			t.Fatalf("group message %d: %v", i, err)
		}
	}
	_, err := bot.Send(tgbotapi.NewMessage(g.ID(), "x"))
	if e := mustAPIError(t, err, "Too Many Requests"); e.RetryAfter != 3 {
		t.Fatalf("retry_after = %d, want 3 (one message per 3s refills)", e.RetryAfter)
	}

	srv.SetRateLimits(&tgtest.RateLimits{GlobalPerSecond: 30})
	for i := range 30 {
		u := srv.User(int64(3000+i), "U", "vi")
		if _, err := bot.Send(tgbotapi.NewMessage(u.ID(), "x")); err != nil {
			t.Fatalf("global message %d: %v", i, err)
		}
	}
	_, err = bot.Send(tgbotapi.NewMessage(3000, "x"))
	mustAPIError(t, err, "Too Many Requests: retry after 1")

	srv.SetRateLimits(nil)
	if _, err := bot.Send(tgbotapi.NewMessage(3000, "x")); err != nil {
		t.Fatalf("limits off: %v", err)
	}
	if srv.Throttled() != 2 {
		t.Fatalf("throttled = %d", srv.Throttled())
	}
}

func TestServer_InjectedFaults(t *testing.T) {
	srv := tgtest.New(t)
	bot := mustBot(t, srv)
	u := srv.User(1001, "Lan", "vi")
	other := srv.User(1002, "Minh", "vi")

	remove := srv.Inject(tgtest.Fault{Method: "sendMessage", ChatID: u.ID(), Code: 403,
		Description: "Forbidden: bot was blocked by the user"})
	_, err := bot.Send(tgbotapi.NewMessage(u.ID(), "x"))
	mustAPIError(t, err, "Forbidden: bot was blocked by the user")
	_, err = bot.Send(tgbotapi.NewMessage(u.ID(), "x"))
	mustAPIError(t, err, "Forbidden")
	if _, err := bot.Send(tgbotapi.NewMessage(other.ID(), "x")); err != nil {
		t.Fatalf("other chat: %v", err)
	}
	remove()
	if _, err := bot.Send(tgbotapi.NewMessage(u.ID(), "x")); err != nil {
		t.Fatalf("after remove: %v", err)
	}

	srv.FailNext(1, tgtest.Hangup())
	_, err = bot.Send(tgbotapi.NewMessage(u.ID(), "x"))
	var apiErr *tgbotapi.Error
	if err == nil || errors.As(err, &apiErr) {
		t.Fatalf("hangup error = %v, want a transport error", err)
	}

	srv.FailNext(1, tgtest.BadGateway())
	_, err = bot.Send(tgbotapi.NewMessage(u.ID(), "x"))
	if err == nil || errors.As(err, &apiErr) {
		t.Fatalf("502 error = %v, want a decode error", err)
	}

	f := tgtest.TooManyRequests(30)
	f.Method = "getUpdates"
	srv.FailNext(1, f)
	_, err = bot.GetUpdates(tgbotapi.UpdateConfig{})
	if e := mustAPIError(t, err, "Too Many Requests"); e.RetryAfter != 30 {
		t.Fatalf("getUpdates fault = %+v", e)
	}
	srv.SetBlocked(other.ID(), true)
	_, err = bot.Send(tgbotapi.NewMessage(other.ID(), "x"))
	mustAPIError(t, err, "Forbidden: bot was blocked by the user")
	srv.ClearFaults()
}

func TestServer_DelayHook(t *testing.T) {
	srv := tgtest.New(t)
	u := srv.User(1001, "Lan", "vi")
	bot, err := tgbotapi.NewBotAPIWithClient(srv.Token(), srv.Endpoint(), &http.Client{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	srv.SetDelay(func(method string, chatID int64) time.Duration {
		if method == "sendMessage" && chatID == u.ID() {
			return time.Hour
		}
		return 0
	})
	if _, err := bot.Send(tgbotapi.NewMessage(u.ID(), "slow")); err == nil {
		t.Fatal("send through an hour-long delay succeeded")
	}
	if _, err := bot.GetMe(); err != nil {
		t.Fatalf("other methods are not delayed: %v", err)
	}
	srv.WaitFor(t, func() bool { return srv.Calls("sendMessage") == 1 })
	if len(srv.Sent()) != 0 {
		t.Fatal("a request abandoned during its delay was processed")
	}
	srv.SetDelay(nil)
	if _, err := bot.Send(tgbotapi.NewMessage(u.ID(), "fast")); err != nil {
		t.Fatal(err)
	}
}
