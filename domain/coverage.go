package domain

import "fmt"

// Locale ids of the coverage texts.
const (
	msgCoverageToDate = "coverage.to_date" // {{.From}}: "từ 01/01/2026 đến nay"
	msgCoverageYear   = "coverage.year"    // {{.Year}}: "năm 2026 (01/01–31/12/2026)"
	msgCoverageRange  = "coverage.range"   // {{.From}} {{.To}}: "từ 16/12/2025 đến 15/06/2026"
	msgCoverageIntro  = "coverage.intro"   // {{.Coverage}}: a sentence for the report's introduction
)

// Coverage is the stretch of days a period's numbers cover. From is the first day; To the
// last, or the zero date for "to the day of reporting" (the six-month report counts from
// 1 January to the day the school answers). The zero Coverage says nothing.
type Coverage struct {
	From CivilDate
	To   CivilDate
}

// IsZero reports whether c is the zero Coverage.
func (c Coverage) IsZero() bool { return c.From == CivilDate{} }

// ToDate reports whether the coverage runs to the day of reporting.
func (c Coverage) ToDate() bool { return c.To == CivilDate{} }

// WholeYear reports whether the coverage is one calendar year, 1 January to 31 December.
func (c Coverage) WholeYear() bool {
	return c.From.Month == 1 && c.From.Day == 1 && c.To == CivilDate{c.From.Year, 12, 31}
}

// Text returns the coverage in lang for the introduction and the hints: "từ 01/01/2026
// đến nay" / "from 01/01/2026 to date", "năm 2026 (01/01–31/12/2026)" / "the year 2026
// (01/01–31/12/2026)", or "từ 16/12/2025 đến 15/06/2026". It is "" for the zero Coverage.
func (c Coverage) Text(lang string, tr Translate) string {
	switch {
	case c.IsZero():
		return ""
	case c.ToDate():
		return tr(lang, msgCoverageToDate, map[string]any{"From": c.From.DMY()})
	case c.WholeYear():
		return tr(lang, msgCoverageYear, map[string]any{"Year": c.From.Year})
	}
	return tr(lang, msgCoverageRange, map[string]any{"From": c.From.DMY(), "To": c.To.DMY()})
}

// Intro returns a sentence for the start of the report ("Số liệu trong báo cáo này tính từ
// 01/01/2026 đến nay."), or "" for the zero Coverage.
func (c Coverage) Intro(lang string, tr Translate) string {
	if c.IsZero() {
		return ""
	}
	return tr(lang, msgCoverageIntro, map[string]any{"Coverage": c.Text(lang, tr)})
}

// DMY formats d as Vietnamese write dates, "01/01/2026".
func (d CivilDate) DMY() string { return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year) }

// Coverage returns the dates the period's numbers cover: CoverFrom to CoverTo (to the day
// of reporting when CoverTo is empty). A period stored before periods had coverage gets
// its kind's default: the six-month report and one-off rounds from 1 January of LastDay's
// year to date, the annual report that whole calendar year.
func (p Period) Coverage() Coverage {
	from, err := ParseCivilDate(p.CoverFrom)
	if err != nil {
		last, err := ParseCivilDate(p.LastDay)
		if err != nil {
			return Coverage{}
		}
		return defaultCoverage(p.Kind, last.Year)
	}
	to, err := ParseCivilDate(p.CoverTo)
	if err != nil {
		return Coverage{From: from}
	}
	return Coverage{From: from, To: to}
}

func defaultCoverage(kind PeriodKind, year int) Coverage {
	c := Coverage{From: CivilDate{year, 1, 1}}
	if kind == KindYear {
		c.To = CivilDate{year, 12, 31}
	}
	return c
}

// recurringCoverage resolves a recurring period's "MM-DD" coverage in the year of its last
// on-time day. The end is CoverTo in that year (or last itself for "to date"); From is
// CoverFrom in the same year as the end, or the year before when that would come after the
// end, so "12-16" for a six-month report due in June means 16 December of the year before.
func recurringCoverage(r RecurringPeriod, last CivilDate) (Coverage, error) {
	from, to := r.CoverFrom, r.CoverTo
	if from == "" && to == "" {
		return defaultCoverage(r.Kind, last.Year), nil
	}
	if from == "" {
		from = "01-01"
	}
	var c Coverage
	end := last
	if to != "" {
		d, err := monthDay(to, last.Year)
		if err != nil {
			return c, fmt.Errorf("cover_to: %w", err)
		}
		c.To, end = d, d
	}
	start, err := monthDay(from, end.Year)
	if err != nil {
		return c, fmt.Errorf("cover_from: %w", err)
	}
	if start.Compare(end) > 0 {
		start, _ = monthDay(from, end.Year-1)
	}
	c.From = start
	return c, nil
}

// oneOffCoverage reads a one-off round's "YYYY-MM-DD" coverage; without CoverFrom it runs
// from 1 January of the last day's year.
func oneOffCoverage(o OneOffPeriod, last CivilDate) (Coverage, error) {
	c := Coverage{From: CivilDate{last.Year, 1, 1}}
	var err error
	if o.CoverFrom != "" {
		if c.From, err = ParseCivilDate(o.CoverFrom); err != nil {
			return c, fmt.Errorf("cover_from: %w", err)
		}
	}
	if o.CoverTo != "" {
		if c.To, err = ParseCivilDate(o.CoverTo); err != nil {
			return c, fmt.Errorf("cover_to: %w", err)
		}
	}
	end := last
	if !c.ToDate() {
		end = c.To
	}
	if c.From.Compare(end) > 0 {
		return c, fmt.Errorf("coverage starts on %s, after it ends on %s", c.From, end)
	}
	return c, nil
}

// store writes c into the period's CoverFrom and CoverTo.
func (c Coverage) store(p *Period) {
	p.CoverFrom, p.CoverTo = c.From.String(), ""
	if !c.ToDate() {
		p.CoverTo = c.To.String()
	}
}
