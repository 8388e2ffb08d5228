package handlers

import (
	"context"
	"strconv"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/locales"
)

// BroadcastStore is what announcements and delivery reports read and write.
type BroadcastStore interface {
	Schools(ctx context.Context) ([]domain.School, error)
	AllReporters(ctx context.Context) (map[string][]domain.User, error)
	Enqueue(ctx context.Context, m domain.OutboxMessage) (bool, error)
	OutboxCounts(ctx context.Context, batch string) (map[domain.OutboxState]int, error)
	SetChatFlow(ctx context.Context, chatID int64, f domain.ChatFlow) error
	ClearChatFlow(ctx context.Context, chatID int64) error
}

// flowAnnounce is the conversation of /announce: the officer's next text is the message.
const flowAnnounce = "announce"

// Announce starts an announcement to every reporter, or to one level's ("/announce THCS"):
// the officer's next message is its text.
func (h *Handlers) Announce(r *bot.Request) error {
	var level domain.Level
	if r.Args != "" {
		l, err := domain.ParseLevel(r.Args)
		if err != nil {
			return r.Tell("announce.bad_level", map[string]any{"Level": r.Args})
		}
		level = l
	}
	f := domain.ChatFlow{Name: flowAnnounce, Data: map[string]string{"level": string(level)}, Updated: h.Now()}
	if err := h.Broadcasts.SetChatFlow(r.Context(), r.ChatID, f); err != nil {
		return err
	}
	_, err := r.Reply("announce.ask", map[string]any{"Level": h.levelName(r, level)})
	return err
}

func (h *Handlers) levelName(r *bot.Request, l domain.Level) string {
	if l == "" {
		return r.T("announce.level.all", nil)
	}
	return string(l)
}

// AnnounceText takes the announcement's text and shows how many reporters it would reach,
// with buttons to send or cancel.
func (h *Handlers) AnnounceText(r *bot.Request) error {
	text := r.Text()
	if text == "" || r.Message.Document != nil || r.Message.Photo != nil {
		return r.Tell("announce.text_only", nil)
	}
	level := domain.Level(r.Flow.Data["level"])
	to, err := h.announceRecipients(r.Context(), level)
	if err != nil {
		return err
	}
	n := strconv.FormatInt(h.Now().Unix(), 10)
	f := domain.ChatFlow{Name: flowAnnounce, Step: "confirm", Data: map[string]string{"level": string(level), "text": text, "n": n}, Updated: h.Now()}
	if err := h.Broadcasts.SetChatFlow(r.Context(), r.ChatID, f); err != nil {
		return err
	}
	_, err = r.Reply("announce.preview", map[string]any{"Count": len(to), "Level": h.levelName(r, level), "Text": text},
		bot.Keyboard(bot.Row(
			bot.Button{Text: r.T("announce.button.send", nil), Data: "an:go"},
			bot.Button{Text: r.T("remind.button.cancel", nil), Data: "an:no"},
		)))
	return err
}

// AnnounceConfirm sends ("an:go") or drops ("an:no") the announcement waiting in the chat's
// flow. Messages are queued with ids "announce-<n>:u<user>", so a repeated press after a
// failure sends nobody twice.
func (h *Handlers) AnnounceConfirm(r *bot.Request) error {
	msgID := r.Callback.Message.MessageID
	if r.Data == "no" {
		if err := h.Broadcasts.ClearChatFlow(r.Context(), r.ChatID); err != nil {
			return err
		}
		return r.Edit(msgID, r.T("announce.cancelled", nil))
	}
	f := r.Flow
	if f.Name != flowAnnounce || f.Data["text"] == "" || f.Data["n"] == "" {
		return r.Tell("error.stale_button", nil)
	}
	to, err := h.announceRecipients(r.Context(), domain.Level(f.Data["level"]))
	if err != nil {
		return err
	}
	batch := "announce-" + f.Data["n"]
	for _, u := range to {
		text := r.Bot().T(locales.Lang(u.Lang, u.TgLang), "announce.message", map[string]any{"Text": f.Data["text"]})
		m := domain.OutboxMessage{ID: batch + ":u" + strconv.FormatInt(u.ID, 10), ChatID: u.ID, Kind: "announce", Batch: batch, Text: text}
		if _, err := h.Broadcasts.Enqueue(r.Context(), m); err != nil {
			return err
		}
	}
	if err := h.Broadcasts.ClearChatFlow(r.Context(), r.ChatID); err != nil {
		return err
	}
	h.Reminders.Wake()
	return r.Edit(msgID, r.T("announce.queued", map[string]any{"Count": len(to)}), statusButton(r, batch))
}

// announceRecipients lists the reporters of active schools of the level ("" = all) who
// started the bot, each once.
func (h *Handlers) announceRecipients(ctx context.Context, level domain.Level) ([]domain.User, error) {
	schools, err := h.Broadcasts.Schools(ctx)
	if err != nil {
		return nil, err
	}
	reps, err := h.Broadcasts.AllReporters(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	var out []domain.User
	for _, s := range schools {
		if !s.Active || !s.Level.Covers(level) {
			continue
		}
		for _, u := range reps[s.Code] {
			if u.Started && u.SchoolCode == s.Code && !seen[u.ID] {
				seen[u.ID] = true
				out = append(out, u)
			}
		}
	}
	return out, nil
}
