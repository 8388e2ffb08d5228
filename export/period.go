package export

import (
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
)

// PeriodTitle names a period in lang: the config's title for a one-off round, else the
// locale's name of its kind with the year, e.g. "năm 2026".
func PeriodTitle(p domain.Period, lang string, tr domain.Translate) string {
	if t := p.Titles[lang]; t != "" {
		return t
	}
	if t := p.Titles["vi"]; t != "" {
		return t
	}
	year := p.LastDay
	if len(year) >= 4 {
		year = year[:4]
	}
	return tr(lang, "officer.period."+string(p.Kind), map[string]any{"Year": year, "ID": p.ID})
}

// DeadlineText is the period's last on-time day as "dd/mm/yyyy".
func DeadlineText(p domain.Period) string {
	d, err := domain.ParseCivilDate(p.LastDay)
	if err != nil {
		return p.LastDay
	}
	return fmtDate(d)
}

func fmtDate(d domain.CivilDate) string {
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}
