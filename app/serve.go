package app

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/url"
	"time"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/httpapi"
	"github.com/camgiang-edu/reportbot/metrics"
	"github.com/camgiang-edu/reportbot/storage"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// webhookSecretSetting names the stored webhook secret, shared by every replica.
const webhookSecretSetting = storage.SecretPrefix + "webhook"

// HTTPAddr is the address of /healthz, /readyz, /metrics and the webhook.
func (a *App) HTTPAddr() string { return a.HTTP.Addr() }

// serveUpdates starts the HTTP server and the way updates come in: with WEBHOOK_URL the
// webhook (served on LISTEN_ADDR by every replica, registered with Telegram with a secret),
// otherwise long polling. It returns the poller's part of the active set, nil in webhook
// mode: only the active replica polls, after deleting a stale webhook that would make
// getUpdates fail (two pollers on one token would fail with 409 Conflict).
func (a *App) serveUpdates(ctx, runCtx context.Context, consumer *bot.Consumer) (func(context.Context), error) {
	busy := &bot.Busy{Bot: a.Bot}
	hc := httpapi.Config{Addr: a.cfg.ListenAddr, Store: a.Store, Metrics: a.Metrics, Role: a.active.Role,
		Log: a.log.With().Str("component", "http").Logger()}
	var secret string
	if a.cfg.WebhookURL != "" {
		var err error
		if secret, err = a.webhookSecret(ctx); err != nil {
			return nil, err
		}
		u, _ := url.Parse(a.cfg.WebhookURL)
		hc.WebhookPath = u.EscapedPath()
		hc.Webhook = &httpapi.Webhook{Secret: secret, Inbox: a.Store, Handoff: consumer.Enqueue,
			Busy: busy.Tell, Metrics: a.Metrics, Log: hc.Log}
		if a.Store.Engine() != "sqlite" {
			// Replicas sharing a MongoDB: an update may arrive at any of them. Read the inbox
			// often, and keep each chat in update order across them.
			consumer.PollInterval = 200 * time.Millisecond
			consumer.GapWait = cmp.Or(a.opt.GapWait, 2*time.Second)
		}
	}
	srv, err := httpapi.Start(hc)
	if err != nil {
		return nil, err
	}
	a.HTTP = srv
	if a.cfg.WebhookURL != "" {
		a.goRun(func() {
			a.retry(runCtx, "setWebhook", func() error { return a.Client.SetWebhook(a.cfg.WebhookURL, secret) })
		})
		a.log.Info().Str("listen", srv.Addr()).Msg("receiving updates by webhook")
		return nil, nil
	}
	poller := &bot.Poller{Source: a.Client, Inbox: a.Store, Timeout: a.cfg.PollTimeout, Handoff: consumer.Enqueue, Log: a.log,
		OnStoreError: func(ctx context.Context, ups []bot.RawUpdate, err error) {
			a.Metrics.StorageError("inbox")
			busy.Tell(ctx, ups)
		}}
	// Polling: an update Telegram confirmed never comes again, so once handled it is deleted
	// and the inbox stays small (it need not be kept).
	consumer.Forget = poller.Confirmed
	return func(ctx context.Context) {
		if a.retry(ctx, "deleteWebhook", a.Client.DeleteWebhook) {
			poller.Run(ctx)
		}
	}, nil
}

// retry calls f until it succeeds or ctx ends, with backoff; it reports success.
func (a *App) retry(ctx context.Context, what string, f func() error) bool {
	delay := time.Second
	for {
		err := f()
		if err == nil {
			return true
		}
		a.log.Warn().Err(err).Dur("retry_in", delay).Msg(what + " failed")
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return false
		case <-t.C:
		}
		delay = min(delay*2, time.Minute)
	}
}

// webhookSecret is WEBHOOK_SECRET, or else the stored secret, or else a new random one that
// is stored so that every replica and every restart uses the same.
func (a *App) webhookSecret(ctx context.Context) (string, error) {
	if a.cfg.WebhookSec != "" {
		return a.cfg.WebhookSec, nil
	}
	s, err := a.Store.Setting(ctx, webhookSecretSetting)
	if err == nil {
		return s, nil
	}
	if !errors.Is(err, domain.ErrNotFound) {
		return "", err
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return a.Store.SettingOnce(ctx, webhookSecretSetting, base64.RawURLEncoding.EncodeToString(b[:]))
}

// countingAPI counts every request to Telegram by result for /metrics.
type countingAPI struct {
	bot.API
	m *metrics.Metrics
}

func (c countingAPI) Request(ch tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	resp, err := c.API.Request(ch)
	c.count(err)
	return resp, err
}

func (c countingAPI) Send(ch tgbotapi.Chattable) (tgbotapi.Message, error) {
	msg, err := c.API.Send(ch)
	c.count(err)
	return msg, err
}

func (c countingAPI) count(err error) {
	var te *tgbotapi.Error
	switch {
	case err == nil:
		c.m.Message("sent")
	case errors.As(err, &te) && te.Code == 429:
		c.m.Message("429")
	case errors.As(err, &te) && te.Code == 403:
		c.m.Message("403")
	default:
		c.m.Message("failed")
	}
}
