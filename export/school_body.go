package export

import (
	"strings"

	"github.com/camgiang-edu/reportbot/domain"
)

// body is the report's paragraphs for the B.* repeater: B.HEAD in bold, B.TEXT plain.
// Part I goes through the questionnaire's sections (the plan's II.1–II.4 and, for
// kindergartens, nutrition), one sentence per answered question; part II quotes the
// difficulties and proposals (by convention the view's last text question). File
// questions are left out: the signed report is what they collect.
func (s SchoolReport) body() []map[string]string {
	var out []map[string]string
	head := func(t string) { out = append(out, map[string]string{"B.HEAD": t, "B.TEXT": ""}) }
	text := func(t string) { out = append(out, map[string]string{"B.HEAD": "", "B.TEXT": t}) }
	data := s.data(nil, domain.Answer{})
	text(s.t("school_report.intro", data))
	if c := s.View.Coverage.Text(s.Lang, s.Tr); c != "" {
		text(s.t("school_report.coverage", map[string]any{"Coverage": c}))
	}
	head(s.t("school_report.part_results", nil))
	diff := s.difficultiesQuestion()
	n := 0
	for _, sec := range s.View.Sections() {
		var lines []string
		for qi := range sec.Questions {
			qn := &sec.Questions[qi]
			if qn == diff || qn.Type == domain.TypeFile || !s.View.Visible(qn, s.Answers) {
				continue
			}
			if line := s.sentence(qn); line != "" {
				lines = append(lines, line)
			}
		}
		if len(lines) == 0 {
			continue
		}
		n++
		head(s.t("school_report.section", map[string]any{"N": n, "Title": s.View.Text(sec.Title, s.Lang)}))
		for _, l := range lines {
			text(s.t("school_report.item", map[string]any{"Text": l}))
		}
	}
	head(s.t("school_report.part_difficulties", nil))
	if a, ok := s.Answers[idOf(diff)]; ok && !a.Skipped && strings.TrimSpace(a.Text) != "" {
		for _, para := range strings.Split(strings.TrimSpace(a.Text), "\n") {
			if para = strings.TrimSpace(para); para != "" {
				text(para)
			}
		}
	} else {
		text(s.t("school_report.no_difficulties", nil))
	}
	text(s.t("school_report.closing", data))
	return out
}

// sentence words one answer: the sentence school_report.q.<id> where the locales have
// one (with Value, Yes, Zero, Kid, MN), else "Label: value." It is "" for an unanswered or
// skipped question.
func (s SchoolReport) sentence(qn *domain.Question) string {
	a, ok := s.Answers[qn.ID]
	if !ok || a.Skipped {
		return ""
	}
	id := "school_report.q." + qn.ID
	if out := s.t(id, s.data(qn, a)); out != "["+id+"]" {
		return out
	}
	label := strings.TrimSpace(s.View.Label(qn, s.Lang))
	return s.t("school_report.fallback", map[string]any{"Label": label, "Q": strings.HasSuffix(label, "?"),
		"Value": domain.FormatAnswer(qn, a, s.Lang, s.Tr)})
}

// data is the template data of a sentence: the answer's value (numbers formatted), the
// school's words for its children ("trẻ" in a kindergarten, "học sinh" elsewhere), its
// name and the year.
func (s SchoolReport) data(qn *domain.Question, a domain.Answer) map[string]any {
	mn := s.School.Level == domain.LevelMN
	d := map[string]any{
		"MN": mn, "Kid": s.t("school_report.kid", map[string]any{"MN": mn}), "School": s.School.Name,
		"Year": s.Period.LastDay[:min(4, len(s.Period.LastDay))], "Period": s.periodText(),
	}
	if qn != nil {
		d["Value"] = domain.FormatAnswer(qn, a, s.Lang, s.Tr)
		if a.Int != nil {
			d["Value"], d["Zero"] = domain.FormatVND(*a.Int), *a.Int == 0
		}
		d["Yes"] = a.Bool != nil && *a.Bool
	}
	return d
}

// difficultiesQuestion is the view's last text question, nil when it has none.
func (s SchoolReport) difficultiesQuestion() *domain.Question {
	var last *domain.Question
	for _, qn := range s.View.Questions() {
		if qn.Type == domain.TypeText {
			last = qn
		}
	}
	return last
}

func idOf(qn *domain.Question) string {
	if qn == nil {
		return ""
	}
	return qn.ID
}
