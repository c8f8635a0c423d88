package views

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2/lang"
)

// civilDate is a day on the wall calendar, without a zone. The calendar builds each
// cell's midnight with time.Date in the user's zone, so days stay right across DST
// changes (a day may last 23 or 25 hours).
type civilDate struct {
	y int
	m time.Month
	d int
}

// civilOf is the day t falls on, read in t's own location.
func civilOf(t time.Time) civilDate {
	y, m, d := t.Date()
	return civilDate{y, m, d}
}

// in is the start of the day in loc.
func (c civilDate) in(loc *time.Location) time.Time { return time.Date(c.y, c.m, c.d, 0, 0, 0, 0, loc) }

// at is the given wall-clock time of the day in loc.
func (c civilDate) at(h, m, sec int, loc *time.Location) time.Time {
	return time.Date(c.y, c.m, c.d, h, m, sec, 0, loc)
}

// add moves by n days on the calendar.
func (c civilDate) add(n int) civilDate {
	return civilOf(time.Date(c.y, c.m, c.d+n, 12, 0, 0, 0, time.UTC))
}

// sub is the number of calendar days from o to c.
func (c civilDate) sub(o civilDate) int {
	return int(c.in(time.UTC).Sub(o.in(time.UTC)) / (24 * time.Hour))
}

// weekday is the day of the week.
func (c civilDate) weekday() time.Weekday { return c.in(time.UTC).Weekday() }

// monday is the Monday on or before c: weeks start on Monday.
func (c civilDate) monday() civilDate { return c.add(-((int(c.weekday()) + 6) % 7)) }

// firstOfMonth is the 1st of c's month.
func (c civilDate) firstOfMonth() civilDate { return civilDate{c.y, c.m, 1} }

// addMonths moves to the 1st of the month n months away.
func (c civilDate) addMonths(n int) civilDate {
	return civilOf(time.Date(c.y, c.m+time.Month(n), 1, 12, 0, 0, 0, time.UTC))
}

// calMonthName is the month's name in the user's language.
func calMonthName(m time.Month) string { return lang.L(m.String()) }

// calShortMonths are the months' short names, translated through lang.
var calShortMonths = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// calShortMonth is the month's short name in the user's language.
func calShortMonth(m time.Month) string { return lang.L(calShortMonths[m-1]) }

// calShortDays are the weekdays' short names from Monday, translated through lang.
var calShortDays = [...]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

// calShortDay is the weekday's short name in the user's language.
func calShortDay(d time.Weekday) string { return lang.L(calShortDays[(int(d)+6)%7]) }

// calMonthTitle is the month view's title: "November 2026".
func calMonthTitle(c civilDate) string {
	return lang.L("{{.Month}} {{.Year}}", map[string]any{"Month": calMonthName(c.m), "Year": strconv.Itoa(c.y)})
}

// calDayMonth is "23 Nov".
func calDayMonth(c civilDate) string {
	return lang.L("{{.Day}} {{.Month}}", map[string]any{"Day": c.d, "Month": calShortMonth(c.m)})
}

// calDayMonthYear is "23 Nov 2026".
func calDayMonthYear(c civilDate) string {
	return lang.L("{{.Day}} {{.Month}} {{.Year}}", map[string]any{"Day": c.d, "Month": calShortMonth(c.m),
		"Year": strconv.Itoa(c.y)})
}

// calWeekTitle is the week view's title: "23 – 29 Nov 2026", "30 Nov – 6 Dec 2026" or
// "28 Dec 2026 – 3 Jan 2027".
func calWeekTitle(first civilDate) string {
	last := first.add(6)
	from := calDayMonthYear(first)
	switch {
	case first.y == last.y && first.m == last.m:
		from = strconv.Itoa(first.d)
	case first.y == last.y:
		from = calDayMonth(first)
	}
	return lang.L("{{.From}} – {{.To}}", map[string]any{"From": from, "To": calDayMonthYear(last)})
}

// calDayTitle is a day's heading: "Tue 24 Nov 2026".
func calDayTitle(c civilDate) string {
	return lang.L("{{.Weekday}} {{.Date}}", map[string]any{"Weekday": calShortDay(c.weekday()), "Date": calDayMonthYear(c)})
}

// calDayShort is a day without the year: "Thu 26 Nov".
func calDayShort(c civilDate) string {
	return lang.L("{{.Weekday}} {{.Date}}", map[string]any{"Weekday": calShortDay(c.weekday()), "Date": calDayMonth(c)})
}

// calWhen is a moment for messages: "Tue 24 Nov 2026, 09:30", read in t's location.
func calWhen(t time.Time) string {
	return lang.L("{{.Day}}, {{.Time}}", map[string]any{"Day": calDayTitle(civilOf(t)), "Time": t.Format(timeInputLayout)})
}
