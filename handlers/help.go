package handlers

import (
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
)

// Help lists the commands this user may use here, generated from the routing table.
func (h *Handlers) Help(r *bot.Request) error {
	where := bot.Private
	if !r.Private() {
		where = bot.Group
	}
	var b strings.Builder
	b.WriteString(r.T("help.title", nil))
	for _, rt := range r.Bot().CommandsFor(r.Actor.Role, where) {
		b.WriteString("\n/" + rt.Command + " — " + r.T(rt.Help, nil))
	}
	_, err := r.ReplyHTML(b.String())
	return err
}
