package bot

import (
	"context"
	"errors"
	"net"
	"net/url"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/rs/zerolog"
)

// Sender sends to Telegram through the API, waiting out 429 answers (retry_after, capped)
// before it repeats a request. It is safe for concurrent use.
type Sender struct {
	API           API
	Log           zerolog.Logger
	MaxRetryAfter time.Duration // longest 429 wait honoured before giving up; default 2 min
	MaxTries      int           // attempts per request; default 4
}

var _ Messenger = (*Sender)(nil)

// Send sends a message-producing request and returns the sent message.
func (s *Sender) Send(ctx context.Context, c tgbotapi.Chattable) (tgbotapi.Message, error) {
	var msg tgbotapi.Message
	err := s.retry(ctx, func() error {
		m, err := s.API.Send(c)
		msg = m
		return err
	})
	return msg, err
}

// Request sends any request and returns Telegram's answer.
func (s *Sender) Request(ctx context.Context, c tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	var resp *tgbotapi.APIResponse
	err := s.retry(ctx, func() error {
		r, err := s.API.Request(c)
		resp = r
		return err
	})
	return resp, err
}

func (s *Sender) retry(ctx context.Context, call func() error) error {
	maxWait := s.MaxRetryAfter
	if maxWait == 0 {
		maxWait = 2 * time.Minute
	}
	tries := s.MaxTries
	if tries == 0 {
		tries = 4
	}
	for i := 1; ; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := call()
		wait, ok := RetryAfter(err)
		if !ok || i >= tries {
			return err
		}
		if wait > maxWait {
			s.Log.Warn().Dur("retry_after", wait).Msg("telegram asks to wait longer than allowed; giving up")
			return err
		}
		s.Log.Warn().Dur("retry_after", wait).Int("try", i).Msg("telegram rate limit (429); waiting")
		if !sleep(ctx, wait) {
			return ctx.Err()
		}
	}
}

// RetryAfter reports whether err is a 429 and how long Telegram asked to wait.
func RetryAfter(err error) (time.Duration, bool) {
	var te *tgbotapi.Error
	if errors.As(err, &te) && (te.Code == 429 || te.RetryAfter > 0) {
		return time.Duration(max(te.RetryAfter, 1)) * time.Second, true
	}
	return 0, false
}

// IsNetworkError reports a failure to reach Telegram at all (refused, reset, timed out).
func IsNetworkError(err error) bool {
	var ue *url.Error
	var ne net.Error
	var oe *net.OpError
	return errors.As(err, &ue) || errors.As(err, &ne) || errors.As(err, &oe)
}
