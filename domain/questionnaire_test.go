package domain

import (
	"encoding/json"
	"slices"
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
		if got := len(q.View("", KindH1).Questions()); got != 4 {
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
			if qn.Label.EN == "" {
				t.Errorf("%s: no English label", qn.ID)
			}
			for l, w := range qn.Label.ByLevel {
				if w.EN == "" {
					t.Errorf("%s: no English label for %s", qn.ID, l)
				}
			}
			all[qn.ID] = qn
			types[qn.Type]++
		}
	}
	if n := len(all); n < 25 || n > 35 {
		t.Errorf("%d questions, want 25 to 35", n)
	}
	for _, typ := range []QuestionType{TypeFile, TypeMoney, TypeYesNo, TypeText, TypeInteger} {
		if types[typ] == 0 {
			t.Errorf("no %s question", typ)
		}
	}
	if qn := all["gifts_value"]; qn == nil || qn.Type != TypeMoney || qn.When == nil || qn.When.Question != "gifts_given" {
		t.Errorf("gifts_value should be money asked when gifts_given: %+v", qn)
	}
	for _, id := range []string{"mid_autumn", "mid_autumn_children"} {
		if qn := all[id]; qn == nil || qn.AskedIn(KindH1) || !qn.AskedIn(KindYear) {
			t.Errorf("%s should be asked in the annual report only: %+v", id, qn)
		}
	}
	if qn := all["harm_description"]; qn == nil || !strings.Contains(qn.Hint.VI, "13/2023/NĐ-CP") || !qn.Required {
		t.Errorf("harm_description should be required and warn against children's names: %+v", qn)
	}
	if qn := all["report_scan"]; qn == nil || qn.Type != TypeFile || qn.FileLimit() < 5 {
		t.Errorf("report_scan should take several pages: %+v", qn)
	}
	for id, qn := range all {
		if (qn.Type == TypeInteger || qn.Type == TypeMoney) && (qn.Min == nil || *qn.Min < 0 || qn.Max == nil) {
			t.Errorf("%s: numbers need min >= 0 and a max", id)
		}
	}
	// Ids of the previous default whose meaning changed (cases became children, the
	// inspection count a yes/no, the overlap with gifts went) must not come back.
	for _, id := range []string{
		"incidents", "violence_cases", "abuse_cases", "injury_cases", "drowning_cases",
		"incidents_handling", "special_support", "inspections", "commendations", "action_month_form",
	} {
		if all[id] != nil {
			t.Errorf("old id %s is reused with a new meaning", id)
		}
	}
	for l, want := range map[Level]struct{ has, hasNot []string }{
		LevelMN:     {[]string{"underweight_children", "stunted_children"}, []string{"drowning_taught", "swimming_taught", "children_forum"}},
		LevelTH:     {[]string{"drowning_taught", "children_forum"}, []string{"underweight_children"}},
		LevelTHCS:   {[]string{"swimming_taught", "children_forum"}, []string{"stunted_children"}},
		LevelTHTHCS: {[]string{"drowning_taught", "swimming_taught", "children_forum"}, []string{"underweight_children"}},
	} {
		got := ids(q.View(l, KindYear).Questions())
		for _, id := range want.has {
			if !slices.Contains(got, id) {
				t.Errorf("%s is not asked at %s", id, l)
			}
		}
		for _, id := range want.hasNot {
			if slices.Contains(got, id) {
				t.Errorf("%s is asked at %s", id, l)
			}
		}
		if len(q.View(l, KindH1).Questions()) >= len(q.View(l, KindYear).Questions()) {
			t.Errorf("%s: the annual report should ask more than the six-month one", l)
		}
	}
}

// TestDefaultQuestionnaire_kindergartenWording walks every text a kindergarten sees: none
// may speak of pupils.
func TestDefaultQuestionnaire_kindergartenWording(t *testing.T) {
	q := DefaultQuestionnaire()
	tr := func(lang, id string, data map[string]any) string { return "" }
	for _, k := range []PeriodKind{KindH1, KindYear} {
		v := q.View(LevelMN, k)
		var texts []string
		for _, s := range v.Sections() {
			texts = append(texts, v.Text(s.Title, "vi"), v.Text(s.Title, "en"))
		}
		for _, qn := range v.Questions() {
			for _, lang := range []string{"vi", "en"} {
				texts = append(texts, v.Label(qn, lang), v.Hint(qn, lang, tr))
				for _, o := range qn.Options {
					texts = append(texts, v.Text(o.Label, lang))
				}
			}
		}
		for _, text := range texts {
			low := strings.ToLower(text)
			for _, word := range []string{"học sinh", "pupil", "student"} {
				if strings.Contains(low, word) {
					t.Errorf("%s, MN: %q says %q", k, text, word)
				}
			}
		}
	}
}

// TestDefaultQuestionnaire_length keeps the report answerable on a phone in about ten
// minutes: a typical school (no child harmed, no child with disabilities, the Month of
// Action and the Mid-Autumn festival held, gifts given) answers this many questions.
func TestDefaultQuestionnaire_length(t *testing.T) {
	q := DefaultQuestionnaire()
	typical := map[string]Answer{
		"action_month": yes(), "gifts_given": yes(), "mid_autumn": yes(), "harm_any": no(),
		"disabled_children": wInt(0), "gifts_count": wInt(10), "gifts_value": wInt(5_000_000),
		"drowning_taught": wInt(300), "swimming_taught": wInt(40),
	}
	tests := []struct {
		level Level
		kind  PeriodKind
		want  int
	}{
		{LevelMN, KindH1, 20}, {LevelMN, KindYear, 22},
		{LevelTH, KindH1, 21}, {LevelTH, KindYear, 23},
		{LevelTHCS, KindH1, 21}, {LevelTHCS, KindYear, 23},
		{LevelTHTHCS, KindH1, 21}, {LevelTHTHCS, KindYear, 23},
	}
	for _, tt := range tests {
		v := q.View(tt.level, tt.kind)
		answers := map[string]Answer{}
		for {
			qn, ok := v.Next(answers)
			if !ok {
				break
			}
			a, ok := typical[qn.ID]
			if !ok {
				a = wInt(1)
				if qn.Type == TypeYesNo {
					a = yes()
				}
			}
			answers[qn.ID] = a
		}
		if got := len(v.Asked(answers)); got != tt.want {
			t.Errorf("%s %s: %d questions, want %d", tt.level, tt.kind, got, tt.want)
		}
		if got := v.Check(answers, nil, ""); len(got) != 0 {
			t.Errorf("%s %s: checks fail on a typical report: %+v", tt.level, tt.kind, got)
		}
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

// TestQuestionnaire_jsonRoundTrip: storage keeps a questionnaire as JSON and parses it back
// as YAML; the version must survive, levels, per-level wording and checks included.
func TestQuestionnaire_jsonRoundTrip(t *testing.T) {
	q := DefaultQuestionnaire()
	b, err := json.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseQuestionnaire(b)
	if err != nil {
		t.Fatalf("parse the JSON back: %v", err)
	}
	if back.Version() != q.Version() {
		t.Errorf("version %s after the round trip, want %s", back.Version(), q.Version())
	}
	if len(back.Checks) != len(q.Checks) || len(back.View(LevelMN, KindH1).Questions()) != len(q.View(LevelMN, KindH1).Questions()) {
		t.Error("the round trip lost checks or levels")
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
