package domain

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// checkYAML: a harm gate with two counts (one TH-only), a stock and its subset, a value per
// gift, and a change check.
const checkYAML = `
sections:
  - id: s1
    title: {vi: "Phần 1"}
    questions:
      - {id: harm, type: yes_no, required: true, label: {vi: H}}
      - {id: hurt, type: integer, required: true, label: {vi: A}, when: {question: harm, equals: "yes"}}
      - {id: drowned, type: integer, required: true, levels: [TH], label: {vi: D}, when: {question: harm, equals: "yes"}}
      - {id: disabled, type: integer, label: {vi: K}}
      - {id: supported, type: integer, label: {vi: S}}
      - {id: gifts, type: integer, label: {vi: G}}
      - {id: value, type: money, label: {vi: V}}
checks:
  - id: harm_counted
    severity: error
    when: {question: harm, equals: "yes"}
    require: "hurt + drowned > 0"
    message: check.harm_without_children
  - {id: supported_max, severity: error, require: "supported <= disabled"}
  - {id: per_gift, severity: warning, require: "value >= 20000 * gifts"}
  - id: gifts_change
    severity: warning
    change: {question: gifts, max_ratio: 5, ignore_below: 10}
`

func withChecks(checks string) string {
	return oneSection(`
      - {id: a, type: integer, label: {vi: A}}
      - {id: b, type: money, label: {vi: B}}
      - {id: y, type: yes_no, label: {vi: Y}}
      - {id: t, type: text, label: {vi: T}}
`) + "checks:\n" + checks
}

func TestParseQuestionnaire_checks(t *testing.T) {
	tests := []struct{ name, checks, wantErr string }{
		{"unknown id", "  - {id: c, severity: error, require: \"a <= zz\"}\n", `check "c": require names "zz", which does not exist`},
		{"text in a sum", "  - {id: c, severity: error, require: \"a + t > 0\"}\n", `require names "t", a text question`},
		{"yes_no in a sum", "  - {id: c, severity: error, require: \"y > 0\"}\n", `require names "y", a yes_no question`},
		{"no comparison", "  - {id: c, severity: error, require: \"a + b\"}\n", "want a comparison"},
		{"bad character", "  - {id: c, severity: error, require: \"a => b\"}\n", `cannot read "=> b"`},
		{"trailing", "  - {id: c, severity: error, require: \"a <= b b\"}\n", `unexpected "b"`},
		{"dangling plus", "  - {id: c, severity: error, require: \"a <= b +\"}\n", "a term is missing"},
		{"times a number", "  - {id: c, severity: error, require: \"a <= 2 * 3\"}\n", "must be followed by a question id"},
		{"operator as a term", "  - {id: c, severity: error, require: \"a <= < b\"}\n", "want a number or a question id"},
		{"only numbers", "  - {id: c, severity: error, require: \"1 < 2\"}\n", "names no question"},
		{"unknown severity", "  - {id: c, severity: fatal, require: \"a <= b\"}\n", `severity "fatal"`},
		{"both kinds", "  - {id: c, severity: error, require: \"a <= b\", change: {question: a, max_ratio: 2}}\n", "exactly one of require and change"},
		{"neither kind", "  - {id: c, severity: error}\n", "exactly one of require and change"},
		{"message outside check.", "  - {id: c, severity: error, require: \"a <= b\", message: answer.x}\n", `message "answer.x" is not a locale id under check.`},
		{"when to unknown", "  - {id: c, severity: error, when: {question: zz, equals: \"yes\"}, require: \"a <= b\"}\n", `when points to "zz"`},
		{"when bad value", "  - {id: c, severity: error, when: {question: y, equals: \"maybe\"}, require: \"a <= b\"}\n", `a yes_no answer is "yes" or "no"`},
		{"change of text", "  - {id: c, severity: warning, change: {question: t, max_ratio: 2}}\n", `change names "t", a text question`},
		{"change ratio 1", "  - {id: c, severity: warning, change: {question: a, max_ratio: 1}}\n", "max_ratio 1 must be greater than 1"},
		{"duplicate check id", "  - {id: c, severity: error, require: \"a <= b\"}\n  - {id: c, severity: error, require: \"a <= b\"}\n", `check 2 "c": duplicate id`},
		{"unknown field", "  - {id: c, severity: error, require: \"a <= b\", max_ratio: 2}\n", "field max_ratio not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseQuestionnaire([]byte(withChecks(tt.checks)))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
	q := mustParseQuestionnaire(t, withChecks("  - {id: c, severity: error, require: \"2*a+b+10 >= 3 * b\"}\n"))
	if got := q.Checks[0].refs(); !slices.Equal(got, []string{"a", "b", "b"}) {
		t.Errorf("refs = %v", got)
	}
}

func TestView_Check(t *testing.T) {
	q := mustParseQuestionnaire(t, checkYAML)
	type res struct {
		check, msg, anchor string
		questions          []string
		data               map[string]any
		explained          bool
	}
	tests := []struct {
		name      string
		level     Level
		answers   map[string]Answer
		previous  map[string]Answer
		changedID string
		want      []res
	}{
		{"harm yes, all zero", LevelTH, map[string]Answer{"harm": yes(), "hurt": wInt(0), "drowned": wInt(0)}, nil, "drowned",
			[]res{{"harm_counted", "check.harm_without_children", "drowned", []string{"harm", "hurt", "drowned"}, map[string]any{"Left": "0", "Right": "0"}, false}}},
		{"harm yes, one counted", LevelTH, map[string]Answer{"harm": yes(), "hurt": wInt(0), "drowned": wInt(1)}, nil, "", nil},
		{"harm yes, a count still unanswered", LevelTH, map[string]Answer{"harm": yes(), "hurt": wInt(0)}, nil, "hurt", nil},
		{"harm no", LevelTH, map[string]Answer{"harm": no(), "hurt": wInt(0), "drowned": wInt(0)}, nil, "", nil},
		{"a question the level hides counts as 0", LevelMN, map[string]Answer{"harm": yes(), "hurt": wInt(0)}, nil, "hurt",
			[]res{{"harm_counted", "check.harm_without_children", "hurt", []string{"harm", "hurt"}, map[string]any{"Left": "0", "Right": "0"}, false}}},
		{"the change of harm reruns it", LevelMN, map[string]Answer{"harm": yes(), "hurt": wInt(0)}, nil, "harm",
			[]res{{"harm_counted", "check.harm_without_children", "harm", []string{"harm", "hurt"}, map[string]any{"Left": "0", "Right": "0"}, false}}},
		{"other changes leave it", LevelMN, map[string]Answer{"harm": yes(), "hurt": wInt(0)}, nil, "gifts", nil},
		{"supported above disabled", LevelTH, map[string]Answer{"disabled": wInt(2), "supported": wInt(3)}, nil, "supported",
			[]res{{"supported_max", "check.require", "supported", []string{"disabled", "supported"}, map[string]any{"Left": "3", "Right": "2"}, false}}},
		{"supported skipped waits", LevelTH, map[string]Answer{"disabled": wInt(2), "supported": skipped}, nil, "", nil},
		{"value per gift low", LevelTH, map[string]Answer{"gifts": wInt(10), "value": wInt(50_000)}, nil, "value",
			[]res{{"per_gift", "check.require", "value", []string{"gifts", "value"}, map[string]any{"Left": "50.000", "Right": "200.000"}, false}}},
		{"explained warning", LevelTH, map[string]Answer{"gifts": wInt(10), "value": {Int: ptr(50_000), Note: "quà hiện vật"}}, nil, "",
			[]res{{"per_gift", "check.require", "value", []string{"gifts", "value"}, map[string]any{"Left": "50.000", "Right": "200.000"}, true}}},
		{"ten times last year", LevelTH, map[string]Answer{"gifts": wInt(100), "value": wInt(10_000_000)}, map[string]Answer{"gifts": wInt(10)}, "gifts",
			[]res{{"gifts_change", "check.change", "gifts", []string{"gifts"}, map[string]any{"Current": "100", "Previous": "10"}, false}}},
		{"from zero", LevelTH, map[string]Answer{"gifts": wInt(12), "value": wInt(10_000_000)}, map[string]Answer{"gifts": wInt(0)}, "gifts",
			[]res{{"gifts_change", "check.change", "gifts", []string{"gifts"}, map[string]any{"Current": "12", "Previous": "0"}, false}}},
		{"small numbers ignored", LevelTH, map[string]Answer{"gifts": wInt(9), "value": wInt(10_000_000)}, map[string]Answer{"gifts": wInt(1)}, "", nil},
		{"within the ratio", LevelTH, map[string]Answer{"gifts": wInt(40), "value": wInt(10_000_000)}, map[string]Answer{"gifts": wInt(10)}, "", nil},
		{"no previous answer", LevelTH, map[string]Answer{"gifts": wInt(100), "value": wInt(10_000_000)}, map[string]Answer{"gifts": skipped}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := q.Check(tt.level, KindH1, tt.answers, tt.previous, tt.changedID)
			var gotRes []res
			for _, r := range got {
				gotRes = append(gotRes, res{r.Check, r.MsgID, r.Anchor, r.Questions, r.Data, r.Explained})
			}
			if !reflect.DeepEqual(gotRes, tt.want) {
				t.Fatalf("Check = %+v\nwant    %+v", gotRes, tt.want)
			}
			for _, r := range got {
				if want := map[string]Severity{"per_gift": SeverityWarning, "gifts_change": SeverityWarning}[r.Check]; want != "" && r.Severity != want {
					t.Errorf("%s: severity %s", r.Check, r.Severity)
				}
			}
		})
	}
}

func TestView_Check_handBuilt(t *testing.T) {
	q := &Questionnaire{
		Sections: []Section{{ID: "s", Questions: []Question{{ID: "a", Type: TypeInteger}, {ID: "b", Type: TypeInteger}}}},
		Checks:   []Check{{ID: "c", Severity: SeverityError, Require: "a < b"}, {ID: "bad", Severity: SeverityError, Require: "a <"}},
	}
	got := q.Check("", KindH1, map[string]Answer{"a": wInt(2), "b": wInt(1)}, nil, "")
	if len(got) != 1 || got[0].Check != "c" {
		t.Fatalf("Check = %+v, want c only", got)
	}
}
