// Package locales holds every text reportbot shows people, in Vietnamese (the default) and
// English, and renders it with go-i18n.
//
// Messages live in vi/*.yaml and en/*.yaml: flat maps from a message id such as
// "start.welcome" to a Go template ("Xin chào {{.Name}}"). Each feature keeps its own file.
// Templates may contain Telegram HTML (<b>, <i>, <code>); data values are escaped by the
// caller that sends them, not here.
package locales

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// Languages the bot speaks; the first is the default.
const (
	VI = "vi"
	EN = "en"
)

// Supported lists the languages in order of preference.
var Supported = []string{VI, EN}

//go:embed vi/*.yaml en/*.yaml
var files embed.FS

// Catalog renders messages in the supported languages. It is safe for concurrent use.
type Catalog struct {
	loc map[string]*i18n.Localizer
	ids map[string]map[string]bool // lang -> ids
}

// Load reads the embedded message files. It fails when a file is malformed, an id repeats
// within a language, or an id exists in one language and not the other.
func Load() (*Catalog, error) {
	b := i18n.NewBundle(language.Vietnamese)
	c := &Catalog{loc: map[string]*i18n.Localizer{}, ids: map[string]map[string]bool{}}
	for _, lang := range Supported {
		msgs, err := readLang(lang)
		if err != nil {
			return nil, err
		}
		c.ids[lang] = map[string]bool{}
		var list []*i18n.Message
		for id, text := range msgs {
			c.ids[lang][id] = true
			list = append(list, &i18n.Message{ID: id, Other: text})
		}
		if err := b.AddMessages(language.Make(lang), list...); err != nil {
			return nil, fmt.Errorf("locale %s: %w", lang, err)
		}
		c.loc[lang] = i18n.NewLocalizer(b, lang)
	}
	if missing := c.Mismatch(); len(missing) > 0 {
		return nil, fmt.Errorf("locales differ: %s", strings.Join(missing, "; "))
	}
	return c, nil
}

// readLang merges the message files of one language, refusing an id defined twice.
func readLang(lang string) (map[string]string, error) {
	entries, err := fs.ReadDir(files, lang)
	if err != nil {
		return nil, fmt.Errorf("read locale %s: %w", lang, err)
	}
	out := map[string]string{}
	for _, e := range entries {
		p := path.Join(lang, e.Name())
		data, err := files.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", p, err)
		}
		var m map[string]string
		if err := yaml.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("parse %s: %w", p, err)
		}
		for id, text := range m {
			if _, dup := out[id]; dup {
				return nil, fmt.Errorf("%s: message %q is defined twice", p, id)
			}
			out[id] = text
		}
	}
	return out, nil
}

// Mismatch lists message ids present in one language and missing in another.
func (c *Catalog) Mismatch() []string {
	var out []string
	for _, a := range Supported {
		for id := range c.ids[a] {
			for _, b := range Supported {
				if !c.ids[b][id] {
					out = append(out, fmt.Sprintf("%q is in %s but not in %s", id, a, b))
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// Has reports whether the message id exists.
func (c *Catalog) Has(id string) bool { return c.ids[VI][id] }

// IDs returns every message id, sorted.
func (c *Catalog) IDs() []string {
	out := make([]string, 0, len(c.ids[VI]))
	for id := range c.ids[VI] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// T renders message id in lang with data. An unknown language falls back to Vietnamese; an
// unknown id renders as "[id]" so the gap is visible and a test can catch it.
func (c *Catalog) T(lang, id string, data map[string]any) string {
	l, ok := c.loc[lang]
	if !ok {
		l = c.loc[VI]
	}
	s, err := l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		return "[" + id + "]"
	}
	return s
}

// Lang picks the language for a user: the one chosen with /lang if any, else English for a
// Telegram language_code starting with "en", else Vietnamese.
func Lang(chosen, telegramCode string) string {
	switch {
	case chosen == VI || chosen == EN:
		return chosen
	case strings.HasPrefix(strings.ToLower(telegramCode), "en"):
		return EN
	}
	return VI
}
