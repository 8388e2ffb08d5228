package tgtest

import (
	"strconv"
	"strings"
	"time"
)

// Option configures a Server in New.
type Option func(*config)

type config struct {
	token        string
	botID        int64
	botIDSet     bool
	botUsername  string
	botName      string
	requireStart bool
	limits       *RateLimits
	waitTimeout  time.Duration
	callbackTTL  time.Duration
	logging      bool
	now          func() time.Time
}

func defaultConfig() config {
	return config{
		token:       DefaultToken,
		botID:       123456,
		botUsername: DefaultBotUsername,
		botName:     "Report Bot (test)",
		waitTimeout: 10 * time.Second,
		now:         time.Now,
	}
}

// WithToken sets the only token the server accepts. Unless WithBotID is given, the bot id is the
// number before the colon, as with real tokens.
func WithToken(token string) Option {
	return func(c *config) {
		c.token = token
		if c.botIDSet {
			return
		}
		if n, err := strconv.ParseInt(strings.SplitN(token, ":", 2)[0], 10, 64); err == nil {
			c.botID = n
		}
	}
}

// WithBotID sets the bot's user id answered by getMe (default: the token's numeric prefix).
func WithBotID(id int64) Option {
	return func(c *config) { c.botID, c.botIDSet = id, true }
}

// WithBotUsername sets the bot's username, without '@' (default DefaultBotUsername).
func WithBotUsername(name string) Option {
	return func(c *config) { c.botUsername = strings.TrimPrefix(name, "@") }
}

// WithBotName sets the bot's first name answered by getMe.
func WithBotName(name string) Option {
	return func(c *config) { c.botName = name }
}

// WithRequireStart makes private chats behave as in Telegram: the bot may only message a user
// who has written to it (any User.Send in the private chat, or User.SetStarted). Other sends
// answer 403 "Forbidden: bot can't initiate conversation with a user". Off by default.
func WithRequireStart() Option {
	return func(c *config) { c.requireStart = true }
}

// WithRateLimits turns on Telegram-like flood control (off by default); see RateLimits.
func WithRateLimits(l RateLimits) Option {
	return func(c *config) { c.limits = &l }
}

// WithWaitTimeout sets how long Next, Expect, WaitFor and the other waiting helpers wait before
// failing the test (default 10s).
func WithWaitTimeout(d time.Duration) Option {
	return func(c *config) { c.waitTimeout = d }
}

// WithCallbackTTL makes answerCallbackQuery fail with "query is too old" when called more than d
// after the button was pressed (by the server's clock). Zero, the default, never expires.
func WithCallbackTTL(d time.Duration) Option {
	return func(c *config) { c.callbackTTL = d }
}

// WithLogging logs every request (method, chat id, status; never the token) with t.Logf.
func WithLogging() Option {
	return func(c *config) { c.logging = true }
}

// WithClock sets the clock for message dates, recorded timestamps, callback expiry and rate
// limit buckets (default time.Now). Long-poll and wait timeouts always use real time.
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}
