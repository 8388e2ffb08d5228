package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/locales"
	"github.com/camgiang-edu/reportbot/metrics"
	"github.com/camgiang-edu/reportbot/storage"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// HandleUpdate decodes a stored update, identifies the sender, routes it and runs the
// handler inside the middleware. It is the consumer's HandleFunc: a nil error marks the
// update done; an error means "try again later" and is returned only for faults that may
// pass (storage or Telegram unreachable).
func (b *Bot) HandleUpdate(ctx context.Context, in domain.InboxUpdate) (err error) {
	var u tgbotapi.Update
	if err := json.Unmarshal([]byte(in.Raw), &u); err != nil {
		b.cfg.Log.Error().Err(err).Int64("update_id", in.UpdateID).Msg("undecodable update dropped")
		return nil
	}
	r := b.newRequest(ctx, &u, in)
	b.chainOnce.Do(func() { // the consumer handles several chats at once
		h := b.dispatch
		for i := len(b.mw) - 1; i >= 0; i-- {
			h = b.mw[i](h)
		}
		b.chain = b.recoverAndLog(h)
	})
	return b.chain(r)
}

func (b *Bot) newRequest(ctx context.Context, u *tgbotapi.Update, in domain.InboxUpdate) *Request {
	r := &Request{Update: u, UpdateID: in.UpdateID, Try: in.Tries, ChatID: in.Chat, ctx: ctx, b: b}
	switch {
	case u.Message != nil:
		r.Message, r.From = u.Message, u.Message.From
		r.ChatType = u.Message.Chat.Type
	case u.CallbackQuery != nil:
		r.Callback, r.From = u.CallbackQuery, u.CallbackQuery.From
		r.ChatType = "private"
		if m := u.CallbackQuery.Message; m != nil && m.Chat != nil {
			r.ChatType = m.Chat.Type
		}
	case u.MyChatMember != nil:
		r.From = &u.MyChatMember.From
		r.ChatType = u.MyChatMember.Chat.Type
	}
	r.Log = b.cfg.Log.With().Int64("update_id", in.UpdateID).Int64("chat_id", in.Chat).Logger()
	if r.From != nil {
		r.Log = r.Log.With().Int64("user_id", r.From.ID).Logger()
	}
	return r
}

// recoverAndLog is the outermost layer: it turns a panic into a logged internal error and
// logs every update once with its route and duration.
func (b *Bot) recoverAndLog(next HandlerFunc) HandlerFunc {
	return func(r *Request) (err error) {
		start := time.Now()
		defer func() {
			if p := recover(); p != nil {
				r.Log.Error().Str("panic", fmt.Sprint(p)).Str("stack", string(debug.Stack())).Msg("handler panicked")
				err = b.finish(r, fmt.Errorf("panic: %v", p))
			}
			name := "-"
			if r.Route != nil {
				name = r.Route.Name
			}
			ev := r.Log.Info()
			if err != nil {
				ev = r.Log.Warn().Err(err)
			}
			ev.Str("handler", name).Dur("duration", time.Since(start)).Msg("update handled")
		}()
		return next(r)
	}
}

// dispatch identifies the sender, finds the route, checks access and runs the handler.
func (b *Bot) dispatch(r *Request) error {
	if err := b.identify(r); err != nil {
		return b.finish(r, err)
	}
	rt, refusal := b.match(r)
	if rt == nil {
		if refusal != "" {
			return b.finish(r, domain.Tell(refusal, nil))
		}
		return b.finish(r, nil)
	}
	r.Route = rt
	if id := b.refuse(r, rt); id != "" {
		if id == "-" { // silent in groups
			return b.finish(r, nil)
		}
		r.Log.Warn().Str("handler", rt.Name).Str("role", r.Actor.Role.String()).Msg("access refused")
		if rt.Flow != "" && rt.Flow == r.Flow.Name && r.Private() {
			// The chat's conversation belongs to a role the user no longer has (unlinked):
			// end it, so later messages are not taken for it.
			if err := b.cfg.Flows.ClearChatFlow(r.ctx, r.ChatID); err != nil {
				return b.finish(r, err)
			}
			id = "error.flow_ended"
		}
		return b.finish(r, domain.Tell(id, map[string]any{"Link": "https://t.me/" + b.Username()}))
	}
	return b.finish(r, rt.Handle(r))
}

// identify records the sender and resolves their role, school, language and chat flow.
func (b *Bot) identify(r *Request) error {
	if r.From == nil || r.From.IsBot {
		r.Actor = domain.Actor{Lang: locales.VI}
		return nil
	}
	name := strings.TrimSpace(r.From.FirstName + " " + r.From.LastName)
	u, err := b.cfg.Users.TouchUser(r.ctx, domain.User{ID: r.From.ID, Name: name, Username: r.From.UserName, TgLang: r.From.LanguageCode}, r.Private())
	if err != nil {
		return err
	}
	r.Actor = domain.Actor{UserID: u.ID, Name: name, School: u.SchoolCode, Lang: locales.Lang(u.Lang, r.From.LanguageCode)}
	switch {
	case b.officers[u.ID]:
		r.Actor.Role = domain.RoleOfficer
	case u.SchoolCode != "":
		r.Actor.Role = domain.RoleReporter
	}
	if r.Private() && b.cfg.Flows != nil {
		f, err := b.cfg.Flows.ChatFlow(r.ctx, r.ChatID)
		if err != nil {
			return err
		}
		r.Flow = f
	}
	return nil
}

// match finds the route of an update. With no route it may return a locale id to answer.
func (b *Bot) match(r *Request) (*Route, string) {
	u := r.Update
	switch {
	case u.MyChatMember != nil:
		return b.events[OnMember], ""
	case r.Callback != nil:
		prefix, data, _ := strings.Cut(r.Callback.Data, ":")
		r.Data = data
		if rt := b.prefixes[prefix]; rt != nil {
			return rt, ""
		}
		return nil, "error.stale_button"
	case r.Message == nil:
		return nil, ""
	case r.Message.MigrateToChatID != 0:
		return b.events[OnMigrate], ""
	case r.Message.IsCommand():
		cmd := r.Message.CommandWithAt()
		name, at, _ := strings.Cut(cmd, "@")
		if at != "" && !strings.EqualFold(at, b.Username()) {
			return nil, "" // addressed to another bot
		}
		r.Command = strings.ToLower(name)
		r.Args = strings.TrimSpace(r.Message.CommandArguments())
		if rt := b.commands[r.Command]; rt != nil {
			return rt, ""
		}
		if r.Private() {
			return nil, "error.unknown_command"
		}
		return nil, ""
	case !r.Private():
		return nil, "" // groups: only commands
	case r.Message.Contact != nil && r.Flow.Name == "":
		return b.events[OnContact], ""
	case r.Flow.Name != "" && b.flows[r.Flow.Name] != nil:
		return b.flows[r.Flow.Name], ""
	case r.Message.Document != nil:
		return b.events[OnDocument], ""
	case r.Message.Contact != nil:
		return b.events[OnContact], ""
	}
	return nil, "error.unknown_text"
}

// refuse returns the locale id explaining why the actor may not use the route, "-" to stay
// silent, or "" when allowed. In groups the bot answers officers only, except that anyone's
// private-chat command for everyone (/start, /register) is answered with a pointer to a
// private chat, at most once per user per day (see pointToPrivate).
func (b *Bot) refuse(r *Request, rt *Route) string {
	if rt.On == OnMember || rt.On == OnMigrate {
		return ""
	}
	if !r.Private() && r.Actor.Role != domain.RoleOfficer {
		if rt.Where == Private && rt.Access == Anyone {
			return "error.private_only" // e.g. /register typed in a group: point to a private chat
		}
		return "-"
	}
	switch {
	case rt.Where == Private && !r.Private():
		return "error.private_only"
	case rt.Where == Group && r.Private():
		return "error.group_only"
	case rt.Access == Officer && r.Actor.Role != domain.RoleOfficer:
		return "error.officer_only"
	case rt.Access == Reporter && r.Actor.Role == domain.RoleStranger:
		return "error.reporter_only"
	}
	return ""
}

// finish is the one place where a handler's result becomes what the user sees: a user
// error is answered with its message; a passing fault (storage or Telegram unreachable) is
// answered "busy" on the first try (in groups, to officers only) and returned so the
// update is retried; any other fault
// is logged and answered with a generic apology. Every button press gets an answer.
func (b *Bot) finish(r *Request, err error) error {
	var ue *domain.UserError
	var retry error
	r.Outcome = metrics.OutcomeOK
	switch {
	case err == nil:
	case errors.As(err, &ue):
		r.Outcome = metrics.OutcomeUserError
		var serr error
		switch {
		case r.From == nil:
		case r.Private() || r.Actor.Role == domain.RoleOfficer:
			_, serr = r.Reply(ue.MsgID, ue.Data)
		case ue.MsgID == "error.private_only":
			serr = b.pointToPrivate(r, ue.MsgID, ue.Data)
		}
		if serr != nil {
			retry = b.transientOnly(r, serr)
		}
	case b.transient(err):
		r.Outcome = metrics.OutcomeBusy
		if r.Try == 0 && (r.Private() || r.Actor.Role == domain.RoleOfficer) {
			_, _ = r.Reply("error.busy", nil)
		}
		retry = err
	default:
		r.Outcome = metrics.OutcomeError
		r.Log.Error().Err(err).Msg("handler failed")
		if r.From != nil && (r.Private() || r.Actor.Role == domain.RoleOfficer) {
			_, _ = r.Reply("error.internal", nil)
		}
	}
	if r.Callback != nil && !r.answered {
		_ = r.Answer("", nil)
	}
	return retry
}

func (b *Bot) transientOnly(r *Request, err error) error {
	if b.transient(err) {
		return err
	}
	r.Log.Warn().Err(err).Msg("reply failed")
	return nil
}

// transient reports faults that may pass: storage unreachable, Telegram unreachable or 5xx.
func (b *Bot) transient(err error) bool {
	if storage.IsUnavailable(err) {
		return true
	}
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		return te.Code >= 500 || te.Code == 429
	}
	return IsNetworkError(err)
}
