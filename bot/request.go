package bot

import (
	"context"
	"fmt"
	"html"
	"strings"

	"github.com/camgiang-edu/reportbot/domain"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/rs/zerolog"
)

// Request is one update being handled. Handlers read it and answer through its methods,
// which render locale messages in the user's language.
type Request struct {
	Update   *tgbotapi.Update
	UpdateID int64
	Try      int // earlier attempts at this update
	ChatID   int64
	ChatType string // "private", "group", "supergroup", "channel"
	From     *tgbotapi.User
	Message  *tgbotapi.Message       // the message or nil
	Callback *tgbotapi.CallbackQuery // the button press or nil
	Command  string                  // lower-case command without "/" and "@bot"; "" for none
	Args     string                  // text after the command, trimmed
	Data     string                  // callback data after the route's prefix and ":"
	Actor    domain.Actor
	Flow     domain.ChatFlow // the chat's conversation state when the update arrived
	Route    *Route
	Log      zerolog.Logger
	// Outcome is how the router finished the update (one of metrics.Outcome*), set when
	// the handler has returned; middleware reads it after calling next.
	Outcome string

	ctx      context.Context
	b        *Bot
	answered bool
}

// Context is the update's context; it carries the deadline of the bot's shutdown.
func (r *Request) Context() context.Context { return r.ctx }

// Private reports whether the update comes from a private chat.
func (r *Request) Private() bool { return r.ChatType == "private" }

// Lang is the user's language, "vi" or "en".
func (r *Request) Lang() string { return r.Actor.Lang }

// Bot returns the bot, for its username and shared services.
func (r *Request) Bot() *Bot { return r.b }

// Text is the message text or caption, "" for a button press.
func (r *Request) Text() string {
	if r.Message == nil {
		return ""
	}
	if r.Message.Text != "" {
		return r.Message.Text
	}
	return r.Message.Caption
}

// T renders locale message id in the user's language. String values in data are
// HTML-escaped unless they are of type HTML.
func (r *Request) T(id string, data map[string]any) string {
	return r.b.T(r.Lang(), id, data)
}

// Reply sends locale message id to the update's chat.
func (r *Request) Reply(id string, data map[string]any, opts ...Opt) (tgbotapi.Message, error) {
	return r.ReplyHTML(r.T(id, data), opts...)
}

// ReplyHTML sends already rendered HTML to the update's chat, split into several messages
// at line breaks when it is longer than Telegram allows. Options apply to the last part.
// It returns the last message sent.
func (r *Request) ReplyHTML(text string, opts ...Opt) (tgbotapi.Message, error) {
	return r.b.SendHTML(r.ctx, r.ChatID, text, opts...)
}

// Edit replaces the text (and keyboard) of one of the bot's messages in this chat.
// Telegram's "message is not modified" is not an error.
func (r *Request) Edit(messageID int, text string, opts ...Opt) error {
	return r.b.EditHTML(r.ctx, r.ChatID, messageID, text, opts...)
}

// Answer answers the button press with an optional short notice (a locale id, "" for
// none). The router answers every press the handler did not.
func (r *Request) Answer(id string, data map[string]any) error {
	if r.Callback == nil || r.answered {
		return nil
	}
	r.answered = true
	text := ""
	if id != "" {
		text = html.UnescapeString(stripTags(r.T(id, data)))
	}
	_, err := r.b.out.Request(r.ctx, tgbotapi.NewCallback(r.Callback.ID, text))
	return err
}

// Tell returns a UserError, for handlers that end with a message: return r.Tell(...).
func (r *Request) Tell(id string, data map[string]any) error { return domain.Tell(id, data) }

// HTML marks a template value as already safe HTML, so it is not escaped.
type HTML string

// escapeData returns a copy of data with string values HTML-escaped.
func escapeData(data map[string]any) map[string]any {
	if data == nil {
		return nil
	}
	out := make(map[string]any, len(data))
	for k, v := range data {
		switch v := v.(type) {
		case HTML:
			out[k] = string(v)
		case string:
			out[k] = html.EscapeString(v)
		case fmt.Stringer:
			out[k] = html.EscapeString(v.String())
		default:
			out[k] = v
		}
	}
	return out
}

// Escape escapes user-supplied text for HTML parse mode.
func Escape(s string) string { return html.EscapeString(s) }

// stripTags removes HTML tags, for places that take plain text (button notices).
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, c := range s {
		switch {
		case c == '<':
			in = true
		case c == '>' && in:
			in = false
		case !in:
			b.WriteRune(c)
		}
	}
	return b.String()
}
