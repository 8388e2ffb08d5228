package handlers

import "github.com/camgiang-edu/reportbot/bot"

// Routes is the routing table: every command, button prefix, conversation flow and event
// the bot answers, with who may use it and where. /help and the command menus are
// generated from it. Keep each feature's lines together, in the order /help lists them.
func (h *Handlers) Routes() []bot.Route {
	return []bot.Route{
		// Everyone (start.go, help.go, lang.go).
		{Name: "start", Command: "start", Access: bot.Anyone, Where: bot.Private, Help: "help.cmd.start", Handle: h.Start},
		{Name: "help", Command: "help", Access: bot.Anyone, Where: bot.Anywhere, Help: "help.cmd.help", Handle: h.Help},
		{Name: "lang", Command: "lang", Access: bot.Anyone, Where: bot.Private, Help: "help.cmd.lang", Handle: h.Lang},

		// Registration and people (registration.go, people.go, groups.go).

		// Reporting conversation (report*.go).

		// Reminders and broadcasts (periods.go, remind.go, announce.go).
		{Name: "periods", Command: "periods", Access: bot.Reporter, Where: bot.Private, Help: "help.cmd.periods", Handle: h.Periods},
		{Name: "remind", Command: "remind", Access: bot.Officer, Where: bot.Private, Help: "help.cmd.remind", Handle: h.Remind},
		{Name: "remind-confirm", Callback: "rm", Access: bot.Officer, Where: bot.Private, Handle: h.RemindConfirm},
		{Name: "announce", Command: "announce", Access: bot.Officer, Where: bot.Private, Help: "help.cmd.announce", Handle: h.Announce},
		{Name: "announce-text", Flow: flowAnnounce, Access: bot.Officer, Where: bot.Private, Handle: h.AnnounceText},
		{Name: "announce-confirm", Callback: "an", Access: bot.Officer, Where: bot.Private, Handle: h.AnnounceConfirm},
		{Name: "delivery-status", Callback: "ob", Access: bot.Officer, Where: bot.Private, Handle: h.DeliveryStatus},

		// Officer's view (status.go, view.go, summary.go, export.go).

		// Operations (audit.go, forgetme.go).
	}
}
