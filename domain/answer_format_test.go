package domain

import (
	"math"
	"strings"
	"testing"
	"text/template"
)

func TestFormatVND(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{0, "0"},
		{5, "5"},
		{999, "999"},
		{1000, "1.000"},
		{100000, "100.000"},
		{5_000_000, "5.000.000"},
		{12_345_678, "12.345.678"},
		{-1200, "-1.200"},
		{-999, "-999"},
		{MaxNumber, "1.000.000.000.000.000"},
		{math.MaxInt64, "9.223.372.036.854.775.807"},
		{math.MinInt64, "-9.223.372.036.854.775.808"},
	}
	for _, tt := range tests {
		if got := FormatVND(tt.in); got != tt.want {
			t.Errorf("FormatVND(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// localeTranslate renders messages from the real locale files, as the bot's localizer would.
func localeTranslate(tb testing.TB) Translate {
	tb.Helper()
	files := map[string]map[string]string{"vi": mustLoadLocale(tb, "vi"), "en": mustLoadLocale(tb, "en")}
	return func(lang, msgID string, data map[string]any) string {
		src, ok := files[lang][msgID]
		if !ok {
			tb.Fatalf("no message %s in %s", msgID, lang)
		}
		tpl := template.Must(template.New(msgID).Option("missingkey=error").Parse(src))
		var b strings.Builder
		if err := tpl.Execute(&b, data); err != nil {
			tb.Fatalf("render %s/%s: %v", lang, msgID, err)
		}
		return b.String()
	}
}

func TestFormatAnswer(t *testing.T) {
	tr := localeTranslate(t)
	money := &Question{ID: "m", Type: TypeMoney}
	file := &Question{ID: "f", Type: TypeFile}
	tests := []struct {
		name, lang string
		qn         *Question
		a          Answer
		want       string
	}{
		{"skipped", "vi", intQ, Answer{Skipped: true}, "(bỏ qua)"},
		{"skipped en", "en", intQ, Answer{Skipped: true}, "(skipped)"},
		{"integer", "vi", intQ, wInt(1234), "1.234"},
		{"money", "vi", money, wInt(5_000_000), "5.000.000 đ"},
		{"money en", "en", money, wInt(5_000_000), "5.000.000 VND"},
		{"yes", "vi", yesNoQn, wBool(true), "Có"},
		{"no", "vi", yesNoQn, wBool(false), "Không"},
		{"yes en", "en", yesNoQn, wBool(true), "Yes"},
		{"no en", "en", yesNoQn, wBool(false), "No"},
		{"choice", "vi", choiceQn, wChoice("online"), "Trực tuyến"},
		{"choice en", "en", choiceQn, wChoice("online"), "Online"},
		{"removed option", "vi", choiceQn, wChoice("old"), "old"},
		{"text", "en", textQ, wText("Tốt 👍"), "Tốt 👍"},
		{"photo", "vi", file, Answer{File: &FileRef{FileID: "x", Photo: true}}, "🖼 Ảnh"},
		{"document", "vi", file, Answer{File: &FileRef{FileID: "x", Name: "bao-cao.pdf"}}, "📎 bao-cao.pdf"},
		{"document without name", "en", file, Answer{File: &FileRef{FileID: "x"}}, "📎 Attached file"},
		{"value of the wrong type", "vi", intQ, wBool(true), ""},
		{"no file", "vi", file, Answer{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatAnswer(tt.qn, tt.a, tt.lang, tr); got != tt.want {
				t.Fatalf("FormatAnswer = %q, want %q", got, tt.want)
			}
		})
	}
}
