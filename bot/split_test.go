package bot

import (
	"context"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/internal/tgtest"
)

// tagRE strips tags to compare what a user sees.
var tagRE = regexp.MustCompile(`<[^>]*>`)

func visible(s string) string { return html.UnescapeString(tagRE.ReplaceAllString(s, "")) }

// TestSendHTML_LongHostileText sends long messages that the splitter must cut inside
// tags and between entities through the fake Bot API server, which parses every part as
// Telegram does ("can't parse entities" for a broken one) and refuses more than 4096
// UTF-16 units after parsing.
func TestSendHTML_LongHostileText(t *testing.T) {
	amps := strings.Repeat("&amp;", 2000) // an answer of 2,000 "&"
	tests := map[string]string{
		"ampersands in bold": "<b>Khó khăn:</b>\n<b>" + amps + amps + amps + "</b>\n<i>" + amps + "</i>",
		"one long line":      "<b>Câu trả lời: <i>" + strings.Repeat("&lt;Ω&gt;🙂&quot;", 1500) + "</i></b>",
		"lines in a quote": "<blockquote>" + strings.Repeat("<b>Trường</b> &amp; <code>MN-A</code> &#39;x&#39;\n", 400) +
			"</blockquote>\n<a href=\"https://t.me/bot?start=X\">" + strings.Repeat("liên kết ", 600) + "</a>",
		"numeric entities": strings.Repeat("&#128512;&#x1F600;", 2100),
	}
	tg := tgtest.New(t)
	c, err := connect(t, tg, tg.Token())
	if err != nil {
		t.Fatal(err)
	}
	defer c.StopPolling()
	b := New(Config{Out: &Sender{API: c.API()}})
	id := int64(-100100)
	for name, text := range tests {
		t.Run(name, func(t *testing.T) {
			id--
			g := tg.Group(id, "Cụm trường", true)
			if _, err := b.SendHTML(context.Background(), g.ID(), text); err != nil {
				t.Fatalf("send: %v", err)
			}
			sent := tg.SentTo(g.ID())
			if len(sent) < 2 {
				t.Fatalf("%d parts; the text is longer than one message", len(sent))
			}
			var got strings.Builder
			for _, m := range sent {
				if n := tgtest.UTF16Len(m.Plain); n > MaxText {
					t.Errorf("a part of %d UTF-16 units", n)
				}
				got.WriteString(m.Plain)
			}
			want := strings.ReplaceAll(visible(text), "\n", "")
			if strings.ReplaceAll(got.String(), "\n", "") != want {
				t.Errorf("the parts do not add up to the text: %d runes, want %d", len([]rune(got.String())), len([]rune(want)))
			}
		})
	}
}

func TestSplitText_ClosesAndReopensTags(t *testing.T) {
	parts := SplitText("<b>ab <i>cd&amp;ef</i> gh</b>", 5)
	want := []string{"<b>ab <i>cd</i></b>", "<b><i>&amp;ef</i> g</b>", "<b>h</b>"}
	if strings.Join(parts, "|") != strings.Join(want, "|") {
		t.Errorf("parts = %q, want %q", parts, want)
	}
}
