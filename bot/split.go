package bot

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// SplitText cuts Telegram HTML into parts of at most max UTF-16 code units of visible text
// (Telegram's rule: the length after entity parsing), at line breaks where possible. It
// never cuts inside a tag or an entity such as &amp;: a tag open where a part ends is
// closed at its end and opened again at the start of the next part, so every part is
// valid HTML on its own. A line longer than max is cut between characters. Parts with
// no visible text are dropped.
func SplitText(text string, max int) []string {
	toks := tokenizeHTML(text)
	total := 0
	for _, t := range toks {
		total += t.width
	}
	if total <= max {
		return []string{text}
	}
	var sp splitter
	sp.max = max
	for _, t := range toks {
		sp.add(t)
	}
	sp.emit(sp.cur.String(), sp.open)
	return sp.parts
}

// htmlToken is a piece of Telegram HTML: a tag, an entity or one character.
type htmlToken struct {
	raw   string
	tag   string // the tag's name for a tag, "" otherwise
	close bool   // an end tag
	width int    // visible UTF-16 units: 0 for a tag
}

// splitter builds the parts of SplitText.
type splitter struct {
	max   int
	parts []string
	cur   strings.Builder
	width int         // visible units in cur
	open  []htmlToken // start tags open at the end of cur
	// brk is the last line break in cur: where cur may be cut, with the tags open there.
	brk struct {
		ok         bool
		pos, width int
		open       []htmlToken
	}
}

func (sp *splitter) add(t htmlToken) {
	if t.width > 0 && sp.width+t.width > sp.max && sp.brk.ok && sp.brk.width > 0 {
		s, b := sp.cur.String(), sp.brk
		sp.emit(s[:b.pos], b.open)
		sp.restart(b.open, s[b.pos:], sp.width-b.width)
	}
	if t.width > 0 && sp.width+t.width > sp.max && sp.width > 0 {
		sp.emit(sp.cur.String(), sp.open)
		sp.restart(sp.open, "", 0)
	}
	sp.cur.WriteString(t.raw)
	sp.width += t.width
	switch {
	case t.tag != "" && !t.close:
		sp.open = append(sp.open, t)
	case t.tag != "" && t.close:
		for i := len(sp.open) - 1; i >= 0; i-- {
			if sp.open[i].tag == t.tag {
				sp.open = append(sp.open[:i:i], sp.open[i+1:]...)
				break
			}
		}
	case t.raw == "\n":
		sp.brk.ok, sp.brk.pos, sp.brk.width = true, sp.cur.Len(), sp.width
		sp.brk.open = append(sp.brk.open[:0:0], sp.open...)
	}
}

// restart begins a part that reopens the tags open where the last part ended and
// continues with rest, the text after that end (whose tags sp.open already counts).
func (sp *splitter) restart(open []htmlToken, rest string, width int) {
	sp.cur.Reset()
	for _, t := range open {
		sp.cur.WriteString(t.raw)
	}
	sp.cur.WriteString(rest)
	sp.width = width
	sp.brk.ok = false
}

// emit adds part s, whose open start tags are closed here, unless it shows nothing.
func (sp *splitter) emit(s string, open []htmlToken) {
	s = strings.TrimRight(s, "\n")
	visible := false
	for _, t := range tokenizeHTML(s) {
		if t.width > 0 && strings.TrimSpace(t.raw) != "" {
			visible = true
			break
		}
	}
	if !visible {
		return
	}
	var b strings.Builder
	b.WriteString(s)
	for i := len(open) - 1; i >= 0; i-- {
		b.WriteString("</" + open[i].tag + ">")
	}
	sp.parts = append(sp.parts, b.String())
}

// tokenizeHTML splits Telegram HTML into tags, entities and characters. Text that is not
// valid HTML ("<" without ">", "&" that starts no entity) counts as the characters it is.
func tokenizeHTML(s string) []htmlToken {
	var toks []htmlToken
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			if end := strings.IndexByte(s[i:], '>'); end > 0 {
				body := s[i+1 : i+end]
				t := htmlToken{raw: s[i : i+end+1]}
				t.close = strings.HasPrefix(body, "/")
				name := strings.TrimPrefix(body, "/")
				if j := strings.IndexAny(name, " \t\n/"); j >= 0 {
					name = name[:j]
				}
				t.tag = strings.ToLower(name)
				if t.tag != "" && !strings.HasSuffix(body, "/") {
					toks = append(toks, t)
					i += end + 1
					continue
				}
			}
		case '&':
			if r, n := entity(s[i:]); n > 0 {
				toks = append(toks, htmlToken{raw: s[i : i+n], width: utf16.RuneLen(r)})
				i += n
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		w := utf16.RuneLen(r)
		if w < 0 {
			w = 1
		}
		toks = append(toks, htmlToken{raw: s[i : i+n], width: w})
		i += n
	}
	return toks
}

// entity decodes the entity at the start of s, one of those Telegram knows: &lt; &gt;
// &amp; &quot; and numeric ones. n is 0 when s starts no entity.
func entity(s string) (r rune, n int) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 10 {
		return 0, 0
	}
	switch name := s[1:end]; name {
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "amp":
		return '&', end + 1
	case "quot":
		return '"', end + 1
	default:
		num, ok := strings.CutPrefix(name, "#")
		if !ok {
			return 0, 0
		}
		base := 10
		if h, ok := strings.CutPrefix(strings.ToLower(num), "x"); ok {
			num, base = h, 16
		}
		if v, err := strconv.ParseUint(num, base, 32); err == nil && utf8.ValidRune(rune(v)) {
			return rune(v), end + 1
		}
	}
	return 0, 0
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += max(utf16.RuneLen(r), 1)
	}
	return n
}
