package handlers

import (
	"errors"

	"github.com/camgiang-edu/reportbot/domain"
)

// previousAnswers returns the school's answers in the same round a year earlier, which
// change checks compare with; nil when it sent none or the round does not recur. Read
// once per update.
func (h *Handlers) previousAnswers(c *convo) (map[string]domain.Answer, error) {
	id, ok := c.period.PreviousID()
	return h.earlierAnswers(c, "prev", id, ok, &c.previous)
}

// firstHalfAnswers returns, in an annual report, the school's answers in the six-month
// report of the same year; nil otherwise.
func (h *Handlers) firstHalfAnswers(c *convo) (map[string]domain.Answer, error) {
	id, ok := c.period.FirstHalfID()
	return h.earlierAnswers(c, "h1", id, ok, &c.firstHalf)
}

func (h *Handlers) earlierAnswers(c *convo, key, periodID string, ok bool, into *map[string]domain.Answer) (map[string]domain.Answer, error) {
	if !ok {
		return nil, nil
	}
	if c.loaded == nil {
		c.loaded = map[string]bool{}
	}
	if !c.loaded[key] {
		sub, err := h.Reports.Submission(c.r.Context(), periodID, c.school.Code)
		if err != nil && !errors.Is(err, domain.ErrNotFound) {
			return nil, err
		}
		*into, c.loaded[key] = sub.Answers, true
	}
	return *into, nil
}

// firstHalfAnswer returns the value the school gave qn in the six-month report of the
// year, for an annual report: without who gave it, when, or a note. Files are not carried
// over (the signed report is a new document).
func (h *Handlers) firstHalfAnswer(c *convo, qn *domain.Question) (domain.Answer, bool, error) {
	if qn.Type == domain.TypeFile {
		return domain.Answer{}, false, nil
	}
	answers, err := h.firstHalfAnswers(c)
	if err != nil {
		return domain.Answer{}, false, err
	}
	a, ok := answers[qn.ID]
	if !ok || a.Skipped {
		return domain.Answer{}, false, nil
	}
	return domain.Answer{Int: a.Int, Bool: a.Bool, Text: a.Text, Choice: a.Choice}, true, nil
}
