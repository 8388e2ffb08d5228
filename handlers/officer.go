package handlers

import (
	"context"
	"errors"
	"html"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/export"
)

// OfficerStore is what the officer's views read: one period's documents at a time, so
// memory follows the size of the district, not its history.
type OfficerStore interface {
	School(ctx context.Context, code string) (domain.School, error)
	Schools(ctx context.Context) ([]domain.School, error)
	AllReporters(ctx context.Context) (map[string][]domain.User, error)
	Submission(ctx context.Context, period, school string) (domain.Submission, error)
	Submissions(ctx context.Context, period string) ([]domain.Submission, error)
	Drafts(ctx context.Context, period string) ([]domain.Draft, error)
	OpenReturns(ctx context.Context, period string) (map[string]domain.Return, error)
	Draft(ctx context.Context, period, school string) (domain.Draft, error)
	Period(ctx context.Context, id string) (domain.Period, error)
}

// RevisionStore lists the sent versions of a school's report.
type RevisionStore interface {
	Revisions(ctx context.Context, period, school string) ([]domain.Revision, error)
}

// officerQuestionnaires resolves questionnaire versions for the officer's views through the
// report conversation's cache: "" is the configured questionnaire.
type officerQuestionnaires struct{ h *Handlers }

// QuestionnaireFor returns the questionnaire of a version.
func (q officerQuestionnaires) QuestionnaireFor(ctx context.Context, version string) (*domain.Questionnaire, error) {
	if version == "" {
		return q.h.Questionnaire, nil
	}
	return q.h.questionnaire(ctx, version)
}

// pinnedVersion returns the questionnaire version period p pinned when it opened, "" when
// it has not opened yet. Pins never change, so they are cached.
func (h *Handlers) pinnedVersion(ctx context.Context, p domain.Period) (string, error) {
	if v, ok := h.pinned.Load(p.ID); ok {
		return v.(string), nil
	}
	stored, err := h.Officer.Period(ctx, p.ID)
	if errors.Is(err, domain.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	h.pinned.Store(p.ID, stored.Questionnaire)
	return stored.Questionnaire, nil
}

// period reads an optional period argument ("2026-Y"); none means the open or most recent
// period. An unknown id is told to the user.
func (h *Handlers) period(arg string) (domain.Period, error) {
	sch := h.Periods
	if strings.TrimSpace(arg) == "" {
		if p, ok := sch.Default(h.Now(), h.Loc); ok {
			return p, nil
		}
		return domain.Period{}, domain.Tell("officer.no_period", nil)
	}
	if p, ok := sch.Find(arg, h.Loc); ok {
		return p, nil
	}
	return domain.Period{}, domain.Tell("officer.bad_period", map[string]any{"Arg": arg, "Example": h.examplePeriod()})
}

func (h *Handlers) examplePeriod() string {
	if p, ok := h.Periods.Default(h.Now(), h.Loc); ok {
		return p.ID
	}
	return "2026-Y"
}

// plainT renders locale messages without HTML escaping, for files and for text that is
// escaped as a whole afterwards.
func plainT(r *bot.Request) domain.Translate {
	return func(lang, id string, data map[string]any) string {
		return html.UnescapeString(r.Bot().T(lang, id, data))
	}
}

// roundOf loads the round of the period named by a command's argument ("" = the default
// period), with questions labelled in the user's language.
func (h *Handlers) roundOf(r *bot.Request, periodArg string) (*export.Round, error) {
	p, err := h.period(periodArg)
	if err != nil {
		return nil, err
	}
	return h.loadRound(r.Context(), p, r.Lang(), plainT(r))
}

// compare loads the earlier periods the round is compared with (export.LoadEarlier).
func (h *Handlers) compare(ctx context.Context, round *export.Round) error {
	var ps []domain.Period
	for _, p := range h.comparedPeriods(round.Period) {
		v, err := h.pinnedVersion(ctx, p)
		if err != nil {
			return err
		}
		p.Questionnaire = v
		ps = append(ps, p)
	}
	return export.LoadEarlier(ctx, round, h.Officer, officerQuestionnaires{h}, ps)
}

// loadRound reads one period's schools, submissions and drafts, with the questionnaire
// version the period pinned.
func (h *Handlers) loadRound(ctx context.Context, p domain.Period, lang string, tr domain.Translate) (*export.Round, error) {
	v, err := h.pinnedVersion(ctx, p)
	if err != nil {
		return nil, err
	}
	p.Questionnaire = v
	return export.Load(ctx, h.Officer, officerQuestionnaires{h}, p, h.Loc, lang, tr)
}

// periodTitle names the period in the user's language, e.g. "báo cáo năm 2026".
func periodTitle(r *bot.Request, p domain.Period) string {
	return export.PeriodTitle(p, r.Lang(), plainT(r))
}

// periodShort names a period on a button, short enough for a phone: "6 tháng 2026",
// "Cả năm 2026"; a one-off round by its id.
func periodShort(r *bot.Request, p domain.Period) string {
	switch p.Kind {
	case domain.KindH1, domain.KindYear:
		year, _, _ := strings.Cut(p.ID, "-")
		return r.T("officer.period_short."+string(p.Kind), map[string]any{"Year": year})
	}
	return p.ID
}

// progressBar draws done/total as ten cells.
func progressBar(done, total int) string {
	n := 0
	if total > 0 {
		n = (done*10 + total/2) / total
	}
	return strings.Repeat("▓", n) + strings.Repeat("░", 10-n)
}

// percent is done/total in whole percent.
func percent(done, total int) int {
	if total == 0 {
		return 0
	}
	return done * 100 / total
}

// officerButtons are the buttons under an officer's view of period p: the other views
// and the neighbouring periods.
func (h *Handlers) officerButtons(r *bot.Request, p domain.Period) bot.Opt {
	views := bot.Row(
		bot.Button{Text: r.T("officer.btn.missing", nil), Data: "of:ms:" + p.ID},
		bot.Button{Text: r.T("officer.btn.summary", nil), Data: "of:sm:" + p.ID},
	)
	files := bot.Row(
		bot.Button{Text: r.T("officer.btn.xlsx", nil), Data: "of:xl:" + p.ID},
		bot.Button{Text: r.T("officer.btn.docx", nil), Data: "of:dx:" + p.ID},
		bot.Button{Text: r.T("officer.btn.chart", nil), Data: "of:ch:" + p.ID},
		bot.Button{Text: r.T("officer.btn.files", nil), Data: "of:zp:" + p.ID},
	)
	var nav []bot.Button
	around := h.Periods.Around(h.Now(), h.Loc)
	for i, q := range around {
		if q.ID != p.ID {
			continue
		}
		if i > 0 {
			nav = append(nav, bot.Button{Text: "◀ " + periodShort(r, around[i-1]), Data: "of:st:" + around[i-1].ID})
		}
		if i+1 < len(around) {
			nav = append(nav, bot.Button{Text: periodShort(r, around[i+1]) + " ▶", Data: "of:st:" + around[i+1].ID})
		}
	}
	return bot.Keyboard(views, files, nav)
}

// OfficerButton handles the buttons of officerButtons: "of:<view>:<period>".
func (h *Handlers) OfficerButton(r *bot.Request) error {
	view, period, _ := strings.Cut(r.Data, ":")
	r.Args = period
	switch view {
	case "st":
		return h.Status(r)
	case "ms":
		return h.Missing(r)
	case "sm":
		return h.Summary(r)
	case "ch":
		return h.Chart(r)
	case "xl":
		return h.sendExport(r, formatXLSX, period)
	case "dx":
		return h.sendExport(r, formatDOCX, period)
	case "zp":
		return h.exportFiles(r, period)
	}
	return r.Tell("error.stale_button", nil)
}

// userName names a user for the officer: their Telegram name, else their id.
func userName(r *bot.Request, u domain.User) string {
	if u.Name != "" {
		return u.Name
	}
	return r.T("officer.user_id", map[string]any{"ID": u.ID})
}
