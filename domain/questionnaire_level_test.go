package domain

import (
	"slices"
	"strings"
	"testing"
)

// levelYAML: s1 for everyone, with a TH/THCS-only question and per-level wording; s2 for
// kindergartens only; a condition on a number.
const levelYAML = `
sections:
  - id: s1
    title: {vi: "Phần chung", en: "Common"}
    questions:
      - id: taught
        type: integer
        label:
          vi: "Số học sinh được học"
          en: "Pupils taught"
          by_level:
            MN: {vi: "Số trẻ được học", en: "Children taught"}
            THCS: {vi: "Số học sinh THCS được học"}
      - {id: swim, type: integer, levels: [TH, THCS], label: {vi: "Số học sinh học bơi"}}
      - {id: thcs_only, type: yes_no, levels: [THCS], label: {vi: "Câu THCS"}}
      - {id: disabled, type: integer, label: {vi: "Số trẻ khuyết tật"}}
      - {id: supported, type: integer, label: {vi: "Được hỗ trợ"}, when: {question: disabled, above: 0}}
  - id: s2
    title: {vi: "Dinh dưỡng"}
    levels: [MN]
    questions:
      - {id: stunted, type: integer, label: {vi: "Số trẻ thấp còi"}}
`

func TestParseQuestionnaire_levels(t *testing.T) {
	tests := []struct{ name, src, wantErr string }{
		{"unknown level", oneSection("      - {id: a, type: text, levels: [MG], label: {vi: A}}\n"), `question "a": unknown level "MG"`},
		{"combined level", oneSection("      - {id: a, type: text, levels: [TH-THCS], label: {vi: A}}\n"), `question "a": unknown level "TH-THCS"`},
		{"level twice", oneSection("      - {id: a, type: text, levels: [TH, TH], label: {vi: A}}\n"), `level "TH" listed twice`},
		{"unknown section level", "sections:\n  - id: s1\n    title: {vi: T}\n    levels: [PT]\n    questions:\n" + yesNoQ, `section "s1": unknown level "PT"`},
		{"question outside its section's levels", "sections:\n  - id: s1\n    title: {vi: T}\n    levels: [MN]\n    questions:\n      - {id: a, type: text, levels: [TH], label: {vi: A}}\n", `question "a": level TH is not among its section's levels [MN]`},
		{"by_level unknown level", oneSection("      - {id: a, type: text, label: {vi: A, by_level: {XX: {vi: B}}}}\n"), `question "a": label: by_level names unknown level "XX"`},
		{"by_level without vi", oneSection("      - {id: a, type: text, label: {vi: A, by_level: {MN: {en: B}}}}\n"), `by_level MN: missing vi`},
		{"by_level nested", oneSection("      - {id: a, type: text, label: {vi: A, by_level: {MN: {vi: B, by_level: {TH: {vi: C}}}}}}\n"), "nested by_level"},
		{"by_level for a level not asked", oneSection("      - {id: a, type: text, levels: [TH], label: {vi: A, by_level: {MN: {vi: B}}}}\n"), `by_level MN, but the question is asked only at [TH]`},
		{"hint by_level unknown", oneSection("      - {id: a, type: text, label: {vi: A}, hint: {vi: H, by_level: {X: {vi: B}}}}\n"), `hint: by_level names unknown level "X"`},
		{"hint without vi", oneSection("      - {id: a, type: text, label: {vi: A}, hint: {en: H}}\n"), "missing vi hint"},
		{"condition not asked at the level", oneSection("      - {id: a, type: yes_no, levels: [TH], label: {vi: A}}\n      - {id: b, type: text, label: {vi: B}, when: {question: a, equals: \"yes\"}}\n"), `asked at level MN but its condition "a" is not`},
		{"above on yes_no", oneSection(yesNoQ + "      - {id: b, type: text, label: {vi: B}, when: {question: given, above: 0}}\n"), "above compares integer and money answers"},
		{"equals and above", oneSection("      - {id: a, type: integer, label: {vi: A}}\n      - {id: b, type: text, label: {vi: B}, when: {question: a, equals: \"1\", above: 0}}\n"), "not both"},
		{"max_files on text", oneSection("      - {id: a, type: text, max_files: 3, label: {vi: A}}\n"), "max_files applies only to file"},
		{"max_files too many", oneSection("      - {id: a, type: file, max_files: 99, label: {vi: A}}\n"), "max_files 99 is outside"},
		{"coverage on text", oneSection("      - {id: a, type: text, coverage: true, label: {vi: A}}\n"), "coverage applies to numbers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseQuestionnaire([]byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestView_Questions_byLevel(t *testing.T) {
	q := mustParseQuestionnaire(t, levelYAML)
	for l, want := range map[Level][]string{
		LevelMN:     {"taught", "disabled", "supported", "stunted"},
		LevelTH:     {"taught", "swim", "disabled", "supported"},
		LevelTHCS:   {"taught", "swim", "thcs_only", "disabled", "supported"},
		LevelTHTHCS: {"taught", "swim", "thcs_only", "disabled", "supported"},
		"":          {"taught", "swim", "thcs_only", "disabled", "supported", "stunted"},
	} {
		if got := ids(q.View(l, KindH1).Questions()); !slices.Equal(got, want) {
			t.Errorf("View(%q).Questions() = %v, want %v", l, got, want)
		}
	}
	if got := len(q.View(LevelTH, KindH1).Sections()); got != 1 {
		t.Errorf("TH sees %d sections, want 1", got)
	}
	v := q.View(LevelMN, KindH1)
	if got := v.Hidden(map[string]Answer{"swim": wInt(3), "taught": wInt(1)}); !slices.Equal(got, []string{"swim"}) {
		t.Errorf("a primary question answered in a kindergarten draft: Hidden = %v", got)
	}
}

func TestView_above(t *testing.T) {
	v := mustParseQuestionnaire(t, levelYAML).View(LevelTH, KindH1)
	base := map[string]Answer{"taught": wInt(1), "swim": wInt(0)}
	for _, tt := range []struct {
		disabled Answer
		want     string
	}{
		{wInt(0), ""}, {wInt(2), "supported"}, {skipped, ""},
	} {
		answers := map[string]Answer{"disabled": tt.disabled}
		for k, a := range base {
			answers[k] = a
		}
		got := ""
		if qn, ok := v.Next(answers); ok {
			got = qn.ID
		}
		if got != tt.want {
			t.Errorf("disabled %s: Next = %q, want %q", dump(tt.disabled), got, tt.want)
		}
	}
}

func TestText_For(t *testing.T) {
	q := mustParseQuestionnaire(t, levelYAML)
	taught, _ := q.Question("taught")
	tests := []struct {
		level      Level
		lang, want string
	}{
		{LevelMN, "vi", "Số trẻ được học"},
		{LevelMN, "en", "Children taught"},
		{LevelTH, "vi", "Số học sinh được học"},
		{LevelTHCS, "vi", "Số học sinh THCS được học"},
		{LevelTHCS, "en", "Pupils taught"}, // THCS wording has no English: the default's
		{LevelTHTHCS, "vi", "Số học sinh THCS được học"},
		{"", "vi", "Số học sinh được học"},
	}
	for _, tt := range tests {
		if got := q.View(tt.level, KindH1).Label(taught, tt.lang); got != tt.want {
			t.Errorf("Label at %q in %s = %q, want %q", tt.level, tt.lang, got, tt.want)
		}
	}
}

func TestView_Progress(t *testing.T) {
	v := mustParseQuestionnaire(t, walkYAML).View("", KindH1)
	tests := []struct {
		name    string
		answers map[string]Answer
		id      string
		want    Progress
	}{
		{"first", nil, "a", Progress{1, 2, 1, 1}},
		{"a yes opens b and c", map[string]Answer{"a": yes()}, "b", Progress{1, 2, 2, 3}},
		{"c y opens d", map[string]Answer{"a": yes(), "c": wChoice("y")}, "d", Progress{1, 2, 4, 4}},
		{"second section", map[string]Answer{"a": no()}, "g", Progress{2, 2, 2, 2}},
		{"hidden", map[string]Answer{"a": no()}, "b", Progress{}},
	}
	for _, tt := range tests {
		if got := v.Progress(tt.answers, tt.id); got != tt.want {
			t.Errorf("%s: Progress = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
