package export

import (
	"fmt"
	"image"
	"image/color"
)

// segment is one coloured part of a level's bar.
type segment struct {
	n         int
	col, text color.RGBA // fill, and the colour of the count written on it
	label     string     // the legend's name for it
}

// segments splits a bar into its parts, in the order they are drawn from the axis.
func (r *Round) segments(b levelBar) []segment {
	return []segment{
		{b.OnTime, colorOnTime, colorWhite, r.t("export.chart.on_time", nil)},
		{b.Late, colorLate, colorText, r.t("export.chart.late", nil)},
		{b.Returned, colorReturned, colorWhite, r.t("export.chart.returned", nil)},
		{b.Missing, colorMissing, colorText, r.t("export.chart.missing", nil)},
	}
}

// drawProgress draws the left panel in box: one horizontal bar per level, as long as the
// schools asked and split by where they stand, with the counts on the parts and
// "submitted/asked · share" after the bar. The legend names only the parts some bar has.
func (r *Round) drawProgress(c *canvas, box image.Rectangle, sum *Summary, bars []levelBar) {
	title := r.t("export.chart.progress", map[string]any{"Done": sum.Total.Submitted, "Total": sum.Total.Schools})
	var legend []legendItem
	maxAsked := 0
	for i := range 4 {
		used := false
		for _, b := range bars {
			seg := r.segments(b)[i]
			used = used || seg.n > 0
			maxAsked = max(maxAsked, b.asked())
		}
		if used {
			seg := r.segments(levelBar{})[i]
			legend = append(legend, legendItem{label: seg.label, col: seg.col})
		}
	}
	top := c.header(box, title, legend) + 34
	bottom := box.Max.Y - 2*c.lineHeight(styleTick) - 14
	if len(bars) == 0 {
		c.text(r.t("export.chart.no_schools", nil), box.Min.X+box.Dx()/2, (top+bottom)/2, styleLabel, midCenter)
		return
	}

	names, ends := 0, 0
	endText := func(b levelBar) string {
		done := int64(b.OnTime + b.Late)
		return fmt.Sprintf("%d/%d · %s", done, b.asked(), Percent(done, int64(b.asked())))
	}
	for _, b := range bars {
		names = max(names, c.measure(b.Name, styleLabel))
		ends = max(ends, c.measure(endText(b), styleValue))
	}
	x0, x1 := box.Min.X+names+14, box.Max.X-ends-12
	step, axisTop := intTicks(maxAsked, 6)
	xOf := func(v int) int { return x0 + v*(x1-x0)/axisTop }

	for v := 0; v <= axisTop; v += step {
		c.vline(xOf(v), top, bottom, 1, colorGrid)
		c.text(fmt.Sprint(v), xOf(v), bottom+8, styleTick, topCenter)
	}
	c.text(r.t("export.chart.schools", nil), (x0+x1)/2, box.Max.Y, styleTick, botCenter)

	slot := (bottom - top) / len(bars)
	thick := min(slot*3/5, 64)
	for i, b := range bars {
		mid := top + slot*i + slot/2
		y0, y1 := mid-thick/2, mid+thick/2
		c.text(b.Name, x0-10, mid, styleLabel, midRight)
		done := 0
		for _, seg := range r.segments(b) {
			if seg.n == 0 {
				continue
			}
			from, to := xOf(done), xOf(done+seg.n)
			c.fill(image.Rect(from, y0, to, y1), seg.col)
			if to-from > 1 {
				c.vline(to-1, y0, y1-1, 1, colorWhite) // a hairline between parts
			}
			label := fmt.Sprint(seg.n)
			st := styleValue
			st.col = seg.text
			if c.measure(label, st)+6 <= to-from {
				c.text(label, (from+to)/2, mid, st, midCenter)
			}
			done += seg.n
		}
		c.text(endText(b), xOf(b.asked())+8, mid, styleValue, midLeft)
	}
	c.vline(x0, top, bottom, 2, colorMuted)
}
