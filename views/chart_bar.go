package views

import (
	"image"
	"math"
	"strconv"

	chart "github.com/wcharczuk/go-chart/v2"
)

// barItem is one bar: a label under it and its height.
type barItem struct {
	Label string
	Value float64
}

// barChart draws one bar per item against a named vertical axis starting at zero.
type barChart struct {
	// YName names the vertical axis with its unit.
	YName string
	Bars  []barItem
}

// minChartW and minChartH are the smallest sizes, in pixels, a chart is drawn at; smaller
// widgets show their background only.
const minChartW, minChartH = 120, 80

func (b barChart) draw(w, h int, th chartTheme) (image.Image, error) {
	if len(b.Bars) == 0 || w < minChartW || h < minChartH {
		return blankImage(w, h, th.Background), nil
	}
	bars := make([]chart.Value, len(b.Bars))
	top := 0.0
	for i, it := range b.Bars {
		st := chart.Style{FillColor: th.series(0), StrokeColor: th.series(0), StrokeWidth: 1}
		bars[i] = chart.Value{Label: it.Label, Value: it.Value, Style: st}
		top = math.Max(top, it.Value)
	}
	axisTop, ticks := niceAxis(top)
	bc := chart.BarChart{Width: w, Height: h, DPI: th.dpi(), Bars: bars,
		BarWidth:   barWidth(w, len(bars)),
		Background: chart.Style{FillColor: toDrawing(th.Background), Padding: chart.Box{Top: 16, Left: 8, Right: 16, Bottom: int(32 * th.dpi() / 96)}},
		Canvas:     chart.Style{FillColor: toDrawing(th.Background)},
		XAxis:      th.textStyle(),
		YAxis: chart.YAxis{Name: b.YName, NameStyle: th.textStyle(), Style: th.textStyle(),
			Range: &chart.ContinuousRange{Min: 0, Max: axisTop}, Ticks: ticks, ValueFormatter: numberTick},
	}
	return rasterize(bc)
}

// barWidth spreads n bars over about half of the width.
func barWidth(w, n int) int {
	return max(8, min(80, w/(2*max(n, 1))))
}

// niceTop is a round step-aligned upper bound for an axis whose largest value is v (at
// least 1, so that an all-zero chart still has a range).
func niceTop(v float64) float64 {
	top, _ := niceAxis(v)
	return top
}

// niceAxis is a round upper bound for values up to v and the ticks from 0 to it, about
// four steps of 1, 2, 2.5 or 5 times a power of ten, and at least 1.
func niceAxis(v float64) (float64, []chart.Tick) {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		v = 1
	}
	raw := v / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if raw <= m*mag {
			step = m * mag
			break
		}
	}
	step = math.Max(step, 1) // the charts count things: whole steps
	n := math.Ceil(v/step - 1e-9)
	ticks := make([]chart.Tick, 0, int(n)+1)
	for i := 0.0; i <= n; i++ {
		ticks = append(ticks, chart.Tick{Value: i * step, Label: numberTick(i * step)})
	}
	return n * step, ticks
}

// numberTick formats an axis value: whole numbers without decimals, others with one.
func numberTick(v any) string {
	f, _ := v.(float64)
	if f == math.Trunc(f) {
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	return strconv.FormatFloat(f, 'f', 1, 64)
}
