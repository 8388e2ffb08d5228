package scheduler

import (
	"html"
	"strconv"
	"strings"

	"github.com/camgiang-edu/reportbot/bot"
	"github.com/camgiang-edu/reportbot/domain"
)

// Translator renders a locale message in a language, HTML-escaping string values (values
// of type bot.HTML pass as they are). *bot.Bot implements it.
type Translator interface {
	T(lang, id string, data map[string]any) string
}

// PeriodTitle names a period in lang: "Báo cáo 6 tháng năm 2026" for 2026-H1, the
// config's title for a one-off round (Vietnamese when lang has none).
func PeriodTitle(t Translator, lang string, p domain.Period) string {
	switch p.Kind {
	case domain.KindH1, domain.KindYear:
		last, _ := domain.ParseCivilDate(p.LastDay)
		return t.T(lang, "periods.title."+string(p.Kind), map[string]any{"Year": last.Year})
	}
	if s := p.Titles[lang]; s != "" {
		return s
	}
	if s := p.Titles["vi"]; s != "" {
		return s
	}
	return p.ID
}

// FormatDay writes a date with its weekday: "thứ Sáu, 19/6" in Vietnamese, "Friday 19/6"
// in English.
func FormatDay(t Translator, lang string, d domain.CivilDate) string {
	return t.T(lang, "date.with_weekday", map[string]any{
		"Weekday": t.T(lang, "date.weekday."+strconv.Itoa(int(d.Weekday())), nil),
		"Day":     d.Day, "Month": int(d.Month),
	})
}

// DaysLeft words the days from today to the last on-time day: "còn 3 ngày", "hôm nay là
// ngày cuối", "đã quá hạn 4 ngày".
func DaysLeft(t Translator, lang string, n int) string {
	switch {
	case n > 0:
		return t.T(lang, "remind.left.days", map[string]any{"N": n})
	case n == 0:
		return t.T(lang, "remind.left.today", nil)
	}
	return t.T(lang, "remind.left.overdue", map[string]any{"N": -n})
}

// bullets renders plain names as an HTML list, one "• name" a line.
func bullets(names []string) bot.HTML {
	esc := make([]string, len(names))
	for i, n := range names {
		esc[i] = html.EscapeString(n)
	}
	return bulletsHTML(esc)
}

// bulletsHTML renders HTML items as a list, one "• item" a line.
func bulletsHTML(names []string) bot.HTML {
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("• ")
		b.WriteString(n)
	}
	return bot.HTML(b.String())
}
