package tgtest

import (
	"encoding/json"
	"fmt"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// MaxCallbackData is Telegram's limit on callback_data, in bytes (not characters).
const MaxCallbackData = 64

// Markup is a decoded reply_markup. At most one of its parts is set; the zero value means the
// message had no markup.
type Markup struct {
	// Inline is the inline keyboard, row by row.
	Inline [][]InlineButton
	// Keyboard is the custom reply keyboard, row by row.
	Keyboard [][]KeyboardButton
	// OneTime and Resize echo one_time_keyboard and resize_keyboard of a reply keyboard.
	OneTime, Resize bool
	// Placeholder is input_field_placeholder of a reply keyboard or force reply.
	Placeholder string
	// RemoveKeyboard is set by ReplyKeyboardRemove.
	RemoveKeyboard bool
	// ForceReply is set by ForceReply.
	ForceReply bool
}

// InlineButton is one inline keyboard button. Exactly one of CallbackData and URL is usually
// set; Other names any other kind (e.g. "switch_inline_query").
type InlineButton struct {
	Text         string
	CallbackData string
	URL          string
	Other        string
}

// KeyboardButton is one reply keyboard button.
type KeyboardButton struct {
	Text            string
	RequestContact  bool
	RequestLocation bool
}

// IsZero reports whether the message carried no markup.
func (m Markup) IsZero() bool {
	return len(m.Inline) == 0 && len(m.Keyboard) == 0 && !m.RemoveKeyboard && !m.ForceReply
}

// Buttons returns the inline buttons in reading order.
func (m Markup) Buttons() []InlineButton {
	var out []InlineButton
	for _, row := range m.Inline {
		out = append(out, row...)
	}
	return out
}

// Button returns the inline button labelled text.
func (m Markup) Button(text string) (InlineButton, bool) {
	for _, b := range m.Buttons() {
		if b.Text == text {
			return b, true
		}
	}
	return InlineButton{}, false
}

// KeyboardTexts returns the reply keyboard's button labels in reading order.
func (m Markup) KeyboardTexts() []string {
	var out []string
	for _, row := range m.Keyboard {
		for _, b := range row {
			out = append(out, b.Text)
		}
	}
	return out
}

// String renders the markup compactly for failure messages.
func (m Markup) String() string {
	var parts []string
	for _, b := range m.Buttons() {
		target := b.CallbackData
		if b.URL != "" {
			target = b.URL
		}
		parts = append(parts, fmt.Sprintf("[%s|%s]", b.Text, target))
	}
	for _, row := range m.Keyboard {
		for _, b := range row {
			flag := ""
			if b.RequestContact {
				flag = " (contact)"
			}
			parts = append(parts, fmt.Sprintf("{%s%s}", b.Text, flag))
		}
	}
	if m.RemoveKeyboard {
		parts = append(parts, "<remove keyboard>")
	}
	if m.ForceReply {
		parts = append(parts, "<force reply>")
	}
	return strings.Join(parts, " ")
}

// inlineTG converts the inline keyboard back to the form Telegram echoes in Message.reply_markup.
func (m Markup) inlineTG() *tgbotapi.InlineKeyboardMarkup {
	if len(m.Inline) == 0 {
		return nil
	}
	kb := &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: make([][]tgbotapi.InlineKeyboardButton, len(m.Inline))}
	for i, row := range m.Inline {
		for _, b := range row {
			tb := tgbotapi.InlineKeyboardButton{Text: b.Text}
			switch {
			case b.URL != "":
				tb.URL = &b.URL
			case b.Other == "":
				tb.CallbackData = &b.CallbackData
			}
			kb.InlineKeyboard[i] = append(kb.InlineKeyboard[i], tb)
		}
	}
	return kb
}

type rawMarkup struct {
	InlineKeyboard        [][]map[string]any  `json:"inline_keyboard"`
	Keyboard              [][]json.RawMessage `json:"keyboard"`
	OneTimeKeyboard       bool                `json:"one_time_keyboard"`
	ResizeKeyboard        bool                `json:"resize_keyboard"`
	InputFieldPlaceholder string              `json:"input_field_placeholder"`
	RemoveKeyboard        bool                `json:"remove_keyboard"`
	ForceReply            bool                `json:"force_reply"`
}

// parseMarkup decodes and validates reply_markup as Telegram does.
func parseMarkup(s string) (Markup, *apiError) {
	var m Markup
	if strings.TrimSpace(s) == "" {
		return m, nil
	}
	var raw rawMarkup
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return m, badRequest("can't parse reply keyboard markup JSON object")
	}
	m.OneTime, m.Resize, m.Placeholder = raw.OneTimeKeyboard, raw.ResizeKeyboard, raw.InputFieldPlaceholder
	m.RemoveKeyboard, m.ForceReply = raw.RemoveKeyboard, raw.ForceReply
	count := 0
	for _, row := range raw.InlineKeyboard {
		var out []InlineButton
		for _, b := range row {
			btn, e := inlineButton(b)
			if e != nil {
				return Markup{}, e
			}
			out = append(out, btn)
			count++
		}
		m.Inline = append(m.Inline, out)
	}
	for _, row := range raw.Keyboard {
		var out []KeyboardButton
		for _, b := range row {
			var kb struct {
				Text            string `json:"text"`
				RequestContact  bool   `json:"request_contact"`
				RequestLocation bool   `json:"request_location"`
			}
			if json.Unmarshal(b, &kb.Text) != nil && json.Unmarshal(b, &kb) != nil {
				return Markup{}, badRequest("can't parse keyboard button")
			}
			if kb.Text == "" {
				return Markup{}, badRequest("keyboard button text must be non-empty")
			}
			out = append(out, KeyboardButton(kb))
			count++
		}
		m.Keyboard = append(m.Keyboard, out)
	}
	if count > 100 {
		return Markup{}, badRequest("reply markup is too long")
	}
	return m, nil
}

func inlineButton(b map[string]any) (InlineButton, *apiError) {
	text, _ := b["text"].(string)
	if text == "" {
		return InlineButton{}, badRequest("BUTTON_TEXT_EMPTY")
	}
	btn := InlineButton{Text: text}
	if v, ok := b["callback_data"]; ok {
		data, _ := v.(string)
		if data == "" || len(data) > MaxCallbackData {
			return InlineButton{}, badRequest("BUTTON_DATA_INVALID")
		}
		btn.CallbackData = data
		return btn, nil
	}
	if v, ok := b["url"]; ok {
		u, _ := v.(string)
		if u == "" || !strings.Contains(u, ":") {
			return InlineButton{}, badRequest("BUTTON_URL_INVALID")
		}
		btn.URL = u
		return btn, nil
	}
	for _, k := range []string{"switch_inline_query", "switch_inline_query_current_chat", "login_url",
		"callback_game", "pay", "web_app"} {
		if _, ok := b[k]; ok {
			btn.Other = k
			return btn, nil
		}
	}
	return InlineButton{}, badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
}
