package export

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"sync"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// The chart draws itself on an *image.RGBA: filled rectangles, 1–2 px rules and
// anti-aliased strokes, and text in Liberation Sans, which has every Vietnamese letter
// precomposed (the locale files are NFC). Only the regular and bold faces are embedded.

// chartFonts are the parsed regular and bold faces, shared: a parsed font is read-only,
// whereas a font.Face caches glyphs and belongs to one canvas.
var chartFonts = sync.OnceValues(func() ([2]*opentype.Font, error) {
	var fs [2]*opentype.Font
	for i, ttf := range [][]byte{liberationsansregular.TTF, liberationsansbold.TTF} {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return fs, fmt.Errorf("parse chart font: %w", err)
		}
		fs[i] = f
	}
	return fs, nil
})

// textStyle is how a piece of text looks: size in pixels, weight and colour.
type textStyle struct {
	size float64
	bold bool
	col  color.RGBA
}

// anchor says which point of a text's box the coordinates given to canvas.text name.
type anchor struct{ h, v float64 } // 0 left/top, 0.5 centre, 1 right/bottom

var (
	topLeft   = anchor{0, 0}
	topCenter = anchor{0.5, 0}
	midLeft   = anchor{0, 0.5}
	midCenter = anchor{0.5, 0.5}
	midRight  = anchor{1, 0.5}
	botCenter = anchor{0.5, 1}
)

// canvas is one picture being drawn.
type canvas struct {
	img   *image.RGBA
	fonts [2]*opentype.Font
	faces map[textStyle]font.Face
}

// newCanvas returns a w×h pixel canvas filled with white.
func newCanvas(w, h int) (*canvas, error) {
	fs, err := chartFonts()
	if err != nil {
		return nil, err
	}
	c := &canvas{img: image.NewRGBA(image.Rect(0, 0, w, h)), fonts: fs, faces: map[textStyle]font.Face{}}
	draw.Draw(c.img, c.img.Bounds(), image.White, image.Point{}, draw.Src)
	return c, nil
}

func (c *canvas) face(st textStyle) font.Face {
	key := textStyle{size: st.size, bold: st.bold}
	if f, ok := c.faces[key]; ok {
		return f
	}
	i := 0
	if st.bold {
		i = 1
	}
	// NewFace fails only for a nil font or bad options, neither possible here.
	f, _ := opentype.NewFace(c.fonts[i], &opentype.FaceOptions{Size: st.size, DPI: 72, Hinting: font.HintingFull})
	c.faces[key] = f
	return f
}

// measure returns the width of s in pixels.
func (c *canvas) measure(s string, st textStyle) int {
	return font.MeasureString(c.face(st), s).Ceil()
}

// lineHeight returns the height of a line of text in st: ascent plus descent, in pixels.
func (c *canvas) lineHeight(st textStyle) int {
	m := c.face(st).Metrics()
	return (m.Ascent + m.Descent).Ceil()
}

// text draws s with the anchor point of its box at (x, y) and returns the box.
func (c *canvas) text(s string, x, y int, st textStyle, a anchor) image.Rectangle {
	f := c.face(st)
	w, h := c.measure(s, st), c.lineHeight(st)
	left := x - int(math.Round(float64(w)*a.h))
	top := y - int(math.Round(float64(h)*a.v))
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(st.col), Face: f,
		Dot: fixed.P(left, top+f.Metrics().Ascent.Ceil())}
	d.DrawString(s)
	return image.Rect(left, top, left+w, top+h)
}

// textHalo draws s like text, on a white outline two pixels wide so that it stays legible
// over a line it crosses.
func (c *canvas) textHalo(s string, x, y int, st textStyle, a anchor) {
	halo := st
	halo.col = colorWhite
	for dy := -2; dy <= 2; dy++ {
		for dx := -2; dx <= 2; dx++ {
			if dx*dx+dy*dy <= 5 && (dx != 0 || dy != 0) {
				c.text(s, x+dx, y+dy, halo, a)
			}
		}
	}
	c.text(s, x, y, st, a)
}

// textUp draws s turned a quarter to the left (read bottom to top), centred on (x, y).
func (c *canvas) textUp(s string, x, y int, st textStyle) {
	w, h := c.measure(s, st), c.lineHeight(st)
	tmp, err := newCanvas(w, h)
	if err != nil {
		return
	}
	tmp.fonts, tmp.faces = c.fonts, c.faces
	tmp.text(s, 0, 0, st, topLeft)
	left, top := x-h/2, y-w/2
	for ty := range h {
		for tx := range w {
			if p := tmp.img.RGBAAt(tx, ty); p != (color.RGBA{255, 255, 255, 255}) {
				c.img.SetRGBA(left+ty, top+w-1-tx, p)
			}
		}
	}
}

// fill paints r in col.
func (c *canvas) fill(r image.Rectangle, col color.RGBA) {
	draw.Draw(c.img, r, image.NewUniform(col), image.Point{}, draw.Src)
}

// hline draws a horizontal rule of the given thickness from x0 to x1 whose top row is y.
func (c *canvas) hline(x0, x1, y, thick int, col color.RGBA) {
	c.fill(image.Rect(min(x0, x1), y, max(x0, x1)+1, y+thick), col)
}

// vline draws a vertical rule of the given thickness from y0 to y1 whose left column is x.
func (c *canvas) vline(x, y0, y1, thick int, col color.RGBA) {
	c.fill(image.Rect(x, min(y0, y1), x+thick, max(y0, y1)+1), col)
}

// dashedV draws a vertical dashed rule: dash pixels on, gap off, from y0 down to y1.
func (c *canvas) dashedV(x, y0, y1, thick, dash, gap int, col color.RGBA) {
	for y := y0; y < y1; y += dash + gap {
		c.vline(x, y, min(y+dash, y1), thick, col)
	}
}

// dashedH draws a horizontal dashed rule from x0 right to x1.
func (c *canvas) dashedH(x0, x1, y, thick, dash, gap int, col color.RGBA) {
	for x := x0; x < x1; x += dash + gap {
		c.hline(x, min(x+dash, x1), y, thick, col)
	}
}

// pt is a point in pixels, fractional for anti-aliased shapes.
type pt struct{ x, y float64 }

// polygon fills the polygon through pts, anti-aliased.
func (c *canvas) polygon(pts []pt, col color.RGBA) {
	if len(pts) < 3 {
		return
	}
	minX, minY, maxX, maxY := pts[0].x, pts[0].y, pts[0].x, pts[0].y
	for _, p := range pts {
		minX, minY, maxX, maxY = min(minX, p.x), min(minY, p.y), max(maxX, p.x), max(maxY, p.y)
	}
	box := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1).
		Intersect(c.img.Bounds())
	if box.Empty() {
		return
	}
	z := vector.NewRasterizer(box.Dx(), box.Dy())
	z.MoveTo(float32(pts[0].x-float64(box.Min.X)), float32(pts[0].y-float64(box.Min.Y)))
	for _, p := range pts[1:] {
		z.LineTo(float32(p.x-float64(box.Min.X)), float32(p.y-float64(box.Min.Y)))
	}
	z.ClosePath()
	z.DrawOp = draw.Over
	z.Draw(c.img, box, image.NewUniform(col), image.Point{})
}

// dot fills a disc of radius r centred on p.
func (c *canvas) dot(p pt, r float64, col color.RGBA) {
	const sides = 16
	pts := make([]pt, sides)
	for i := range pts {
		a := 2 * math.Pi * float64(i) / sides
		pts[i] = pt{p.x + r*math.Cos(a), p.y + r*math.Sin(a)}
	}
	c.polygon(pts, col)
}

// polyline strokes the line through pts, width pixels wide, with round joins.
func (c *canvas) polyline(pts []pt, width float64, col color.RGBA) {
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		dx, dy := b.x-a.x, b.y-a.y
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*width/2, dx/l*width/2
		c.polygon([]pt{{a.x + nx, a.y + ny}, {b.x + nx, b.y + ny}, {b.x - nx, b.y - ny}, {a.x - nx, a.y - ny}}, col)
	}
	for i := 1; i+1 < len(pts); i++ {
		c.dot(pts[i], width/2, col)
	}
}
