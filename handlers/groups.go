package handlers

import (
	"errors"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
)

// BindGroup makes the group a broadcast target, for every level or only one:
// "/bindgroup" or "/bindgroup MN".
func (h *Handlers) BindGroup(r *bot.Request) error {
	var level domain.Level
	if r.Args != "" {
		l, err := domain.ParseLevel(r.Args)
		if err != nil {
			return r.Tell("group.bad_level", map[string]any{"Level": r.Args})
		}
		level = l
	}
	g := domain.Group{ChatID: r.ChatID, Title: r.Message.Chat.Title, Level: level, BoundBy: r.Actor.UserID}
	if err := h.Registry.BindGroup(r.Context(), g); err != nil {
		return err
	}
	r.Log.Info().Str("level", string(level)).Msg("group bound")
	id := "group.bound_all"
	if level != "" {
		id = "group.bound_level"
	}
	_, err := r.Reply(id, map[string]any{"Title": g.Title, "Level": string(level)})
	return err
}

// UnbindGroup stops broadcasts to the group.
func (h *Handlers) UnbindGroup(r *bot.Request) error {
	g, err := h.Registry.Group(r.Context(), r.ChatID)
	if errors.Is(err, domain.ErrNotFound) || err == nil && !g.Active {
		return r.Tell("group.not_bound", nil)
	}
	if err != nil {
		return err
	}
	if err := h.Registry.DisableGroup(r.Context(), r.ChatID, "unbound"); err != nil {
		return err
	}
	r.Log.Info().Msg("group unbound")
	_, err = r.Reply("group.unbound", nil)
	return err
}

// GroupMigrated follows a group that became a supergroup to its new chat id.
func (h *Handlers) GroupMigrated(r *bot.Request) error {
	newID := r.Message.MigrateToChatID
	err := h.Registry.MoveGroup(r.Context(), r.ChatID, newID)
	if errors.Is(err, domain.ErrNotFound) {
		return nil // not a broadcast target
	}
	if err == nil {
		r.Log.Info().Int64("new_chat_id", newID).Msg("group moved to its supergroup id")
	}
	return err
}

// MemberChanged follows the bot's own membership: removed from a group, the group stops
// receiving broadcasts; added by an officer, it says how to bind the group (added by
// anyone else, it stays silent); blocked or restarted in a private chat, the user is
// marked unreachable or reachable.
func (h *Handlers) MemberChanged(r *bot.Request) error {
	m := r.Update.MyChatMember
	status := m.NewChatMember.Status
	if r.Private() {
		return h.Registry.SetUserUnreachable(r.Context(), m.Chat.ID, status == "kicked")
	}
	switch status {
	case "left", "kicked":
		err := h.Registry.DisableGroup(r.Context(), m.Chat.ID, status)
		if errors.Is(err, domain.ErrNotFound) {
			return nil
		}
		if err == nil {
			r.Log.Info().Str("status", status).Msg("bot removed from a group; broadcasts to it stopped")
		}
		return err
	case "member", "administrator":
		if m.OldChatMember.Status != "left" && m.OldChatMember.Status != "kicked" || !r.Bot().IsOfficer(m.From.ID) {
			return nil
		}
		_, err := r.Reply("group.added", map[string]any{"Bot": r.Bot().Username()})
		return err
	}
	return nil
}
