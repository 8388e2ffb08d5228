package export

import (
	"strconv"
	"strings"

	"github.com/camgiang-edu/reportbot/domain"
)

// The Word report's body is generated as items of the template's repeated paragraphs:
// B.HEAD (bold) and B.TEXT for part I, one item per line; M.NAME for the schools that
// did not report; P.SCHOOL and P.TEXT for the schools' proposals.

// bodyItems is part I: for each section of the questionnaire (the plan's tasks II.1-II.4
// and nutrition) a heading and one line per question, generated from the district totals
// with the earlier periods' figures, then the texts the schools wrote, quoted by school
// name. The proposals question (the last free-text one) is left for part V.
func (r *Round) bodyItems(sum *Summary) []map[string]string {
	var out []map[string]string
	add := func(head, text string) { out = append(out, map[string]string{"B.HEAD": head, "B.TEXT": text}) }
	proposals := lastTextQuestion(r)
	texts := map[string]TextQuestion{}
	for _, tq := range sum.Texts {
		texts[tq.Question.ID] = tq
	}
	n, section := 0, ""
	var lines []string
	var head string
	flush := func() {
		if len(lines) > 0 {
			add(head, "")
			for _, l := range lines {
				add("", l)
			}
		}
		lines = nil
	}
	for _, qn := range r.Questions() {
		if s := r.Q.SectionOf(qn.ID); s != nil && s.ID != section {
			flush()
			section = s.ID
			n++
			head = r.t("docx.section", map[string]any{"N": n, "Title": s.Title.In(r.Lang)})
		}
		if qn == proposals {
			continue
		}
		if qn.Type == domain.TypeText {
			if tq, ok := texts[qn.ID]; ok {
				lines = append(lines, r.stmt("docx.quotes."+qn.ID, "docx.quotes", map[string]any{"Label": qn.Label.In(r.Lang)}))
				for _, a := range tq.Answers {
					lines = append(lines, r.t("docx.quote", map[string]any{"School": a.School.Name, "Text": a.Text}))
				}
			}
			continue
		}
		if l := r.questionLine(qn, sum); l != "" {
			lines = append(lines, l)
		}
	}
	flush()
	if n > 0 && out == nil {
		return nil
	}
	// Number the sections that kept a line 1, 2, 3… again.
	k := 0
	for _, it := range out {
		if it["B.HEAD"] != "" {
			k++
			_, title, _ := strings.Cut(it["B.HEAD"], ". ")
			it["B.HEAD"] = r.t("docx.section", map[string]any{"N": k, "Title": title})
		}
	}
	return out
}

// questionLine is one question's line of part I, "" when no school answered it.
func (r *Round) questionLine(qn *domain.Question, sum *Summary) string {
	t := sum.Total
	of := t.Answered[qn.ID]
	if of == 0 {
		return ""
	}
	var text string
	var value func(*Totals) string
	switch qn.Type {
	case domain.TypeYesNo:
		yes := t.Yes[qn.ID]
		text = r.stmt("docx.stmt."+qn.ID, "docx.stmt.yes", map[string]any{"Label": qn.Label.In(r.Lang), "Yes": yes, "Of": of,
			"Pct": Percent(int64(yes), int64(of))})
		value = func(e *Totals) string { return strconv.Itoa(e.Yes[qn.ID]) + "/" + strconv.Itoa(e.Answered[qn.ID]) }
	case domain.TypeInteger, domain.TypeMoney:
		text = r.stmt("docx.stmt."+qn.ID, "docx.stmt.number", map[string]any{"Label": qn.Label.In(r.Lang), "N": domain.FormatVND(t.Sums[qn.ID])})
		value = func(e *Totals) string { return domain.FormatVND(e.Sums[qn.ID]) }
	case domain.TypeChoice:
		var opts []string
		for _, o := range qn.Options {
			opts = append(opts, r.t("docx.stmt.option", map[string]any{"Option": o.Label.In(r.Lang), "N": t.Options[qn.ID][o.ID]}))
		}
		text = r.t("docx.stmt.choice", map[string]any{"Label": qn.Label.In(r.Lang), "Options": strings.Join(opts, "; ")})
	default:
		return ""
	}
	var prev []string
	for _, e := range r.Earlier {
		if value != nil && e.Sum.Total.Answered[qn.ID] > 0 {
			prev = append(prev, r.t("docx.prev", map[string]any{"Name": strings.ToLower(e.Name[:1]) + e.Name[1:], "Value": value(e.Sum.Total)}))
		}
	}
	return r.t("docx.line", map[string]any{"Text": text, "Prev": strings.Join(prev, "; ")})
}

// stmt renders message id, or fallback when the locales have no such message (a
// question the default questionnaire does not have).
func (r *Round) stmt(id, fallback string, data map[string]any) string {
	if s := r.t(id, data); !strings.HasPrefix(s, "["+id) {
		return s
	}
	return r.t(fallback, data)
}

// missingItems lists the schools that did not report, then those returned for
// correction, by name and level, never by code.
func (r *Round) missingItems() []map[string]string {
	var out []map[string]string
	for _, sc := range r.Missing() {
		out = append(out, map[string]string{"M.NAME": r.t("docx.missing", map[string]any{"Name": sc.Name, "Level": r.LevelName(sc.Level)})})
	}
	for _, sc := range r.Returned() {
		out = append(out, map[string]string{"M.NAME": r.t("docx.missing_returned", map[string]any{"Name": sc.Name, "Level": r.LevelName(sc.Level)})})
	}
	if len(out) == 0 {
		out = append(out, map[string]string{"M.NAME": r.t("docx.none_missing", nil)})
	}
	return out
}

// proposalItems quotes each school's answer to the proposals question by school name.
func (r *Round) proposalItems(sum *Summary) []map[string]string {
	var out []map[string]string
	last := lastTextQuestion(r)
	for _, tq := range sum.Texts {
		if tq.Question != last {
			continue
		}
		for _, a := range tq.Answers {
			out = append(out, map[string]string{"P.TEXT": r.t("docx.proposal", map[string]any{"School": a.School.Name, "Text": a.Text})})
		}
	}
	if len(out) == 0 {
		out = append(out, map[string]string{"P.TEXT": r.t("docx.no_proposals", nil)})
	}
	return out
}
