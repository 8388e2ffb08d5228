package handlers

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Steps of the report conversation (ChatFlow.Step).
const (
	stepPeriod   = "period"   // choosing which open period to enter
	stepTakeover = "takeover" // confirming to continue a draft the other reporter is entering
	stepAsk      = "ask"      // a question is asked (Data["q"])
	stepReview   = "review"   // the review with submit and edit buttons is shown
	stepHide     = "hide"     // confirming a change that drops the answers it hides
	stepApprox   = "approx"   // confirming a hedged number ("khoảng 20"): Data["pv"]
	stepWarn     = "warn"     // a check warned: confirm, explain (typed) or correct Data["q"]
)

// transient are the flow data keys that belong to one step only; setStep drops them.
var transient = []string{"pq", "pv", "fc", "ck"}

// Events besides the button actions, which are named by their callback action code.
const (
	evText = "text" // a typed message
	evFile = "file" // a photo or a document
	evBack = "bk"   // /back or the back button
	evSkip = "sk"   // /skip or the skip button
)

// reportAction is what an event does in a step. arg is the button's argument (an option
// id, a question id, a period id) or "".
type reportAction func(h *Handlers, c *convo, arg string) error

// reportTable is the conversation: for each step, the events it takes and what they do.
// An event missing from a step's row is out of place: a press is answered as stale, a
// command or message gets a short hint.
var reportTable = map[string]map[string]reportAction{
	stepPeriod:   {"p": (*Handlers).choosePeriod, evText: useButtons, evFile: useButtons},
	stepTakeover: {"to": (*Handlers).takeOver, "tn": (*Handlers).leaveDraft, evText: useButtons, evFile: useButtons},
	stepAsk: {
		evText: (*Handlers).answerText, evFile: (*Handlers).answerFile,
		"y": (*Handlers).answerYes, "n": (*Handlers).answerNo, "c": (*Handlers).answerChoice,
		evSkip: (*Handlers).skip, evBack: (*Handlers).back, "kp": (*Handlers).keep,
		"h1": (*Handlers).keepFirstHalf, "fd": (*Handlers).filesDone, "e": (*Handlers).editQuestion,
		"rv": (*Handlers).toReview,
	},
	stepApprox: {"ay": (*Handlers).confirmApprox, evText: (*Handlers).answerText, evBack: (*Handlers).back, evFile: useButtons},
	stepWarn: {"wc": (*Handlers).confirmWarning, "we": (*Handlers).correctWarning, evText: (*Handlers).explainWarning,
		evBack: (*Handlers).back, evFile: useButtons},
	stepReview: {"sub": (*Handlers).submit, "e": (*Handlers).edit, evBack: (*Handlers).back, evText: useButtons, evFile: useButtons},
	stepHide:   {"hy": (*Handlers).confirmHide, "hn": (*Handlers).keepOld, evBack: (*Handlers).back, evText: useButtons, evFile: useButtons},
}

// convo is one report conversation being handled: the request, the chat's flow, the school,
// the period with the questionnaire it pinned, the school's view of it, and the draft as
// stored.
type convo struct {
	r      *bot.Request
	flow   domain.ChatFlow
	school domain.School
	period domain.Period
	q      *domain.Questionnaire
	v      domain.View // q as the school's level sees it in the period, hints with its dates
	draft  domain.Draft
	// previous and firstHalf are the school's answers in the period a change check compares
	// with and, for an annual report, in the six-month report of the year; read once, nil
	// when there are none (see earlier.go).
	previous, firstHalf map[string]domain.Answer
	loaded              map[string]bool
	// pending is the draft change not yet written: setStep writes it with the next step.
	pending *domain.DraftChange
}

// current is the question being asked, or nil.
func (c *convo) current() *domain.Question {
	qn, _ := c.q.Question(c.flow.Data["q"])
	return qn
}

// ReportButton handles a press on a report button: "rp:<token>:<action>[:<arg>]". A press
// whose token is not the chat's current one (an old message, a second quick press) is
// answered "câu hỏi này đã qua" and changes nothing.
func (h *Handlers) ReportButton(r *bot.Request) error {
	parts := strings.SplitN(r.Data, ":", 3)
	if len(parts) < 2 || r.Flow.Name != reportFlow || parts[0] != r.Flow.Data["t"] {
		return r.Answer("report.stale", nil)
	}
	arg := ""
	if len(parts) == 3 {
		arg = parts[2]
	}
	act := reportTable[r.Flow.Step][parts[1]]
	if act == nil {
		return r.Answer("report.stale", nil)
	}
	c, err := h.loadConvo(r)
	if err != nil {
		return err
	}
	if replayed(r) {
		return r.Answer("report.stale", nil)
	}
	h.dropKeyboard(r)
	if err := act(h, c, arg); err != nil {
		return err
	}
	return h.flush(c)
}

// ReportInput handles what a reporter types or sends while in the report conversation.
func (h *Handlers) ReportInput(r *bot.Request) error {
	ev := evText
	if m := r.Message; m != nil && (m.Document != nil || len(m.Photo) > 0) {
		ev = evFile
	}
	return h.reportEvent(r, ev)
}

// reportEvent runs a command-like event (/back, /skip, typed text) in the chat's step.
func (h *Handlers) reportEvent(r *bot.Request, ev string) error {
	if r.Flow.Name != reportFlow {
		return r.Tell("report.not_in_report", nil)
	}
	act := reportTable[r.Flow.Step][ev]
	if act == nil {
		return r.Tell("report.not_now", nil)
	}
	c, err := h.loadConvo(r)
	if err != nil {
		return err
	}
	if replayed(r) {
		return h.reshow(c)
	}
	if err := act(h, c, ""); err != nil {
		return err
	}
	return h.flush(c)
}

// loadConvo reads the conversation's school, period, questionnaire and draft.
func (h *Handlers) loadConvo(r *bot.Request) (*convo, error) {
	c := &convo{r: r, flow: r.Flow}
	if c.flow.Data == nil {
		c.flow.Data = map[string]string{}
	}
	code := c.flow.Data["s"]
	sc, err := h.Reports.School(r.Context(), code)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		sc = domain.School{Code: code, Name: code}
	case err != nil:
		return nil, err
	}
	c.school = sc
	if err := h.stillReporter(r, sc); err != nil {
		return nil, err
	}
	if id := c.flow.Data["p"]; id != "" {
		if err := h.loadPeriod(c, id); err != nil {
			return nil, err
		}
		if c.draft, err = h.Reports.Draft(r.Context(), id, code); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// stillReporter re-checks, at every step, that the user may still enter the school's report:
// linked to it now (or an officer), and the school active. A conversation left by someone
// who was moved, unlinked or whose school was deactivated ends with a message saying why.
func (h *Handlers) stillReporter(r *bot.Request, sc domain.School) error {
	msg := ""
	switch {
	case r.Actor.IsOfficer():
		return nil
	case r.Actor.School != sc.Code:
		msg = "report.flow_not_yours"
	case !sc.Active:
		msg = "report.flow_school_inactive"
	default:
		return nil
	}
	if err := h.Reports.ClearChatFlow(r.Context(), r.ChatID); err != nil {
		return err
	}
	return r.Tell(msg, map[string]any{"School": sc.Name})
}

// setStep stores the conversation's new step with a fresh token, which the buttons of the
// message about to be sent carry, together with the pending answers and the id of the update
// handled: one unit, written before the message goes out, so "recorded" is never said of an
// answer not stored. If the send then fails, or the process dies before the update is marked
// handled, the update comes again, is recognised (see replayed) and the chat is shown the
// step it stands at.
func (h *Handlers) setStep(c *convo, step, tok string, data map[string]string) error {
	c.flow.Name, c.flow.Step = reportFlow, step
	c.flow.Data["t"] = tok
	for _, k := range transient {
		delete(c.flow.Data, k)
	}
	for k, v := range data {
		c.flow.Data[k] = v
	}
	flow := c.flow
	err := h.Reports.SaveStep(c.r.Context(), domain.Step{Draft: c.pending,
		Flow: domain.FlowChange{ChatID: c.r.ChatID, Flow: &flow, UpdateID: c.r.UpdateID}})
	if err == nil {
		c.pending = nil
	}
	return err
}

// flush writes answers a step took without moving the conversation (none today: every
// path ends in setStep or a submission), so no answer is ever dropped silently.
func (h *Handlers) flush(c *convo) error {
	if c.pending == nil {
		return nil
	}
	p := c.pending
	c.pending = nil
	return h.Reports.SaveStep(c.r.Context(), domain.Step{Draft: p, Flow: domain.FlowChange{ChatID: c.r.ChatID, Flow: &c.flow, UpdateID: c.r.UpdateID}})
}

// replayed reports whether the update was applied already: the stored step names an update
// at least as new. Telegram or the inbox may deliver an update again after a crash; it is
// not applied twice, and the chat is shown where it stands instead.
func replayed(r *bot.Request) bool {
	return r.Flow.Update != 0 && r.UpdateID != 0 && r.UpdateID <= r.Flow.Update
}

// reshow sends the step the conversation stands at again: the current question or the
// review.
func (h *Handlers) reshow(c *convo) error {
	if c.flow.Step == stepAsk {
		if qn := c.current(); qn != nil {
			c.flow.Data["sec"] = ""
			return h.ask(c, qn, "")
		}
	}
	switch c.flow.Step {
	case stepReview:
		c.flow.Data["es"] = ""
		return h.review(c, "")
	case stepWarn:
		return h.rewarn(c)
	}
	return h.resume(c, "")
}

// cb builds a report button's callback data; ids only, well under 64 bytes.
func cb(tok, action, arg string) string {
	if arg == "" {
		return "rp:" + tok + ":" + action
	}
	return "rp:" + tok + ":" + action + ":" + arg
}

// newToken returns a random token naming one state of a conversation.
func newToken() string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// dropKeyboard removes the buttons of the message just pressed, so the chat shows what is
// current. Failing to is harmless: old buttons are refused by their token anyway.
func (h *Handlers) dropKeyboard(r *bot.Request) {
	if r.Callback == nil || r.Callback.Message == nil {
		return
	}
	e := tgbotapi.NewEditMessageReplyMarkup(r.ChatID, r.Callback.Message.MessageID,
		tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{}})
	if _, err := r.Bot().Out().Request(r.Context(), e); err != nil && !bot.IsNotModified(err) {
		r.Log.Debug().Err(err).Msg("drop keyboard")
	}
}

// useButtons answers a message where the conversation waits for a button press.
func useButtons(_ *Handlers, c *convo, _ string) error { return c.r.Tell("report.use_buttons", nil) }

// choosePeriod starts the report of the period picked with a button.
func (h *Handlers) choosePeriod(c *convo, periodID string) error {
	return h.startReport(c.r, c.school, periodID)
}

// takeOver continues a draft the other reporter was entering.
func (h *Handlers) takeOver(c *convo, _ string) error {
	return h.resume(c, c.r.T("report.took_over", map[string]any{"Name": h.personName(c.r, c.draft.EditorName)})+"\n\n")
}

// leaveDraft leaves the draft to the other reporter.
func (h *Handlers) leaveDraft(c *convo, _ string) error {
	if err := h.Reports.ClearChatFlow(c.r.Context(), c.r.ChatID); err != nil {
		return err
	}
	_, err := c.r.Reply("report.left_to_other", map[string]any{"Name": h.personName(c.r, c.draft.EditorName)})
	return err
}
