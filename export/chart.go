package export

import (
	"bytes"
	"fmt"
	"image/color"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Chart size in points, drawn at 96 dpi: about 1,330 × 530 pixels, legible in Telegram.
const (
	chartW = 1000
	chartH = 400
)

var (
	colorTotal     = color.RGBA{R: 0xBF, G: 0xD7, B: 0xEA, A: 0xFF}
	colorSubmitted = color.RGBA{R: 0x1F, G: 0x6F, B: 0xB4, A: 0xFF}
	colorLine      = color.RGBA{R: 0xD6, G: 0x4B, B: 0x1F, A: 0xFF}
)

// Chart draws a PNG with two panels: schools submitted against schools asked per level,
// and the submissions of each day from the period's opening to its deadline (later days
// too when reports came in after it, up to now) with the running total.
func Chart(r *Round, now time.Time) ([]byte, error) {
	left, err := r.progressPlot()
	if err != nil {
		return nil, err
	}
	right, err := r.dailyPlot(now)
	if err != nil {
		return nil, err
	}
	img := vgimg.NewWith(vgimg.UseWH(chartW, chartH), vgimg.UseDPI(96), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(24), PadTop: vg.Points(8), PadBottom: vg.Points(8), PadLeft: vg.Points(8), PadRight: vg.Points(12)}
	cs := plot.Align([][]*plot.Plot{{left, right}}, tiles, dc)
	left.Draw(cs[0][0])
	right.Draw(cs[0][1])
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return buf.Bytes(), nil
}

func (r *Round) progressPlot() (*plot.Plot, error) {
	sum := Summarize(r)
	var total, done plotter.Values
	var names []string
	for _, l := range domain.Levels {
		total = append(total, float64(sum.ByLevel[l].Schools))
		done = append(done, float64(sum.ByLevel[l].Submitted))
		names = append(names, string(l))
	}
	p := plot.New()
	p.Title.Text = r.t("export.chart.progress", map[string]any{"Done": sum.Total.Submitted, "Total": sum.Total.Schools})
	p.Y.Label.Text = r.t("export.chart.schools", nil)
	w := vg.Points(22)
	bt, err := plotter.NewBarChart(total, w)
	if err != nil {
		return nil, fmt.Errorf("chart bars: %w", err)
	}
	bt.Color, bt.LineStyle.Width, bt.Offset = colorTotal, 0, -w/2
	bd, err := plotter.NewBarChart(done, w)
	if err != nil {
		return nil, fmt.Errorf("chart bars: %w", err)
	}
	bd.Color, bd.LineStyle.Width, bd.Offset = colorSubmitted, 0, w/2
	p.Add(bt, bd, plotter.NewGrid())
	p.Legend.Add(r.t("export.chart.asked", nil), bt)
	p.Legend.Add(r.t("export.chart.submitted", nil), bd)
	p.Legend.Top = true
	p.NominalX(names...)
	p.Y.Min = 0
	p.Y.Max = max(p.Y.Max*1.15, 1)
	return p, nil
}

func (r *Round) dailyPlot(now time.Time) (*plot.Plot, error) {
	first := domain.CivilDateOf(r.Period.Opens, r.Loc)
	last := domain.CivilDateOf(r.Period.DueAt.Add(-time.Second), r.Loc)
	perDay := map[int]int{}
	for _, s := range r.Subs {
		at := s.FirstAt
		if at.IsZero() {
			at = s.SubmittedAt
		}
		d := first.DaysUntil(domain.CivilDateOf(at, r.Loc))
		perDay[max(d, 0)]++
		if day := first.AddDays(d); day.Compare(last) > 0 && !at.After(now) {
			last = day
		}
	}
	n := first.DaysUntil(last) + 1
	daily := make(plotter.Values, n)
	cum := make(plotter.XYs, n)
	run := 0
	for i := range n {
		daily[i] = float64(perDay[i])
		run += perDay[i]
		cum[i] = plotter.XY{X: float64(i), Y: float64(run)}
	}
	p := plot.New()
	p.Title.Text = r.t("export.chart.daily", map[string]any{"Deadline": DeadlineText(r.Period)})
	p.Y.Label.Text = r.t("export.chart.schools", nil)
	bars, err := plotter.NewBarChart(daily, vg.Points(max(2, 280/float64(n))))
	if err != nil {
		return nil, fmt.Errorf("chart bars: %w", err)
	}
	bars.Color, bars.LineStyle.Width = colorSubmitted, 0
	line, err := plotter.NewLine(cum)
	if err != nil {
		return nil, fmt.Errorf("chart line: %w", err)
	}
	line.Color, line.Width = colorLine, vg.Points(2)
	p.Add(plotter.NewGrid(), bars, line)
	p.Legend.Add(r.t("export.chart.per_day", nil), bars)
	p.Legend.Add(r.t("export.chart.cumulative", nil), line)
	p.Legend.Top, p.Legend.Left = true, true
	p.X.Tick.Marker = dayTicks{first: first, n: n}
	p.Y.Min = 0
	p.Y.Max = max(p.Y.Max*1.15, 1)
	return p, nil
}

// dayTicks labels about eight days of the axis as "dd/mm".
type dayTicks struct {
	first domain.CivilDate
	n     int
}

func (t dayTicks) Ticks(_, _ float64) []plot.Tick {
	step := max(1, t.n/8)
	var out []plot.Tick
	for i := 0; i < t.n; i++ {
		tk := plot.Tick{Value: float64(i)}
		if i%step == 0 || i == t.n-1 {
			d := t.first.AddDays(i)
			tk.Label = fmt.Sprintf("%02d/%02d", d.Day, int(d.Month))
		}
		out = append(out, tk)
	}
	return out
}
