package export

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/locales"
	"golang.org/x/image/font/sfnt"
)

// chartDistrict is a district of 60 schools in three levels (plus mixed TH-THCS schools
// when mixed is set) in 2026-Y, which opens on 09/11 and is due on 09/12/2026. Reports come
// in slowly, then in a rush before the deadline; a few are late, three were returned for
// correction and the rest are still missing. lang picks the real locale texts.
func chartDistrict(t *testing.T, lang string, mixed bool) *Round {
	t.Helper()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	p, _ := domain.DefaultPeriodSchedule().Find("2026-Y", loc)
	var schools []domain.School
	add := func(l domain.Level, n int) {
		for i := range n {
			schools = append(schools, domain.School{Code: fmt.Sprintf("%s-%02d", l, i), Name: fmt.Sprintf("Trường %s %d", l, i), Level: l, Active: true})
		}
	}
	add(domain.LevelMN, 22)
	add(domain.LevelTH, 20)
	add(domain.LevelTHCS, 18)
	if mixed {
		add(domain.LevelTHTHCS, 2)
	}
	var subs []domain.Submission
	returns := map[string]domain.Return{}
	for i, sc := range schools {
		switch {
		case i%9 == 4: // missing
			continue
		case i%13 == 7:
			returns[sc.Code] = domain.Return{}
		}
		// Days after the opening: a trickle, then most in the last week, a few late.
		day := []int{2, 5, 9, 14, 18, 21, 23, 24, 25, 26, 27, 27, 28, 28, 29, 29, 29, 30, 30, 30}[i%20]
		late := i%17 == 3
		if late {
			day = 31 + i%5
		}
		at := p.Opens.Add(time.Duration(day)*24*time.Hour + 9*time.Hour)
		subs = append(subs, domain.Submission{School: sc.Code, FirstAt: at, SubmittedAt: at, Late: late})
	}
	r := NewRound(p, domain.DefaultQuestionnaire(), schools, subs, nil, loc, lang, cat.T)
	r.Returns = returns
	return r
}

// chartNow is five days after the 2026-Y deadline, while late reports are accepted.
var chartNow = time.Date(2026, 12, 14, 18, 0, 0, 0, loc)

func mustChart(t *testing.T, r *Round, now time.Time, name string) image.Image {
	t.Helper()
	data, err := Chart(r, now)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != chartW || b.Dy() != chartH {
		t.Errorf("chart is %v, want %d×%d", b, chartW, chartH)
	}
	// CHART_DIR=/tmp/charts go test ./export/ -run Chart keeps the pictures to look at.
	if dir := os.Getenv("CHART_DIR"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name+".png"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return img
}

// countColor counts the pixels of exactly col.
func countColor(img image.Image, col color.RGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)) == col {
				n++
			}
		}
	}
	return n
}

func TestChart_Draws(t *testing.T) {
	t.Run("district", func(t *testing.T) {
		img := mustChart(t, chartDistrict(t, "vi", false), chartNow, "district")
		for name, col := range map[string]color.RGBA{"on time": colorOnTime, "late": colorLate, "returned": colorReturned,
			"missing": colorMissing, "deadline": colorDeadline, "running total": colorTotal} {
			if countColor(img, col) < 50 {
				t.Errorf("no %s colour drawn", name)
			}
		}
	})
	t.Run("mixed school, English", func(t *testing.T) {
		mustChart(t, chartDistrict(t, "en", true), chartNow, "mixed-en")
	})
	t.Run("nothing submitted or returned", func(t *testing.T) {
		r := chartDistrict(t, "vi", true)
		r.Subs, r.Returns = map[string]domain.Submission{}, nil
		img := mustChart(t, r, time.Date(2026, 11, 20, 8, 0, 0, 0, loc), "empty-period")
		for name, col := range map[string]color.RGBA{"on time": colorOnTime, "late": colorLate, "returned": colorReturned} {
			if n := countColor(img, col); n > 0 {
				t.Errorf("%d pixels of the %s colour with nothing %s", n, name, name)
			}
		}
		if countColor(img, colorMissing) < 1000 {
			t.Error("the missing schools are not drawn")
		}
	})
	t.Run("no school", func(t *testing.T) {
		r := chartDistrict(t, "vi", false)
		empty := NewRound(r.Period, r.Q, nil, nil, nil, loc, "vi", r.Tr)
		mustChart(t, empty, r.Period.Opens.Add(-time.Hour), "no-school")
	})
	t.Run("round of the package tests", func(t *testing.T) {
		mustChart(t, testRound(t), time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC), "ids")
	})
}

func TestProgressBars(t *testing.T) {
	r := chartDistrict(t, "vi", false)
	bars := progressBars(r, Summarize(r))
	var levels []domain.Level
	onTime, late, returned, missing := 0, 0, 0, 0
	for _, b := range bars {
		levels = append(levels, b.Level)
		onTime, late, returned, missing = onTime+b.OnTime, late+b.Late, returned+b.Returned, missing+b.Missing
	}
	if fmt.Sprint(levels) != "[MN TH THCS]" {
		t.Errorf("levels = %v, want the three with schools and no TH-THCS", levels)
	}
	if onTime+late+returned+missing != 60 || late == 0 || returned == 0 || missing == 0 {
		t.Errorf("on time %d, late %d, returned %d, missing %d: want all parts, 60 schools", onTime, late, returned, missing)
	}
	if returned != len(r.Returned()) || missing != len(r.Missing()) {
		t.Errorf("returned %d, missing %d; round says %d, %d", returned, missing, len(r.Returned()), len(r.Missing()))
	}
}

func TestDailySeries(t *testing.T) {
	r := chartDistrict(t, "vi", false)
	for _, tt := range []struct {
		name            string
		now             time.Time
		days, upto, sum int
	}{
		{"before the opening", r.Period.Opens.Add(-time.Hour), 31, -1, len(r.Subs)},
		{"during the period", time.Date(2026, 11, 20, 8, 0, 0, 0, loc), 31, 11, len(r.Subs)},
		{"late window: up to today", chartNow, 36, 35, len(r.Subs)},
		{"long closed: up to the closing day", time.Date(2027, 5, 1, 0, 0, 0, 0, loc), 61, 60, len(r.Subs)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ds := dailySeries(r, tt.now)
			sum := 0
			for _, k := range ds.Counts {
				sum += k
			}
			if len(ds.Counts) != tt.days || ds.Upto != tt.upto || ds.Deadline != 30 || dayMonth(ds.First) != "09/11" {
				t.Errorf("days %d upto %d deadline %d first %s, want %d %d 30 09/11", len(ds.Counts), ds.Upto, ds.Deadline, dayMonth(ds.First), tt.days, tt.upto)
			}
			if sum != tt.sum && !tt.now.Before(chartNow) {
				t.Errorf("counted %d reports, want %d", sum, tt.sum)
			}
		})
	}
}

func TestIntTicks(t *testing.T) {
	for _, tt := range []struct{ max, ticks, step, top int }{
		{0, 6, 1, 1}, {1, 6, 1, 1}, {3, 6, 1, 3}, {6, 6, 1, 6}, {7, 6, 2, 8}, {12, 6, 2, 12},
		{13, 6, 5, 15}, {22, 6, 5, 25}, {31, 6, 10, 40}, {60, 6, 10, 60}, {61, 6, 20, 80},
		{250, 6, 50, 250}, {1234, 6, 500, 1500}, {5, 0, 5, 5},
	} {
		if step, top := intTicks(tt.max, tt.ticks); step != tt.step || top != tt.top {
			t.Errorf("intTicks(%d, %d) = %d, %d; want %d, %d", tt.max, tt.ticks, step, top, tt.step, tt.top)
		}
	}
}

func TestDateStep(t *testing.T) {
	for _, tt := range []struct {
		dayW   float64
		labelW int
		want   int
	}{
		{60, 40, 1}, {50, 40, 1}, {49, 40, 2}, {20, 40, 3}, {16, 40, 7}, {7.5, 40, 7}, {3, 40, 28}, {1.6, 45, 56}, {0.01, 40, 364},
	} {
		got := dateStep(tt.dayW, tt.labelW)
		if got != tt.want {
			t.Errorf("dateStep(%v, %d) = %d, want %d", tt.dayW, tt.labelW, got, tt.want)
		}
		if gap := float64(got)*tt.dayW - float64(tt.labelW); gap < 0 && tt.want != 364 {
			t.Errorf("dateStep(%v, %d): labels overlap by %.0f px", tt.dayW, tt.labelW, -gap)
		}
	}
}

// TestChartFonts_Vietnamese: both embedded faces have a glyph for every letter the chart
// writes, diacritics included.
func TestChartFonts_Vietnamese(t *testing.T) {
	fs, err := chartFonts()
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	for _, s := range []string{"Trường Mầm non Cẩm Điền", "Tiểu học", "Đã nộp", "Trả lại để sửa", "Lũy kế", "Hạn 09/12",
		"ĂÂÊÔƠƯĐ ăâêôơưđ àáảãạ ằắẳẵặ ầấẩẫậ èéẻẽẹ ềếểễệ ìíỉĩị òóỏõọ ồốổỗộ ờớởỡợ ùúủũụ ừứửữự ỳýỷỹỵ ẰẮẲẴẶ ỀẾỂỄỆ ỜỚỞỠỢ ỪỨỬỮỰ · 75\u00a0%"} {
		for i, f := range fs {
			for _, r := range s {
				if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
					t.Errorf("font %d has no glyph for %q in %q", i, r, s)
				}
			}
		}
	}
}
