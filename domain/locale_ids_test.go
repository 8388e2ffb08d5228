package domain

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// mustLoadLocale reads locales/<lang>/questionnaire.yaml, a flat map of message id to
// Go template.
func mustLoadLocale(tb testing.TB, lang string) map[string]string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "locales", lang, "questionnaire.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	var m map[string]string
	if err := yaml.Unmarshal(b, &m); err != nil {
		tb.Fatalf("%s: %v", lang, err)
	}
	return m
}

var (
	answerIDRE  = regexp.MustCompile(`"((?:answer|check|coverage)\.[a-z0-9_.]+)"`)
	placeholder = regexp.MustCompile(`\{\{[^}]*\}\}`)
)

// TestLocales_answerIDs checks that every answer.*, check.* and coverage.* message the
// domain or the default questionnaire's checks name exists in both languages with the same
// placeholders, and that the files hold no message nobody uses.
func TestLocales_answerIDs(t *testing.T) {
	vi, en := mustLoadLocale(t, "vi"), mustLoadLocale(t, "en")
	if k1, k2 := slices.Sorted(maps.Keys(vi)), slices.Sorted(maps.Keys(en)); !slices.Equal(k1, k2) {
		t.Errorf("vi and en ids differ:\nvi %v\nen %v", k1, k2)
	}
	for id, text := range vi {
		if !norm.NFC.IsNormalString(text) {
			t.Errorf("vi %s is not NFC", id)
		}
		if p1, p2 := placeholder.FindAllString(text, -1), placeholder.FindAllString(en[id], -1); !slices.Equal(p1, p2) {
			t.Errorf("%s: placeholders differ: vi %v, en %v", id, p1, p2)
		}
		for lang, src := range map[string]string{"vi": text, "en": en[id]} {
			if _, err := template.New(id).Parse(src); err != nil {
				t.Errorf("%s %s: %v", lang, id, err)
			}
		}
	}

	sources, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, name := range sources {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range answerIDRE.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
			for lang, file := range map[string]map[string]string{"vi": vi, "en": en} {
				if _, ok := file[m[1]]; !ok {
					t.Errorf("%s uses %s, missing from locales/%s/questionnaire.yaml", name, m[1], lang)
				}
			}
		}
	}
	if len(used) == 0 {
		t.Fatal("found no answer.* ids in the domain sources")
	}
	for _, c := range DefaultQuestionnaire().Checks {
		if c.Message == "" {
			continue
		}
		used[c.Message] = true
		for lang, file := range map[string]map[string]string{"vi": vi, "en": en} {
			if _, ok := file[c.Message]; !ok {
				t.Errorf("check %s uses %s, missing from locales/%s/questionnaire.yaml", c.ID, c.Message, lang)
			}
		}
	}
	for id := range vi {
		if !used[id] {
			t.Errorf("locale id %s is used nowhere in domain/", id)
		}
	}
}
