package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/scheduler"
)

// ReportStore is what the report conversation, /myreport and /reopen need from storage.
type ReportStore interface {
	School(ctx context.Context, code string) (domain.School, error)
	Reporters(ctx context.Context, school string) ([]domain.User, error)
	ChatFlow(ctx context.Context, chatID int64) (domain.ChatFlow, error)
	SetChatFlow(ctx context.Context, chatID int64, f domain.ChatFlow) error
	ClearChatFlow(ctx context.Context, chatID int64) error
	PinPeriod(ctx context.Context, p domain.Period, q *domain.Questionnaire) (domain.Period, error)
	Questionnaire(ctx context.Context, version string) (*domain.Questionnaire, error)
	Reopen(ctx context.Context, periodID, school string, by int64) error
	EndReopen(ctx context.Context, periodID, school string) error
	Reopened(ctx context.Context, periodID, school string) (bool, error)
	Draft(ctx context.Context, period, school string) (domain.Draft, error)
	OpenDraft(ctx context.Context, d domain.Draft) (domain.Draft, error)
	ChangeAnswers(ctx context.Context, period, school string, set map[string]domain.Answer, drop []string, by int64, byName string) error
	Submission(ctx context.Context, period, school string) (domain.Submission, error)
	SaveStep(ctx context.Context, s domain.Step) error
	Submit(ctx context.Context, r domain.SubmitRequest) (domain.Submission, error)
}

// reportFlow is the ChatFlow name of the report conversation.
const reportFlow = "report"

// takeoverWindow is how recently the other reporter must have answered for /report to ask
// before taking the draft over.
const takeoverWindow = 30 * time.Minute

// Report starts or resumes the school's report: "/report" for the reporter's own school,
// "/report SCHOOLCODE" for an officer entering a report on a school's behalf.
func (h *Handlers) Report(r *bot.Request) error {
	school, err := h.reportSchool(r)
	if err != nil {
		return err
	}
	periods, err := h.reportPeriods(r.Context(), school.Code)
	if err != nil {
		return err
	}
	switch len(periods) {
	case 0:
		return h.noPeriod(r)
	case 1:
		return h.startReport(r, school, periods[0].ID)
	}
	tok := newToken()
	var rows [][]bot.Button
	for _, p := range periods {
		rows = append(rows, bot.Row(bot.Button{Text: scheduler.PeriodTitle(r.Bot(), r.Lang(), p), Data: cb(tok, "p", p.ID)}))
	}
	if _, err := r.Reply("report.choose_period", map[string]any{"School": school.Name}, bot.Keyboard(rows...)); err != nil {
		return err
	}
	return h.Reports.SetChatFlow(r.Context(), r.ChatID, domain.ChatFlow{Name: reportFlow, Step: stepPeriod,
		Data: map[string]string{"s": school.Code, "t": tok}})
}

// reportSchool resolves which school /report is for and checks the actor may enter it.
func (h *Handlers) reportSchool(r *bot.Request) (domain.School, error) {
	return h.reportSchoolArg(r, r.Args)
}

// reportSchoolArg is reportSchool with the school code, if any, in arg.
func (h *Handlers) reportSchoolArg(r *bot.Request, arg string) (domain.School, error) {
	code := r.Actor.School
	if strings.TrimSpace(arg) != "" {
		c, err := domain.NormalizeSchoolCode(strings.Fields(arg)[0])
		switch {
		case err != nil:
			return domain.School{}, r.Tell("report.bad_school_code", map[string]any{"Code": arg})
		case !r.Actor.IsOfficer() && c != r.Actor.School:
			return domain.School{}, r.Tell("report.not_your_school", nil)
		}
		code = c
	}
	if code == "" {
		return domain.School{}, r.Tell("report.officer_usage", nil)
	}
	sc, err := h.Reports.School(r.Context(), code)
	switch {
	case errors.Is(err, domain.ErrNotFound) && code == r.Actor.School:
		return domain.School{Code: code, Name: code, Active: true}, nil
	case errors.Is(err, domain.ErrNotFound):
		return domain.School{}, r.Tell("report.unknown_school", map[string]any{"Code": code})
	case err != nil:
		return domain.School{}, err
	case !sc.Active:
		return domain.School{}, r.Tell("report.school_inactive", map[string]any{"School": sc.Name})
	}
	return sc, nil
}

// reportPeriods lists the periods a school may enter now: those accepting reports and the
// closed ones an officer reopened for it, by deadline.
func (h *Handlers) reportPeriods(ctx context.Context, school string) ([]domain.Period, error) {
	now := h.Now()
	var out []domain.Period
	for _, p := range h.Periods.Around(now, h.Loc) {
		switch p.State(now) {
		case domain.PeriodOpen, domain.PeriodLate:
			out = append(out, p)
		case domain.PeriodClosed:
			if ok, err := h.Reports.Reopened(ctx, p.ID, school); err != nil {
				return nil, err
			} else if ok {
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// noPeriod tells that no period takes reports now, and when the next one opens.
func (h *Handlers) noPeriod(r *bot.Request) error {
	now := h.Now()
	for _, p := range h.Periods.Around(now, h.Loc) {
		if p.State(now) == domain.PeriodUpcoming {
			return r.Tell("report.no_period_next", map[string]any{"Period": h.periodName(r, p), "Date": h.date(r, p.Opens)})
		}
	}
	return r.Tell("report.no_period", nil)
}

// startReport opens (or resumes) the draft of a period and asks before taking it over from
// a reporter who answered within takeoverWindow.
func (h *Handlers) startReport(r *bot.Request, school domain.School, periodID string) error {
	c := &convo{r: r, school: school, flow: domain.ChatFlow{Name: reportFlow, Data: map[string]string{"s": school.Code, "p": periodID}}}
	if err := h.loadPeriod(c, periodID); err != nil {
		return err
	}
	sub, subErr := h.Reports.Submission(r.Context(), periodID, school.Code)
	if subErr != nil && !errors.Is(subErr, domain.ErrNotFound) {
		return subErr
	}
	reopened, err := h.Reports.Reopened(r.Context(), periodID, school.Code)
	if err != nil {
		return err
	}
	state := domain.ReportEditState(c.period, h.Now(), subErr == nil, reopened)
	if msg := lockMessage(state); msg != "" {
		return r.Tell(msg, h.periodData(c, sub))
	}
	d, err := h.Reports.Draft(r.Context(), periodID, school.Code)
	if errors.Is(err, domain.ErrNotFound) {
		d, err = h.Reports.OpenDraft(r.Context(), domain.Draft{Period: periodID, School: school.Code,
			Questionnaire: c.period.Questionnaire, Answers: sub.Answers})
	}
	if err != nil {
		return err
	}
	c.draft = d
	if d.EditedBy != 0 && d.EditedBy != r.Actor.UserID && h.Now().Sub(d.EditedAt) < takeoverWindow {
		tok := newToken()
		kb := bot.Keyboard(bot.Row(bot.Button{Text: r.T("report.btn.takeover", nil), Data: cb(tok, "to", "")},
			bot.Button{Text: r.T("report.btn.leave", nil), Data: cb(tok, "tn", "")}))
		if _, err := r.Reply("report.other_editing", map[string]any{"Name": h.personName(r, d.EditorName), "Time": h.clock(r, d.EditedAt)}, kb); err != nil {
			return err
		}
		c.flow.Step, c.flow.Data["t"] = stepTakeover, tok
		return h.Reports.SetChatFlow(r.Context(), r.ChatID, c.flow)
	}
	return h.resumeReturned(c, h.intro(c, sub, state)) // report_return.go
}

// intro is the first lines of a started report: period and school, until when it may be
// sent (or what a reopening allows), the dates its numbers cover, and where the reporter
// stands.
func (h *Handlers) intro(c *convo, sub domain.Submission, state domain.EditState) string {
	data := h.periodData(c, sub)
	var b strings.Builder
	b.WriteString(c.r.T("report.intro", data))
	b.WriteString("\n" + c.r.T(introState[state], data))
	if cov := c.v.Coverage.Intro(c.r.Lang(), plainT(c.r)); cov != "" {
		b.WriteString("\n" + bot.Escape(cov))
	}
	if len(c.draft.Answers) > 0 && sub.Revision == 0 {
		b.WriteString("\n" + c.r.T("report.intro_resume", nil))
	}
	b.WriteString("\n" + c.r.T("report.intro_commands", nil) + "\n\n")
	return b.String()
}

// introState is the locale id of the intro's line on the deadline, by edit state: only
// states that allow entering a report start one.
var introState = map[domain.EditState]string{
	domain.EditOpen:     "report.intro_open",
	domain.EditLate:     "report.intro_late",
	domain.EditRevise:   "report.intro_revise",
	domain.EditReopened: "report.intro_reopened",
}

// periodData is the template data naming the conversation's period, school and deadline
// (Today when the last on-time day is today), and the school's submission if any.
func (h *Handlers) periodData(c *convo, sub domain.Submission) map[string]any {
	last := c.period.DueAt.Add(-time.Minute)
	d := map[string]any{
		"Period": h.periodName(c.r, c.period), "School": c.school.Name,
		"LastDay": h.date(c.r, last), "Closes": h.date(c.r, c.period.Closes.Add(-time.Minute)),
		"Today": domain.CivilDateOf(last, h.Loc) == domain.CivilDateOf(h.Now(), h.Loc),
	}
	if sub.Revision > 0 {
		d["Revision"], d["Time"] = sub.Revision, h.clock(c.r, sub.SubmittedAt)
	}
	return d
}

// lockMessage is the locale id telling why a report cannot be entered, "" when it can.
func lockMessage(s domain.EditState) string {
	switch s {
	case domain.EditNotYet:
		return "report.not_open"
	case domain.EditLocked:
		return "report.locked"
	case domain.EditClosed:
		return "report.closed"
	}
	return ""
}

// loadPeriod finds the period in the schedule and the questionnaire it pinned (pinning
// the configured one if the period is opened for the first time).
func (h *Handlers) loadPeriod(c *convo, id string) error {
	ctx := c.r.Context()
	p, ok := h.Periods.Find(id, h.Loc)
	if !ok {
		return c.r.Tell("report.unknown_period", map[string]any{"Period": id})
	}
	if v, ok := h.pinned.Load(id); ok {
		p.Questionnaire = v.(string)
	} else {
		stored, err := h.Reports.PinPeriod(ctx, p, h.Questionnaire)
		if err != nil {
			return err
		}
		p.Questionnaire = stored.Questionnaire
		h.pinned.Store(id, p.Questionnaire)
	}
	c.period = p
	var err error
	if c.q, err = h.questionnaire(ctx, p.Questionnaire); err != nil {
		return err
	}
	c.v = c.q.ViewFor(c.school.Level, p)
	return nil
}

// questionnaire returns the questionnaire of a version: the configured one, or one kept
// in storage by a period that pinned it earlier (cached).
func (h *Handlers) questionnaire(ctx context.Context, version string) (*domain.Questionnaire, error) {
	if version == h.Questionnaire.Version() {
		return h.Questionnaire, nil
	}
	if q, ok := h.questionnaires.Load(version); ok {
		return q.(*domain.Questionnaire), nil
	}
	q, err := h.Reports.Questionnaire(ctx, version)
	if err != nil {
		return nil, fmt.Errorf("questionnaire %s: %w", version, err)
	}
	h.questionnaires.Store(version, q)
	return q, nil
}

// periodName names a period for people: "báo cáo 6 tháng năm 2026" or a one-off's title.
func (h *Handlers) periodName(r *bot.Request, p domain.Period) string {
	return h.periodNameIn(r, r.Lang(), p)
}

// periodNameIn names a period in lang, for messages to someone else than the sender.
func (h *Handlers) periodNameIn(r *bot.Request, lang string, p domain.Period) string {
	year, _, _ := strings.Cut(p.ID, "-")
	switch p.Kind {
	case domain.KindH1, domain.KindYear:
		return r.Bot().T(lang, "report.period."+string(p.Kind), map[string]any{"Year": year})
	}
	if t := p.Titles[lang]; t != "" {
		return t
	}
	if t := p.Titles["vi"]; t != "" {
		return t
	}
	return p.ID
}

// date names the district's day of an instant with its weekday, in the request's language:
// "thứ Sáu, 19/6".
func (h *Handlers) date(r *bot.Request, t time.Time) string {
	return scheduler.FormatDay(r.Bot(), r.Lang(), domain.CivilDateOf(t, h.Loc))
}

// clock formats an instant in the district's time zone, in the request's language:
// "10:28 ngày 15/06/2026".
func (h *Handlers) clock(r *bot.Request, t time.Time) string { return h.clockIn(r, r.Lang(), t) }

// clockIn is clock in another language than the request's.
func (h *Handlers) clockIn(r *bot.Request, lang string, t time.Time) string {
	t = t.In(h.Loc)
	return r.Bot().T(lang, "time.at", map[string]any{"Time": t.Format("15:04"), "Date": t.Format("02/01/2006")})
}
