package domain

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// mustParseQuestionnaire parses src or fails the test.
func mustParseQuestionnaire(tb testing.TB, src string) *Questionnaire {
	tb.Helper()
	q, err := ParseQuestionnaire([]byte(src))
	if err != nil {
		tb.Fatalf("ParseQuestionnaire: %v", err)
	}
	return q
}

// oneSection wraps question YAML (indented as list items under questions:) in a section.
func oneSection(questions string) string {
	return "sections:\n  - id: s1\n    title: {vi: \"Phần 1\"}\n    questions:\n" + questions
}

const yesNoQ = `
      - id: given
        type: yes_no
        label: {vi: "Có tặng quà không?"}
`

func TestParseQuestionnaire(t *testing.T) {
	tests := []struct {
		name, src, wantErr string
	}{
		{"empty document", "", "empty document"},
		{"no sections", "sections: []\n", "no sections"},
		{"section without questions", "sections:\n  - id: s1\n    title: {vi: T}\n    questions: []\n", `section "s1": no questions`},
		{"section without title", "sections:\n  - id: s1\n    questions:\n" + yesNoQ, `section "s1": missing vi title`},
		{"unknown field", oneSection(yesNoQ + "        colour: red\n"), "field colour not found"},
		{"unknown text language", oneSection("      - id: a\n        type: text\n        label: {vi: A, fr: B}\n"), "field fr not found"},
		{"two documents", oneSection(yesNoQ) + "---\nsections: []\n", "more than one YAML document"},
		{"duplicate question id", oneSection(yesNoQ + yesNoQ), `question 2 "given": duplicate id`},
		{"question id equal to section id", oneSection("      - id: s1\n        type: text\n        label: {vi: A}\n"), `"s1": duplicate id`},
		{"duplicate section id", oneSection(yesNoQ) + "  - id: s1\n    title: {vi: T}\n    questions:\n      - id: other\n        type: text\n        label: {vi: A}\n", `section 2 "s1": duplicate id`},
		{"id with dot", oneSection("      - id: a.b\n        type: text\n        label: {vi: A}\n"), `"a.b": id must match`},
		{"id with dollar", oneSection("      - id: $set\n        type: text\n        label: {vi: A}\n"), `"$set": id must match`},
		{"id upper case", oneSection("      - id: Gifts\n        type: text\n        label: {vi: A}\n"), "id must match"},
		{"id too long", oneSection("      - id: " + strings.Repeat("a", 41) + "\n        type: text\n        label: {vi: A}\n"), "id must match"},
		{"unknown type", oneSection("      - id: a\n        type: date\n        label: {vi: A}\n"), `question "a": unknown type "date"`},
		{"missing type", oneSection("      - id: a\n        label: {vi: A}\n"), `question "a": missing type`},
		{"missing vi label", oneSection("      - id: a\n        type: text\n        label: {en: A}\n"), `question "a": missing vi label`},
		{"choice with one option", oneSection("      - id: a\n        type: choice\n        label: {vi: A}\n        options:\n          - {id: x, label: {vi: X}}\n"), "at least 2 options"},
		{"duplicate option id", oneSection("      - id: a\n        type: choice\n        label: {vi: A}\n        options:\n          - {id: x, label: {vi: X}}\n          - {id: x, label: {vi: Y}}\n"), `option 2 "x": duplicate id`},
		{"option without label", oneSection("      - id: a\n        type: choice\n        label: {vi: A}\n        options:\n          - {id: x, label: {vi: X}}\n          - {id: y}\n"), `option "y": missing vi label`},
		{"options on yes_no", oneSection("      - id: a\n        type: yes_no\n        label: {vi: A}\n        options:\n          - {id: x, label: {vi: X}}\n          - {id: y, label: {vi: Y}}\n"), "options apply only to choice"},
		{"min above max", oneSection("      - id: a\n        type: integer\n        label: {vi: A}\n        min: 10\n        max: 5\n"), `question "a": min 10 is greater than max 5`},
		{"max beyond 10^15", oneSection("      - id: a\n        type: money\n        label: {vi: A}\n        max: 2000000000000000\n"), "beyond"},
		{"min on text", oneSection("      - id: a\n        type: text\n        label: {vi: A}\n        min: 1\n"), "min and max apply only"},
		{"max_len on integer", oneSection("      - id: a\n        type: integer\n        label: {vi: A}\n        max_len: 10\n"), "max_len applies only to text"},
		{"max_len too long", oneSection("      - id: a\n        type: text\n        label: {vi: A}\n        max_len: 4000\n"), "max_len 4000 is outside 1..3500"},
		{"unknown period kind", oneSection("      - id: a\n        type: text\n        label: {vi: A}\n        periods: [H2]\n"), `unknown period kind "H2"`},
		{"when to later question", oneSection(`
      - id: gifts_value
        type: money
        label: {vi: A}
        when: {question: gifts_given, equals: "yes"}
      - id: gifts_given
        type: yes_no
        label: {vi: B}
`), `question "gifts_value": when points to "gifts_given", which comes later`},
		{"when to missing question", oneSection(yesNoQ + "      - id: b\n        type: integer\n        label: {vi: B}\n        when: {question: nope, equals: \"yes\"}\n"), `when points to "nope", which does not exist`},
		{"when to itself", oneSection("      - id: b\n        type: yes_no\n        label: {vi: B}\n        when: {question: b, equals: \"yes\"}\n"), "itself"},
		{"when to integer question", oneSection("      - id: a\n        type: integer\n        label: {vi: A}\n      - id: b\n        type: text\n        label: {vi: B}\n        when: {question: a, equals: \"1\"}\n"), "an integer or money condition needs above"},
		{"when yes_no equals other", oneSection(yesNoQ + "      - id: b\n        type: text\n        label: {vi: B}\n        when: {question: given, equals: \"true\"}\n"), `equals "true": a yes_no answer is "yes" or "no"`},
		{"when choice equals unknown option", oneSection("      - id: a\n        type: choice\n        label: {vi: A}\n        options:\n          - {id: x, label: {vi: X}}\n          - {id: y, label: {vi: Y}}\n      - id: b\n        type: text\n        label: {vi: B}\n        when: {question: a, equals: z}\n"), `equals "z": no such option`},
		{"when target not asked in the period", oneSection("      - id: a\n        type: yes_no\n        label: {vi: A}\n        periods: [Y]\n      - id: b\n        type: text\n        label: {vi: B}\n        when: {question: a, equals: \"no\"}\n"), `asked in period H1 but its condition "a" is not`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuestionnaire([]byte(tt.src))
			if err == nil {
				t.Fatalf("got %d sections, want error containing %q", len(q.Sections), tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %q, want it to contain %q", err, tt.wantErr)
			}
		})
	}

	t.Run("valid conditions and periods", func(t *testing.T) {
		q := mustParseQuestionnaire(t, oneSection(yesNoQ+`
      - id: value
        type: money
        min: 0
        periods: [H1, Y, X]
        when: {question: given, equals: "yes"}
        label: {vi: "Giá trị"}
      - id: form
        type: choice
        label: {vi: "Hình thức"}
        options:
          - {id: a, label: {vi: "Trực tiếp"}}
          - {id: b, label: {vi: "Trực tuyến"}}
      - id: note
        type: text
        when: {question: form, equals: b}
        label: {vi: "Ghi chú"}
`))
		if got := len(q.Questions(KindH1)); got != 4 {
			t.Fatalf("got %d questions, want 4", got)
		}
	})

	t.Run("texts become NFC", func(t *testing.T) {
		nfd := norm.NFD.String("Tháng hành động")
		q := mustParseQuestionnaire(t, oneSection("      - id: a\n        type: text\n        label: {vi: \""+nfd+"\"}\n"))
		if got := q.Sections[0].Questions[0].Label.VI; got != "Tháng hành động" {
			t.Fatalf("label %q is not NFC", got)
		}
	})
}

func TestDefaultQuestionnaire(t *testing.T) {
	q := DefaultQuestionnaire()
	if !norm.NFC.IsNormal(defaultQuestionnaireYAML) {
		t.Error("questionnaire_default.yaml is not NFC")
	}
	all := map[string]*Question{}
	types := map[QuestionType]int{}
	for si := range q.Sections {
		for qi := range q.Sections[si].Questions {
			qn := &q.Sections[si].Questions[qi]
			if qn.When != nil && all[qn.When.Question] == nil {
				t.Errorf("%s: when target %q is not earlier", qn.ID, qn.When.Question)
			}
			if qn.Label.EN == "" {
				t.Errorf("%s: no English label", qn.ID)
			}
			all[qn.ID] = qn
			types[qn.Type]++
		}
	}
	if n := len(all); n < 15 || n > 25 {
		t.Errorf("%d questions, want 15 to 25", n)
	}
	for _, typ := range []QuestionType{TypeFile, TypeChoice, TypeMoney, TypeYesNo, TypeText, TypeInteger} {
		if types[typ] == 0 {
			t.Errorf("no %s question", typ)
		}
	}
	if qn := all["gifts_value"]; qn == nil || qn.Type != TypeMoney || qn.When == nil || qn.When.Question != "gifts_given" {
		t.Errorf("gifts_value should be money asked when gifts_given: %+v", qn)
	}
	if qn := all["mid_autumn"]; qn == nil || qn.AskedIn(KindH1) || !qn.AskedIn(KindYear) {
		t.Errorf("mid_autumn should be asked in the annual report only: %+v", qn)
	}
	if qn := all["incidents_handling"]; qn == nil || !strings.Contains(qn.Hint.VI, "13/2023/NĐ-CP") {
		t.Errorf("incidents_handling should warn against children's names: %+v", qn)
	}
	for id, qn := range all {
		if (qn.Type == TypeInteger || qn.Type == TypeMoney) && (qn.Min == nil || *qn.Min < 0 || qn.Max == nil) {
			t.Errorf("%s: numbers need min >= 0 and a max", id)
		}
	}
	if len(q.Questions(KindH1)) >= len(q.Questions(KindYear)) {
		t.Error("the annual report should ask more than the six-month one")
	}
}

func TestQuestionnaire_Version(t *testing.T) {
	base := oneSection(yesNoQ + "      - id: n\n        type: integer\n        min: 0\n        max: 10\n        label: {vi: \"Số\"}\n")
	v := mustParseQuestionnaire(t, base).Version()
	if len(v) != 12 || strings.Trim(v, "0123456789abcdef") != "" {
		t.Fatalf("version %q is not 12 hex digits", v)
	}
	same := map[string]string{
		"comments and blank lines": "# bộ câu hỏi\n\n" + strings.ReplaceAll(base, "type: integer\n", "type: integer # số\n\n"),
		"flow style and key order": "sections: [{questions: [{label: {vi: \"Có tặng quà không?\"}, type: yes_no, id: given}, " +
			"{max: 10, id: n, type: integer, label: {vi: \"Số\"}, min: 0}], title: {vi: \"Phần 1\"}, id: s1}]\n",
		"explicit defaults": strings.ReplaceAll(base, "type: yes_no\n", "type: yes_no\n        required: false\n        periods: []\n"),
		"decomposed text":   norm.NFD.String(base),
	}
	for name, src := range same {
		if got := mustParseQuestionnaire(t, src).Version(); got != v {
			t.Errorf("%s: version %s, want %s", name, got, v)
		}
	}
	changed := map[string]string{
		"max":      strings.Replace(base, "max: 10", "max: 11", 1),
		"min":      strings.Replace(base, "min: 0", "min: 1", 1),
		"label":    strings.Replace(base, "\"Số\"", "\"Số lượng\"", 1),
		"english":  strings.Replace(base, "{vi: \"Số\"}", "{vi: \"Số\", en: \"Count\"}", 1),
		"required": strings.Replace(base, "type: yes_no\n", "type: yes_no\n        required: true\n", 1),
		"periods":  strings.Replace(base, "type: yes_no\n", "type: yes_no\n        periods: [Y]\n", 1),
		"id":       strings.Replace(base, "id: n\n", "id: m\n", 1),
		"min nil":  strings.Replace(base, "        min: 0\n", "", 1),
	}
	seen := map[string]string{v: "base"}
	for name, src := range changed {
		got := mustParseQuestionnaire(t, src).Version()
		if prev, dup := seen[got]; dup {
			t.Errorf("%s: version %s equals that of %s", name, got, prev)
		}
		seen[got] = name
	}
	if a, b := DefaultQuestionnaire().Version(), DefaultQuestionnaire().Version(); a != b {
		t.Errorf("default questionnaire versions differ: %s, %s", a, b)
	}
	q := mustParseQuestionnaire(t, base)
	if got := (&Questionnaire{Sections: q.Sections}).Version(); got != v {
		t.Errorf("hand-built copy: version %s, want %s", got, v)
	}
}

func TestText_In(t *testing.T) {
	both, viOnly := Text{VI: "Có", EN: "Yes"}, Text{VI: "Có"}
	for _, tt := range []struct {
		text       Text
		lang, want string
	}{
		{both, "vi", "Có"}, {both, "en", "Yes"}, {both, "fr", "Có"}, {both, "", "Có"}, {viOnly, "en", "Có"},
	} {
		if got := tt.text.In(tt.lang); got != tt.want {
			t.Errorf("%+v.In(%q) = %q, want %q", tt.text, tt.lang, got, tt.want)
		}
	}
}

func TestQuestion_TextLimit(t *testing.T) {
	for maxLen, want := range map[int]int{0: DefaultTextLen, 10: 10, 3500: 3500, 9999: MaxTextLen} {
		if got := (&Question{MaxLen: maxLen}).TextLimit(); got != want {
			t.Errorf("MaxLen %d: TextLimit %d, want %d", maxLen, got, want)
		}
	}
}
