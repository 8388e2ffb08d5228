package handlers

import (
	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
)

// Back returns to the previous question of the report (/back).
func (h *Handlers) Back(r *bot.Request) error { return h.reportEvent(r, evBack) }

// Skip passes an optional question of the report (/skip).
func (h *Handlers) Skip(r *bot.Request) error { return h.reportEvent(r, evSkip) }

// Cancel leaves the conversation the chat is in (/cancel). A report's draft is kept, every
// answer given so far included.
func (h *Handlers) Cancel(r *bot.Request) error {
	switch r.Flow.Name {
	case "":
		return r.Tell("cancel.nothing", nil)
	case reportFlow:
		if err := h.Reports.ClearChatFlow(r.Context(), r.ChatID); err != nil {
			return err
		}
		_, err := r.Reply("report.cancelled", nil)
		return err
	}
	if err := h.Reports.ClearChatFlow(r.Context(), r.ChatID); err != nil {
		return err
	}
	_, err := r.Reply("cancel.done", nil)
	return err
}

// back asks the question before the current one (before the review: the last one), showing
// its answer so it can be kept or changed.
func (h *Handlers) back(c *convo, _ string) error {
	cur := c.flow.Data["q"]
	if c.flow.Step == stepReview {
		cur = ""
	}
	prev, ok := c.v.Prev(c.draft.Answers, cur)
	if !ok {
		return c.r.Tell("report.no_back", nil)
	}
	return h.ask(c, prev, "")
}

// skip passes the current question if it is optional; a required one is refused.
func (h *Handlers) skip(c *convo, _ string) error {
	qn := c.current()
	if qn == nil {
		return h.resume(c, "")
	}
	if qn.Required {
		return c.r.Tell("report.skip_required", nil)
	}
	return h.apply(c, qn, domain.Answer{Skipped: true})
}
