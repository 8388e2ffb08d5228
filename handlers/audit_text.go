package handlers

import (
	"cmp"
	"context"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/metrics"
)

// auditSaid is what an audit entry says in the officer's words: a locale id under
// "audit.do." and the school it concerns, by code ("" for none).
type auditSaid struct {
	id, school string
}

// firstArg is a command's first argument, upper-cased: a school code for the commands
// that take one.
func firstArg(e domain.AuditEntry) string {
	f := strings.Fields(e.Detail)
	if len(f) == 0 {
		return ""
	}
	return strings.ToUpper(f[0])
}

// lastPart is the last ":"-separated part of a button's data: the school code of
// "go:123:MN-CAMDIEN".
func lastPart(e domain.AuditEntry) string {
	return e.Detail[strings.LastIndex(e.Detail, ":")+1:]
}

// officerViews names the views of the officer's buttons ("of:<view>:<period>").
var officerViews = map[string]string{
	"st": "status", "ms": "missing", "sm": "summary", "ch": "chart", "xl": "export", "dx": "export_docx", "zp": "export_files",
}

// auditSays reads an entry: the use cases' own entries (report.submit, report.return),
// officers' commands ("/reopen TH-CAMVU …") and buttons ("announce-confirm (button)")
// as the bot's middleware records them. An action it does not know reads as the generic
// line.
func auditSays(e domain.AuditEntry) auditSaid {
	switch e.Action {
	case domain.AuditSubmit:
		return auditSaid{"submit", e.Target}
	case domain.AuditReturn:
		return auditSaid{"return", e.Target}
	case "/reopen", "/deactivate", "/activate", "/view", "/history":
		return auditSaid{strings.TrimPrefix(e.Action, "/"), firstArg(e)}
	case "/invite":
		if a := firstArg(e); a != "" && a != "ALL" {
			return auditSaid{"invite", a}
		}
		return auditSaid{"invite_all", ""}
	case "/status", "/missing", "/summary", "/chart", "/export", "/schools", "/unlink",
		"/remind", "/announce", "announce-text", "/bindgroup", "/unbindgroup", "/audit", "import":
		return auditSaid{strings.TrimPrefix(e.Action, "/"), ""}
	case "return-button (button)":
		return auditSaid{"return_button", lastPart(e)}
	case "announce-confirm (button)", "remind-confirm (button)":
		verb := strings.TrimSuffix(e.Action, "-confirm (button)")
		if e.Detail == "no" {
			return auditSaid{verb + "_cancel", ""}
		}
		return auditSaid{verb + "_send", ""}
	case "unlink-button (button)":
		if e.Detail == "no" {
			return auditSaid{"unlink_cancel", ""}
		}
		return auditSaid{"unlink_button", lastPart(e)}
	case "delivery-status (button)":
		return auditSaid{"delivery", ""}
	case "officer-button (button)":
		view, _, _ := strings.Cut(e.Detail, ":")
		if v, ok := officerViews[view]; ok {
			return auditSaid{v, ""}
		}
	}
	return auditSaid{}
}

// schoolActions are the actions whose line names a school: without one they read as the
// generic line.
var schoolActions = map[string]bool{
	"submit": true, "return": true, "reopen": true, "deactivate": true, "activate": true, "view": true,
	"history": true, "invite": true, "return_button": true, "unlink_button": true,
}

// auditLines renders entries, newest first, as the officer reads them. A /return (or
// its reason typed after the /view button) that succeeded is shown once, by the return
// entry the use case wrote with it, which names the school and the reason.
func (h *Handlers) auditLines(r *bot.Request, entries []domain.AuditEntry) []string {
	names := h.auditSchoolNames(r.Context())
	var out []string
	for _, e := range entries {
		if e.Result == metrics.OutcomeOK && (e.Action == "/return" || e.Action == "return-reason" || e.Action == "return-button (button)") {
			continue
		}
		said := auditSays(e)
		data := map[string]any{
			"Time":   e.At.In(h.Loc).Format("15:04 02/01"),
			"Name":   h.auditActor(r, e),
			"School": cmp.Or(names[said.school], said.school),
			"Detail": e.Detail,
			"Action": strings.TrimSuffix(strings.TrimPrefix(e.Action, "/"), " (button)"),
		}
		if e.Result != "" && e.Result != metrics.OutcomeOK {
			data["Result"] = h.auditResult(r, e.Result)
		}
		switch said.id {
		case "submit":
			period, rest, _ := strings.Cut(e.Detail, " #")
			n, _, _ := strings.Cut(rest, ":")
			data["Title"], data["N"] = h.auditPeriod(r, period), n
			data["Again"] = n != "" && n != "1"
		case "return":
			period, _, _ := strings.Cut(e.Detail, ":")
			data["Title"] = h.auditPeriod(r, period)
			data["Reason"] = h.returnReason(r.Context(), period, e)
		}
		id := "audit.do." + said.id
		if said.id == "" || schoolActions[said.id] && said.school == "" {
			id = "audit.do.other"
		}
		out = append(out, r.T(id, data))
	}
	return out
}

// auditPeriod names a period by its id: "báo cáo 6 tháng năm 2026"; the id when the
// calendar does not know it.
func (h *Handlers) auditPeriod(r *bot.Request, id string) string {
	if p, ok := h.Periods.Find(id, h.Loc); ok {
		return periodTitle(r, p)
	}
	return id
}

// auditActor names who acted: their name, "a former reporter", or the bot itself.
func (h *Handlers) auditActor(r *bot.Request, e domain.AuditEntry) string {
	if e.UserID == 0 && e.Name == "" {
		return r.T("audit.system", nil)
	}
	return h.personName(r, e.Name)
}

// auditSchoolNames maps school codes to names; empty when they cannot be read (the codes
// are shown then).
func (h *Handlers) auditSchoolNames(ctx context.Context) map[string]string {
	names := map[string]string{}
	if h.Officer == nil {
		return names
	}
	schools, err := h.Officer.Schools(ctx)
	if err != nil {
		return names
	}
	for _, sc := range schools {
		names[sc.Code] = sc.Name
	}
	return names
}

// returnReason finds the reason of the return an audit entry records: the school's
// return of that period stored at the same time.
func (h *Handlers) returnReason(ctx context.Context, period string, e domain.AuditEntry) string {
	if h.Returns == nil || period == "" {
		return ""
	}
	rets, err := h.Returns.Returns(ctx, period, e.Target)
	if err != nil {
		return ""
	}
	reason, best := "", int64(-1)
	for _, ret := range rets {
		d := ret.At.Sub(e.At).Abs().Milliseconds()
		if best < 0 || d < best {
			reason, best = ret.Reason, d
		}
	}
	return reason
}
