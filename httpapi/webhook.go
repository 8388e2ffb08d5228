package httpapi

import (
	"context"
	"crypto/subtle"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/metrics"
	"github.com/rs/zerolog"
)

// MaxWebhookBody is the largest webhook request body accepted, in bytes; Telegram's
// updates are a few kilobytes.
const MaxWebhookBody = 1 << 20

// SecretHeader carries the webhook secret in Telegram's requests.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// Inbox stores updates durably; storage.Store implements it. A duplicate reports
// created=false.
type Inbox interface {
	StoreUpdate(ctx context.Context, updateID, chat int64, raw []byte) (created bool, err error)
}

// Webhook receives Telegram's updates. It answers 200 as soon as an update is stored in
// the durable inbox (a duplicate counts as stored), never after handling it: the consumer
// handles it later. A missing or wrong secret gets 401, a body over MaxWebhookBody or that
// is not an update 400, a store that cannot be reached 503 (Telegram retries).
type Webhook struct {
	Secret  string
	Inbox   Inbox
	Handoff func([]domain.InboxUpdate)                     // gives new updates to the consumer
	Busy    func(ctx context.Context, ups []bot.RawUpdate) // tells senders the bot is busy; may be nil
	Metrics *metrics.Metrics
	Log     zerolog.Logger
}

func (h *Webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	code := h.serve(r)
	h.Metrics.Webhook(code)
	w.WriteHeader(code)
}

func (h *Webhook) serve(r *http.Request) int {
	if r.Method != http.MethodPost {
		return http.StatusMethodNotAllowed
	}
	got := r.Header.Get(SecretHeader)
	if h.Secret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(h.Secret)) != 1 {
		h.Log.Warn().Str("remote", r.RemoteAddr).Bool("header_present", got != "").Msg("webhook request with a wrong secret refused")
		return http.StatusUnauthorized
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, MaxWebhookBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		h.Log.Warn().Str("remote", r.RemoteAddr).Int64("limit", tooBig.Limit).Msg("webhook body too large; refused")
		return http.StatusBadRequest
	case err != nil:
		h.Log.Warn().Err(err).Str("remote", r.RemoteAddr).Msg("webhook body unreadable")
		return http.StatusBadRequest
	}
	u, err := bot.ParseUpdate(body)
	if err != nil {
		h.Log.Warn().Err(err).Int("bytes", len(body)).Str("remote", r.RemoteAddr).Msg("webhook body is not an update; refused")
		return http.StatusBadRequest
	}
	created, err := h.Inbox.StoreUpdate(r.Context(), u.ID, u.Chat, u.JSON)
	if err != nil {
		h.Metrics.StorageError("webhook")
		h.Log.Error().Err(err).Int64("update_id", u.ID).Msg("webhook update not stored; Telegram will retry")
		if h.Busy != nil {
			go h.Busy(context.WithoutCancel(r.Context()), []bot.RawUpdate{u})
		}
		return http.StatusServiceUnavailable
	}
	if created && h.Handoff != nil {
		h.Handoff([]domain.InboxUpdate{domain.NewInboxUpdate(u.ID, u.Chat, u.JSON, time.Now())})
	}
	return http.StatusOK
}
