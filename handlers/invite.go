package handlers

import (
	"errors"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/schoolfile"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Invite creates a one-time registration code: "/invite SCHOOLCODE" answers with the code
// and its deep link; "/invite all" sends a CSV of fresh codes for every active school
// without a reporter.
func (h *Handlers) Invite(r *bot.Request) error {
	arg := strings.TrimSpace(r.Args)
	switch {
	case arg == "":
		return r.Tell("invite.usage", nil)
	case strings.EqualFold(arg, "all"):
		return h.inviteAll(r)
	}
	sc, err := h.activeSchool(r, arg)
	if err != nil {
		return err
	}
	inv, err := h.Registry.CreateInvite(r.Context(), sc.Code, r.Actor.UserID, h.InviteTTL)
	if err != nil {
		return err
	}
	r.Log.Info().Str("school", sc.Code).Msg("invite created")
	_, err = r.Reply("invite.created", map[string]any{
		"School": sc.Name, "Code": sc.Code, "Invite": inv.Code,
		"Link": schoolfile.DeepLink(r.Bot().Username(), inv.Code), "Expires": h.clock(r, inv.Expires),
	})
	return err
}

// activeSchool finds an active school by the code an officer typed, or tells why not.
func (h *Handlers) activeSchool(r *bot.Request, typed string) (domain.School, error) {
	code, err := domain.NormalizeSchoolCode(typed)
	if err != nil {
		return domain.School{}, r.Tell("school.bad_code", map[string]any{"Code": typed})
	}
	sc, err := h.Registry.School(r.Context(), code)
	if errors.Is(err, domain.ErrNotFound) {
		return domain.School{}, r.Tell("school.unknown", map[string]any{"Code": code})
	}
	if err != nil {
		return domain.School{}, err
	}
	if !sc.Active {
		return domain.School{}, r.Tell("school.inactive", map[string]any{"Code": code, "School": sc.Name})
	}
	return sc, nil
}

// inviteAll sends the printable CSV of fresh codes as a document.
func (h *Handlers) inviteAll(r *bot.Request) error {
	ctx := r.Context()
	invs, err := h.Registry.InviteUnregistered(ctx, r.Actor.UserID, h.InviteTTL)
	if err != nil {
		return err
	}
	if len(invs) == 0 {
		return r.Tell("invite.all.none", nil)
	}
	schools, err := h.Registry.Schools(ctx)
	if err != nil {
		return err
	}
	data := schoolfile.InvitesCSV(schoolfile.InviteRows(invs, schools, r.Bot().Username()), h.Loc)
	doc := tgbotapi.NewDocument(r.ChatID, tgbotapi.FileBytes{Name: "ma-moi-" + h.Now().In(h.Loc).Format("2006-01-02") + ".csv", Bytes: data})
	doc.Caption = r.T("invite.all.caption", map[string]any{"Count": len(invs), "Expires": h.clock(r, invs[0].Expires)})
	doc.ParseMode = tgbotapi.ModeHTML
	r.Log.Info().Int("count", len(invs)).Msg("invites created for every school without a reporter")
	_, err = r.Bot().Out().Send(ctx, doc)
	return err
}
