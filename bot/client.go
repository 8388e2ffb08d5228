// Package bot is reportbot's Telegram adapter: updates in (polling into a durable inbox, one
// chat at a time), messages out (rate-limited, with Telegram's errors classified), and the
// router with its middleware that hands each update to a handler.
package bot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/rs/zerolog"
)

// API is the part of tgbotapi.BotAPI this package calls.
type API interface {
	Request(c tgbotapi.Chattable) (*tgbotapi.APIResponse, error)
	Send(c tgbotapi.Chattable) (tgbotapi.Message, error)
	GetFileDirectURL(fileID string) (string, error)
}

var _ API = (*tgbotapi.BotAPI)(nil)

// ErrUnauthorized means Telegram refused the token: retrying cannot help.
var ErrUnauthorized = errors.New("telegram refused the bot token (401 Unauthorized): check TELEGRAM_BOT_TOKEN")

// ClientConfig configures Connect.
type ClientConfig struct {
	Token    string
	Endpoint string // URL pattern with two %s, for the token and the method
	// PollTimeout is the long-poll duration in seconds (default 30).
	PollTimeout int
	Logger      zerolog.Logger
}

// Client holds the Telegram connections: one for sending, with request timeouts, and one for
// long polling, whose requests are cancelled when polling stops.
type Client struct {
	api      *tgbotapi.BotAPI // sending
	poll     *tgbotapi.BotAPI // getUpdates
	stopPoll context.CancelFunc
	token    string
	Self     tgbotapi.User
	log      zerolog.Logger
	http     *http.Client

	fileEndpoint string
}

// Connect calls getMe, retrying with backoff until Telegram answers or ctx ends, so an
// outage at start-up is survived. It fails at once with ErrUnauthorized on a bad token.
func Connect(ctx context.Context, cfg ClientConfig) (*Client, error) {
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = 30
	}
	_ = tgbotapi.SetLogger(redactingLogger{log: cfg.Logger, token: cfg.Token})
	sendHTTP := &http.Client{Timeout: 60 * time.Second, Transport: newTransport(context.Background())}
	pollCtx, stopPoll := context.WithCancel(context.Background())
	pollHTTP := &http.Client{Timeout: time.Duration(cfg.PollTimeout+15) * time.Second, Transport: newTransport(pollCtx)}
	c := &Client{token: cfg.Token, log: cfg.Logger, stopPoll: stopPoll, http: sendHTTP, fileEndpoint: FileEndpoint(cfg.Endpoint)}
	delay := 500 * time.Millisecond
	for {
		api, err := tgbotapi.NewBotAPIWithClient(cfg.Token, cfg.Endpoint, sendHTTP)
		if err == nil {
			c.api = api
			c.Self = api.Self
			break
		}
		err = c.redact(err)
		var te *tgbotapi.Error
		if errors.As(err, &te) && te.Code == http.StatusUnauthorized || strings.Contains(err.Error(), "Unauthorized") {
			stopPoll()
			return nil, ErrUnauthorized
		}
		cfg.Logger.Warn().Err(err).Dur("retry_in", delay).Msg("telegram getMe failed; retrying")
		select {
		case <-ctx.Done():
			stopPoll()
			return nil, fmt.Errorf("connect to telegram: %w", ctx.Err())
		case <-time.After(delay):
		}
		delay = min(delay*2, 30*time.Second)
	}
	poll := *c.api
	poll.Client = pollHTTP
	c.poll = &poll
	return c, nil
}

// API returns the sending connection.
func (c *Client) API() API { return redactingAPI{api: c.api, c: c} }

// StopPolling cancels an open long poll at once, and every later one: it is for shutdown.
// To stop one poll and poll again later, cancel the context given to GetUpdates.
func (c *Client) StopPolling() { c.stopPoll() }

// GetUpdates long-polls for updates after offset and returns each update's raw JSON. The
// request is cancelled when ctx ends, so a replica that stops polling does not keep a poll
// open that would make another replica's getUpdates fail with 409 Conflict.
func (c *Client) GetUpdates(ctx context.Context, offset, limit, timeout int) ([]RawUpdate, error) {
	poll := *c.poll
	poll.Client = ctxDoer{ctx: ctx, do: c.poll.Client}
	resp, err := poll.Request(tgbotapi.UpdateConfig{Offset: offset, Limit: limit, Timeout: timeout})
	if err != nil {
		return nil, c.redact(err)
	}
	return decodeRawUpdates(resp.Result)
}

// ctxDoer sends each request with ctx; tgbotapi builds requests without a context.
type ctxDoer struct {
	ctx context.Context
	do  tgbotapi.HTTPClient
}

func (d ctxDoer) Do(r *http.Request) (*http.Response, error) { return d.do.Do(r.WithContext(d.ctx)) }

// newTransport returns an HTTP transport whose requests are all cancelled when ctx ends;
// tgbotapi builds requests without a context.
func newTransport(ctx context.Context) http.RoundTripper {
	base := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 0, // long polls hold the header back
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
	}
	return ctxTransport{ctx: ctx, base: base}
}

type ctxTransport struct {
	ctx  context.Context
	base http.RoundTripper
}

func (t ctxTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancel(r.Context())
	stop := context.AfterFunc(t.ctx, cancel)
	resp, err := t.base.RoundTrip(r.WithContext(ctx))
	if err != nil {
		stop()
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: func() { stop(); cancel() }}
	return resp, nil
}
