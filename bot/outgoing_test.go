package bot

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func TestSplitText(t *testing.T) {
	line := strings.Repeat("á", 99) + "\n" // 100 UTF-16 units per line
	tests := []struct {
		name      string
		text      string
		max       int
		wantParts int
	}{
		{"short", "xin chào", 4096, 1},
		{"exact", strings.Repeat("a", 4096), 4096, 1},
		{"lines", strings.Repeat(line, 100), 1000, 10},
		{"one long line", strings.Repeat("ậ", 2500), 1000, 3},
		{"emoji count double", strings.Repeat("😀", 600), 1000, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := SplitText(tt.text, tt.max)
			if len(parts) != tt.wantParts {
				t.Fatalf("parts = %d, want %d", len(parts), tt.wantParts)
			}
			total := 0
			for _, p := range parts {
				if n := utf16Len(p); n > tt.max || n == 0 {
					t.Errorf("part of %d units", n)
				}
				total += len([]rune(strings.ReplaceAll(p, "\n", "")))
			}
			if want := len([]rune(strings.ReplaceAll(tt.text, "\n", ""))); total != want {
				t.Errorf("lost text: %d runes, want %d", total, want)
			}
		})
	}
}

func TestRedactErr(t *testing.T) {
	tok := "123:SECRET"
	err := &url.Error{Op: "Post", URL: "https://api.telegram.org/bot" + tok + "/getMe", Err: errors.New("connection refused")}
	got := redactErr(fmt.Errorf("call: %w", err), tok)
	if strings.Contains(got.Error(), "SECRET") {
		t.Fatalf("token in error: %v", got)
	}
	var ue *url.Error
	if !errors.As(got, &ue) || !IsNetworkError(got) {
		t.Errorf("redacted error lost its cause: %v", got)
	}
}

func TestEscapeData(t *testing.T) {
	got := escapeData(map[string]any{"a": "<b>x</b> & y", "b": HTML("<i>ok</i>"), "n": 3})
	if got["a"] != "&lt;b&gt;x&lt;/b&gt; &amp; y" || got["b"] != "<i>ok</i>" || got["n"] != 3 {
		t.Errorf("escapeData = %v", got)
	}
}
