package bot

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/camgiang-edu/reportbot/locales"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// SetWebhook registers url as the bot's webhook with a secret that Telegram sends back in
// the X-Telegram-Bot-Api-Secret-Token header. tgbotapi v5.5.1's WebhookConfig has no
// secret_token field, so the parameters are sent as they are.
func (c *Client) SetWebhook(url, secret string) error {
	params := tgbotapi.Params{"url": url, "secret_token": secret}
	allowed, _ := json.Marshal([]string{"message", "callback_query", "my_chat_member"})
	params["allowed_updates"] = string(allowed)
	return c.call("setWebhook", params)
}

// DeleteWebhook removes a webhook, so that getUpdates works; pending updates are kept.
func (c *Client) DeleteWebhook() error {
	return c.call("deleteWebhook", tgbotapi.Params{"drop_pending_updates": "false"})
}

func (c *Client) call(method string, params tgbotapi.Params) error {
	resp, err := c.api.MakeRequest(method, params)
	if err != nil {
		return c.redact(err)
	}
	if !resp.Ok {
		return c.redact(&tgbotapi.Error{Code: resp.ErrorCode, Message: resp.Description})
	}
	return nil
}

// Busy tells the senders of updates that could not even be stored (the store is down)
// that the bot is busy, once per update, in their Telegram language. Without it they would
// meet silence until the store is back. It needs no storage. It is safe for concurrent use.
type Busy struct {
	Bot *Bot

	mu   sync.Mutex
	told map[int64]bool
}

// Tell sends the busy notice for each update not told before: private chats only, and
// only for messages and button presses (groups are not disturbed).
func (n *Busy) Tell(ctx context.Context, ups []RawUpdate) {
	for _, raw := range ups {
		n.mu.Lock()
		if n.told == nil || len(n.told) > 10000 {
			n.told = map[int64]bool{}
		}
		if n.told[raw.ID] {
			n.mu.Unlock()
			continue
		}
		n.told[raw.ID] = true
		n.mu.Unlock()
		var u tgbotapi.Update
		if json.Unmarshal(raw.JSON, &u) != nil {
			continue
		}
		var from *tgbotapi.User
		private := false
		switch {
		case u.Message != nil:
			from, private = u.Message.From, u.Message.Chat.Type == "private"
		case u.CallbackQuery != nil:
			from = u.CallbackQuery.From
			private = u.CallbackQuery.Message == nil || u.CallbackQuery.Message.Chat.Type == "private"
		}
		if from == nil || !private || raw.Chat == 0 {
			continue
		}
		lang := locales.Lang("", from.LanguageCode)
		if _, err := n.Bot.SendHTML(ctx, raw.Chat, n.Bot.T(lang, "error.busy", nil)); err != nil {
			n.Bot.cfg.Log.Warn().Err(err).Int64("update_id", raw.ID).Msg("could not tell the user the bot is busy")
		}
	}
}
