package views

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// networksChart is the bar chart of engagements per network, with its table.
func networksChart(rows []networkStats) chartData {
	bars := make([]barItem, len(rows))
	table := [][]string{{lang.L("Network"), lang.L("Posts"), lang.L("Views"), lang.L("Engagements"), lang.L("Rate")}}
	out := [][]string{{lang.L("Network"), lang.L("Posts"), lang.L("Views"), lang.L("Likes"), lang.L("Comments"),
		lang.L("Shares"), lang.L("Engagement rate (%)")}}
	for i, n := range rows {
		bars[i] = barItem{Label: n.Network.Title(), Value: float64(n.engagements())}
		table = append(table, []string{n.Network.Title(), count(n.Posts), count(n.Views), count(n.engagements()), rateText(n.Rate, n.HasRate)})
		out = append(out, []string{n.Network.Title(), count(n.Posts), count(n.Views), count(n.Likes), count(n.Comments),
			count(n.Shares), rateCSV(n.Rate, n.HasRate)})
	}
	return chartData{drawer: barChart{YName: lang.L("Likes + comments + shares"), Bars: bars},
		table: table, csv: out, file: "engagement-by-network"}
}

// engagementChart is the line of engagements per day, with its table.
func engagementChart(days []dayStats) chartData {
	line := lineSeries{Name: lang.L("Engagements")}
	table := [][]string{{lang.L("Day"), lang.L("Views"), lang.L("Engagements"), lang.L("Rate")}}
	out := [][]string{{lang.L("Day"), lang.L("Posts"), lang.L("Views"), lang.L("Engagements"), lang.L("Engagement rate (%)")}}
	for _, d := range days {
		line.Points = append(line.Points, linePoint{At: d.Day, Value: float64(d.Engagements)})
		if d.Posts > 0 { // the table lists the days with posts; the chart and CSV every day
			table = append(table, []string{shortDay(d.Day), count(d.Views), count(d.Engagements), rateText(d.Rate, d.HasRate)})
		}
		out = append(out, []string{d.Day.Format(time.DateOnly), count(d.Posts), count(d.Views), count(d.Engagements), rateCSV(d.Rate, d.HasRate)})
	}
	c := lineChart{XName: lang.L("Day"), YName: lang.L("Likes + comments + shares"), Lines: []lineSeries{line}}
	return chartData{drawer: c, table: table, csv: out, file: "engagement-over-time"}
}

// followersChart is one line of followers per account, with a table of each account's
// first and last reading.
func followersChart(lines []followerLine) chartData {
	c := lineChart{XName: lang.L("Day"), YName: lang.L("Followers")}
	table := [][]string{{lang.L("Account"), lang.L("Start"), lang.L("End"), lang.L("Change")}}
	out := [][]string{{lang.L("Network"), lang.L("Account"), lang.L("Time"), lang.L("Followers")}}
	for _, f := range lines {
		s := lineSeries{Name: f.name()}
		for _, p := range f.Points {
			s.Points = append(s.Points, linePoint{At: p.At, Value: float64(p.Followers)})
			out = append(out, []string{f.Network.Title(), f.Account, p.At.Format(time.RFC3339), count(p.Followers)})
		}
		c.Lines = append(c.Lines, s)
		if len(f.Points) > 0 {
			first, last := f.Points[0].Followers, f.Points[len(f.Points)-1].Followers
			table = append(table, []string{f.name(), count(first), count(last), signed(last - first)})
		}
	}
	return chartData{drawer: c, table: table, csv: out, file: "follower-growth"}
}

// signed writes a change with its sign: "+12", "-3", "0".
func signed(n int64) string {
	if n > 0 {
		return "+" + count(n)
	}
	return count(n)
}

// heatChart is the weekday × hour grid, with a table of the slots that hold posts.
func heatChart(g heatGrid) chartData {
	m := heatmapChart{Grid: g, XName: lang.L("Hour of day (local time)"), Scale: lang.L("Colour: average engagement rate (%)")}
	table := [][]string{{lang.L("Weekday"), lang.L("Hour"), lang.L("Posts"), lang.L("Rate")}}
	out := [][]string{{lang.L("Weekday"), lang.L("Hour"), lang.L("Posts"), lang.L("Engagement rate (%)")}}
	for d, row := range g {
		for h, c := range row {
			if c.Samples == 0 {
				continue
			}
			day := calShortDay(time.Weekday((d + 1) % 7))
			table = append(table, []string{day, hourText(h), count(int64(c.Samples)), rateText(c.Rate, c.HasRate)})
			out = append(out, []string{day, fmt.Sprint(h), count(int64(c.Samples)), rateCSV(c.Rate, c.HasRate)})
		}
	}
	hover := func(pos fyne.Position, size fyne.Size) string { return heatHover(g, pos, size) }
	return chartData{drawer: m, table: table, csv: out, file: "engagement-by-hour", hover: hover}
}

// hourText is an hour of the day as "14:00".
func hourText(h int) string { return fmt.Sprintf("%02d:00", h) }

// heatHover describes the slot under pos (in a widget of size): its rate and how many
// posts it holds. The layout is computed at scale 1, as positions are in canvas units.
func heatHover(g heatGrid, pos fyne.Position, size fyne.Size) string {
	w, h := pixelSize(size, 1)
	d, hr, ok := newHeatLayout(w, h, 1).cellAt(float64(pos.X), float64(pos.Y))
	if !ok {
		return ""
	}
	c := g[d][hr]
	data := map[string]any{"Day": calShortDay(time.Weekday((d + 1) % 7)), "Hour": hourText(hr),
		"Rate": rateText(c.Rate, c.HasRate), "Count": c.Samples}
	return lang.N("{{.Day}} {{.Hour}}: {{.Rate}} over {{.Count}} posts", c.Samples, data)
}
