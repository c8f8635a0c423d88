package views

import (
	"fmt"
	"image"
	"image/color"
	"strconv"
	"time"

	chart "github.com/wcharczuk/go-chart/v2"
)

// heatCell is the engagement of the posts published in one weekday-and-hour slot.
type heatCell struct {
	// Rate is the average engagement rate in percent; meaningful only when HasRate.
	Rate    float64
	HasRate bool
	// Samples is how many posts the slot holds.
	Samples int
}

// heatGrid is indexed by weekday from Monday (0) to Sunday (6), then by hour 0–23.
type heatGrid [7][24]heatCell

// heatDay is the row of a weekday in a heatGrid.
func heatDay(d time.Weekday) int { return (int(d) + 6) % 7 }

// heatmapChart draws a heatGrid as coloured cells: the stronger the colour, the higher
// the engagement rate; slots without posts are grey.
type heatmapChart struct {
	Grid heatGrid
	// XName names the hour axis; Scale names the colour scale (with its unit).
	XName, Scale string
}

// heatLayout is where the cells are, in pixels, for an image of w×h at a scale.
type heatLayout struct {
	left, top, cellW, cellH float64
}

func newHeatLayout(w, h int, scale float32) heatLayout {
	s := float64(max(scale, 0.5))
	left, top, right, bottom := 44*s, 8*s, 64*s, 44*s
	return heatLayout{left: left, top: top, cellW: (float64(w) - left - right) / 24, cellH: (float64(h) - top - bottom) / 7}
}

// cellAt is the slot under pixel (x, y), if any.
func (l heatLayout) cellAt(x, y float64) (day, hour int, ok bool) {
	if l.cellW <= 0 || l.cellH <= 0 || x < l.left || y < l.top {
		return 0, 0, false
	}
	hour, day = int((x-l.left)/l.cellW), int((y-l.top)/l.cellH)
	return day, hour, hour < 24 && day < 7
}

// maxRate is the highest rate in the grid (0 when none).
func (g heatGrid) maxRate() float64 {
	top := 0.0
	for _, row := range g {
		for _, c := range row {
			if c.HasRate && c.Samples > 0 {
				top = max(top, c.Rate)
			}
		}
	}
	return top
}

func (m heatmapChart) draw(w, h int, th chartTheme) (image.Image, error) {
	if w < minChartW || h < minChartH {
		return blankImage(w, h, th.Background), nil
	}
	r, err := chart.PNG(w, h)
	if err != nil {
		return nil, fmt.Errorf("views: draw heatmap: %w", err)
	}
	font, err := chart.GetDefaultFont()
	if err != nil {
		return nil, fmt.Errorf("views: draw heatmap: %w", err)
	}
	r.SetDPI(th.dpi())
	r.SetFont(font)
	r.SetFontSize(9)
	r.SetFontColor(toDrawing(th.Foreground))
	fillRect(r, 0, 0, float64(w), float64(h), th.Background)
	l := newHeatLayout(w, h, th.Scale)
	m.drawCells(r, l, th)
	m.drawLabels(r, l, th, w)
	var out chart.ImageWriter
	if err := r.Save(&out); err != nil {
		return nil, fmt.Errorf("views: draw heatmap: %w", err)
	}
	return out.Image()
}

// drawCells paints the 7×24 cells with a one-pixel gap.
func (m heatmapChart) drawCells(r chart.Renderer, l heatLayout, th chartTheme) {
	top := m.Grid.maxRate()
	for d, row := range m.Grid {
		for hr, c := range row {
			x, y := l.left+float64(hr)*l.cellW, l.top+float64(d)*l.cellH
			fillRect(r, x, y, x+l.cellW-1, y+l.cellH-1, heatColour(c, top, th))
		}
	}
}

// heatColour mixes the background with the first series colour by the cell's share of
// the highest rate; a slot without posts or rate is drawn muted.
func heatColour(c heatCell, top float64, th chartTheme) color.Color {
	if c.Samples == 0 || !c.HasRate {
		return mix(th.Background, th.Muted, 0.35)
	}
	share := 0.0
	if top > 0 {
		share = c.Rate / top
	}
	return mix(th.Background, th.Series[0], 0.12+0.88*share)
}

// drawLabels writes the weekdays, every third hour, the axis name and the colour scale.
func (m heatmapChart) drawLabels(r chart.Renderer, l heatLayout, th chartTheme, w int) {
	s := float64(max(th.Scale, 0.5))
	for d := 0; d < 7; d++ {
		wd := time.Weekday((d + 1) % 7)
		r.Text(calShortDay(wd), int(6*s), int(l.top+float64(d)*l.cellH+l.cellH/2+4*s))
	}
	base := l.top + 7*l.cellH
	for hr := 0; hr < 24; hr += 3 {
		r.Text(strconv.Itoa(hr), int(l.left+float64(hr)*l.cellW+2*s), int(base+14*s))
	}
	r.Text(m.XName, int(l.left), int(base+32*s))
	r.Text(m.Scale, int(l.left+24*l.cellW)-r.MeasureText(m.Scale).Width(), int(base+32*s))
	m.drawScale(r, l, th, float64(w)-56*s, s)
}

// drawScale draws the colour scale on the right, from 0 to the highest rate.
func (m heatmapChart) drawScale(r chart.Renderer, l heatLayout, th chartTheme, x, s float64) {
	top := m.Grid.maxRate()
	steps := 5
	for i := 0; i < steps; i++ {
		y := l.top + float64(steps-1-i)*12*s
		fillRect(r, x, y, x+12*s, y+11*s, mix(th.Background, th.Series[0], 0.12+0.88*float64(i)/float64(steps-1)))
	}
	r.Text(percentTick(top), int(x+16*s), int(l.top+10*s))
	r.Text("0%", int(x+16*s), int(l.top+float64(steps)*12*s-2*s))
}

// percentTick is a rate with at most two decimals and a percent sign.
func percentTick(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64) + "%"
}

// fillRect fills the rectangle from (x0, y0) to (x1, y1).
func fillRect(r chart.Renderer, x0, y0, x1, y1 float64, c color.Color) {
	r.SetFillColor(toDrawing(c))
	r.SetStrokeColor(toDrawing(c))
	r.MoveTo(int(x0), int(y0))
	r.LineTo(int(x1), int(y0))
	r.LineTo(int(x1), int(y1))
	r.LineTo(int(x0), int(y1))
	r.Close()
	r.Fill()
}

// mix blends a towards b by t (0 gives a, 1 gives b).
func mix(a, b color.Color, t float64) color.Color {
	t = min(max(t, 0), 1)
	x, y := color.NRGBAModel.Convert(a).(color.NRGBA), color.NRGBAModel.Convert(b).(color.NRGBA)
	f := func(p, q uint8) uint8 { return uint8(float64(p) + (float64(q)-float64(p))*t + 0.5) }
	return color.NRGBA{R: f(x.R, y.R), G: f(x.G, y.G), B: f(x.B, y.B), A: 0xff}
}
