package handlers

import (
	"errors"
	"strconv"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/locales"
)

// Unlink shows a school's reporters with a button each: "/unlink SCHOOLCODE". Pressing
// one asks for confirmation (UnlinkButton), then removes the link.
func (h *Handlers) Unlink(r *bot.Request) error {
	if r.Args == "" {
		return r.Tell("unlink.usage", nil)
	}
	code, err := domain.NormalizeSchoolCode(r.Args)
	if err != nil {
		return r.Tell("school.bad_code", map[string]any{"Code": r.Args})
	}
	users, err := h.Registry.Reporters(r.Context(), code)
	if err != nil {
		return err
	}
	name := h.schoolName(r, code)
	if len(users) == 0 {
		return r.Tell("unlink.none", map[string]any{"School": name, "Code": code})
	}
	var rows [][]bot.Button
	for _, u := range users {
		rows = append(rows, bot.Row(bot.Button{Text: u.Name, Data: unlinkData("ask", u.ID, code)}))
	}
	rows = append(rows, bot.Row(bot.Button{Text: r.T("unlink.cancel", nil), Data: "ul:no"}))
	_, err = r.Reply("unlink.choose", map[string]any{"School": name, "Code": code}, bot.Keyboard(rows...))
	return err
}

// unlinkData is the callback data "ul:<step>:<user id>:<school code>" (at most 61 bytes).
func unlinkData(step string, uid int64, code string) string {
	return "ul:" + step + ":" + strconv.FormatInt(uid, 10) + ":" + code
}

// UnlinkButton handles the buttons of /unlink: "ask" shows the confirmation, "yes"
// removes the link if it still exists, "no" cancels.
func (h *Handlers) UnlinkButton(r *bot.Request) error {
	msgID := r.Callback.Message.MessageID
	parts := strings.SplitN(r.Data, ":", 3)
	if parts[0] == "no" || len(parts) != 3 {
		return r.Edit(msgID, r.T("unlink.cancelled", nil))
	}
	uid, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return r.Edit(msgID, r.T("unlink.cancelled", nil))
	}
	code := parts[2]
	u, err := h.Registry.User(r.Context(), uid)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	data := map[string]any{"Name": u.Name, "School": h.schoolName(r, code), "Code": code}
	if u.SchoolCode != code {
		return r.Edit(msgID, r.T("unlink.stale", data))
	}
	if parts[0] == "ask" {
		return r.Edit(msgID, r.T("unlink.confirm", data), bot.Keyboard(bot.Row(
			bot.Button{Text: r.T("unlink.yes", nil), Data: unlinkData("yes", uid, code)},
			bot.Button{Text: r.T("unlink.cancel", nil), Data: "ul:no"})))
	}
	if err := h.Registry.UnlinkReporter(r.Context(), uid); err != nil {
		return err
	}
	r.Log.Info().Int64("reporter", uid).Str("school", code).Msg("reporter unlinked")
	if err := r.Edit(msgID, r.T("unlink.done", data)); err != nil {
		return err
	}
	// Tell the person; if they blocked the bot there is nobody to tell.
	lang := locales.Lang(u.Lang, u.TgLang)
	if _, err := r.Bot().SendHTML(r.Context(), uid, r.Bot().T(lang, "unlink.notice", data)); err != nil {
		r.Log.Warn().Err(err).Int64("reporter", uid).Msg("could not tell the unlinked reporter")
	}
	return nil
}
