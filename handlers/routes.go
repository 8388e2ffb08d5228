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

		// Registration and people (registration.go, invite.go, schools.go, unlink.go,
		// schoolctl.go, import.go, groups.go).
		{Name: "register", Command: "register", Access: bot.Anyone, Where: bot.Private, Help: "help.cmd.register", Handle: h.Register},
		{Name: "whoami", Command: "whoami", Access: bot.Anyone, Where: bot.Private, Help: "help.cmd.whoami", Handle: h.Whoami},
		{Name: "contact", On: bot.OnContact, Access: bot.Anyone, Where: bot.Private, Handle: h.Contact},
		{Name: "invite", Command: "invite", Access: bot.Officer, Where: bot.Private, Help: "help.cmd.invite", Handle: h.Invite},
		{Name: "schools", Command: "schools", Access: bot.Officer, Where: bot.Private, Help: "help.cmd.schools", Handle: h.Schools},
		{Name: "unlink", Command: "unlink", Access: bot.Officer, Where: bot.Private, Help: "help.cmd.unlink", Handle: h.Unlink},
		{Name: "unlink-button", Callback: "ul", Access: bot.Officer, Where: bot.Private, Handle: h.UnlinkButton},
		{Name: "deactivate", Command: "deactivate", Access: bot.Officer, Where: bot.Private, Help: "help.cmd.deactivate", Handle: h.Deactivate},
		{Name: "activate", Command: "activate", Access: bot.Officer, Where: bot.Private, Help: "help.cmd.activate", Handle: h.Activate},
		{Name: "import", On: bot.OnDocument, Access: bot.Officer, Where: bot.Private, Handle: h.ImportSchools},
		{Name: "bindgroup", Command: "bindgroup", Access: bot.Officer, Where: bot.Group, Help: "help.cmd.bindgroup", Handle: h.BindGroup},
		{Name: "unbindgroup", Command: "unbindgroup", Access: bot.Officer, Where: bot.Group, Help: "help.cmd.unbindgroup", Handle: h.UnbindGroup},
		{Name: "group-migrated", On: bot.OnMigrate, Access: bot.Anyone, Where: bot.Group, Handle: h.GroupMigrated},
		{Name: "member", On: bot.OnMember, Access: bot.Anyone, Where: bot.Anywhere, Handle: h.MemberChanged},

		// Reporting conversation (report*.go, myreport.go, reopen.go, return.go).
		{Name: "report", Command: "report", Access: bot.Reporter, Where: bot.Private, Help: "help.cmd.report", Handle: h.Report},
		{Name: "back", Command: "back", Access: bot.Reporter, Where: bot.Private, Help: "help.cmd.back", Handle: h.Back},
		{Name: "skip", Command: "skip", Access: bot.Reporter, Where: bot.Private, Help: "help.cmd.skip", Handle: h.Skip},
		{Name: "cancel", Command: "cancel", Access: bot.Anyone, Where: bot.Private, Help: "help.cmd.cancel", Handle: h.Cancel},
		{Name: "myreport", Command: "myreport", Access: bot.Reporter, Where: bot.Private, Help: "help.cmd.myreport", Handle: h.MyReport},
		{Name: "return", Command: "return", Access: bot.Officer, Where: bot.Private, Help: "help.cmd.return", Handle: h.Return},
		{Name: "return-button", Callback: "rb", Access: bot.Officer, Where: bot.Private, Handle: h.ReturnButton},
		{Name: "return-reason", Flow: flowReturn, Access: bot.Officer, Where: bot.Private, Handle: h.ReturnReason},
		{Name: "return-open", Callback: "rt", Access: bot.Reporter, Where: bot.Private, Handle: h.ReturnOpen},
		{Name: "reopen", Command: "reopen", Access: bot.Officer, Where: bot.Anywhere, Help: "help.cmd.reopen", Handle: h.Reopen},
		{Name: "report.button", Callback: "rp", Access: bot.Reporter, Where: bot.Private, Handle: h.ReportButton},
		{Name: "report.input", Flow: reportFlow, Access: bot.Reporter, Where: bot.Private, Handle: h.ReportInput},

		// Reminders and broadcasts (periods.go, remind.go, announce.go).
		{Name: "periods", Command: "periods", Access: bot.Reporter, Where: bot.Private, Help: "help.cmd.periods", Handle: h.ListPeriods},
		{Name: "remind", Command: "remind", Access: bot.Officer, Where: bot.Private, Help: "help.cmd.remind", Handle: h.Remind},
		{Name: "remind-confirm", Callback: "rm", Access: bot.Officer, Where: bot.Private, Handle: h.RemindConfirm},
		{Name: "announce", Command: "announce", Access: bot.Officer, Where: bot.Private, Help: "help.cmd.announce", Handle: h.Announce},
		{Name: "announce-text", Flow: flowAnnounce, Access: bot.Officer, Where: bot.Private, Handle: h.AnnounceText},
		{Name: "announce-confirm", Callback: "an", Access: bot.Officer, Where: bot.Private, Handle: h.AnnounceConfirm},
		{Name: "delivery-status", Callback: "ob", Access: bot.Officer, Where: bot.Private, Handle: h.DeliveryStatus},

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
		{Name: "audit", Command: "audit", Access: bot.Officer, Where: bot.Private, Help: "help.cmd.audit", Handle: h.Audit},
		{Name: "forgetme", Command: "forgetme", Access: bot.Anyone, Where: bot.Private, Help: "help.cmd.forgetme", Handle: h.Forgetme},
		{Name: "forgetme_button", Callback: "fm", Access: bot.Anyone, Where: bot.Private, Handle: h.ForgetmeButton},
	}
}
