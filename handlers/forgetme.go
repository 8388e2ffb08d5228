package handlers

import (
	"context"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
)

// ForgetStore removes a user's personal data.
type ForgetStore interface {
	ForgetUser(ctx context.Context, id int64) (domain.Forgotten, error)
}

// Forgetme asks the user to confirm that the bot should forget them.
func (h *Handlers) Forgetme(r *bot.Request) error {
	_, err := r.Reply("forgetme.confirm", nil, bot.Keyboard(
		bot.Row(bot.Button{Text: r.T("forgetme.button.yes", nil), Data: "fm:yes"}),
		bot.Row(bot.Button{Text: r.T("forgetme.button.no", nil), Data: "fm:no"}),
	))
	return err
}

// ForgetmeButton carries out or cancels /forgetme. The school's submissions stay as official
// records, attributed to a former reporter.
func (h *Handlers) ForgetmeButton(r *bot.Request) error {
	msgID := 0
	if r.Callback.Message != nil {
		msgID = r.Callback.Message.MessageID
	}
	answer := "forgetme.cancelled"
	if r.Data == "yes" {
		if _, err := h.Forget.ForgetUser(r.Context(), r.Actor.UserID); err != nil {
			return err
		}
		r.Log.Info().Msg("user data forgotten at the user's request")
		answer = "forgetme.done"
	}
	if msgID == 0 {
		_, err := r.Reply(answer, nil)
		return err
	}
	return r.Edit(msgID, r.T(answer, nil))
}
