// Package handlers holds one file per bot command or conversation, each with its test
// beside it. routes.go is the one routing table; every handler returns an error and lets
// the bot's router decide what the user sees.
package handlers

import (
	"context"
	"sync"
	"time"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/export"
	"github.com/camgiang-edu/reportbot/metrics"
	"github.com/rs/zerolog"
)

// UserStore is what the common commands need to know about users.
type UserStore interface {
	User(ctx context.Context, id int64) (domain.User, error)
	SetUserLang(ctx context.Context, id int64, lang string) error
}

// Deps are the services handlers use. Each store field is an interface declared by the
// feature file that uses it; the app wires them all to the same storage.Store.
type Deps struct {
	Users UserStore
	Log   zerolog.Logger
	Now   func() time.Time
	Loc   *time.Location // the district's time zone

	// Registry holds schools, reporters, invites and groups (registration.go).
	Registry RegistryStore
	// Files fetches documents users send (import.go).
	Files FileFetcher
	// InviteTTL is how long an invite code is valid; default 14 days.
	InviteTTL time.Duration

	// Reporting conversation (report*.go, myreport.go, reopen.go).
	Reports       ReportStore
	Questionnaire *domain.Questionnaire // the configured questionnaire; periods pin its version when they open
	Periods       domain.PeriodSchedule // the reporting calendar

	// Operations (audit.go, forgetme.go).
	AuditLog AuditStore
	Forget   ForgetStore
	Metrics  *metrics.Metrics // nil records nothing

	// Reminders and broadcasts (periods.go, remind.go, announce.go).
	Reminders  Reminders
	Broadcasts BroadcastStore

	// Officer's view (officer.go, status.go, missing.go, view.go, summary.go, chart.go, export.go).
	Officer   OfficerStore
	Revisions RevisionStore // nil = /history has nothing to list
	// Returns are returns for correction (return.go, report_return.go); nil = none.
	Returns ReturnStore
	// Officers are the district officers' Telegram ids (ADMIN_IDS), told privately when a
	// returned school sends its correction.
	Officers  []int64
	ReportDoc export.DocInfo // letterhead and template of /export docx
}

// Handlers implements the bot's commands and conversations.
type Handlers struct {
	Deps
	// startPayload handles "/start <payload>" (deep links); set by the registration feature.
	startPayload func(r *bot.Request) error
	// schoolNamer looks a school's name up for messages; set when schools are wired.
	schoolNamer func(ctx context.Context, code string) string
	// startOffer adds a line and a keyboard to /start's answer; set by registration.
	startOffer func(r *bot.Request) (string, []bot.Opt)
	// questionnaires caches questionnaires earlier periods pinned: version -> *domain.Questionnaire.
	questionnaires sync.Map
	// pinned caches the questionnaire version each period pinned: period id -> version.
	// A pin never changes once stored, so the cache never goes stale.
	pinned sync.Map
}

// New returns the handlers.
func New(d Deps) *Handlers {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Loc == nil {
		d.Loc = time.UTC
	}
	if d.Questionnaire == nil {
		d.Questionnaire = domain.DefaultQuestionnaire()
	}
	if len(d.Periods.Recurring) == 0 && len(d.Periods.OneOff) == 0 {
		d.Periods = domain.DefaultPeriodSchedule()
	}
	h := &Handlers{Deps: d}
	h.setupRegistration()
	return h
}
