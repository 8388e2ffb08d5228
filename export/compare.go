package export

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// Earlier is an earlier period's district totals, shown beside a round's: the same
// period of the previous year, and for an annual report the six-month report.
type Earlier struct {
	Period domain.Period
	Name   string // column title, e.g. "Cùng kỳ 2025", "6 tháng 2026"
	Sum    *Summary
}

// LoadEarlier loads the periods a round is compared with (see ComparedIDs), those of ps
// with data, and sets r.Earlier. Each is summarised with the questionnaire its own
// answers follow; indicators match by question id.
func LoadEarlier(ctx context.Context, r *Round, src Source, qs Questionnaires, ps []domain.Period) error {
	r.Earlier = nil
	for _, p := range ps {
		er, err := Load(ctx, src, qs, p, r.Loc, r.Lang, r.Tr)
		if err != nil {
			return fmt.Errorf("load %s to compare: %w", p.ID, err)
		}
		if len(er.Subs) == 0 {
			continue
		}
		r.Earlier = append(r.Earlier, Earlier{Period: p, Name: r.earlierName(p), Sum: Summarize(er)})
	}
	return nil
}

// ComparedIDs returns the ids of the periods p is compared with: the six-month report of
// the same year for an annual report, then the same period of the previous year.
func ComparedIDs(p domain.Period) []string {
	var out []string
	if id, ok := p.FirstHalfID(); ok {
		out = append(out, id)
	}
	if id, ok := p.PreviousID(); ok {
		out = append(out, id)
	}
	return out
}

// earlierName is the column title of an earlier period.
func (r *Round) earlierName(p domain.Period) string {
	year, _, _ := strings.Cut(p.ID, "-")
	if p.Kind == r.Period.Kind {
		return r.t("export.col.same_period", map[string]any{"Year": year})
	}
	return r.t("export.col.first_half", map[string]any{"Year": year})
}

// Percent formats n/of as Vietnamese text with one decimal and a non-breaking space
// before the sign: "91,7 %"; "" when of is 0.
func Percent(n, of int64) string {
	if of <= 0 {
		return ""
	}
	s := fmt.Sprintf("%.1f", float64(n)*100/float64(of))
	s = strings.TrimSuffix(strings.ReplaceAll(s, ".", ","), ",0")
	return s + "\u00a0%"
}

// wallDate is t's day in loc as "dd/mm/yyyy".
func wallDate(t time.Time, loc *time.Location) string { return t.In(loc).Format("02/01/2006") }
