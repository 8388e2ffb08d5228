package handlers

import (
	"context"
	"strconv"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/metrics"
)

// AuditStore reads and appends to the audit trail.
type AuditStore interface {
	RecentAudit(ctx context.Context, n int) ([]domain.AuditEntry, error)
	Audit(ctx context.Context, e domain.AuditEntry) error
}

// recordAudit appends an entry by the request's actor (answer changes; officer-only
// commands are recorded by the bot's middleware). A failure is logged: the action itself
// already happened.
func (h *Handlers) recordAudit(r *bot.Request, e domain.AuditEntry) {
	if h.AuditLog == nil {
		return
	}
	e.UserID, e.Name = r.Actor.UserID, r.Actor.Name
	if e.Result == "" {
		e.Result = metrics.OutcomeOK
	}
	if err := h.AuditLog.Audit(context.WithoutCancel(r.Context()), e); err != nil {
		r.Log.Error().Err(err).Str("action", e.Action).Msg("record audit entry")
	}
}

// Audit shows the newest audit entries to an officer: "/audit" for 20, "/audit N" for up
// to 100.
func (h *Handlers) Audit(r *bot.Request) error {
	n := 20
	if a := strings.TrimSpace(r.Args); a != "" {
		v, err := strconv.Atoi(a)
		if err != nil || v < 1 || v > 100 {
			return r.Tell("audit.usage", nil)
		}
		n = v
	}
	entries, err := h.AuditLog.RecentAudit(r.Context(), n)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		_, err := r.Reply("audit.empty", nil)
		return err
	}
	shown := h.auditLines(r, entries)
	lines := append([]string{r.T("audit.title", map[string]any{"N": len(shown)})}, shown...)
	_, err = r.ReplyHTML(strings.Join(lines, "\n"))
	return err
}

// auditResults names the outcomes of audited actions.
var auditResults = map[string]string{
	metrics.OutcomeOK:        "audit.result.ok",
	metrics.OutcomeUserError: "audit.result.refused",
	metrics.OutcomeError:     "audit.result.error",
	metrics.OutcomePanic:     "audit.result.error",
}

// auditResult is how an audited action ended, in the reader's language.
func (h *Handlers) auditResult(r *bot.Request, result string) string {
	if id, ok := auditResults[result]; ok {
		return r.T(id, nil)
	}
	return result
}

// personName is a stored person's name for messages; a forgotten one reads "a former
// reporter" in the reader's language.
func (h *Handlers) personName(r *bot.Request, name string) string {
	if name == domain.FormerReporter {
		return r.T("forgetme.former_reporter", nil)
	}
	return name
}
