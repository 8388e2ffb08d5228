package export

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// repeater is a part of the template copied once per item: the element <tag> enclosing
// the first placeholder that starts with marker.
type repeater struct {
	marker, tag string
	items       []map[string]string
}

// fillTemplate fills doc in one pass over the template: the repeated elements are found
// in the template before anything is filled, and each piece of template is filled once,
// so text from the data (a principal's answer that reads "{{SIGNER_TITLE}}") is never
// read as a placeholder. A placeholder split over several runs is joined first.
func fillTemplate(doc string, vals map[string]string, reps []repeater) ([]byte, error) {
	doc = joinSplitPlaceholders(doc)
	type span struct {
		start, end int
		rep        repeater
	}
	var spans []span
	for _, rep := range reps {
		start, end, err := enclosing(doc, rep.marker, rep.tag)
		if err != nil {
			return nil, err
		}
		if start >= 0 {
			spans = append(spans, span{start, end, rep})
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	at := 0
	for _, sp := range spans {
		if sp.start < at {
			return nil, fmt.Errorf("%w: the elements repeated for %s and another marker overlap", ErrBadTemplate, sp.rep.marker)
		}
		b.WriteString(fill(doc[at:sp.start], vals))
		for _, it := range sp.rep.items {
			merged := maps.Clone(vals)
			maps.Copy(merged, it)
			b.WriteString(fill(doc[sp.start:sp.end], merged))
		}
		at = sp.end
	}
	b.WriteString(fill(doc[at:], vals))
	return []byte(b.String()), nil
}

// enclosing finds the element <tag> that encloses the first occurrence of marker: its
// start and end offsets, or -1 without the marker.
func enclosing(doc, marker, tag string) (start, end int, err error) {
	at := strings.Index(doc, marker)
	if at < 0 {
		return -1, -1, nil
	}
	start = max(strings.LastIndex(doc[:at], "<"+tag+">"), strings.LastIndex(doc[:at], "<"+tag+" "))
	end = strings.Index(doc[at:], "</"+tag+">")
	if start < 0 || end < 0 {
		return -1, -1, fmt.Errorf("%w: %s is not inside a <%s> element", ErrBadTemplate, marker, tag)
	}
	return start, end + at + len("</"+tag+">"), nil
}

// fill replaces each {{KEY}} of the template text s with its value, XML-escaped, line
// breaks as <w:br/>. It reads s once from left to right and never reads what it inserted.
func fill(s string, vals map[string]string) string {
	pairs := make([]string, 0, 2*len(vals))
	for k, v := range vals {
		pairs = append(pairs, "{{"+k+"}}", xmlText(v))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

var (
	// wordText matches a <w:t> element with its text (group 2).
	wordText = regexp.MustCompile(`(<w:t(?:\s[^>]*)?>)([^<]*)</w:t>`)
	// placeholder matches a placeholder in a paragraph's text.
	placeholder = regexp.MustCompile(`\{\{[A-Z][A-Z0-9_.]*\}\}`)
)

// joinSplitPlaceholders moves each placeholder that Word split over several runs of one
// paragraph ("<w:t>{{SIG</w:t></w:r><w:r><w:t>NER_TITLE}}</w:t>") whole into the run
// where it starts, so that fill finds it. Only the template is passed here, never data.
func joinSplitPlaceholders(doc string) string {
	locs := wordText.FindAllStringSubmatchIndex(doc, -1)
	texts := make([]string, len(locs))
	for i, l := range locs {
		texts[i] = doc[l[4]:l[5]]
	}
	changed := make([]bool, len(locs))
	for g := 0; g < len(locs); {
		h := g + 1
		for h < len(locs) && !strings.Contains(doc[locs[h-1][1]:locs[h][0]], "</w:p>") {
			h++
		}
		joinRuns(texts[g:h], changed[g:h])
		g = h
	}
	var b strings.Builder
	at := 0
	for i, l := range locs {
		if !changed[i] {
			continue
		}
		b.WriteString(doc[at:l[2]])
		open := doc[l[2]:l[3]]
		if !strings.Contains(open, "xml:space") { // a run may now start or end with a space
			open = `<w:t xml:space="preserve"` + strings.TrimPrefix(open, "<w:t")
		}
		b.WriteString(open + texts[i])
		at = l[5]
	}
	b.WriteString(doc[at:])
	return b.String()
}

// joinRuns reassigns the text of one paragraph's runs so that no placeholder spans two.
func joinRuns(texts []string, changed []bool) {
	if len(texts) < 2 {
		return
	}
	var all strings.Builder
	var owner []int // the run each byte of all belongs to
	for i, t := range texts {
		all.WriteString(t)
		for range len(t) {
			owner = append(owner, i)
		}
	}
	moved := false
	for _, m := range placeholder.FindAllStringIndex(all.String(), -1) {
		if owner[m[0]] == owner[m[1]-1] {
			continue
		}
		for k := m[0]; k < m[1]; k++ {
			owner[k] = owner[m[0]]
		}
		moved = true
	}
	if !moved {
		return
	}
	s := all.String()
	next := make([]strings.Builder, len(texts))
	for k := range len(s) {
		next[owner[k]].WriteByte(s[k])
	}
	for i := range texts {
		if t := next[i].String(); t != texts[i] {
			texts[i], changed[i] = t, true
		}
	}
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;",
	"\r\n", `</w:t><w:br/><w:t xml:space="preserve">`, "\n", `</w:t><w:br/><w:t xml:space="preserve">`)

// xmlText escapes s for a <w:t> element and drops characters XML 1.0 forbids.
func xmlText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r != 0xFFFE && r != 0xFFFF) {
			return r
		}
		return -1
	}, s)
	return xmlEscaper.Replace(s)
}
