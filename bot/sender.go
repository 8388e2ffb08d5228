package bot

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/rs/zerolog"
)

// Recipients records what Telegram says about the people and groups the bot writes to.
type Recipients interface {
	SetUserUnreachable(ctx context.Context, id int64, unreachable bool) error
	DisableGroup(ctx context.Context, chatID int64, why string) error
	MoveGroup(ctx context.Context, oldID, newID int64) error
}

// Sender sends to Telegram within the Limiter's budgets. On 429 it waits retry_after (at
// most MaxRetryAfter, logged) and repeats the request; on 403 it marks the recipient
// unreachable (a user) or disables it (a group, "kicked"); on a group's migration to a
// supergroup it moves the group and repeats the request to the new chat. It is safe for
// concurrent use.
type Sender struct {
	API           API
	Log           zerolog.Logger
	Limiter       *Limiter      // nil: no flood control
	Recipients    Recipients    // nil: nothing is recorded
	MaxRetryAfter time.Duration // longest 429 wait honoured inside one send; default 2 min
	MaxTries      int           // attempts per request; default 4
}

var _ Messenger = (*Sender)(nil)

// Send sends an interactive message-producing request (a reply) and returns the message.
// It shares the limiter's budgets but takes them on credit, so it does not wait.
func (s *Sender) Send(ctx context.Context, c tgbotapi.Chattable) (tgbotapi.Message, error) {
	var msg tgbotapi.Message
	err := s.do(ctx, c, true, func(c tgbotapi.Chattable) error {
		m, err := s.API.Send(c)
		msg = m
		return err
	})
	return msg, err
}

// SendSpare sends a message of low priority, such as a group's pointer to a private chat,
// only when every budget it draws on has a message to spare (see Limiter.ReserveSpare):
// it never waits, never takes on credit and is never repeated. sent is false when it was
// dropped for want of budget.
func (s *Sender) SendSpare(ctx context.Context, c tgbotapi.Chattable) (m tgbotapi.Message, sent bool, err error) {
	if err := ctx.Err(); err != nil {
		return m, false, notSent{err}
	}
	if chat, limited := sendTarget(c); limited && s.Limiter != nil && !s.Limiter.ReserveSpare(chat) {
		return m, false, nil
	}
	m, err = s.API.Send(c)
	return m, err == nil, err
}

// Request sends any request and returns Telegram's answer. Only message-producing
// requests (see sendTarget) draw on the limiter.
func (s *Sender) Request(ctx context.Context, c tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	var resp *tgbotapi.APIResponse
	err := s.do(ctx, c, true, func(c tgbotapi.Chattable) error {
		r, err := s.API.Request(c)
		resp = r
		return err
	})
	return resp, err
}

// do runs call for c, retrying after 429 answers and group migrations.
func (s *Sender) do(ctx context.Context, c tgbotapi.Chattable, interactive bool, call func(tgbotapi.Chattable) error) error {
	tries := s.MaxTries
	if tries == 0 {
		tries = 4
	}
	for i := 1; ; i++ {
		if err := ctx.Err(); err != nil {
			return notSent{err}
		}
		chat, limited := sendTarget(c)
		if limited && s.Limiter != nil {
			wait := s.Limiter.Wait
			if interactive {
				wait = s.Limiter.WaitInteractive
			}
			if err := wait(ctx, chat); err != nil {
				return notSent{err}
			}
		}
		err := call(c)
		if err == nil {
			return nil
		}
		f := Classify(err)
		switch {
		case f.Kind == FailRateLimited && i < tries:
			if f.RetryAfter > s.maxRetryAfter() {
				s.Log.Warn().Dur("retry_after", f.RetryAfter).Int64("chat_id", chat).Msg("telegram asks to wait longer than allowed; giving up for now")
				return err
			}
			s.Log.Warn().Dur("retry_after", f.RetryAfter).Int("try", i).Int64("chat_id", chat).Msg("telegram rate limit (429); waiting")
			if !sleep(ctx, f.RetryAfter) {
				return notSent{ctx.Err()}
			}
		case f.Kind == FailMigrated && i < tries:
			s.moved(ctx, chat, f.MigrateTo)
			if c = retarget(c, f.MigrateTo); c == nil {
				return err
			}
		case f.Kind == FailForbidden:
			s.unreachable(ctx, chat, f.Description)
			return err
		default:
			return err
		}
	}
}

func (s *Sender) maxRetryAfter() time.Duration {
	if s.MaxRetryAfter > 0 {
		return s.MaxRetryAfter
	}
	return 2 * time.Minute
}

// unreachable records a 403 for the chat: a user is marked unreachable, a group disabled.
func (s *Sender) unreachable(ctx context.Context, chat int64, why string) {
	if s.Recipients == nil || chat == 0 {
		return
	}
	var err error
	if chat > 0 {
		err = s.Recipients.SetUserUnreachable(ctx, chat, true)
	} else if err = s.Recipients.DisableGroup(ctx, chat, "kicked"); errors.Is(err, domain.ErrNotFound) {
		err = nil
	}
	ev := s.Log.Info()
	if err != nil {
		ev = s.Log.Error().Err(err)
	}
	ev.Int64("chat_id", chat).Str("telegram", why).Msg("recipient unreachable (403)")
}

func (s *Sender) moved(ctx context.Context, oldID, newID int64) {
	if s.Recipients == nil {
		return
	}
	err := s.Recipients.MoveGroup(ctx, oldID, newID)
	if errors.Is(err, domain.ErrNotFound) {
		err = nil
	}
	ev := s.Log.Info()
	if err != nil {
		ev = s.Log.Error().Err(err)
	}
	ev.Int64("chat_id", oldID).Int64("new_chat_id", newID).Msg("group upgraded to a supergroup; moved")
}

// sendTarget returns the chat a message-producing request goes to; false for other requests
// (edits, callback answers, commands), which Telegram does not limit the same way.
func sendTarget(c tgbotapi.Chattable) (int64, bool) {
	switch m := c.(type) {
	case tgbotapi.MessageConfig:
		return m.ChatID, true
	case tgbotapi.DocumentConfig:
		return m.ChatID, true
	case tgbotapi.PhotoConfig:
		return m.ChatID, true
	}
	return 0, false
}

// retarget returns c addressed to chat, or nil when c is not a kind sendTarget knows.
func retarget(c tgbotapi.Chattable, chat int64) tgbotapi.Chattable {
	switch m := c.(type) {
	case tgbotapi.MessageConfig:
		m.ChatID = chat
		return m
	case tgbotapi.DocumentConfig:
		m.ChatID = chat
		return m
	case tgbotapi.PhotoConfig:
		m.ChatID = chat
		return m
	}
	return nil
}

// FailKind sorts Telegram's refusals by what the sender must do next.
type FailKind int

// Kinds of failure.
const (
	FailOther       FailKind = iota // refused for good (400 and the like): record the description
	FailRateLimited                 // 429: wait RetryAfter and repeat
	FailForbidden                   // 403: blocked, never started, kicked
	FailMigrated                    // 400 with migrate_to_chat_id: repeat to MigrateTo
	FailNotSent                     // Telegram was not reached (refused connection): safe to repeat
	FailAmbiguous                   // the request may or may not have been carried out
)

// Failure is a classified send error.
type Failure struct {
	Kind        FailKind
	Code        int // HTTP status, derived from the description when the library gives none
	Description string
	RetryAfter  time.Duration
	MigrateTo   int64
}

// Classify sorts a send error. tgbotapi leaves the code out of errors of file uploads,
// so the description's prefix ("Forbidden:", "Too Many Requests:", "Bad Request:") is
// read too.
func Classify(err error) Failure {
	var ns notSent
	if errors.As(err, &ns) {
		return Failure{Kind: FailNotSent, Description: ns.Error()}
	}
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		f := Failure{Code: te.Code, Description: te.Message}
		if f.Code == 0 {
			f.Code = codeOf(te.Message)
		}
		switch {
		case f.Code == 429 || te.RetryAfter > 0:
			f.Kind, f.RetryAfter = FailRateLimited, time.Duration(max(te.RetryAfter, 1))*time.Second
		case te.MigrateToChatID != 0:
			f.Kind, f.MigrateTo = FailMigrated, te.MigrateToChatID
		case f.Code == 403:
			f.Kind = FailForbidden
		case f.Code >= 500:
			f.Kind = FailAmbiguous
		default:
			f.Kind = FailOther
		}
		return f
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Op == "dial" {
		return Failure{Kind: FailNotSent, Description: "telegram unreachable"}
	}
	return Failure{Kind: FailAmbiguous, Description: "no answer from telegram"}
}

func codeOf(desc string) int {
	switch {
	case strings.HasPrefix(desc, "Too Many Requests"):
		return 429
	case strings.HasPrefix(desc, "Forbidden"):
		return 403
	case strings.HasPrefix(desc, "Bad Request"):
		return 400
	case strings.HasPrefix(desc, "Unauthorized"):
		return 401
	}
	return 0
}

// notSent wraps an error that stopped a request before it was made.
type notSent struct{ error }

func (e notSent) Unwrap() error { return e.error }

// RetryAfter reports whether err is a 429 and how long Telegram asked to wait.
func RetryAfter(err error) (time.Duration, bool) {
	f := Classify(err)
	return f.RetryAfter, f.Kind == FailRateLimited
}

// IsNetworkError reports a failure to reach Telegram at all (refused, reset, timed out).
func IsNetworkError(err error) bool {
	var ue *url.Error
	var ne net.Error
	var oe *net.OpError
	return errors.As(err, &ue) || errors.As(err, &ne) || errors.As(err, &oe)
}
