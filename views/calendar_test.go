package views

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/views/viewstest"
)

// calNovemberPosts is a busy November 2026 in Paris: twelve posts on the 10th, a few other
// days, posts on the grid's October and December days, one beyond the grid.
func calNovemberPosts(loc *time.Location) []model.Post {
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, loc) }
	var ps []model.Post
	for i := range 12 {
		ps = append(ps, calPost(int64(1+i), at(10, 8+i, 15), model.PostScheduled,
			fmt.Sprintf("Launch thread part %d with a rather long first line", i+1), model.Mastodon, model.Bluesky))
	}
	ps = append(ps,
		calPost(20, at(3, 9, 0), model.PostPublished, "Published announcement", model.Instagram, model.Facebook),
		calPost(21, at(5, 12, 30), model.PostFailed, "Failed post", model.X),
		calPost(22, at(18, 17, 45), model.PostDraft, "A draft with a time", model.LinkedIn),
		calPost(23, at(20, 7, 0), model.PostPartiallyPublished, "Partly out", model.TikTok, model.YouTube),
		calPost(24, at(24, 11, 0), model.PostMissed, "Missed one", model.Mastodon),
		calPost(25, at(26, 14, 0), model.PostCancelled, "Cancelled one", model.Bluesky),
		calPost(26, at(27, 16, 20), model.PostUnconfirmed, "Unconfirmed one", model.Facebook),
		calPost(27, time.Date(2026, 10, 27, 10, 0, 0, 0, loc), model.PostPublished, "Late October", model.Mastodon),
		calPost(28, time.Date(2026, 12, 3, 10, 0, 0, 0, loc), model.PostScheduled, "Early December", model.Mastodon),
		calPost(29, time.Date(2026, 12, 10, 10, 0, 0, 0, loc), model.PostScheduled, "Beyond the grid", model.Mastodon),
	)
	return ps
}

func TestCalendarMonthManyPosts(t *testing.T) {
	loc := calParis(t)
	c := viewstest.New()
	c.PostList = calNovemberPosts(loc)
	h := newCalHarness(t, c, time.Date(2026, 11, 18, 10, 0, 0, 0, loc), calMonthMode)
	s := h.s

	assert.Equal(t, "November 2026", s.title.Text)
	assert.Equal(t, "Times in Europe/Paris", s.zone.Text)
	require.Len(t, s.grid.cells, calMonthCells)
	assert.Equal(t, civilDate{2026, 10, 26}, s.grid.cells[0].day, "six weeks from the Monday before the 1st")
	assert.Equal(t, civilDate{2026, 12, 6}, s.grid.cells[calMonthCells-1].day)
	last := h.core.Filters[len(h.core.Filters)-1]
	assert.Equal(t, time.Date(2026, 10, 26, 0, 0, 0, 0, loc), last.From, "only the visible range is loaded")
	assert.Equal(t, time.Date(2026, 12, 7, 0, 0, 0, 0, loc), last.To)

	busy := h.cell(civilDate{2026, 11, 10}, -1)
	shown := busy.shown()
	require.Positive(t, shown)
	require.Less(t, shown, 12)
	assert.True(t, busy.more.Visible())
	assert.Equal(t, fmt.Sprintf("+%d more", 12-shown), busy.more.text.Text)
	assert.Equal(t, "08:15 Launch thread part 1 with a rather long…", busy.chips[0].text, "time + first words")

	assert.Equal(t, calTodayFill(), h.cell(civilDate{2026, 11, 18}, -1).fill, "today highlighted")
	assert.NotEqual(t, calTodayFill(), h.cell(civilDate{2026, 11, 17}, -1).fill)
	assert.Equal(t, []string{"10:00 Late October"}, calChipTexts(h.cell(civilDate{2026, 10, 27}, -1)))
	assert.Equal(t, []string{"10:00 Early December"}, calChipTexts(h.cell(civilDate{2026, 12, 3}, -1)))
	for _, cell := range s.grid.cells {
		for _, ch := range cell.chips {
			assert.NotEqual(t, int64(29), ch.post.ID, "a post beyond the grid is not drawn")
		}
	}
	test.AssertRendersToMarkup(t, "calendar/month_many.xml", h.w.Canvas())

	test.Tap(busy.more)
	overlay := h.w.Canvas().Overlays().Top()
	require.NotNil(t, overlay, "+N more opens the day")
	n := 0
	walk(overlay, func(o fyne.CanvasObject) {
		if _, ok := o.(*calChip); ok {
			n++
		}
	})
	assert.Equal(t, 12, n, "the day's list has every post")
}

func TestCalendarDSTMonth(t *testing.T) {
	loc := calParis(t)
	utc := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, time.UTC) }
	c := viewstest.New()
	c.PostList = []model.Post{
		calPost(1, utc(28, 22, 30), model.PostScheduled, "Saturday 23:30", model.Mastodon),   // 23:30 CET on the 28th
		calPost(2, utc(29, 0, 30), model.PostScheduled, "Before the change", model.Mastodon), // 01:30 CET
		calPost(3, utc(29, 1, 30), model.PostScheduled, "After the change", model.Bluesky),   // 03:30 CEST
		calPost(4, utc(29, 22, 15), model.PostScheduled, "Monday early", model.Mastodon),     // 00:15 CEST on the 30th
	}
	h := newCalHarness(t, c, time.Date(2026, 3, 20, 12, 0, 0, 0, loc), calMonthMode)
	assert.Equal(t, "March 2026", h.s.title.Text)
	assert.Equal(t, []string{"23:30 Saturday 23:30"}, calChipTexts(h.cell(civilDate{2026, 3, 28}, -1)))
	assert.Equal(t, []string{"01:30 Before the change", "03:30 After the change"},
		calChipTexts(h.cell(civilDate{2026, 3, 29}, -1)), "the 23-hour day holds both posts")
	assert.Equal(t, []string{"00:15 Monday early"}, calChipTexts(h.cell(civilDate{2026, 3, 30}, -1)))
	test.AssertRendersToMarkup(t, "calendar/month_dst.xml", h.w.Canvas())

	h.s.anchor = civilDate{2026, 3, 29}
	h.s.setMode(calWeekMode)
	assert.Equal(t, "23 – 29 Mar 2026", h.s.title.Text)
	sunday := civilDate{2026, 3, 29}
	assert.Equal(t, []string{"01:30 Before the change"}, calChipTexts(h.cell(sunday, 1)))
	assert.Equal(t, []string{"03:30 After the change"}, calChipTexts(h.cell(sunday, 3)))
	assert.True(t, h.cell(sunday, 2).gap, "02:00 does not exist on the 29th")
	assert.Empty(t, h.cell(sunday, 2).posts)
	assert.False(t, h.cell(civilDate{2026, 3, 28}, 2).gap)
	last := h.core.Filters[len(h.core.Filters)-1]
	assert.Equal(t, 167*time.Hour, last.To.Sub(last.From), "the week of the change lasts 167 hours")
}

func TestCalendarMonthDropKeepsTimeAcrossDST(t *testing.T) {
	loc := calParis(t)
	c := viewstest.New()
	c.PostList = []model.Post{calPost(7, time.Date(2026, 3, 27, 10, 0, 0, 0, loc), model.PostScheduled, "Friday ten", model.Mastodon)}
	h := newCalHarness(t, c, time.Date(2026, 3, 20, 12, 0, 0, 0, loc), calMonthMode)
	h.drag(h.chipOf(7), h.cell(civilDate{2026, 3, 30}, -1), 0.5)
	require.Len(t, h.core.Schedules, 1)
	got := h.core.Schedules[0]
	assert.Equal(t, calScheduleCall{7, time.Date(2026, 3, 30, 10, 0, 0, 0, loc), "Europe/Paris"}, got)
	assert.Equal(t, time.Date(2026, 3, 30, 8, 0, 0, 0, time.UTC), got.At.UTC(), "10:00 CEST, not 11:00")
}

func TestCalendarWeekLayout(t *testing.T) {
	loc := calParis(t)
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, loc) }
	c := viewstest.New()
	c.PostList = []model.Post{
		calPost(1, at(24, 9, 10), model.PostScheduled, "Tuesday morning", model.Mastodon),
		calPost(2, at(24, 9, 40), model.PostPublished, "Tuesday later", model.Bluesky),
		calPost(3, at(26, 18, 0), model.PostFailed, "Thursday evening", model.X),
		calPost(4, at(30, 9, 0), model.PostScheduled, "Next week", model.X),
	}
	h := newCalHarness(t, c, at(25, 12, 0), calWeekMode)
	s := h.s
	assert.Equal(t, "23 – 29 Nov 2026", s.title.Text)
	require.Len(t, s.grid.cells, 7*24)
	assert.Equal(t, []string{"09:10 Tuesday morning", "09:40 Tuesday later"}, calChipTexts(h.cell(civilDate{2026, 11, 24}, 9)))
	assert.Equal(t, []string{"18:00 Thursday evening"}, calChipTexts(h.cell(civilDate{2026, 11, 26}, 18)))
	assert.Equal(t, calTodayFill(), h.cell(civilDate{2026, 11, 25}, 12).fill, "today's column is highlighted")
	tue9 := h.cell(civilDate{2026, 11, 24}, 9).box
	wed9 := h.cell(civilDate{2026, 11, 25}, 9).box
	tue10 := h.cell(civilDate{2026, 11, 24}, 10).box
	assert.Equal(t, tue9.Position().Y, wed9.Position().Y, "one row per hour")
	assert.Greater(t, wed9.Position().X, tue9.Position().X, "one column per day")
	assert.InDelta(t, calHourHeight, tue10.Position().Y-tue9.Position().Y, 0.01)
	assert.InDelta(t, calScrollHour*calHourHeight, s.grid.scroll.Offset.Y, 0.01, "opens at 07:00")
	test.AssertRendersToMarkup(t, "calendar/week.xml", h.w.Canvas())

	test.Tap(button(t, s.root, "Month"))
	assert.Equal(t, "November 2026", s.title.Text)
	test.Tap(button(t, s.root, "Week"))
	s.step(1)
	assert.Equal(t, "30 Nov – 6 Dec 2026", s.title.Text)
	assert.Equal(t, []string{"09:00 Next week"}, calChipTexts(h.cell(civilDate{2026, 11, 30}, 9)))
	test.Tap(button(t, s.root, "Today"))
	assert.Equal(t, "23 – 29 Nov 2026", s.title.Text)
}

func TestWeekTitles(t *testing.T) {
	assert.Equal(t, "23 – 29 Nov 2026", calWeekTitle(civilDate{2026, 11, 23}))
	assert.Equal(t, "30 Nov – 6 Dec 2026", calWeekTitle(civilDate{2026, 11, 30}))
	assert.Equal(t, "28 Dec 2026 – 3 Jan 2027", calWeekTitle(civilDate{2026, 12, 28}))
	assert.Equal(t, "January 2027", calMonthTitle(civilDate{2027, 1, 15}))
}

func TestCalendarDragReschedulesAndUndo(t *testing.T) {
	loc := calParis(t)
	c := viewstest.New()
	c.PostList = []model.Post{calPost(5, time.Date(2026, 11, 10, 14, 30, 0, 0, loc), model.PostScheduled, "Move me", model.Mastodon)}
	h := newCalHarness(t, c, time.Date(2026, 11, 2, 9, 0, 0, 0, loc), calMonthMode)
	h.drag(h.chipOf(5), h.cell(civilDate{2026, 11, 20}, -1), 0.5)

	want := time.Date(2026, 11, 20, 14, 30, 0, 0, loc)
	require.Equal(t, []calScheduleCall{{5, want, "Europe/Paris"}}, h.core.Schedules)
	assert.Nil(t, h.s.hovered, "the highlight goes away on drop")
	assert.Equal(t, "Moved to Fri 20 Nov 2026, 14:30.", h.s.msg.Text)
	assert.Equal(t, []string{"14:30 Move me"}, calChipTexts(h.cell(civilDate{2026, 11, 20}, -1)), "reloaded")
	require.True(t, h.s.undo.Visible())

	test.Tap(h.s.undo)
	require.Len(t, h.core.Schedules, 2)
	assert.Equal(t, calScheduleCall{5, time.Date(2026, 11, 10, 14, 30, 0, 0, loc), "Europe/Paris"}, h.core.Schedules[1])
	assert.Equal(t, "Moved back to Tue 10 Nov 2026, 14:30.", h.s.msg.Text)
	assert.False(t, h.s.undo.Visible())

	h.drag(h.chipOf(5), h.cell(civilDate{2026, 11, 12}, -1), 0.5)
	require.True(t, h.s.undo.Visible())
	h.timers[len(h.timers)-1]()
	assert.False(t, h.s.undo.Visible(), "Undo goes away after a few seconds")
	h.timers[0]()
	assert.False(t, h.s.undo.Visible())
}

func TestCalendarWeekDropSnapsToQuarterHour(t *testing.T) {
	loc := calParis(t)
	c := viewstest.New()
	c.PostList = []model.Post{calPost(6, time.Date(2026, 11, 24, 9, 10, 0, 0, loc), model.PostScheduled, "Snap", model.Mastodon)}
	h := newCalHarness(t, c, time.Date(2026, 11, 23, 9, 0, 0, 0, loc), calWeekMode)
	h.drag(h.chipOf(6), h.cell(civilDate{2026, 11, 26}, 15), 0.6)
	require.Len(t, h.core.Schedules, 1)
	assert.Equal(t, time.Date(2026, 11, 26, 15, 30, 0, 0, loc), h.core.Schedules[0].At)

	h.drag(h.chipOf(6), h.cell(civilDate{2026, 11, 26}, 8), 0.05)
	require.Len(t, h.core.Schedules, 2)
	assert.Equal(t, time.Date(2026, 11, 26, 8, 0, 0, 0, loc), h.core.Schedules[1].At)
}

func TestCalendarDropErrorIsShown(t *testing.T) {
	loc := calParis(t)
	c := viewstest.New()
	c.PostList = []model.Post{calPost(5, time.Date(2026, 11, 10, 14, 30, 0, 0, loc), model.PostScheduled, "Move me", model.Mastodon)}
	h := newCalHarness(t, c, time.Date(2026, 11, 2, 9, 0, 0, 0, loc), calMonthMode)
	h.core.Fail = fmt.Errorf("app: schedule: %w", model.ErrConflict)
	h.drag(h.chipOf(5), h.cell(civilDate{2026, 11, 20}, -1), 0.5)
	assert.Equal(t, app.UserMessage(h.core.Fail), h.s.msg.Text)
	assert.Equal(t, widget.DangerImportance, h.s.msg.Importance)
	assert.False(t, h.s.undo.Visible())
}

func TestCalendarDragPublishedSchedulesACopy(t *testing.T) {
	loc := calParis(t)
	c := viewstest.New()
	p := calPost(8, time.Date(2026, 11, 3, 9, 0, 0, 0, loc), model.PostPublished, "Published announcement", model.Mastodon)
	p.Targets[0].Status = model.TargetPublished
	c.PostList = []model.Post{p}
	h := newCalHarness(t, c, time.Date(2026, 11, 2, 9, 0, 0, 0, loc), calMonthMode)
	h.drag(h.chipOf(8), h.cell(civilDate{2026, 11, 20}, -1), 0.5)

	assert.Empty(t, h.core.Schedules, "nothing moves before the user agrees")
	dlg := h.w.Canvas().Overlays().Top()
	require.NotNil(t, dlg)
	assert.Contains(t, texts(dlg), "This post is already published. Schedule a copy on Fri 20 Nov 2026, 09:00?")
	test.Tap(button(t, dlg, "Schedule a copy"))

	require.Len(t, h.core.Created, 1, "the copy is a new post")
	assert.Equal(t, "Published announcement", h.core.Created[0].Content)
	require.Len(t, h.core.Schedules, 1)
	copyID := h.core.Schedules[0].ID
	assert.NotEqual(t, int64(8), copyID, "the copy is scheduled, not the published post")
	assert.Equal(t, time.Date(2026, 11, 20, 9, 0, 0, 0, loc), h.core.Schedules[0].At)
	assert.Equal(t, "A copy is scheduled on Fri 20 Nov 2026, 09:00.", h.s.msg.Text)

	test.Tap(h.s.undo)
	assert.Equal(t, []int64{copyID}, h.core.Deleted, "Undo removes the copy")
}

func TestCalendarDragPublishedCancelled(t *testing.T) {
	loc := calParis(t)
	c := viewstest.New()
	p := calPost(8, time.Date(2026, 11, 3, 9, 0, 0, 0, loc), model.PostPartiallyPublished, "Partly out", model.Mastodon)
	c.PostList = []model.Post{p}
	h := newCalHarness(t, c, time.Date(2026, 11, 2, 9, 0, 0, 0, loc), calMonthMode)
	h.drag(h.chipOf(8), h.cell(civilDate{2026, 11, 20}, -1), 0.5)
	dlg := h.w.Canvas().Overlays().Top()
	require.NotNil(t, dlg)
	test.Tap(button(t, dlg, "Cancel"))
	assert.Empty(t, h.core.Schedules)
	assert.Empty(t, h.core.Created)
}

func TestCalendarChipOpensCompose(t *testing.T) {
	loc := calParis(t)
	c := viewstest.New()
	pub := calPost(2, time.Date(2026, 11, 6, 9, 0, 0, 0, loc), model.PostPublished, "Out already", model.Mastodon)
	pub.Targets[0].Status = model.TargetPublished
	c.PostList = []model.Post{
		calPost(1, time.Date(2026, 11, 5, 9, 0, 0, 0, loc), model.PostScheduled, "Edit me", model.Mastodon), pub}
	h := newCalHarness(t, c, time.Date(2026, 11, 2, 9, 0, 0, 0, loc), calMonthMode)
	test.Tap(h.chipOf(1))
	require.Len(t, h.edited, 1)
	assert.Equal(t, int64(1), h.edited[0].ID)

	test.Tap(h.chipOf(2))
	assert.Len(t, h.edited, 1, "a published post is not opened in Compose")
	dlg := h.w.Canvas().Overlays().Top()
	require.NotNil(t, dlg)
	assert.Contains(t, texts(dlg), "Out already")
}

func TestCalendarFilters(t *testing.T) {
	loc := calParis(t)
	c := viewstest.New()
	c.AccountList = []model.Account{mastodonAccount(1, "@alice@example.social"), mastodonAccount(2, "@bob@example.social")}
	bob := calPost(2, time.Date(2026, 11, 6, 9, 0, 0, 0, loc), model.PostFailed, "Bob's", model.Mastodon)
	bob.Targets[0].AccountID = 2
	c.PostList = []model.Post{calPost(1, time.Date(2026, 11, 5, 9, 0, 0, 0, loc), model.PostScheduled, "Alice's", model.Mastodon), bob}
	h := newCalHarness(t, c, time.Date(2026, 11, 2, 9, 0, 0, 0, loc), calMonthMode)
	assert.Equal(t, []string{"All accounts", "Mastodon · @alice@example.social", "Mastodon · @bob@example.social"},
		h.s.accountSel.Options)

	h.s.accountSel.SetSelectedIndex(2)
	assert.Equal(t, int64(2), h.core.Filters[len(h.core.Filters)-1].AccountID)
	assert.Empty(t, calChipTexts(h.cell(civilDate{2026, 11, 5}, -1)))
	assert.Equal(t, []string{"09:00 Bob's"}, calChipTexts(h.cell(civilDate{2026, 11, 6}, -1)))

	h.s.accountSel.SetSelectedIndex(0)
	h.s.statusSel.SetSelected("Scheduled")
	assert.Equal(t, model.PostScheduled, h.core.Filters[len(h.core.Filters)-1].Status)
	assert.Equal(t, []string{"09:00 Alice's"}, calChipTexts(h.cell(civilDate{2026, 11, 5}, -1)))
	assert.Empty(t, calChipTexts(h.cell(civilDate{2026, 11, 6}, -1)))

	h.s.statusSel.SetSelected("Draft")
	assert.Contains(t, h.s.empty.Text, "No post in this period matches the filters.")
}

func TestCalendarEmptyState(t *testing.T) {
	h := newCalHarness(t, viewstest.New(), time.Date(2026, 11, 2, 9, 0, 0, 0, calParis(t)), calMonthMode)
	assert.Contains(t, h.s.empty.Text, "Nothing scheduled in this period.")
	assert.Len(t, h.s.grid.cells, calMonthCells, "the grid is still drawn")
}
