package handlers

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
)

// Review layout: edit buttons per row, and the visible length (UTF-16 units, tags
// included, so an overestimate) a part may reach before the next section starts a new
// one; a section longer than Telegram allows on its own is cut at line breaks.
const (
	editButtonsPerRow = 3
	reviewPartLimit   = 3500
)

// reviewPart is one message of the review: its HTML and the sections it shows.
type reviewPart struct {
	text     string
	sections []int // indexes into View.Sections
}

// review shows the answers by section, one edit button per section and the submit
// button. It is sent once; after a section was edited from it, it is edited in place
// (its messages' ids are kept in the flow as "rm") and a short notice below says so.
func (h *Handlers) review(c *convo, prefix string) error {
	r := c.r
	sub, err := h.Reports.Submission(r.Context(), c.period.ID, c.school.Code)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	prev, err := h.previousAnswers(c)
	if err != nil {
		return err
	}
	inPlace := c.flow.Data["es"] != "" && c.flow.Data["rt"] != ""
	tok := newToken()
	if inPlace {
		tok = c.flow.Data["rt"] // the review's buttons stay valid
	}
	texts, keyboards := h.reviewMessages(c, sub, prev, tok)
	c.flow.Data["es"] = ""
	if err := h.setStep(c, stepReview, tok, map[string]string{"q": "", "rt": tok}); err != nil {
		return err
	}
	if ids := splitIDs(c.flow.Data["rm"]); inPlace && len(ids) == len(texts) {
		edited := true
		for i, id := range ids {
			if err := r.Edit(id, texts[i], bot.Keyboard(keyboards[i]...)); err != nil {
				r.Log.Debug().Err(err).Msg("edit review in place")
				edited = false
				break
			}
		}
		if edited {
			_, err := r.ReplyHTML(prefix+r.T("report.review_updated", nil), bot.Keyboard(submitRow(r, tok)))
			return err
		}
	}
	var ids []string
	for i, text := range texts {
		if i == 0 {
			text = prefix + text
		}
		m, err := r.ReplyHTML(text, bot.Keyboard(keyboards[i]...))
		if err != nil {
			return err
		}
		ids = append(ids, strconv.Itoa(m.MessageID))
	}
	// Where the review stands, for editing it in place later: written after the send, as
	// only then are the ids known. Lost (a crash right now), the review is sent anew.
	c.flow.Data["rm"] = strings.Join(ids, ",")
	flow := c.flow
	return h.Reports.SaveStep(r.Context(), domain.Step{Flow: domain.FlowChange{ChatID: r.ChatID, Flow: &flow, UpdateID: r.UpdateID}})
}

// reviewMessages renders the review's messages and their keyboards: sections never cut
// between messages unless one alone is too long, the submit button on the last message.
func (h *Handlers) reviewMessages(c *convo, sub domain.Submission, prev map[string]domain.Answer, tok string) ([]string, [][][]bot.Button) {
	r := c.r
	data := h.periodData(c, sub)
	header := r.T("report.review_title", data)
	if intro := c.v.Coverage.Intro(r.Lang(), plainT(r)); intro != "" {
		header += "\n" + bot.Escape(intro)
	}
	warns := map[string][]domain.CheckResult{}
	for _, res := range c.v.Check(c.draft.Answers, prev, "") {
		warns[res.Anchor] = append(warns[res.Anchor], res)
	}
	sections := c.v.Sections()
	parts := []reviewPart{{text: header + "\n"}}
	for i, s := range sections {
		block := renderSection(r, c.v, s, i+1, len(sections), c.draft.Answers, warns)
		last := &parts[len(parts)-1]
		if len(last.sections) > 0 && utf16Len(last.text+block) > reviewPartLimit {
			parts = append(parts, reviewPart{})
			last = &parts[len(parts)-1]
		}
		last.text += block
		last.sections = append(last.sections, i)
	}
	parts[len(parts)-1].text += "\n" + h.reviewFooter(c, sub)
	var texts []string
	var keyboards [][][]bot.Button
	for pi, p := range parts {
		var rows [][]bot.Button
		if pi == len(parts)-1 {
			rows = append(rows, submitRow(r, tok))
		}
		var row []bot.Button
		for _, si := range p.sections {
			row = append(row, bot.Button{Text: r.T("report.btn.edit_section", map[string]any{"N": si + 1}), Data: cb(tok, "e", sections[si].ID)})
			if len(row) == editButtonsPerRow {
				rows, row = append(rows, row), nil
			}
		}
		if len(row) > 0 {
			rows = append(rows, row)
		}
		pieces := bot.SplitText(strings.TrimSpace(p.text), bot.MaxText)
		for i, piece := range pieces {
			texts = append(texts, piece)
			if i == len(pieces)-1 {
				keyboards = append(keyboards, rows)
			} else {
				keyboards = append(keyboards, nil)
			}
		}
	}
	return texts, keyboards
}

// reviewFooter says what the buttons do, and whether the draft differs from what was sent.
func (h *Handlers) reviewFooter(c *convo, sub domain.Submission) string {
	data := h.periodData(c, sub)
	switch {
	case sub.Revision > 0 && len(domain.ChangedAnswers(sub.Answers, c.draft.Answers)) == 0:
		return c.r.T("report.review_unchanged", data)
	case sub.Revision > 0:
		return c.r.T("report.review_revise", data)
	}
	return c.r.T("report.review_footer", nil)
}

func submitRow(r *bot.Request, tok string) []bot.Button {
	return bot.Row(bot.Button{Text: r.T("report.btn.submit", nil), Data: cb(tok, "sub", "")})
}

// renderSection lists a section's visible questions with their answers under its
// heading ("Phần 2/5. …"), each answer's note, and the warnings not explained yet. Text
// answers stand on their own lines without tags, so a long section can be cut at any
// line break.
func renderSection(r *bot.Request, v domain.View, s *domain.Section, n, total int, answers map[string]domain.Answer, warns map[string][]domain.CheckResult) string {
	lang := r.Lang()
	var b strings.Builder
	b.WriteString("\n" + r.T("report.review_section", map[string]any{"N": n, "Total": total, "Title": v.Text(s.Title, lang)}) + "\n")
	for qi := range s.Questions {
		qn := &s.Questions[qi]
		if !v.Visible(qn, answers) {
			continue
		}
		label := v.Label(qn, lang)
		a, ok := answers[qn.ID]
		switch {
		case !ok:
			b.WriteString(r.T("report.review_line", map[string]any{"Label": label, "Q": isQuestion(label), "Value": bot.HTML(r.T("report.unanswered", nil))}))
		case qn.Type == domain.TypeText && !a.Skipped:
			b.WriteString(r.T("report.review_text", map[string]any{"Label": label, "Q": isQuestion(label)}) + "\n" + formatAnswer(r, qn, a))
		default:
			b.WriteString(r.T("report.review_line", map[string]any{"Label": label, "Q": isQuestion(label), "Value": bot.HTML(formatAnswer(r, qn, a))}))
		}
		if ok && a.Note != "" {
			b.WriteString("\n" + r.T("report.review_note", map[string]any{"Note": a.Note}))
		}
		for _, w := range warns[qn.ID] {
			if w.Severity == domain.SeverityWarning && !w.Explained {
				b.WriteString("\n" + r.T("report.review_warning", map[string]any{"Why": bot.HTML(r.T(w.MsgID, w.Data))}))
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// renderAnswers lists every section of the view with its answers and notes, for
// /myreport.
func renderAnswers(r *bot.Request, v domain.View, answers map[string]domain.Answer) string {
	var b strings.Builder
	sections := v.Sections()
	for i, s := range sections {
		b.WriteString(renderSection(r, v, s, i+1, len(sections), answers, nil))
	}
	return b.String()
}

// isQuestion reports whether a label ends with a question mark, so the templates put the
// answer after it without a colon ("… không? Có", not "… không?: Có").
func isQuestion(label string) bool { return strings.HasSuffix(strings.TrimSpace(label), "?") }

// edit walks one section again from the review: its questions in turn, each with its
// answer to keep or change; after the section's last question, the review comes back,
// edited in place.
func (h *Handlers) edit(c *convo, sectionID string) error {
	qs := sectionQuestions(c, sectionID)
	if len(qs) == 0 {
		return c.r.Answer("report.stale", nil)
	}
	c.flow.Data["sec"], c.flow.Data["es"] = "", sectionID
	return h.ask(c, qs[0], "")
}

// toReview leaves the section being edited for the review.
func (h *Handlers) toReview(c *convo, _ string) error {
	if _, missing := c.v.Next(c.draft.Answers); missing {
		return c.r.Answer("report.stale", nil)
	}
	return h.review(c, "")
}

func splitIDs(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(f); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }
