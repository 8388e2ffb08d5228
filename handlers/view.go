package handlers

import (
	"cmp"
	"errors"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
)

// schoolArgs reads "SCHOOLCODE [period]" and loads the school.
func (h *Handlers) schoolArgs(r *bot.Request, usage string) (domain.School, domain.Period, error) {
	f := strings.Fields(r.Args)
	if len(f) == 0 || len(f) > 2 {
		return domain.School{}, domain.Period{}, r.Tell(usage, nil)
	}
	code, err := domain.NormalizeSchoolCode(f[0])
	if err != nil {
		return domain.School{}, domain.Period{}, r.Tell("officer.unknown_school", map[string]any{"Code": f[0]})
	}
	sc, err := h.Officer.School(r.Context(), code)
	if errors.Is(err, domain.ErrNotFound) {
		return domain.School{}, domain.Period{}, r.Tell("officer.unknown_school", map[string]any{"Code": code})
	}
	if err != nil {
		return domain.School{}, domain.Period{}, err
	}
	p, err := h.period(strings.Join(f[1:], " "))
	return sc, p, err
}

// View shows a school's submitted answers with the questions' labels, then re-sends the
// files it attached: "/view SCHOOLCODE [period]".
func (h *Handlers) View(r *bot.Request) error {
	sc, p, err := h.schoolArgs(r, "officer.view.usage")
	if err != nil {
		return err
	}
	sub, err := h.Officer.Submission(r.Context(), p.ID, sc.Code)
	if errors.Is(err, domain.ErrNotFound) {
		return h.viewNotSent(r, sc, p)
	}
	if err != nil {
		return err
	}
	pinned, err := h.pinnedVersion(r.Context(), p)
	if err != nil {
		return err
	}
	q, err := officerQuestionnaires{h}.QuestionnaireFor(r.Context(), cmp.Or(sub.Questionnaire, pinned))
	if err != nil {
		return err
	}
	var b strings.Builder
	line := func(s string) { b.WriteString(s); b.WriteByte('\n') }
	late := ""
	if sub.Late {
		late = r.T("officer.view.late", nil)
	}
	line(r.T("officer.view.title", map[string]any{"School": sc.Name, "Code": sc.Code, "Title": periodTitle(r, p), "ID": p.ID}))
	line(r.T("officer.view.meta", map[string]any{"At": h.clock(r, sub.SubmittedAt), "By": sub.SubmitterName,
		"Late": bot.HTML(late), "Revisions": max(sub.Revision, 1)}))
	ret, returned, err := h.openReturn(r.Context(), p.ID, sc.Code)
	if err != nil {
		return err
	}
	if returned {
		line(r.T("officer.view.returned", map[string]any{"At": h.clock(r, ret.At), "By": ret.ByName, "Reason": ret.Reason}))
	}
	earlier, err := h.schoolEarlier(r, p, sc.Code)
	if err != nil {
		return err
	}
	if len(earlier) > 0 {
		line(r.T("officer.view.compare", map[string]any{"Periods": earlierNames(earlier)}))
	}
	tr := plainT(r)
	v := q.ViewFor(sc.Level, p)
	var files []*domain.Question
	section := ""
	for i, qn := range v.Asked(sub.Answers) {
		a, ok := sub.Answers[qn.ID]
		if !ok {
			continue
		}
		if s := q.SectionOf(qn.ID); s != nil && s.ID != section {
			section = s.ID
			line("\n" + r.T("officer.view.section", map[string]any{"Title": v.Text(s.Title, r.Lang())}))
		}
		label := v.Label(qn, r.Lang())
		line(r.T("officer.view.answer", map[string]any{"N": i + 1, "Label": label, "Q": isQuestion(label),
			"Value": domain.FormatAnswer(qn, a, r.Lang(), tr), "Prev": earlierValues(r, qn, earlier)}))
		if a.Note != "" {
			line(r.T("officer.view.note", map[string]any{"Note": a.Note}))
		}
		if qn.Type == domain.TypeFile && len(a.AllFiles()) > 0 && !a.Skipped {
			files = append(files, qn)
		}
	}
	reporters, err := h.Officer.AllReporters(r.Context())
	if err != nil {
		return err
	}
	b.WriteByte('\n')
	line(r.T("officer.view.contacts", nil))
	contactLines(r, sc, reporters[sc.Code], func(id string, data map[string]any) { line(r.T(id, data)) })
	var kb []bot.Opt
	if !returned {
		kb = append(kb, bot.Keyboard(bot.Row(bot.Button{Text: r.T("return.btn.view", nil), Data: "rb:" + p.ID + ":" + sc.Code})))
	}
	if _, err := r.ReplyHTML(strings.TrimRight(b.String(), "\n"), kb...); err != nil {
		return err
	}
	for _, qn := range files {
		if err := sendFiles(r, sc.Name+" — "+v.Label(qn, r.Lang()), sub.Answers[qn.ID].AllFiles()); err != nil {
			return err
		}
	}
	return nil
}

// viewNotSent answers /view for a school that has not sent: that, and how to reach it.
func (h *Handlers) viewNotSent(r *bot.Request, sc domain.School, p domain.Period) error {
	reporters, err := h.Officer.AllReporters(r.Context())
	if err != nil {
		return err
	}
	lines := []string{r.T("officer.view.not_submitted", map[string]any{"School": sc.Name, "Code": sc.Code, "ID": p.ID}), "", r.T("officer.view.contacts", nil)}
	contactLines(r, sc, reporters[sc.Code], func(id string, data map[string]any) { lines = append(lines, r.T(id, data)) })
	_, err = r.ReplyHTML(strings.Join(lines, "\n"))
	return err
}

// History lists the sent versions of a school's report, who sent each, when, and which
// answers changed: "/history SCHOOLCODE [period]".
func (h *Handlers) History(r *bot.Request) error {
	sc, p, err := h.schoolArgs(r, "officer.history.usage")
	if err != nil {
		return err
	}
	var revs []domain.Revision
	if h.Revisions != nil {
		if revs, err = h.Revisions.Revisions(r.Context(), p.ID, sc.Code); err != nil {
			return err
		}
	}
	var rets []domain.Return
	if h.Returns != nil {
		if rets, err = h.Returns.Returns(r.Context(), p.ID, sc.Code); err != nil {
			return err
		}
	}
	if len(revs) == 0 {
		return r.Tell("officer.history.none", map[string]any{"School": sc.Name, "Code": sc.Code, "ID": p.ID})
	}
	pinned, err := h.pinnedVersion(r.Context(), p)
	if err != nil {
		return err
	}
	q, err := officerQuestionnaires{h}.QuestionnaireFor(r.Context(), pinned)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(r.T("officer.history.title", map[string]any{"School": sc.Name, "Code": sc.Code, "ID": p.ID, "Count": len(revs)}))
	for _, rev := range revs {
		for len(rets) > 0 && rets[0].Of < rev.Revision { // a return comes after the revision it returned
			b.WriteString("\n\n" + h.returnLine(r, rets[0]))
			rets = rets[1:]
		}
		var changed []string
		for _, id := range rev.Changed {
			if qn, ok := q.Question(id); ok {
				changed = append(changed, qn.Label.In(r.Lang()))
			} else {
				changed = append(changed, id)
			}
		}
		id := "officer.history.item"
		if rev.Revision <= 1 {
			id = "officer.history.first"
		}
		b.WriteString("\n\n" + r.T(id, map[string]any{"N": rev.Revision, "At": h.clock(r, rev.At), "By": rev.ByName,
			"Changed": strings.Join(changed, "; "), "Count": len(changed)}))
	}
	for _, ret := range rets {
		b.WriteString("\n\n" + h.returnLine(r, ret))
	}
	_, err = r.ReplyHTML(b.String())
	return err
}

// returnLine is a return for correction in /history.
func (h *Handlers) returnLine(r *bot.Request, ret domain.Return) string {
	return r.T("officer.history.returned", map[string]any{"At": h.clock(r, ret.At), "By": h.personName(r, ret.ByName),
		"Reason": ret.Reason, "Done": !ret.Open(), "Rev": ret.DoneBy})
}
