package tgtest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// MaxTextLen is Telegram's limit on message text, in UTF-16 code units after entity parsing.
const MaxTextLen = 4096

// MaxCaptionLen is Telegram's limit on media captions, in UTF-16 code units after parsing.
const MaxCaptionLen = 1024

// UTF16Len returns the length of s in UTF-16 code units, the unit of Telegram's text limits and
// entity offsets.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// parsed is text after parse_mode processing: what the user sees, and its entities.
type parsed struct {
	plain    string
	entities []tgbotapi.MessageEntity
}

// textBuilder accumulates visible text and tracks the UTF-16 offset for entities.
type textBuilder struct {
	b   strings.Builder
	off int
	ent []tgbotapi.MessageEntity
}

func (t *textBuilder) writeRune(r rune) {
	t.b.WriteRune(r)
	t.off += utf16.RuneLen(r)
}

func (t *textBuilder) writeString(s string) {
	for _, r := range s {
		t.writeRune(r)
	}
}

func (t *textBuilder) entity(typ string, start int, url string) {
	if t.off > start {
		t.ent = append(t.ent, tgbotapi.MessageEntity{Type: typ, Offset: start, Length: t.off - start, URL: url})
	}
}

func (t *textBuilder) result() parsed {
	sort.SliceStable(t.ent, func(i, j int) bool {
		if t.ent[i].Offset != t.ent[j].Offset {
			return t.ent[i].Offset < t.ent[j].Offset
		}
		return t.ent[i].Length > t.ent[j].Length
	})
	return parsed{plain: t.b.String(), entities: t.ent}
}

// parseText applies parse_mode to text. The error is the part after
// "Bad Request: can't parse entities: ".
func parseText(text, mode string) (parsed, *apiError) {
	var p parsed
	var err error
	switch strings.ToLower(mode) {
	case "":
		return parsed{plain: text}, nil
	case "html":
		p, err = parseHTML(text)
	case "markdown":
		p, err = parseMarkdown(text)
	case "markdownv2":
		p, err = parseMarkdownV2(text)
	default:
		return p, badRequest("unsupported parse_mode")
	}
	if err != nil {
		return p, badRequest("can't parse entities: %v", err)
	}
	return p, nil
}

// htmlTags maps the tags Telegram supports to entity types ("" adds no entity).
var htmlTags = map[string]string{
	"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
	"ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
	"tg-spoiler": "spoiler", "span": "spoiler", "a": "text_link", "code": "code", "pre": "pre",
	"blockquote": "blockquote", "tg-emoji": "",
}

type openTag struct {
	name  string
	start int
	url   string
}

// parseHTML follows Telegram's HTML style: only the supported tags, every tag closed in order,
// and only the entities &lt; &gt; &amp; &quot; plus numeric ones.
func parseHTML(s string) (parsed, error) {
	var t textBuilder
	var stack []openTag
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				return parsed{}, fmt.Errorf("Unclosed start tag at byte offset %d", i)
			}
			body := s[i+1 : i+end]
			if name, ok := strings.CutPrefix(body, "/"); ok {
				name = strings.ToLower(strings.TrimSpace(name))
				if len(stack) == 0 {
					return parsed{}, fmt.Errorf("Unexpected end tag at byte offset %d", i)
				}
				top := stack[len(stack)-1]
				if name != top.name {
					return parsed{}, fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, top.name, name)
				}
				stack = stack[:len(stack)-1]
				t.entity(htmlTags[top.name], top.start, top.url)
			} else {
				tag, err := parseStartTag(body, i)
				if err != nil {
					return parsed{}, err
				}
				tag.start = t.off
				stack = append(stack, tag)
			}
			i += end + 1
		case '&':
			r, n := htmlEntity(s[i:])
			if n == 0 {
				r, n = '&', 1
			}
			t.writeRune(r)
			i += n
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			t.writeRune(r)
			i += n
		}
	}
	if len(stack) > 0 {
		return parsed{}, fmt.Errorf("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1].name)
	}
	return t.result(), nil
}

func parseStartTag(body string, at int) (openTag, error) {
	body = strings.TrimSuffix(body, "/")
	name, attrs := body, ""
	if i := strings.IndexFunc(body, unicode.IsSpace); i >= 0 {
		name, attrs = body[:i], body[i+1:]
	}
	name = strings.ToLower(name)
	if _, ok := htmlTags[name]; !ok {
		return openTag{}, fmt.Errorf("Unsupported start tag \"%s\" at byte offset %d", name, at)
	}
	tag := openTag{name: name}
	switch name {
	case "a":
		tag.url = attrValue(attrs, "href")
	case "span":
		if attrValue(attrs, "class") != "tg-spoiler" {
			return openTag{}, fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", at)
		}
	}
	return tag, nil
}

// attrValue finds name="value" (or single-quoted, or bare) in a tag's attributes.
func attrValue(attrs, name string) string {
	for attrs != "" {
		attrs = strings.TrimLeftFunc(attrs, unicode.IsSpace)
		k, rest, ok := strings.Cut(attrs, "=")
		if !ok {
			return ""
		}
		rest = strings.TrimLeft(rest, " ")
		var v string
		if rest != "" && (rest[0] == '"' || rest[0] == '\'') {
			end := strings.IndexByte(rest[1:], rest[0])
			if end < 0 {
				return ""
			}
			v, attrs = rest[1:1+end], rest[2+end:]
		} else {
			v, attrs, _ = strings.Cut(rest, " ")
		}
		if strings.ToLower(strings.TrimSpace(k)) == name {
			r, _ := parseHTML(v)
			return r.plain
		}
	}
	return ""
}

// htmlEntity decodes the entity at the start of s, returning the rune and bytes consumed
// (0 when s does not start with an entity Telegram knows).
func htmlEntity(s string) (rune, int) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 10 {
		return 0, 0
	}
	name := s[1:end]
	switch name {
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "amp":
		return '&', end + 1
	case "quot":
		return '"', end + 1
	}
	if num, ok := strings.CutPrefix(name, "#"); ok {
		base := 10
		if h, ok := strings.CutPrefix(strings.ToLower(num), "x"); ok {
			num, base = h, 16
		}
		if n, err := strconv.ParseUint(num, base, 32); err == nil && utf8.ValidRune(rune(n)) {
			return rune(n), end + 1
		}
	}
	return 0, 0
}
