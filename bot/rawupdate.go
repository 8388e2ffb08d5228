package bot

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// RawUpdate is one update as Telegram sent it, with the fields the inbox needs.
type RawUpdate struct {
	ID   int64
	Chat int64 // the chat whose updates are serialized; 0 when the update has none
	JSON []byte
	// Err, from getUpdates only, says why an update that has an id cannot be handled: the
	// poller confirms it without storing it, so one malformed update never blocks the rest.
	Err error
}

// decodeRawUpdates splits a getUpdates result into raw updates.
func decodeRawUpdates(result json.RawMessage) ([]RawUpdate, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(result, &raws); err != nil {
		return nil, fmt.Errorf("decode getUpdates result: %w", err)
	}
	out := make([]RawUpdate, 0, len(raws))
	for _, r := range raws {
		u, err := ParseUpdate(r)
		if err != nil {
			var id struct {
				UpdateID int64 `json:"update_id"`
			}
			if json.Unmarshal(r, &id) != nil || id.UpdateID <= 0 {
				return nil, err
			}
			u = RawUpdate{ID: id.UpdateID, Err: err}
		}
		out = append(out, u)
	}
	return out, nil
}

// ParseUpdate reads one update's JSON (from getUpdates or a webhook request).
func ParseUpdate(raw []byte) (RawUpdate, error) {
	var u tgbotapi.Update
	if err := json.Unmarshal(raw, &u); err != nil {
		return RawUpdate{}, fmt.Errorf("decode update: %w", err)
	}
	if u.UpdateID <= 0 {
		return RawUpdate{}, fmt.Errorf("decode update: missing update_id")
	}
	if err := checkShape(&u); err != nil {
		return RawUpdate{}, fmt.Errorf("decode update %d: %w", u.UpdateID, err)
	}
	return RawUpdate{ID: int64(u.UpdateID), Chat: chatOf(&u), JSON: append([]byte(nil), raw...)}, nil
}

// checkShape refuses updates missing what Telegram always sends and the router relies on:
// a message's chat, a button press's sender. Such an update cannot come from Telegram.
func checkShape(u *tgbotapi.Update) error {
	for _, m := range []*tgbotapi.Message{u.Message, u.EditedMessage, u.ChannelPost, u.EditedChannelPost} {
		if m != nil && m.Chat == nil {
			return errors.New("a message without a chat")
		}
	}
	if q := u.CallbackQuery; q != nil {
		if q.From == nil {
			return errors.New("a button press without a sender")
		}
		if q.Message != nil && q.Message.Chat == nil {
			return errors.New("a button press on a message without a chat")
		}
	}
	return nil
}

// chatOf returns the chat an update belongs to, for per-chat ordering.
func chatOf(u *tgbotapi.Update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.EditedMessage != nil:
		return u.EditedMessage.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil:
		return u.CallbackQuery.Message.Chat.ID
	case u.CallbackQuery != nil:
		return u.CallbackQuery.From.ID
	case u.MyChatMember != nil:
		return u.MyChatMember.Chat.ID
	case u.ChatMember != nil:
		return u.ChatMember.Chat.ID
	case u.ChannelPost != nil:
		return u.ChannelPost.Chat.ID
	}
	return 0
}

// cancelOnClose releases a request's context when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel func()
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}
