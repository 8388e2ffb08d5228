// Package handlers holds one file per bot command or conversation, each with its test
// beside it. routes.go is the one routing table; every handler returns an error and lets
// the bot's router decide what the user sees.
package handlers

import (
	"context"
	"time"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/export"
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

	// Officer's view (officer.go, status.go, view.go, summary.go, export.go).
	Officer        OfficerStore
	Questionnaires QuestionnaireSource   // nil = the default questionnaire for every version
	Revisions      RevisionStore         // nil = /history has nothing to list
	Schedule       domain.PeriodSchedule // zero = domain.DefaultPeriodSchedule()
	ReportDoc      export.DocInfo        // letterhead and template of /export docx
}

// Handlers implements the bot's commands and conversations.
type Handlers struct {
	Deps
	// startPayload handles "/start <payload>" (deep links); set by the registration feature.
	startPayload func(r *bot.Request) error
	// schoolNamer looks a school's name up for messages; set when schools are wired.
	schoolNamer func(ctx context.Context, code string) string
	// cache keeps recent periods' submissions and drafts for the officer's views.
	cache *officerCache
}

// New returns the handlers.
func New(d Deps) *Handlers {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Loc == nil {
		d.Loc = time.UTC
	}
	if d.Questionnaires == nil {
		d.Questionnaires = &FallbackQuestionnaires{}
	}
	return &Handlers{Deps: d, cache: &officerCache{}}
}
