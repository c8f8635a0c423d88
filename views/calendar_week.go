package views

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"webox-social/services/model"
)

// Week view geometry: the hour labels' column and one hour's height.
const (
	calHourLabelWidth = 52
	calHourHeight     = 56
	// calScrollHour is the hour at the top of the week view when it opens.
	calScrollHour = 7
)

// calPostsByHour sorts posts into the 7 × 24 hours of the week from first, by their day
// and hour in loc (index day*24 + hour). On the day clocks go forward, 01:30 and 03:30
// land in the 01 and 03 rows; the missing 02 row stays empty.
func calPostsByHour(posts []model.Post, loc *time.Location, first civilDate) [][]model.Post {
	out := make([][]model.Post, 7*24)
	for _, p := range posts {
		t := p.ScheduledAt.In(loc)
		i := civilOf(t).sub(first)
		if i >= 0 && i < 7 {
			out[i*24+t.Hour()] = append(out[i*24+t.Hour()], p)
		}
	}
	return out
}

// buildWeek lays out seven day columns over the 24 hours in one scroll, with the posts
// in their hour.
func (s *calendarScreen) buildWeek(d calData) *calGrid {
	byHour := calPostsByHour(d.posts, d.loc, d.first)
	today := civilOf(s.now().In(d.loc))
	g := &calGrid{}
	objs := make([]fyne.CanvasObject, 0, 24*8)
	for h := range 24 {
		objs = append(objs, calHourLabel(h))
		for i := range 7 {
			day := d.first.add(i)
			c := newCalCell(day, h, calHourFill(day, h, d.loc, today), nil, byHour[i*24+h], s.chipMaker(d), s.openCell)
			c.gap = day.at(h, 0, 0, d.loc).Hour() != h
			g.cells = append(g.cells, c)
			objs = append(objs, c.box)
		}
	}
	g.area = container.New(calWeekLayout{lead: calHourLabelWidth, rowH: calHourHeight, rows: 24}, objs...)
	scroll := container.NewVScroll(g.area)
	scroll.Offset = fyne.NewPos(0, calScrollHour*calHourHeight)
	g.scroll = scroll
	g.root = container.NewBorder(calWeekHeader(d.first, today), nil, nil, nil, scroll)
	return g
}

// calHourFill is an hour's background: tinted on today, dimmed for an hour that does not
// exist that day.
func calHourFill(day civilDate, h int, loc *time.Location, today civilDate) color.Color {
	switch {
	case day.at(h, 0, 0, loc).Hour() != h:
		return theme.Color(theme.ColorNameDisabledButton)
	case day == today:
		return calTodayFill()
	}
	return color.Transparent
}

// calHourLabel is "09:00" at the left of its row.
func calHourLabel(h int) fyne.CanvasObject {
	t := canvas.NewText(fmt.Sprintf("%02d:00", h), theme.Color(theme.ColorNameDisabled))
	t.TextSize = calTextSize()
	t.Alignment = fyne.TextAlignTrailing
	return t
}

// calWeekHeader names the seven days over their columns: "Mon 23", today in bold primary.
func calWeekHeader(first, today civilDate) fyne.CanvasObject {
	objs := []fyne.CanvasObject{canvas.NewRectangle(color.Transparent)}
	for i := range 7 {
		day := first.add(i)
		name := lang.L("{{.Weekday}} {{.Day}}", map[string]any{"Weekday": calShortDay(day.weekday()), "Day": day.d})
		t := canvas.NewText(name, theme.Color(theme.ColorNameForeground))
		t.Alignment = fyne.TextAlignCenter
		if day == today {
			t.Color = theme.Color(theme.ColorNamePrimary)
			t.TextStyle = fyne.TextStyle{Bold: true}
		}
		objs = append(objs, t)
	}
	return container.New(calWeekLayout{lead: calHourLabelWidth, rows: 1}, objs...)
}

// calWeekLayout places rows of eight objects: a lead column lead wide, then seven equal
// columns. Rows are rowH high, or share the height when rowH is 0.
type calWeekLayout struct {
	lead, rowH float32
	rows       int
}

// MinSize is the lead plus seven narrow columns, by the rows' height.
func (l calWeekLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := l.rowH * float32(l.rows)
	if l.rowH == 0 {
		for _, o := range objs {
			h = max(h, o.MinSize().Height)
		}
	}
	return fyne.NewSize(l.lead+7*40, h)
}

// Layout gives each object its row and column.
func (l calWeekLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	colW := (size.Width - l.lead) / 7
	rowH := l.rowH
	if rowH == 0 {
		rowH = size.Height / float32(l.rows)
	}
	for i, o := range objs {
		r, c := i/8, i%8
		x, w := float32(0), l.lead-theme.Padding()
		if c > 0 {
			x, w = l.lead+float32(c-1)*colW, colW
		}
		o.Move(fyne.NewPos(x, float32(r)*rowH))
		o.Resize(fyne.NewSize(w, rowH))
	}
}
