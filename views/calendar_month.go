package views

import (
	"image/color"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"webox-social/services/model"
)

// calMonthCells is the month grid's size: six weeks from the Monday on or before the 1st,
// like FullCalendar's dayGridMonth.
const calMonthCells = 42

// calPostsByDay sorts posts into the n days from first, by their day in loc; posts keep
// their order (time order).
func calPostsByDay(posts []model.Post, loc *time.Location, first civilDate, n int) [][]model.Post {
	out := make([][]model.Post, n)
	for _, p := range posts {
		i := civilOf(p.ScheduledAt.In(loc)).sub(first)
		if i >= 0 && i < n {
			out[i] = append(out[i], p)
		}
	}
	return out
}

// buildMonth lays out six weeks: weekday names, then a 7 × 6 grid of days with today
// highlighted and the days of other months dimmed.
func (s *calendarScreen) buildMonth(d calData) *calGrid {
	byDay := calPostsByDay(d.posts, d.loc, d.first, calMonthCells)
	today := civilOf(s.now().In(d.loc))
	g := &calGrid{}
	objs := make([]fyne.CanvasObject, 0, calMonthCells)
	for i := range calMonthCells {
		day := d.first.add(i)
		c := newCalCell(day, -1, calDayFill(day, d.anchor.m, today), calDayNumber(day, d.anchor.m, today), byDay[i],
			s.chipMaker(d), s.openCell)
		g.cells = append(g.cells, c)
		objs = append(objs, c.box)
	}
	g.area = container.NewGridWithColumns(7, objs...)
	g.root = container.NewBorder(calWeekdayHeader(), nil, nil, nil, g.area)
	return g
}

// calWeekdayHeader names the seven columns, Monday first.
func calWeekdayHeader() fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, 0, 7)
	for i := range 7 {
		t := canvas.NewText(calShortDay(time.Weekday((i+1)%7)), theme.Color(theme.ColorNameForeground))
		t.TextStyle = fyne.TextStyle{Bold: true}
		t.Alignment = fyne.TextAlignCenter
		objs = append(objs, t)
	}
	return container.NewGridWithColumns(7, objs...)
}

// calDayFill is a day's background: tinted for today, dimmed outside the month shown.
func calDayFill(day civilDate, month time.Month, today civilDate) color.Color {
	switch {
	case day == today:
		return calTodayFill()
	case day.m != month:
		return theme.Color(theme.ColorNameInputBackground)
	}
	return color.Transparent
}

// calTodayFill is the primary colour, faint: today's cell or column.
func calTodayFill() color.Color {
	r, g, b, _ := theme.Color(theme.ColorNamePrimary).RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x30}
}

// calDayNumber is the day of the month at the top of its cell: bold in the primary colour
// for today, in the disabled colour outside the month shown.
func calDayNumber(day civilDate, month time.Month, today civilDate) fyne.CanvasObject {
	col := theme.Color(theme.ColorNameForeground)
	if day.m != month {
		col = theme.Color(theme.ColorNameDisabled)
	}
	t := canvas.NewText(strconv.Itoa(day.d), col)
	t.TextSize = calTextSize()
	t.Alignment = fyne.TextAlignTrailing
	if day == today {
		t.Color = theme.Color(theme.ColorNamePrimary)
		t.TextStyle = fyne.TextStyle{Bold: true}
	}
	return t
}
