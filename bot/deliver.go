package bot

import (
	"context"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Delivery is what became of one broadcast message. Err is nil when every part was sent;
// otherwise Failure classifies it. MessageIDs lists the parts Telegram took, ChatID the
// chat they went to (a group's new id after a migration).
type Delivery struct {
	ChatID     int64
	MessageIDs []int
	Err        error
	Failure    Failure
}

// Deliver sends a broadcast message (Telegram HTML, split at line breaks when too long)
// to chatID, waiting for the limiter's budgets as broadcasts do, so interactive replies
// keep priority.
func (s *Sender) Deliver(ctx context.Context, chatID int64, html string) Delivery {
	d := Delivery{ChatID: chatID}
	for _, part := range SplitText(html, MaxText) {
		msg := tgbotapi.NewMessage(d.ChatID, part)
		msg.ParseMode = tgbotapi.ModeHTML
		msg.DisableWebPagePreview = true
		var sent tgbotapi.Message
		err := s.do(ctx, msg, false, func(c tgbotapi.Chattable) error {
			m, err := s.API.Send(c)
			sent = m
			return err
		})
		if err != nil {
			d.Err, d.Failure = err, Classify(err)
			return d
		}
		if sent.Chat != nil && sent.Chat.ID != 0 {
			d.ChatID = sent.Chat.ID
		}
		d.MessageIDs = append(d.MessageIDs, sent.MessageID)
	}
	return d
}

// ChatWait returns how long a broadcast to chatID would now wait for that chat's budgets;
// 0 without a limiter.
func (s *Sender) ChatWait(chatID int64) time.Duration {
	if s.Limiter == nil {
		return 0
	}
	return s.Limiter.ChatWait(chatID)
}
