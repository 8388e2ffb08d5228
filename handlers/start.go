package handlers

import (
	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
)

// Start welcomes the user and says what to do next for their role. "/start <code>" (a deep
// link from an invite) registers the user; see registration.go.
func (h *Handlers) Start(r *bot.Request) error {
	if r.Args != "" && h.startPayload != nil {
		return h.startPayload(r)
	}
	text := r.T("start.welcome", map[string]any{"Name": r.Actor.Name}) + "\n\n" + h.nextStep(r)
	var opts []bot.Opt
	if h.startOffer != nil {
		extra, o := h.startOffer(r)
		text, opts = text+extra, o
	}
	_, err := r.ReplyHTML(text, opts...)
	return err
}

// nextStep is the line telling a user what to do now, by role.
func (h *Handlers) nextStep(r *bot.Request) string {
	switch r.Actor.Role {
	case domain.RoleOfficer:
		return r.T("start.next.officer", nil)
	case domain.RoleReporter:
		return r.T("start.next.reporter", map[string]any{"School": h.schoolName(r, r.Actor.School)})
	}
	return r.T("start.next.stranger", nil)
}

// schoolName returns a school's name for messages, or its code when it cannot be read.
func (h *Handlers) schoolName(r *bot.Request, code string) string {
	if h.schoolNamer != nil {
		if name := h.schoolNamer(r.Context(), code); name != "" {
			return name
		}
	}
	return code
}
