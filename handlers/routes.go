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

		// Reminders and broadcasts (remind.go, announce.go).

		// Officer's view (status.go, view.go, summary.go, export.go).
		{Name: "status", Command: "status", Access: bot.Officer, Where: bot.Private, Help: "help.cmd.status", Handle: h.Status},
		{Name: "missing", Command: "missing", Access: bot.Officer, Where: bot.Private, Help: "help.cmd.missing", Handle: h.Missing},
		{Name: "view", Command: "view", Access: bot.Officer, Where: bot.Private, Help: "help.cmd.view", Handle: h.View},
		{Name: "history", Command: "history", Access: bot.Officer, Where: bot.Private, Help: "help.cmd.history", Handle: h.History},
		{Name: "summary", Command: "summary", Access: bot.Officer, Where: bot.Private, Help: "help.cmd.summary", Handle: h.Summary},
		{Name: "chart", Command: "chart", Access: bot.Officer, Where: bot.Private, Help: "help.cmd.chart", Handle: h.Chart},
		{Name: "export", Command: "export", Access: bot.Officer, Where: bot.Private, Help: "help.cmd.export", Handle: h.Export},
		{Name: "officer-button", Callback: "of", Access: bot.Officer, Where: bot.Private, Handle: h.OfficerButton},

		// Operations (audit.go, forgetme.go).
	}
}
