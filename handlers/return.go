package handlers

import (
	"cmp"
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/locales"
)

// ReturnStore is what returning a report for correction reads and writes.
type ReturnStore interface {
	ReturnReport(ctx context.Context, r domain.ReturnRequest) (domain.Return, error)
	Returns(ctx context.Context, period, school string) ([]domain.Return, error)
	OpenReturns(ctx context.Context, period string) (map[string]domain.Return, error)
}

// flowReturn is the conversation of the /view button "return for correction": the
// officer's next text is the reason.
const flowReturn = "return"

// Return sends a school's submitted report back for correction:
// "/return SCHOOLCODE [period] reason", the reason told to the school verbatim; a reason
// that starts "câu 3, 5: …" names the questions as /view numbers them.
func (h *Handlers) Return(r *bot.Request) error {
	code, rest, _ := strings.Cut(strings.TrimSpace(r.Args), " ")
	if code == "" {
		return r.Tell("return.usage", nil)
	}
	periodArg := ""
	if tok, more, _ := strings.Cut(strings.TrimSpace(rest), " "); strings.ContainsAny(tok, "0123456789") {
		if _, ok := h.Periods.Find(tok, h.Loc); ok {
			periodArg, rest = tok, more
		}
	}
	if strings.TrimSpace(rest) == "" {
		return r.Tell("return.usage", nil)
	}
	r.Args = code + " " + periodArg
	sc, p, err := h.schoolArgs(r, "return.usage")
	if err != nil {
		return err
	}
	return h.returnReport(r, sc, p, rest)
}

// ReturnButton is the /view button "return for correction" ("rb:<period>:<school>"): it
// asks for the reason, which the officer's next message gives.
func (h *Handlers) ReturnButton(r *bot.Request) error {
	period, code, _ := strings.Cut(r.Data, ":")
	sc, err := h.Officer.School(r.Context(), code)
	if err != nil {
		return r.Tell("error.stale_button", nil)
	}
	f := domain.ChatFlow{Name: flowReturn, Data: map[string]string{"p": period, "s": code}, Updated: h.Now()}
	if err := h.Reports.SetChatFlow(r.Context(), r.ChatID, f); err != nil {
		return err
	}
	_, err = r.Reply("return.ask_reason", map[string]any{"School": sc.Name, "ID": period})
	return err
}

// ReturnReason takes the officer's reason after ReturnButton.
func (h *Handlers) ReturnReason(r *bot.Request) error {
	text := strings.TrimSpace(r.Text())
	if text == "" || strings.HasPrefix(text, "/") {
		return r.Tell("return.ask_reason_again", nil)
	}
	sc, err := h.Officer.School(r.Context(), r.Flow.Data["s"])
	if err != nil {
		return err
	}
	p, err := h.period(r.Flow.Data["p"])
	if err != nil {
		return err
	}
	if err := h.Reports.ClearChatFlow(r.Context(), r.ChatID); err != nil {
		return err
	}
	return h.returnReport(r, sc, p, text)
}

// returnReport is the use case: check the reason and the questions it names, store the
// return (with the reopening and the audit entry), tell the officer and the school.
func (h *Handlers) returnReport(r *bot.Request, sc domain.School, p domain.Period, text string) error {
	ctx := r.Context()
	numbers, reason, ok := domain.ParseReturnReason(text)
	if !ok {
		return r.Tell("return.usage", nil)
	}
	sub, err := h.Officer.Submission(ctx, p.ID, sc.Code)
	if errors.Is(err, domain.ErrNotFound) {
		return r.Tell("return.not_submitted", map[string]any{"School": sc.Name, "ID": p.ID})
	}
	if err != nil {
		return err
	}
	if _, err := h.Reports.PinPeriod(ctx, p, h.Questionnaire); err != nil {
		return err
	}
	pinned, err := h.pinnedVersion(ctx, p)
	if err != nil {
		return err
	}
	q, err := officerQuestionnaires{h}.QuestionnaireFor(ctx, cmp.Or(sub.Questionnaire, pinned))
	if err != nil {
		return err
	}
	v := q.ViewFor(sc.Level, p) // numbered as /view numbers them
	asked := v.Asked(sub.Answers)
	var ids, labels []string
	for _, n := range numbers {
		if n > len(asked) {
			return r.Tell("return.bad_item", map[string]any{"N": n, "Total": len(asked)})
		}
		ids = append(ids, asked[n-1].ID)
		labels = append(labels, strconv.Itoa(n)+". "+v.Label(asked[n-1], r.Lang()))
	}
	ret, err := h.Returns.ReturnReport(ctx, domain.ReturnRequest{
		Return: domain.Return{ID: domain.ReturnID(p.ID, sc.Code, "u"+strconv.FormatInt(r.UpdateID, 10)),
			Period: p.ID, School: sc.Code, Reason: reason, Questions: ids, By: r.Actor.UserID, ByName: r.Actor.Name,
			At: h.Now(), Of: sub.Revision},
		Audit: domain.AuditEntry{UserID: r.Actor.UserID, Name: r.Actor.Name},
	})
	if err != nil {
		return err
	}
	told := h.tellReturned(r, sc, p, ret, q)
	_, err = r.Reply("return.done", map[string]any{"School": sc.Name, "Title": periodTitle(r, p), "Reason": ret.Reason,
		"Questions": strings.Join(labels, "; "), "Told": told})
	return err
}

// tellReturned sends the school's reporters the reason, verbatim, with a button that
// opens the report, and returns how many were told.
func (h *Handlers) tellReturned(r *bot.Request, sc domain.School, p domain.Period, ret domain.Return, q *domain.Questionnaire) int {
	users, err := h.Reports.Reporters(r.Context(), sc.Code)
	if err != nil {
		r.Log.Warn().Err(err).Msg("list reporters to tell of a return")
		return 0
	}
	told := 0
	for _, u := range users {
		lang := locales.Lang(u.Lang, u.TgLang)
		text := r.Bot().T(lang, "return.notify", map[string]any{"Period": h.periodNameIn(r, lang, p), "School": sc.Name,
			"Reason": ret.Reason, "Questions": questionLabels(q, ret.Questions, lang)})
		kb := bot.Keyboard(bot.Row(bot.Button{Text: r.Bot().T(lang, "return.btn.open", nil), Data: "rt:" + p.ID}))
		if _, err := r.Bot().SendHTML(r.Context(), u.ID, text, kb); err != nil {
			r.Log.Warn().Err(err).Int64("to", u.ID).Msg("tell reporter of a return")
			continue
		}
		told++
	}
	return told
}

// questionLabels names questions by id in lang, joined for a message.
func questionLabels(q *domain.Questionnaire, ids []string, lang string) string {
	var out []string
	for _, id := range ids {
		if qn, ok := q.Question(id); ok {
			out = append(out, qn.Label.In(lang))
		}
	}
	return strings.Join(out, "; ")
}

// ReturnOpen is the reporter's button under a return ("rt:<period>"): it opens the
// school's report for that period, on the questions the officer named.
func (h *Handlers) ReturnOpen(r *bot.Request) error {
	if r.Actor.School == "" {
		return r.Tell("error.stale_button", nil)
	}
	sc, err := h.reportSchool(r)
	if err != nil {
		return err
	}
	return h.startReport(r, sc, r.Data)
}

// openReturn returns the school's open return for a period, if any.
func (h *Handlers) openReturn(ctx context.Context, period, school string) (domain.Return, bool, error) {
	if h.Returns == nil {
		return domain.Return{}, false, nil
	}
	open, err := h.Returns.OpenReturns(ctx, period)
	if err != nil {
		return domain.Return{}, false, err
	}
	ret, ok := open[school]
	return ret, ok, nil
}
