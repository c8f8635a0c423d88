package views

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"webox-social/services/model"
	"webox-social/views/viewstest"
)

func TestCalendarAgendaGroupsByDay(t *testing.T) {
	c := viewstest.New()
	now := time.Now()
	day := func(d, h int) time.Time {
		x := now.AddDate(0, 0, d)
		return time.Date(x.Year(), x.Month(), x.Day(), h, 0, 0, 0, time.Local)
	}
	c.PostList = []model.Post{
		{ID: 1, Content: "Later the same day", ScheduledAt: day(2, 15), Status: model.PostScheduled},
		{ID: 2, Content: "Early", ScheduledAt: day(2, 9), Status: model.PostScheduled},
		{ID: 3, Content: "Too far", ScheduledAt: day(45, 9), Status: model.PostScheduled},
	}
	u := newTestUI(t, c)
	s := open[*calendarScreen](t, u, navCalendar)
	got := texts(s.days)
	assert.Contains(t, got, day(2, 9).Format(dayLayout))
	assert.Less(t, indexOf(got, "Early"), indexOf(got, "Later the same day"))
	assert.NotContains(t, got, "Too far")
	assert.Equal(t, "Next 30 days", s.title.Text)

	s.step(1)
	assert.Equal(t, now.AddDate(0, 1, -now.Day()+1).Format("January 2006"), s.title.Text)
}

func TestCalendarEmptyState(t *testing.T) {
	u := newTestUI(t, viewstest.New())
	s := open[*calendarScreen](t, u, navCalendar)
	assert.Contains(t, texts(s.days), "Nothing scheduled in this period")
}

func TestDayLabel(t *testing.T) {
	now := time.Date(2030, 5, 1, 12, 0, 0, 0, time.Local)
	assert.Equal(t, "Today — Wednesday 1 May", dayLabel(now, now))
	assert.Equal(t, "Tomorrow — Thursday 2 May", dayLabel(now.AddDate(0, 0, 1), now))
	assert.Equal(t, "Friday 2 May 2031", dayLabel(time.Date(2031, 5, 2, 9, 0, 0, 0, time.Local), now))
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
