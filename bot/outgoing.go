package bot

import (
	"context"
	"errors"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// MaxText is the longest message text Telegram accepts, in UTF-16 code units.
const MaxText = 4096

// Messenger sends requests to Telegram. The rate-limited Sender implements it; interactive
// replies and broadcasts go through the same one.
type Messenger interface {
	Send(ctx context.Context, c tgbotapi.Chattable) (tgbotapi.Message, error)
	Request(ctx context.Context, c tgbotapi.Chattable) (*tgbotapi.APIResponse, error)
}

// Button is an inline keyboard button. Data carries ids only, at most 64 bytes.
type Button struct {
	Text string // plain text, not HTML
	Data string
}

// Opt adjusts an outgoing message.
type Opt func(*outMsg)

type outMsg struct {
	markup  any
	noLinks bool
}

// Keyboard attaches an inline keyboard with the given rows.
func Keyboard(rows ...[]Button) Opt {
	return func(m *outMsg) {
		var kb [][]tgbotapi.InlineKeyboardButton
		for _, row := range rows {
			var r []tgbotapi.InlineKeyboardButton
			for _, b := range row {
				r = append(r, tgbotapi.NewInlineKeyboardButtonData(b.Text, b.Data))
			}
			if len(r) > 0 {
				kb = append(kb, r)
			}
		}
		if len(kb) > 0 {
			m.markup = tgbotapi.NewInlineKeyboardMarkup(kb...)
		}
	}
}

// Row groups buttons into one keyboard row.
func Row(bs ...Button) []Button { return bs }

// ContactRequest shows a one-time reply keyboard with a "share my phone number" button.
func ContactRequest(text string) Opt {
	return func(m *outMsg) {
		kb := tgbotapi.NewReplyKeyboard(tgbotapi.NewKeyboardButtonRow(tgbotapi.NewKeyboardButtonContact(text)))
		kb.OneTimeKeyboard = true
		kb.ResizeKeyboard = true
		m.markup = kb
	}
}

// RemoveKeyboard hides a reply keyboard shown earlier.
func RemoveKeyboard() Opt {
	return func(m *outMsg) { m.markup = tgbotapi.NewRemoveKeyboard(true) }
}

// SendHTML sends HTML text to a chat, split at line breaks into messages Telegram accepts.
// Options apply to the last part, which is returned.
func (b *Bot) SendHTML(ctx context.Context, chatID int64, text string, opts ...Opt) (tgbotapi.Message, error) {
	var o outMsg
	for _, f := range opts {
		f(&o)
	}
	parts := SplitText(text, MaxText)
	var last tgbotapi.Message
	for i, p := range parts {
		msg := tgbotapi.NewMessage(chatID, p)
		msg.ParseMode = tgbotapi.ModeHTML
		msg.DisableWebPagePreview = true
		if i == len(parts)-1 && o.markup != nil {
			msg.ReplyMarkup = o.markup
		}
		m, err := b.out.Send(ctx, msg)
		if err != nil {
			return last, err
		}
		last = m
	}
	return last, nil
}

// EditHTML replaces the text and inline keyboard of a message.
func (b *Bot) EditHTML(ctx context.Context, chatID int64, messageID int, text string, opts ...Opt) error {
	var o outMsg
	for _, f := range opts {
		f(&o)
	}
	e := tgbotapi.NewEditMessageText(chatID, messageID, text)
	e.ParseMode = tgbotapi.ModeHTML
	e.DisableWebPagePreview = true
	if kb, ok := o.markup.(tgbotapi.InlineKeyboardMarkup); ok {
		e.ReplyMarkup = &kb
	}
	_, err := b.out.Request(ctx, e)
	if IsNotModified(err) {
		return nil
	}
	return err
}

// IsNotModified reports Telegram's "message is not modified" answer to an edit.
func IsNotModified(err error) bool {
	var te *tgbotapi.Error
	return errors.As(err, &te) && strings.Contains(te.Message, "message is not modified")
}
