package handlers

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/scheduler"
)

// Reminders builds and queues reminders; *scheduler.Scheduler implements it.
type Reminders interface {
	Manual(ctx context.Context, p domain.Period, stage string, now time.Time) (scheduler.Input, []scheduler.Reminder, error)
	Queue(ctx context.Context, in scheduler.Input, rs []scheduler.Reminder, batch string) (int, error)
	Wake()
}

var _ Reminders = (*scheduler.Scheduler)(nil)

// Remind shows an officer how many schools, people and groups "/remind [period]" would
// remind now, with a button that sends the reminders through the outbox.
func (h *Handlers) Remind(r *bot.Request) error {
	p, err := h.periodArg(r)
	if err != nil {
		return err
	}
	n := h.Now().Unix()
	_, rs, err := h.Reminders.Manual(r.Context(), p, "manual-"+strconv.FormatInt(n, 10), h.Now())
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		return r.Tell("remind.nothing", map[string]any{"Period": scheduler.PeriodTitle(r.Bot(), r.Lang(), p)})
	}
	schools, people, groups := map[string]bool{}, 0, 0
	for _, rm := range rs {
		if rm.Kind == scheduler.KindGroup {
			groups++
			for _, c := range rm.Missing {
				schools[c] = true
			}
		} else {
			people++
			schools[rm.School] = true
		}
	}
	_, err = r.Reply("remind.preview", map[string]any{
		"Period": scheduler.PeriodTitle(r.Bot(), r.Lang(), p), "Schools": len(schools), "People": people, "Groups": groups,
	}, bot.Keyboard(bot.Row(
		bot.Button{Text: r.T("remind.button.send", nil), Data: "rm:" + p.ID + ":" + strconv.FormatInt(n, 10)},
		bot.Button{Text: r.T("remind.button.cancel", nil), Data: "rm:no"},
	)))
	return err
}

// periodArg is the period named after the command, or the default one.
func (h *Handlers) periodArg(r *bot.Request) (domain.Period, error) {
	if r.Args == "" {
		if p, ok := h.Deps.Periods.Default(h.Now(), h.Loc); ok {
			return p, nil
		}
		return domain.Period{}, r.Tell("periods.none", nil)
	}
	p, ok := h.Deps.Periods.Find(r.Args, h.Loc)
	if !ok {
		return domain.Period{}, r.Tell("remind.unknown_period", map[string]any{"ID": r.Args})
	}
	return p, nil
}

// RemindConfirm handles the buttons under a /remind preview: "rm:<period>:<n>" queues the
// reminders with ids "<period>:manual-<n>:<recipient>", so a second press sends nothing
// twice; "rm:no" cancels.
func (h *Handlers) RemindConfirm(r *bot.Request) error {
	msgID := r.Callback.Message.MessageID
	i := strings.LastIndex(r.Data, ":")
	if r.Data == "no" || i < 0 {
		return r.Edit(msgID, r.T("remind.cancelled", nil))
	}
	p, ok := h.Deps.Periods.Find(r.Data[:i], h.Loc)
	if !ok {
		return r.Tell("error.stale_button", nil)
	}
	stage := "manual-" + r.Data[i+1:]
	in, rs, err := h.Reminders.Manual(r.Context(), p, stage, h.Now())
	if err != nil {
		return err
	}
	batch := p.ID + ":" + stage
	if _, err := h.Reminders.Queue(r.Context(), in, rs, batch); err != nil {
		return err
	}
	h.Reminders.Wake()
	return r.Edit(msgID, r.T("remind.queued", map[string]any{"Count": len(rs)}), statusButton(r, batch))
}

// DeliveryStatus answers the "ob:<batch>" button: how many messages of a broadcast were
// delivered, refused, are unknown or still waiting.
func (h *Handlers) DeliveryStatus(r *bot.Request) error {
	counts, err := h.Broadcasts.OutboxCounts(r.Context(), r.Data)
	if err != nil {
		return err
	}
	text := r.T("outbox.status", map[string]any{
		"Sent": counts[domain.OutboxSent], "Failed": counts[domain.OutboxFailed], "Unknown": counts[domain.OutboxUnknown],
		"Waiting": counts[domain.OutboxQueued] + counts[domain.OutboxSending],
	})
	return r.Edit(r.Callback.Message.MessageID, text, statusButton(r, r.Data))
}

func statusButton(r *bot.Request, batch string) bot.Opt {
	return bot.Keyboard(bot.Row(bot.Button{Text: r.T("outbox.button.status", nil), Data: "ob:" + batch}))
}
