package handlers

import (
	"errors"
	"slices"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
)

// MyReport shows the school's latest submission with every answer and re-sends its files
// (/myreport); "/myreport docx" sends the school's written report as a Word file instead.
// An officer may add a school code.
func (h *Handlers) MyReport(r *bot.Request) error {
	args := strings.Fields(r.Args)
	docx := len(args) > 0 && strings.EqualFold(args[0], "docx")
	if docx {
		args = args[1:]
	}
	school, err := h.reportSchoolArg(r, strings.Join(args, " "))
	if err != nil {
		return err
	}
	p, sub, ok, err := h.latestSubmission(r, school)
	switch {
	case err != nil:
		return err
	case !ok:
		return r.Tell("report.myreport_none", map[string]any{"School": school.Name})
	case docx:
		return h.sendSchoolDocx(r, school, p, sub)
	}
	return h.showSubmission(r, school, p, sub)
}

// latestSubmission finds the school's submission of the latest period that has opened.
func (h *Handlers) latestSubmission(r *bot.Request, school domain.School) (domain.Period, domain.Submission, bool, error) {
	now := h.Now()
	periods := h.Periods.Around(now, h.Loc)
	slices.Reverse(periods) // latest deadline first
	for _, p := range periods {
		if p.Opens.After(now) {
			continue
		}
		sub, err := h.Reports.Submission(r.Context(), p.ID, school.Code)
		if errors.Is(err, domain.ErrNotFound) {
			continue
		}
		if err != nil {
			return p, sub, false, err
		}
		return p, sub, true, nil
	}
	return domain.Period{}, domain.Submission{}, false, nil
}

// showSubmission sends a submission's answers and notes, as the questionnaire version it
// followed words them for the school's level, then every file.
func (h *Handlers) showSubmission(r *bot.Request, school domain.School, p domain.Period, sub domain.Submission) error {
	q, err := h.questionnaire(r.Context(), sub.Questionnaire)
	if err != nil {
		return err
	}
	v := q.ViewFor(school.Level, p)
	var b strings.Builder
	b.WriteString(r.T("report.myreport_title", map[string]any{
		"Period": h.periodName(r, p), "School": school.Name, "Time": h.clock(r, sub.SubmittedAt),
		"Name": h.personName(r, sub.SubmitterName), "Officer": sub.ByOfficer, "Revision": sub.Revision, "Late": sub.Late,
	}) + "\n")
	b.WriteString(renderAnswers(r, v, sub.Answers))
	b.WriteString("\n" + r.T("report.myreport_docx_hint", nil))
	if _, err := r.ReplyHTML(b.String()); err != nil {
		return err
	}
	for _, qn := range v.Asked(sub.Answers) {
		if a := sub.Answers[qn.ID]; qn.Type == domain.TypeFile && !a.Skipped {
			if err := sendFiles(r, v.Label(qn, r.Lang()), a.AllFiles()); err != nil {
				return err
			}
		}
	}
	return nil
}
