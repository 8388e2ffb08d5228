package tgtest

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// parseMarkdown follows Telegram's legacy Markdown: *bold*, _italic_, `code`, ```pre```,
// [text](url); an entity without its end is an error.
func parseMarkdown(s string) (parsed, error) {
	var t textBuilder
	unclosed := func(at int) error {
		return fmt.Errorf("Can't find end of the entity starting at byte offset %d", at)
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("_*`[", s[i+1]) >= 0:
			t.writeRune(rune(s[i+1]))
			i += 2
		case c == '*' || c == '_':
			end := strings.IndexByte(s[i+1:], c)
			if end < 0 {
				return parsed{}, unclosed(i)
			}
			start := t.off
			t.writeString(s[i+1 : i+1+end])
			t.entity(map[byte]string{'*': "bold", '_': "italic"}[c], start, "")
			i += end + 2
		case strings.HasPrefix(s[i:], "```"):
			end := strings.Index(s[i+3:], "```")
			if end < 0 {
				return parsed{}, unclosed(i)
			}
			start := t.off
			t.writeString(s[i+3 : i+3+end])
			t.entity("pre", start, "")
			i += end + 6
		case c == '`':
			end := strings.IndexByte(s[i+1:], '`')
			if end < 0 {
				return parsed{}, unclosed(i)
			}
			start := t.off
			t.writeString(s[i+1 : i+1+end])
			t.entity("code", start, "")
			i += end + 2
		case c == '[':
			end := strings.IndexByte(s[i+1:], ']')
			j := i + 2 + end
			if end < 0 || j >= len(s) || s[j] != '(' || !strings.Contains(s[j:], ")") {
				return parsed{}, unclosed(i)
			}
			closing := strings.IndexByte(s[j:], ')')
			start := t.off
			t.writeString(s[i+1 : i+1+end])
			t.entity("text_link", start, s[j+1:j+closing])
			i = j + closing + 1
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			t.writeRune(r)
			i += n
		}
	}
	return t.result(), nil
}

// mdv2Reserved are the characters MarkdownV2 requires to be escaped outside entities.
const mdv2Reserved = "_*[]()~`>#+-=|{}.!"

type mdOpen struct {
	marker string
	start  int // UTF-16 offset in the visible text
	at     int // byte offset in the source
}

var mdv2Names = map[string]string{
	"*": "Bold", "_": "Italic", "__": "Underline", "~": "Strikethrough", "||": "Spoiler", "[": "TextUrl",
}

var mdv2Types = map[string]string{
	"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough", "||": "spoiler",
}

// parseMarkdownV2 follows Telegram's MarkdownV2: every reserved character outside an entity
// must be escaped with '\', and every entity must be closed.
func parseMarkdownV2(s string) (parsed, error) {
	var t textBuilder
	var stack []mdOpen
	toggle := func(marker string, at int) {
		for k := len(stack) - 1; k >= 0; k-- {
			if stack[k].marker == marker {
				t.entity(mdv2Types[marker], stack[k].start, "")
				stack = append(stack[:k], stack[k+1:]...)
				return
			}
		}
		stack = append(stack, mdOpen{marker: marker, start: t.off, at: at})
	}
	lineStart := true
	for i := 0; i < len(s); {
		c := s[i]
		atLineStart := lineStart
		lineStart = false
		switch {
		case c == '\\':
			if i+1 >= len(s) {
				return parsed{}, fmt.Errorf("Character '\\' is reserved and must be escaped with the preceding '\\'")
			}
			r, n := utf8.DecodeRuneInString(s[i+1:])
			t.writeRune(r)
			i += 1 + n
		case c == '`':
			n, err := mdv2Code(&t, s, i)
			if err != nil {
				return parsed{}, err
			}
			i += n
		case c == '*' || c == '~':
			toggle(string(c), i)
			i++
		case c == '_' && strings.HasPrefix(s[i:], "__"):
			toggle("__", i)
			i += 2
		case c == '_':
			toggle("_", i)
			i++
		case strings.HasPrefix(s[i:], "||"):
			toggle("||", i)
			i += 2
		case c == '[':
			stack = append(stack, mdOpen{marker: "[", start: t.off, at: i})
			i++
		case c == ']' && len(stack) > 0 && stack[len(stack)-1].marker == "[" && strings.HasPrefix(s[i+1:], "("):
			url, n, ok := mdv2URL(s[i+2:])
			if !ok {
				return parsed{}, fmt.Errorf("Can't find end of a URL at byte offset %d", i+1)
			}
			t.entity("text_link", stack[len(stack)-1].start, url)
			stack = stack[:len(stack)-1]
			i += 2 + n
		case c == '>' && atLineStart:
			i++ // blockquote marker
		case strings.IndexByte(mdv2Reserved, c) >= 0:
			return parsed{}, fmt.Errorf("Character '%c' is reserved and must be escaped with the preceding '\\'", c)
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			t.writeRune(r)
			lineStart = r == '\n'
			i += n
		}
	}
	if len(stack) > 0 {
		o := stack[len(stack)-1]
		return parsed{}, fmt.Errorf("Can't find end of %s entity at byte offset %d", mdv2Names[o.marker], o.at)
	}
	return t.result(), nil
}

// mdv2Code reads `code` or ```pre``` starting at s[i] and returns the bytes consumed.
func mdv2Code(t *textBuilder, s string, i int) (int, error) {
	marker, typ, name := "`", "code", "Code"
	if strings.HasPrefix(s[i:], "```") {
		marker, typ, name = "```", "pre", "Pre"
	}
	body := s[i+len(marker):]
	var content strings.Builder
	for j := 0; j < len(body); {
		switch {
		case body[j] == '\\' && j+1 < len(body):
			content.WriteByte(body[j+1])
			j += 2
		case strings.HasPrefix(body[j:], marker):
			text := content.String()
			if typ == "pre" {
				if lang, rest, ok := strings.Cut(text, "\n"); ok && !strings.ContainsAny(lang, " \t") {
					text = rest
				}
			}
			start := t.off
			t.writeString(text)
			t.entity(typ, start, "")
			return len(marker) + j + len(marker), nil
		default:
			content.WriteByte(body[j])
			j++
		}
	}
	return 0, fmt.Errorf("Can't find end of %s entity at byte offset %d", name, i)
}

// mdv2URL reads a link target up to its unescaped ')' and returns it with the bytes consumed.
func mdv2URL(s string) (string, int, bool) {
	var b strings.Builder
	for j := 0; j < len(s); j++ {
		switch s[j] {
		case '\\':
			if j+1 < len(s) {
				j++
				b.WriteByte(s[j])
			}
		case ')':
			return b.String(), j + 1, true
		default:
			b.WriteByte(s[j])
		}
	}
	return "", 0, false
}
