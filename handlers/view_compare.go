package handlers

import (
	"errors"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/export"
)

// earlier is a school's answers in an earlier period, shown beside the current ones.
type earlier struct {
	Name    string // short period name: "6 tháng 2026", "Cả năm 2025"
	Answers map[string]domain.Answer
}

// comparedPeriods returns the periods p is compared with: the six-month report of the
// same year for an annual report, then the same period of the previous year. Periods the
// schedule does not know are left out.
func (h *Handlers) comparedPeriods(p domain.Period) []domain.Period {
	var out []domain.Period
	for _, id := range export.ComparedIDs(p) {
		if q, ok := h.Periods.Find(id, h.Loc); ok {
			out = append(out, q)
		}
	}
	return out
}

// schoolEarlier loads the school's submissions of the compared periods it sent.
func (h *Handlers) schoolEarlier(r *bot.Request, p domain.Period, code string) ([]earlier, error) {
	var out []earlier
	for _, q := range h.comparedPeriods(p) {
		sub, err := h.Officer.Submission(r.Context(), q.ID, code)
		if errors.Is(err, domain.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, earlier{Name: periodShort(r, q), Answers: sub.Answers})
	}
	return out, nil
}

// earlierNames lists the compared periods' names for the view's legend.
func earlierNames(es []earlier) string {
	names := make([]string, len(es))
	for i, e := range es {
		names[i] = e.Name
	}
	return strings.Join(names, "; ")
}

// earlierValues is the earlier answers to one question, "6 tháng 2026: 5; Cả năm 2025: 12",
// for numbers, yes/no and choices (texts and files are not compared); "" when none.
func earlierValues(r *bot.Request, qn *domain.Question, es []earlier) string {
	switch qn.Type {
	case domain.TypeText, domain.TypeFile:
		return ""
	}
	var parts []string
	for _, e := range es {
		a, ok := e.Answers[qn.ID]
		if !ok || a.Skipped {
			continue
		}
		parts = append(parts, r.T("officer.view.prev_item", map[string]any{"Period": e.Name,
			"Value": domain.FormatAnswer(qn, a, r.Lang(), plainT(r))}))
	}
	return strings.Join(parts, "; ")
}
