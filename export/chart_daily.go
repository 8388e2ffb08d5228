package export

import (
	"fmt"
	"image"
	"math"
)

// drawDaily draws the right panel in box: a bar per day of reports received (days after
// the deadline in the late colour), the running total up to today as a line, the schools
// asked as a dashed level, and the deadline as a dashed vertical line labelled with its
// date at the end of the last on-time day. Counts are whole numbers on the y axis; the
// dates under the x axis are spaced so that they never overlap.
func (r *Round) drawDaily(c *canvas, box image.Rectangle, ds daySeries, asked int) {
	n := len(ds.Counts)
	run, total, most := make([]int, n), 0, 0
	for i, k := range ds.Counts {
		total += k
		run[i] = total
		most = max(most, k)
	}
	late := 0 // reports received after the deadline
	for _, k := range ds.Counts[min(max(ds.Deadline+1, 0), n):] {
		late += k
	}
	var legend []legendItem // only what is drawn: a colour with nothing behind it misleads
	if total > late {
		legend = append(legend, legendItem{label: r.t("export.chart.per_day", nil), col: colorOnTime})
	}
	if late > 0 {
		legend = append(legend, legendItem{label: r.t("export.chart.late", nil), col: colorLate})
	}
	if ds.Upto >= 0 {
		legend = append(legend, legendItem{label: r.t("export.chart.cumulative", nil), col: colorTotal, kind: legendLine})
	}
	title := r.t("export.chart.daily", map[string]any{"Deadline": DeadlineText(r.Period)})
	top := c.header(box, title, legend) + 34
	bottom := box.Max.Y - c.lineHeight(styleTick) - 10

	step, axisTop := intTicks(max(total, asked, most), 8)
	tickW := c.measure(fmt.Sprint(axisTop), styleTick)
	x0 := box.Min.X + c.lineHeight(styleTick) + 10 + tickW + 8
	x1 := box.Max.X - c.measure(fmt.Sprint(total), styleValue) - 14
	yOf := func(v int) int { return bottom - v*(bottom-top)/axisTop }
	dayW := float64(x1-x0) / float64(n)
	xAt := func(i float64) float64 { return float64(x0) + dayW*i } // left edge of day i

	for v := 0; v <= axisTop; v += step {
		c.hline(x0, x1, yOf(v), 1, colorGrid)
		c.text(fmt.Sprint(v), x0-8, yOf(v), styleTick, midRight)
	}
	c.textUp(r.t("export.chart.schools", nil), box.Min.X+c.lineHeight(styleTick)/2, (top+bottom)/2, styleTick)
	if asked > 0 {
		c.dashedH(x0, x1, yOf(asked), 1, 6, 4, colorMuted)
		c.text(r.t("export.chart.asked", map[string]any{"N": asked}), x0+6, yOf(asked)-3, styleTick, anchor{0, 1})
	}

	barW := min(max(1, int(math.Round(dayW*0.7))), 44) // a short period keeps bars slim
	for i, k := range ds.Counts {
		if k == 0 {
			continue
		}
		col := colorOnTime
		if i > ds.Deadline {
			col = colorLate
		}
		mid := int(math.Round(xAt(float64(i) + 0.5)))
		c.fill(image.Rect(mid-barW/2, yOf(k), mid-barW/2+barW, bottom), col)
	}

	labelW := c.measure("00/00", styleTick)
	every := dateStep(dayW, labelW)
	for i := 0; i < n; i += every {
		mid := int(math.Round(xAt(float64(i) + 0.5)))
		c.vline(mid, bottom, bottom+4, 1, colorMuted)
		c.text(dayMonth(ds.First.AddDays(i)), mid, bottom+8, styleTick, topCenter)
	}
	c.hline(x0, x1, bottom, 2, colorMuted)

	if ds.Upto >= 0 {
		pts := make([]pt, ds.Upto+1)
		for i := range pts {
			pts[i] = pt{xAt(float64(i) + 0.5), float64(yOf(run[i]))}
		}
		c.polyline(pts, 3, colorTotal)
		if dayW >= 9 {
			for _, p := range pts {
				c.dot(p, 3.5, colorTotal)
			}
		}
		end := pts[len(pts)-1]
		st := styleValue
		st.col = colorTotal
		c.textHalo(fmt.Sprint(run[ds.Upto]), int(end.x)+8, int(end.y), st, midLeft)
	}
	// The counts go over the line, which may cross them.
	for i, k := range ds.Counts {
		label, mid := fmt.Sprint(k), int(math.Round(xAt(float64(i)+0.5)))
		if k > 0 && float64(c.measure(label, styleTick)+2) <= dayW {
			c.textHalo(label, mid, yOf(k)-2, styleTick, botCenter)
		}
	}

	if ds.Deadline >= 0 && ds.Deadline < n {
		x := int(math.Round(xAt(float64(ds.Deadline + 1))))
		c.dashedV(x-1, top-4, bottom, 2, 7, 4, colorDeadline)
		st := styleValue
		st.col = colorDeadline
		label := r.t("export.chart.deadline", map[string]any{"Date": dayMonth(ds.First.AddDays(ds.Deadline))})
		w := c.measure(label, st)
		lx := min(max(x, box.Min.X+w/2), box.Max.X-w/2)
		c.text(label, lx, top-6, st, botCenter)
	}
}
