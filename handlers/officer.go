package handlers

import (
	"context"
	"html"
	"strings"
	"sync"
	"time"

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
	Draft(ctx context.Context, period, school string) (domain.Draft, error)
}

// QuestionnaireSource returns the questionnaire of a version that a period pinned or a
// submission follows ("" when unknown).
type QuestionnaireSource interface {
	QuestionnaireFor(ctx context.Context, version string) (*domain.Questionnaire, error)
}

// RevisionStore lists the sent versions of a school's report.
type RevisionStore interface {
	Revisions(ctx context.Context, period, school string) ([]domain.Revision, error)
}

// FallbackQuestionnaires answers every version with the district's default questionnaire.
// It stands in until stored questionnaire versions can be read back (the report
// conversation keeps them); a version it does not know still renders, by question id.
type FallbackQuestionnaires struct {
	once sync.Once
	q    *domain.Questionnaire
}

var _ QuestionnaireSource = (*FallbackQuestionnaires)(nil)

// QuestionnaireFor returns the default questionnaire, whatever the version.
func (f *FallbackQuestionnaires) QuestionnaireFor(context.Context, string) (*domain.Questionnaire, error) {
	f.once.Do(func() { f.q = domain.DefaultQuestionnaire() })
	return f.q, nil
}

// schedule is the reporting calendar, the district's default when none is configured.
func (h *Handlers) schedule() domain.PeriodSchedule {
	if len(h.Schedule.Recurring) == 0 && len(h.Schedule.OneOff) == 0 {
		return domain.DefaultPeriodSchedule()
	}
	return h.Schedule
}

// period reads an optional period argument ("2026-Y"); none means the open or most recent
// period. An unknown id is told to the user.
func (h *Handlers) period(arg string) (domain.Period, error) {
	sch := h.schedule()
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
	if p, ok := h.schedule().Default(h.Now(), h.Loc); ok {
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

// loadRound reads one period's schools, submissions and drafts.
func (h *Handlers) loadRound(ctx context.Context, p domain.Period, lang string, tr domain.Translate) (*export.Round, error) {
	return export.Load(ctx, h.source(), h.Questionnaires, p, h.Loc, lang, tr)
}

// periodTitle names the period in the user's language, e.g. "báo cáo năm 2026".
func periodTitle(r *bot.Request, p domain.Period) string {
	return export.PeriodTitle(p, r.Lang(), plainT(r))
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

// localTime formats an instant for messages as "dd/mm/yyyy hh:mm" in the district's zone.
func (h *Handlers) localTime(t time.Time) string { return t.In(h.Loc).Format("02/01/2006 15:04") }

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
	)
	var nav []bot.Button
	around := h.schedule().Around(h.Now(), h.Loc)
	for i, q := range around {
		if q.ID != p.ID {
			continue
		}
		if i > 0 {
			nav = append(nav, bot.Button{Text: "◀ " + around[i-1].ID, Data: "of:st:" + around[i-1].ID})
		}
		if i+1 < len(around) {
			nav = append(nav, bot.Button{Text: around[i+1].ID + " ▶", Data: "of:st:" + around[i+1].ID})
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
