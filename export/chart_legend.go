package export

import (
	"image"
	"image/color"
)

// Text styles of the chart, in pixels. Telegram shrinks the picture to the phone's width,
// about 0.8 of its size once opened, so nothing is smaller than 15 px.
var (
	styleTitle  = textStyle{size: 23, bold: true, col: colorText}
	styleLegend = textStyle{size: 17, col: colorText}
	styleLabel  = textStyle{size: 18, col: colorText}
	styleTick   = textStyle{size: 15, col: colorMuted}
	styleValue  = textStyle{size: 16, bold: true, col: colorText}
)

// legendKind is how a legend entry shows its series.
type legendKind int

const (
	legendBox  legendKind = iota // a filled square, for bars
	legendLine                   // a short thick line, for a line series
)

// legendItem is one entry of a panel's legend.
type legendItem struct {
	label string
	col   color.RGBA
	kind  legendKind
}

// header draws a panel's title along the top of box and its legend under it, outside the
// plot, wrapping the legend onto more rows when it is wider than box. A title too wide for
// box is set smaller. It returns the y just below the legend.
func (c *canvas) header(box image.Rectangle, title string, items []legendItem) int {
	st := styleTitle
	for st.size > 16 && c.measure(title, st) > box.Dx() {
		st.size--
	}
	c.text(title, box.Min.X, box.Min.Y, st, topLeft)
	y := box.Min.Y + c.lineHeight(styleTitle) + 12
	const sw, pad, space = 16, 7, 24 // swatch size, swatch to text, between entries
	lh := c.lineHeight(styleLegend)
	x := box.Min.X
	for i, it := range items {
		key := sw // width of the swatch or line sample
		if it.kind == legendLine {
			key = sw + 8
		}
		w := key + pad + c.measure(it.label, styleLegend)
		if i > 0 && x+w > box.Max.X {
			x, y = box.Min.X, y+lh+6
		}
		mid := y + lh/2
		switch it.kind {
		case legendBox:
			c.fill(image.Rect(x, mid-sw/2, x+sw, mid+sw/2), it.col)
		case legendLine:
			c.polyline([]pt{{float64(x), float64(mid)}, {float64(x + key), float64(mid)}}, 3, it.col)
			c.dot(pt{float64(x) + float64(key)/2, float64(mid)}, 4, it.col)
		}
		c.text(it.label, x+key+pad, mid, styleLegend, midLeft)
		x += w + space
	}
	return y + lh
}
