package views

import (
	"image"
	"math"
	"time"

	"fyne.io/fyne/v2/lang"

	chart "github.com/wcharczuk/go-chart/v2"
)

// linePoint is one reading of a line.
type linePoint struct {
	At    time.Time
	Value float64
}

// lineSeries is one named line.
type lineSeries struct {
	Name   string
	Points []linePoint
}

// lineChart draws lines over time against named axes, with a legend when there are
// several lines.
type lineChart struct {
	// XName and YName name the axes with their units.
	XName, YName string
	Lines        []lineSeries
}

// hasPoints reports whether any line has a point.
func (l lineChart) hasPoints() bool {
	for _, s := range l.Lines {
		if len(s.Points) > 0 {
			return true
		}
	}
	return false
}

func (l lineChart) draw(w, h int, th chartTheme) (image.Image, error) {
	if !l.hasPoints() || w < minChartW || h < minChartH {
		return blankImage(w, h, th.Background), nil
	}
	from, to, top := l.bounds()
	axisTop, ticks := niceAxis(top)
	xticks := dayTicks(from, to, w/int(72*th.dpi()/96))
	to = chart.TimeFromFloat64(xticks[len(xticks)-1].Value)
	c := chart.Chart{Width: w, Height: h, DPI: th.dpi(),
		Background: chart.Style{FillColor: toDrawing(th.Background), Padding: chart.Box{Top: 16, Left: 8, Right: 24, Bottom: 8}},
		Canvas:     chart.Style{FillColor: toDrawing(th.Background)},
		XAxis: chart.XAxis{Name: l.XName, NameStyle: th.textStyle(), Style: th.textStyle(),
			Range: &chart.ContinuousRange{Min: chart.TimeToFloat64(from), Max: chart.TimeToFloat64(to)},
			Ticks: xticks},
		YAxis: chart.YAxis{Name: l.YName, NameStyle: th.textStyle(), Style: th.textStyle(),
			Range: &chart.ContinuousRange{Min: 0, Max: axisTop}, Ticks: ticks, ValueFormatter: numberTick,
			GridMajorStyle: th.gridStyle()},
		YAxisSecondary: chart.YAxis{Style: chart.Hidden()},
	}
	for i, s := range l.Lines {
		c.Series = append(c.Series, timeSeries(s, th, i))
	}
	if len(l.Lines) > 1 {
		legend := th.textStyle()
		legend.FillColor = toDrawing(th.Background)
		c.Elements = []chart.Renderable{chart.LegendLeft(&c, legend)}
	}
	return rasterize(c)
}

// bounds is the time range (at least a day wide) and the largest value of the lines.
func (l lineChart) bounds() (from, to time.Time, top float64) {
	for _, s := range l.Lines {
		for _, p := range s.Points {
			if from.IsZero() || p.At.Before(from) {
				from = p.At
			}
			if p.At.After(to) {
				to = p.At
			}
			top = math.Max(top, p.Value)
		}
	}
	if !to.After(from) {
		from, to = from.AddDate(0, 0, -1), to.AddDate(0, 0, 1)
	}
	return from, to, top
}

// timeSeries is one line for go-chart, with dots so that a single reading shows.
func timeSeries(s lineSeries, th chartTheme, i int) chart.TimeSeries {
	ts := chart.TimeSeries{Name: s.Name,
		Style: chart.Style{StrokeColor: th.series(i), StrokeWidth: 2, DotColor: th.series(i), DotWidth: 2.5}}
	for _, p := range s.Points {
		ts.XValues = append(ts.XValues, p.At)
		ts.YValues = append(ts.YValues, p.Value)
	}
	return ts
}

// dayTicks are at most n ticks (at least 2) a whole number of days apart, from from to
// the first one at or after to, each labelled with its day.
func dayTicks(from, to time.Time, n int) []chart.Tick {
	n = max(n, 2)
	days := int(to.Sub(from).Hours()/24 + 0.999)
	step := max(1, (days+n-2)/(n-1))
	ticks := []chart.Tick{{Value: chart.TimeToFloat64(from), Label: shortDay(from)}}
	for t := from; t.Before(to); {
		t = t.AddDate(0, 0, step)
		ticks = append(ticks, chart.Tick{Value: chart.TimeToFloat64(t), Label: shortDay(t)})
	}
	return ticks
}

// shortDay is a day as its short month name and its number.
func shortDay(t time.Time) string {
	return lang.L("{{.Month}} {{.Day}}", map[string]any{"Month": calShortMonth(t.Month()), "Day": t.Day()})
}
