package handlers

import (
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/export"
)

// Summary shows the district totals of a period: the sum of every number question, the
// schools answering yes to each yes/no question, the count of each option of choice
// questions, overall and per level, then the free-text answers with their schools:
// "/summary [period]".
func (h *Handlers) Summary(r *bot.Request) error {
	round, err := h.roundOf(r, r.Args)
	if err != nil {
		return err
	}
	p := round.Period
	if err := h.compare(r.Context(), round); err != nil {
		return err
	}
	_, err = r.ReplyHTML(renderSummary(r, round, export.Summarize(round)), h.officerButtons(r, p))
	return err
}

func renderSummary(r *bot.Request, round *export.Round, sum *export.Summary) string {
	var b strings.Builder
	line := func(id string, data map[string]any) {
		b.WriteString(r.T(id, data))
		b.WriteByte('\n')
	}
	t := sum.Total
	line("officer.summary.title", map[string]any{"Title": periodTitle(r, round.Period), "ID": round.Period.ID,
		"Done": t.Submitted, "Total": t.Schools, "Late": t.Late})
	perLevel := func(f func(*export.Totals) int64) string {
		parts := make([]string, 0, len(domain.Levels))
		for _, l := range domain.Levels {
			if lt := sum.ByLevel[l]; lt == nil || lt.Schools == 0 {
				continue // a level the district has no school of
			}
			parts = append(parts, string(l)+" "+domain.FormatVND(f(sum.ByLevel[l])))
		}
		return strings.Join(parts, " · ")
	}
	line("officer.summary.schools", map[string]any{"ByLevel": perLevel(func(t *export.Totals) int64 { return int64(t.Submitted) })})
	q := round.Q
	section := ""
	for _, qn := range round.Questions() {
		if qn.Type == domain.TypeText || qn.Type == domain.TypeFile {
			continue
		}
		if s := q.SectionOf(qn.ID); s != nil && s.ID != section {
			section = s.ID
			b.WriteByte('\n')
			line("officer.summary.section", map[string]any{"Title": s.Title.In(r.Lang())})
		}
		label := qn.Label.In(r.Lang())
		switch qn.Type {
		case domain.TypeInteger, domain.TypeMoney:
			total := domain.FormatVND(t.Sums[qn.ID])
			if qn.Type == domain.TypeMoney {
				total = r.T("answer.value_money", map[string]any{"Amount": total})
			}
			line("officer.summary.number", map[string]any{"Label": label, "Q": isQuestion(label), "Total": total,
				"ByLevel": perLevel(func(t *export.Totals) int64 { return t.Sums[qn.ID] })})
			compareLine(r, round, line, func(t *export.Totals) string { return domain.FormatVND(t.Sums[qn.ID]) })
		case domain.TypeYesNo:
			line("officer.summary.yes", map[string]any{"Label": label, "Q": isQuestion(label), "Yes": t.Yes[qn.ID], "Done": t.Submitted,
				"ByLevel": perLevel(func(t *export.Totals) int64 { return int64(t.Yes[qn.ID]) })})
			compareLine(r, round, line, func(t *export.Totals) string {
				return r.T("officer.summary.yes_of", map[string]any{"Yes": t.Yes[qn.ID], "Of": t.Answered[qn.ID]})
			})
		case domain.TypeChoice:
			line("officer.summary.choice", map[string]any{"Label": label})
			for _, o := range qn.Options {
				line("officer.summary.option", map[string]any{"Option": o.Label.In(r.Lang()), "Count": t.Options[qn.ID][o.ID]})
			}
		}
	}
	for _, tq := range sum.Texts {
		b.WriteByte('\n')
		line("officer.summary.texts", map[string]any{"Label": tq.Question.Label.In(r.Lang()), "Count": len(tq.Answers)})
		for _, a := range tq.Answers {
			line("officer.summary.text", map[string]any{"School": a.School.Name, "Text": a.Text})
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// compareLine writes the earlier periods' figure of one indicator under it, when the
// round has earlier periods: "↔ Cùng kỳ 2025: 30 · 6 tháng 2026: 12".
func compareLine(r *bot.Request, round *export.Round, line func(string, map[string]any), f func(*export.Totals) string) {
	if len(round.Earlier) == 0 {
		return
	}
	parts := make([]string, len(round.Earlier))
	for i, e := range round.Earlier {
		parts[i] = e.Name + ": " + f(e.Sum.Total)
	}
	line("officer.summary.compare", map[string]any{"Text": strings.Join(parts, " · ")})
}
