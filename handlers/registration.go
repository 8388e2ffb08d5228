package handlers

import (
	"context"
	"errors"
	"time"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
)

// RegistryStore is what the registration and people-management commands need: schools,
// their reporters, invite codes, the wrong-code lock-out and broadcast groups.
type RegistryStore interface {
	School(ctx context.Context, code string) (domain.School, error)
	Schools(ctx context.Context) ([]domain.School, error)
	SchoolsByPhone(ctx context.Context, phone string) ([]domain.School, error)
	ImportSchools(ctx context.Context, schools []domain.School, keepPhones bool) (domain.ImportResult, error)
	SetSchoolActive(ctx context.Context, code string, active bool) error

	User(ctx context.Context, id int64) (domain.User, error)
	LinkReporter(ctx context.Context, userID int64, school string) (previous string, err error)
	UnlinkReporter(ctx context.Context, userID int64) error
	Reporters(ctx context.Context, school string) ([]domain.User, error)
	AllReporters(ctx context.Context) (map[string][]domain.User, error)
	SetUserUnreachable(ctx context.Context, id int64, unreachable bool) error
	SetUserPhone(ctx context.Context, id int64, phone string) error

	CreateInvite(ctx context.Context, school string, createdBy int64, ttl time.Duration) (domain.Invite, error)
	UseInvite(ctx context.Context, code string, userID int64) (domain.Invite, error)
	InviteUnregistered(ctx context.Context, createdBy int64, ttl time.Duration) ([]domain.Invite, error)
	CodeLock(ctx context.Context, userID int64) (time.Time, error)
	WrongCode(ctx context.Context, userID int64) (lockedUntil time.Time, left int, err error)
	ClearWrongCodes(ctx context.Context, userID int64) error

	Group(ctx context.Context, chatID int64) (domain.Group, error)
	BindGroup(ctx context.Context, g domain.Group) error
	DisableGroup(ctx context.Context, chatID int64, why string) error
	MoveGroup(ctx context.Context, oldID, newID int64) error
}

// setupRegistration connects the registration feature to /start: deep-link codes, school
// names, and the "share my phone number" offer.
func (h *Handlers) setupRegistration() {
	if h.Registry == nil {
		return
	}
	if h.InviteTTL <= 0 {
		h.InviteTTL = domain.DefaultInviteTTL
	}
	h.startPayload = func(r *bot.Request) error { return h.registerWithCode(r, r.Args) }
	h.schoolNamer = func(ctx context.Context, code string) string {
		sc, err := h.Registry.School(ctx, code)
		if err != nil {
			return ""
		}
		return sc.Name
	}
	h.startOffer = h.offerContact
}

// Register links the sender to a school with a one-time code: "/register CODE".
func (h *Handlers) Register(r *bot.Request) error {
	if r.Args == "" {
		return r.Tell("reg.usage", nil)
	}
	return h.registerWithCode(r, r.Args)
}

// registerWithCode spends an invite code and links the sender to its school. Unknown
// codes count towards the lock-out; a locked-out user is refused before the code is read.
func (h *Handlers) registerWithCode(r *bot.Request, raw string) error {
	ctx, uid := r.Context(), r.Actor.UserID
	until, err := h.Registry.CodeLock(ctx, uid)
	if err != nil {
		return err
	}
	if !until.IsZero() {
		return r.Tell("reg.locked", map[string]any{"Until": h.clock(r, until)})
	}
	inv, err := h.Registry.UseInvite(ctx, domain.NormalizeInviteCode(raw), uid)
	switch {
	case errors.Is(err, domain.ErrInviteUnknown):
		until, left, err := h.Registry.WrongCode(ctx, uid)
		if err != nil {
			return err
		}
		if !until.IsZero() {
			r.Log.Warn().Msg("registration locked after repeated wrong codes")
			return r.Tell("reg.locked", map[string]any{"Until": h.clock(r, until)})
		}
		return r.Tell("reg.code.unknown", map[string]any{"Left": left})
	case errors.Is(err, domain.ErrInviteUsed):
		return r.Tell("reg.code.used", nil)
	case errors.Is(err, domain.ErrInviteExpired):
		return r.Tell("reg.code.expired", nil)
	case err != nil:
		return err
	}
	if err := h.Registry.ClearWrongCodes(ctx, uid); err != nil {
		return err
	}
	return h.link(r, inv.School, "")
}

// Contact takes the phone number the sender shared, when it is their own. Every offer of
// the button says the number will be shown to the district officers, so sharing it is
// the consent to store it: a reporter's number is stored for /missing, /view and the
// Excel file; a stranger is registered when it matches exactly one active school's
// imported numbers, and their number stored then.
func (h *Handlers) Contact(r *bot.Request) error {
	c := r.Message.Contact
	if c.UserID != r.From.ID {
		return r.Tell("reg.contact.not_own", nil)
	}
	phone := domain.NormalizePhone(c.PhoneNumber)
	if r.Actor.School != "" && phone != "" {
		if err := h.Registry.SetUserPhone(r.Context(), r.Actor.UserID, phone); err != nil {
			return err
		}
		_, err := r.Reply("reg.contact.saved", map[string]any{"Phone": phone}, bot.RemoveKeyboard())
		return err
	}
	var active []domain.School
	if phone != "" {
		found, err := h.Registry.SchoolsByPhone(r.Context(), phone)
		if err != nil {
			return err
		}
		for _, sc := range found {
			if sc.Active {
				active = append(active, sc)
			}
		}
	}
	switch len(active) {
	case 0:
		return r.Tell("reg.contact.unknown", nil)
	case 1:
		return h.link(r, active[0].Code, phone)
	}
	return r.Tell("reg.contact.ambiguous", nil)
}

// link makes the sender a reporter of the school, ending any link to another school, and
// stores the phone they shared to register ("" for none). A reporter with no stored phone
// is offered the button to share one.
func (h *Handlers) link(r *bot.Request, code, phone string) error {
	ctx := r.Context()
	sc, err := h.Registry.School(ctx, code)
	if errors.Is(err, domain.ErrNotFound) || err == nil && !sc.Active {
		return r.Tell("reg.school_inactive", nil)
	}
	if err != nil {
		return err
	}
	prev, err := h.Registry.LinkReporter(ctx, r.Actor.UserID, code)
	if err != nil {
		return err
	}
	if phone != "" {
		if err := h.Registry.SetUserPhone(ctx, r.Actor.UserID, phone); err != nil {
			return err
		}
	}
	r.Actor.School = code
	if r.Actor.Role == domain.RoleStranger {
		r.Actor.Role = domain.RoleReporter
	}
	r.Log.Info().Str("school", code).Str("previous", prev).Msg("reporter linked")
	data := map[string]any{"School": sc.Name, "Code": code}
	id := "reg.done"
	switch {
	case prev == code:
		id = "reg.already"
	case prev != "":
		id = "reg.moved"
		data["Old"] = h.schoolName(r, prev)
	}
	text, keyboard := r.T(id, data), bot.RemoveKeyboard()
	if phone == "" {
		if u, err := h.Registry.User(ctx, r.Actor.UserID); err == nil && u.Phone == "" {
			text += "\n\n" + r.T("reg.contact.offer_reporter", nil)
			keyboard = bot.ContactRequest(r.T("reg.contact.button", nil))
		}
	}
	_, err = r.ReplyHTML(text, keyboard)
	return err
}

// offerContact adds the "share my phone number" button to a stranger's /start when some
// school's phone numbers were imported.
func (h *Handlers) offerContact(r *bot.Request) (string, []bot.Opt) {
	if r.Actor.Role != domain.RoleStranger || !r.Private() {
		return "", nil
	}
	schools, err := h.Registry.Schools(r.Context())
	if err != nil {
		r.Log.Warn().Err(err).Msg("list schools for the contact offer")
		return "", nil
	}
	for _, sc := range schools {
		if sc.Active && len(sc.Phones) > 0 {
			return "\n\n" + r.T("reg.contact.offer", nil), []bot.Opt{bot.ContactRequest(r.T("reg.contact.button", nil))}
		}
	}
	return "", nil
}

// Whoami tells the user their role and school.
func (h *Handlers) Whoami(r *bot.Request) error {
	data := map[string]any{"Name": r.Actor.Name, "ID": r.Actor.UserID}
	if r.Actor.School != "" {
		data["School"] = h.schoolName(r, r.Actor.School)
		data["Code"] = r.Actor.School
	}
	id := "whoami.stranger"
	switch {
	case r.Actor.IsOfficer() && r.Actor.School != "":
		id = "whoami.officer_reporter"
	case r.Actor.IsOfficer():
		id = "whoami.officer"
	case r.Actor.School != "":
		id = "whoami.reporter"
	}
	_, err := r.Reply(id, data)
	return err
}
