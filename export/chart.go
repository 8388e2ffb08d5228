package export

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// Chart size in pixels: wide enough for two panels side by side, legible in Telegram on a
// phone once opened.
const (
	chartW = 1330
	chartH = 530
)

// The chart's colours (Okabe–Ito, told apart with colour blindness too).
var (
	colorOnTime   = color.RGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}
	colorLate     = color.RGBA{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}
	colorReturned = color.RGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}
	colorMissing  = color.RGBA{R: 0xDD, G: 0xDD, B: 0xDD, A: 0xFF}
	colorTotal    = color.RGBA{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}
	colorDeadline = color.RGBA{R: 0xC0, G: 0x1F, B: 0x1F, A: 0xFF}
	colorText     = color.RGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xFF}
	colorMuted    = color.RGBA{R: 0x66, G: 0x66, B: 0x66, A: 0xFF}
	colorGrid     = color.RGBA{R: 0xE8, G: 0xE8, B: 0xE8, A: 0xFF}
	colorWhite    = color.RGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
)

// Chart draws a PNG of chartW × chartH pixels with two panels: per level, the schools
// asked split into submitted on time, submitted late, returned for correction and not yet
// submitted (levels with no school left out); and the reports received each day from the
// period's opening to its deadline, or on to today while reports may still come, with the
// running total and the deadline marked. Its words come from the round's translator.
func Chart(r *Round, now time.Time) ([]byte, error) {
	c, err := newCanvas(chartW, chartH)
	if err != nil {
		return nil, err
	}
	sum := Summarize(r)
	const margin, gap = 24, 56
	half := (chartW - 2*margin - gap) / 2
	left := image.Rect(margin, 16, margin+half, chartH-12)
	right := image.Rect(chartW-margin-half, 16, chartW-margin, chartH-12)
	r.drawProgress(c, left, sum, progressBars(r, sum))
	r.drawDaily(c, right, dailySeries(r, now), sum.Total.Schools)
	var buf bytes.Buffer
	if err := png.Encode(&buf, c.img); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return buf.Bytes(), nil
}

// levelBar is one level's bar in the progress panel. Its parts add up to the schools asked.
type levelBar struct {
	Level    domain.Level
	Name     string // the level's name in the round's language
	OnTime   int    // submitted before the deadline, not returned
	Late     int    // submitted at or after the deadline, not returned
	Returned int    // returned for correction and not sent again
	Missing  int    // not submitted (drafts included)
}

// asked is the number of schools the level's bar stands for.
func (b levelBar) asked() int { return b.OnTime + b.Late + b.Returned + b.Missing }

// progressBars returns the bars of the progress panel in domain.Levels order, leaving out
// levels with no school asked.
func progressBars(r *Round, sum *Summary) []levelBar {
	var out []levelBar
	for _, l := range domain.Levels {
		t := sum.ByLevel[l]
		if t == nil || t.Schools == 0 {
			continue
		}
		out = append(out, levelBar{Level: l, Name: r.LevelName(l), OnTime: t.Submitted - t.Late, Late: t.Late,
			Returned: t.Returned, Missing: t.Schools - t.Submitted - t.Returned})
	}
	return out
}

// daySeries is what the daily panel shows, one entry per civil day from First.
type daySeries struct {
	First    domain.CivilDate
	Counts   []int // reports first received that day (returned ones too: they came in)
	Deadline int   // index of the period's last on-time day
	Upto     int   // index of today, -1 before First: the running total stops there
}

// maxDays bounds the daily axis: a window is at most a year each side of its last day.
const maxDays = 2*domain.MaxWindowDays + 1

// dailySeries counts the reports received each day. The axis runs from the day the period
// opens to its last on-time day; past it, on to today while reports are accepted, and to
// the day of any later report already received.
func dailySeries(r *Round, now time.Time) daySeries {
	day := func(t time.Time) domain.CivilDate { return domain.CivilDateOf(t, r.Loc) }
	first, deadline, today := day(r.Period.Opens), day(r.Period.DueAt.Add(-time.Second)), day(now)
	last := deadline
	if today.Compare(last) > 0 { // late reports are still accepted up to the closing day
		last = today
		if closing := day(r.Period.Closes.Add(-time.Second)); closing.Compare(last) < 0 {
			last = closing
		}
		if last.Compare(deadline) < 0 {
			last = deadline
		}
	}
	perDay := map[int]int{}
	for _, s := range r.Subs {
		at := s.FirstAt
		if at.IsZero() {
			at = s.SubmittedAt
		}
		d := max(first.DaysUntil(day(at)), 0)
		perDay[d]++
		if !at.After(now) && first.AddDays(d).Compare(last) > 0 {
			last = first.AddDays(d)
		}
	}
	n := min(max(first.DaysUntil(last)+1, 1), maxDays)
	ds := daySeries{First: first, Counts: make([]int, n), Deadline: first.DaysUntil(deadline),
		Upto: min(max(first.DaysUntil(today), -1), n-1)}
	for d, k := range perDay {
		if d < n {
			ds.Counts[d] = k
		}
	}
	return ds
}
