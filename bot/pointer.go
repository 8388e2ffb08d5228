package bot

import (
	"context"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// maxPointedPerDay bounds the users remembered per day; past it nobody else is answered
// in groups that day, so a flood of strangers costs neither memory nor group messages.
const maxPointedPerDay = 10_000

// dailyOnce remembers, per process and per day, who was answered already. It forgets
// everything when the day changes and never holds more than maxPointedPerDay users. A
// restart forgets too: at worst a user is answered once more that day.
type dailyOnce struct {
	mu   sync.Mutex
	day  string
	seen map[int64]bool
}

// first reports whether user id has not been seen on day, and remembers it.
func (o *dailyOnce) first(id int64, day string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if day != o.day || o.seen == nil {
		o.day, o.seen = day, map[int64]bool{}
	}
	if o.seen[id] || len(o.seen) >= maxPointedPerDay {
		return false
	}
	o.seen[id] = true
	return true
}

// spareSender sends a message only from budget nobody waits for; Sender implements it.
type spareSender interface {
	SendSpare(ctx context.Context, c tgbotapi.Chattable) (tgbotapi.Message, bool, error)
}

// pointToPrivate answers a non-officer's private-chat command typed in a group (/start,
// /register) with the pointer to a private chat: once per user per day, and only when the
// group's sending budget has a message to spare, so strangers can neither flood the group
// nor delay its reminders. Otherwise the bot stays silent.
func (b *Bot) pointToPrivate(r *Request, id string, data map[string]any) error {
	if r.From == nil || !b.pointed.first(r.From.ID, b.cfg.Now().Format("2006-01-02")) {
		return nil
	}
	msg := tgbotapi.NewMessage(r.ChatID, r.T(id, data))
	msg.ParseMode = tgbotapi.ModeHTML
	msg.DisableWebPagePreview = true
	sp, ok := b.out.(spareSender)
	if !ok { // no flood control to spare budget from (tests with a bare messenger)
		_, err := b.out.Send(r.ctx, msg)
		return err
	}
	_, sent, err := sp.SendSpare(r.ctx, msg)
	if !sent && err == nil {
		r.Log.Info().Msg("group pointer to a private chat skipped: no budget to spare")
	}
	return err
}
