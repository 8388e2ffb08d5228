package bot

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/metrics"
	"github.com/camgiang-edu/reportbot/storage"
)

// Metrics is middleware that counts every update by kind and outcome and times its
// handler. A panic is counted and passed on to the router's recovery.
func Metrics(m *metrics.Metrics) Middleware {
	return func(next HandlerFunc) HandlerFunc {
		return func(r *Request) (err error) {
			start := time.Now()
			defer func() {
				outcome := r.Outcome
				p := recover()
				if p != nil {
					outcome = metrics.OutcomePanic
				}
				if outcome == "" {
					outcome = metrics.OutcomeOK
				}
				if outcome == metrics.OutcomeBusy && storage.IsUnavailable(err) {
					m.StorageError("handler")
				}
				m.Update(Kind(r), routeName(r), outcome, time.Since(start))
				if p != nil {
					panic(p)
				}
			}()
			return next(r)
		}
	}
}

// Kind names the kind of an update for metrics: "command", "callback", "text", "file",
// "contact", "member", "migrate" or "other".
func Kind(r *Request) string {
	u := r.Update
	switch {
	case r.Callback != nil:
		return "callback"
	case u != nil && u.MyChatMember != nil:
		return "member"
	case r.Message == nil:
		return "other"
	case r.Message.MigrateToChatID != 0:
		return "migrate"
	case r.Message.IsCommand():
		return "command"
	case r.Message.Document != nil || r.Message.Photo != nil:
		return "file"
	case r.Message.Contact != nil:
		return "contact"
	case r.Message.Text != "":
		return "text"
	}
	return "other"
}

func routeName(r *Request) string {
	if r.Route == nil {
		return "-"
	}
	return r.Route.Name
}

// AuditLog records audit entries; storage.Store implements it.
type AuditLog interface {
	Audit(ctx context.Context, e domain.AuditEntry) error
}

// maxAuditDetail bounds the recorded arguments of a command, in characters.
const maxAuditDetail = 200

// Audit is middleware that records every use of an officer-only route by an officer in the
// audit trail: who, which command or button, its arguments and how it ended. An update that
// will be retried is recorded when it is finally handled, once. A failure to record is
// logged, never shown to the officer.
func Audit(log AuditLog) Middleware {
	return func(next HandlerFunc) HandlerFunc {
		return func(r *Request) error {
			err := next(r)
			rt := r.Route
			if err != nil || rt == nil || rt.Access != Officer || r.Actor.Role != domain.RoleOfficer {
				return err
			}
			e := domain.AuditEntry{UserID: r.Actor.UserID, Name: r.Actor.Name, Action: rt.Name, Result: r.Outcome}
			switch {
			case r.Command != "":
				e.Action = "/" + r.Command
				e.Detail = clip(r.Args, maxAuditDetail)
			case r.Callback != nil:
				e.Action = rt.Name + " (button)"
				e.Detail = clip(r.Data, maxAuditDetail)
			}
			if aerr := log.Audit(context.WithoutCancel(r.Context()), e); aerr != nil {
				r.Log.Error().Err(aerr).Str("action", e.Action).Msg("record audit entry")
			}
			return nil
		}
	}
}

// clip shortens s to at most n characters on one line.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
