package handlers

import (
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/locales"
)

// Lang stores the language the user chose: "/lang vi" or "/lang en".
func (h *Handlers) Lang(r *bot.Request) error {
	lang := strings.ToLower(strings.TrimSpace(r.Args))
	if lang != locales.VI && lang != locales.EN {
		return r.Tell("lang.usage", nil)
	}
	if err := h.Users.SetUserLang(r.Context(), r.Actor.UserID, lang); err != nil {
		return err
	}
	r.Actor.Lang = lang
	_, err := r.Reply("lang.set", nil)
	return err
}
