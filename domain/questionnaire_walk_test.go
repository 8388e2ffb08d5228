package domain

import (
	"slices"
	"testing"
)

// walkYAML: b and c depend on a, d on c (a chain), e is annual only, f and g are optional.
const walkYAML = `
sections:
  - id: s1
    title: {vi: "Phần 1"}
    questions:
      - {id: a, type: yes_no, required: true, label: {vi: A}}
      - {id: b, type: integer, required: true, label: {vi: B}, when: {question: a, equals: "yes"}}
      - id: c
        type: choice
        required: true
        label: {vi: C}
        when: {question: a, equals: "yes"}
        options: [{id: x, label: {vi: X}}, {id: y, label: {vi: Y}}]
      - {id: d, type: text, required: true, label: {vi: D}, when: {question: c, equals: y}}
      - {id: e, type: yes_no, required: true, label: {vi: E}, periods: [Y]}
  - id: s2
    title: {vi: "Phần 2"}
    questions:
      - {id: f, type: text, label: {vi: F}}
      - {id: g, type: file, label: {vi: G}}
`

func yes() Answer { return wBool(true) }
func no() Answer  { return wBool(false) }

var skipped = Answer{Skipped: true}

func ids(qs []*Question) []string {
	out := make([]string, len(qs))
	for i, qn := range qs {
		out[i] = qn.ID
	}
	return out
}

func TestQuestionnaire_Questions(t *testing.T) {
	q := mustParseQuestionnaire(t, walkYAML)
	for kind, want := range map[PeriodKind][]string{
		KindH1:     {"a", "b", "c", "d", "f", "g"},
		KindYear:   {"a", "b", "c", "d", "e", "f", "g"},
		KindOneOff: {"a", "b", "c", "d", "f", "g"},
	} {
		if got := ids(q.View("", kind).Questions()); !slices.Equal(got, want) {
			t.Errorf("Questions(%s) = %v, want %v", kind, got, want)
		}
	}
	if qn, ok := q.Question("d"); !ok || qn.Type != TypeText {
		t.Errorf("Question(d) = %+v, %v", qn, ok)
	}
	if _, ok := q.Question("zz"); ok {
		t.Error("Question(zz) found")
	}
	if s := q.SectionOf("g"); s == nil || s.ID != "s2" {
		t.Errorf("SectionOf(g) = %+v", s)
	}
	if s := q.SectionOf("zz"); s != nil {
		t.Errorf("SectionOf(zz) = %+v, want nil", s)
	}
}

func TestQuestionnaire_Next(t *testing.T) {
	q := mustParseQuestionnaire(t, walkYAML)
	tests := []struct {
		name    string
		kind    PeriodKind
		answers map[string]Answer
		want    string // "" = nothing left
	}{
		{"start", KindH1, nil, "a"},
		{"yes opens b", KindH1, map[string]Answer{"a": yes()}, "b"},
		{"no skips to the next section", KindH1, map[string]Answer{"a": no()}, "f"},
		{"annual asks e", KindYear, map[string]Answer{"a": no()}, "e"},
		{"choice x skips d", KindH1, map[string]Answer{"a": yes(), "b": wInt(1), "c": wChoice("x")}, "f"},
		{"choice y asks d", KindH1, map[string]Answer{"a": yes(), "b": wInt(1), "c": wChoice("y")}, "d"},
		{"skipped counts as answered", KindH1, map[string]Answer{"a": no(), "f": skipped}, "g"},
		{"skipped condition hides", KindH1, map[string]Answer{"a": skipped}, "f"},
		{"done", KindH1, map[string]Answer{"a": no(), "f": {Text: "ok"}, "g": skipped}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qn, ok := q.View("", tt.kind).Next(tt.answers)
			if tt.want == "" {
				if ok {
					t.Fatalf("Next = %s, want none", qn.ID)
				}
				return
			}
			if !ok || qn.ID != tt.want {
				t.Fatalf("Next = %v, %v; want %s", qn, ok, tt.want)
			}
		})
	}
}

func TestQuestionnaire_Prev(t *testing.T) {
	q := mustParseQuestionnaire(t, walkYAML)
	yesX := map[string]Answer{"a": yes(), "b": wInt(2), "c": wChoice("x")}
	tests := []struct {
		name    string
		kind    PeriodKind
		answers map[string]Answer
		current string
		want    string // "" = none
	}{
		{"from b", KindH1, yesX, "b", "a"},
		{"over hidden d", KindH1, yesX, "f", "c"},
		{"over hidden b c d", KindH1, map[string]Answer{"a": no()}, "f", "a"},
		{"over annual e in H1", KindH1, map[string]Answer{"a": no()}, "f", "a"},
		{"to annual e", KindYear, map[string]Answer{"a": no()}, "f", "e"},
		{"from review", KindH1, yesX, "", "g"},
		{"first question", KindH1, yesX, "a", ""},
		{"unknown id", KindH1, yesX, "zz", ""},
		{"not asked in period", KindH1, yesX, "e", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qn, ok := q.View("", tt.kind).Prev(tt.answers, tt.current)
			if tt.want == "" {
				if ok {
					t.Fatalf("Prev = %s, want none", qn.ID)
				}
				return
			}
			if !ok || qn.ID != tt.want {
				t.Fatalf("Prev = %v, %v; want %s", qn, ok, tt.want)
			}
		})
	}
}

func TestQuestionnaire_Position(t *testing.T) {
	q := mustParseQuestionnaire(t, walkYAML)
	yesY := map[string]Answer{"a": yes(), "c": wChoice("y")}
	tests := []struct {
		name           string
		kind           PeriodKind
		answers        map[string]Answer
		id             string
		wantN, wantTot int
	}{
		{"first of the shortest walk", KindH1, nil, "a", 1, 3},
		{"chain open", KindH1, yesY, "d", 4, 6},
		{"annual", KindYear, yesY, "f", 6, 7},
		{"after a no", KindYear, map[string]Answer{"a": no()}, "f", 3, 4},
		{"hidden question", KindH1, map[string]Answer{"a": no()}, "b", 0, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, total := q.View("", tt.kind).Position(tt.answers, tt.id)
			if n != tt.wantN || total != tt.wantTot {
				t.Fatalf("Position = %d/%d, want %d/%d", n, total, tt.wantN, tt.wantTot)
			}
		})
	}
}

func TestQuestionnaire_Hidden(t *testing.T) {
	q := mustParseQuestionnaire(t, walkYAML)
	full := func(over map[string]Answer) map[string]Answer {
		m := map[string]Answer{"a": yes(), "b": wInt(3), "c": wChoice("y"), "d": {Text: "x"}, "f": skipped}
		for k, v := range over {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name    string
		kind    PeriodKind
		answers map[string]Answer
		want    []string
	}{
		{"nothing hidden", KindH1, full(nil), nil},
		{"a turned no hides the chain", KindH1, full(map[string]Answer{"a": no()}), []string{"b", "c", "d"}},
		{"a skipped hides the chain", KindH1, full(map[string]Answer{"a": skipped}), []string{"b", "c", "d"}},
		{"c turned x hides d", KindH1, full(map[string]Answer{"c": wChoice("x")}), []string{"d"}},
		{"annual answer in a six-month draft", KindH1, full(map[string]Answer{"e": no()}), []string{"e"}},
		{"annual answer in an annual draft", KindYear, full(map[string]Answer{"e": no()}), nil},
		{"unknown ids last, sorted", KindH1, full(map[string]Answer{"zz": wInt(1), "old": wInt(2), "c": wChoice("x")}), []string{"d", "old", "zz"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := q.View("", tt.kind).Hidden(tt.answers); !slices.Equal(got, tt.want) {
				t.Fatalf("Hidden = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestQuestionnaire_Missing(t *testing.T) {
	q := mustParseQuestionnaire(t, walkYAML)
	tests := []struct {
		name    string
		kind    PeriodKind
		answers map[string]Answer
		want    []string
	}{
		{"empty draft", KindH1, nil, []string{"a"}},
		{"empty annual draft", KindYear, nil, []string{"a", "e"}},
		{"yes needs the dependants", KindH1, map[string]Answer{"a": yes()}, []string{"b", "c"}},
		{"a skipped required answer is missing", KindH1, map[string]Answer{"a": yes(), "b": skipped, "c": wChoice("y")}, []string{"b", "d"}},
		{"optional questions are never missing", KindH1, map[string]Answer{"a": no()}, nil},
		{"complete", KindH1, map[string]Answer{"a": yes(), "b": wInt(0), "c": wChoice("x")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(q.View("", tt.kind).Missing(tt.answers)); !slices.Equal(got, tt.want) {
				t.Fatalf("Missing = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestQuestionnaire_Visible(t *testing.T) {
	q := mustParseQuestionnaire(t, walkYAML)
	d, _ := q.Question("d")
	// d's own condition holds, but c is hidden because a is no: d must be hidden too.
	if q.View("", KindH1).Visible(d, map[string]Answer{"a": no(), "c": wChoice("y")}) {
		t.Error("d visible although its condition's question is hidden")
	}
	if !q.View("", KindH1).Visible(d, map[string]Answer{"a": yes(), "c": wChoice("y")}) {
		t.Error("d hidden although the chain holds")
	}
	// A hand-built cycle must not loop forever.
	cyc := &Questionnaire{Sections: []Section{{ID: "s", Questions: []Question{
		{ID: "p", Type: TypeYesNo, When: &Condition{Question: "r", Equals: "yes"}},
		{ID: "r", Type: TypeYesNo, When: &Condition{Question: "p", Equals: "yes"}},
	}}}}
	if cyc.View("", KindH1).Visible(&cyc.Sections[0].Questions[0], map[string]Answer{"p": yes(), "r": yes()}) {
		t.Error("question in a cycle reported visible")
	}
	if got := ids(q.View("", KindH1).Asked(map[string]Answer{"a": yes(), "c": wChoice("y")})); !slices.Equal(got, []string{"a", "b", "c", "d", "f", "g"}) {
		t.Errorf("Asked = %v", got)
	}
}
