package handlers

import (
	"errors"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
)

// Deactivate stops asking a school to report, keeping its history: "/deactivate CODE".
func (h *Handlers) Deactivate(r *bot.Request) error { return h.setActive(r, false) }

// Activate asks a deactivated school to report again: "/activate CODE".
func (h *Handlers) Activate(r *bot.Request) error { return h.setActive(r, true) }

func (h *Handlers) setActive(r *bot.Request, active bool) error {
	if r.Args == "" {
		return r.Tell("school.ctl.usage", map[string]any{"Command": r.Command})
	}
	code, err := domain.NormalizeSchoolCode(r.Args)
	if err != nil {
		return r.Tell("school.bad_code", map[string]any{"Code": r.Args})
	}
	sc, err := h.Registry.School(r.Context(), code)
	if errors.Is(err, domain.ErrNotFound) {
		return r.Tell("school.unknown", map[string]any{"Code": code})
	}
	if err != nil {
		return err
	}
	if err := h.Registry.SetSchoolActive(r.Context(), code, active); err != nil {
		return err
	}
	r.Log.Info().Str("school", code).Bool("active", active).Msg("school activation changed")
	id := "school.deactivated"
	if active {
		id = "school.activated"
	}
	_, err = r.Reply(id, map[string]any{"School": sc.Name, "Code": code})
	return err
}
