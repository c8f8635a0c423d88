package views

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/views/viewstest"
)

// calWindowSize is the window the calendar tests draw in.
var calWindowSize = fyne.NewSize(1100, 760)

// calSpy is the fake core with SchedulePost and ListPosts recorded, and SchedulePost
// failing with Fail when it is set.
type calSpy struct {
	*viewstest.Core
	mu        sync.Mutex
	Fail      error
	Schedules []calScheduleCall
	Filters   []model.PostFilter
}

// calScheduleCall is one SchedulePost call.
type calScheduleCall struct {
	ID   int64
	At   time.Time
	Zone string
}

func (c *calSpy) SchedulePost(ctx context.Context, id int64, at time.Time, zone string) error {
	c.mu.Lock()
	c.Schedules = append(c.Schedules, calScheduleCall{id, at, zone})
	fail := c.Fail
	c.mu.Unlock()
	if fail != nil {
		return fail
	}
	return c.Core.SchedulePost(ctx, id, at, zone)
}

func (c *calSpy) ListPosts(ctx context.Context, f model.PostFilter) ([]model.Post, error) {
	c.mu.Lock()
	c.Filters = append(c.Filters, f)
	c.mu.Unlock()
	return c.Core.ListPosts(ctx, f)
}

// calHarness is the calendar screen alone in a test window, with a fixed clock, work
// run inline, Compose edits recorded and the Undo timer in the test's hands.
type calHarness struct {
	t      testing.TB
	core   *calSpy
	s      *calendarScreen
	w      fyne.Window
	edited []model.Post
	timers []func()
}

// calParis is the zone the calendar tests draw in (the user's default zone).
func calParis(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	return loc
}

func newCalHarness(t testing.TB, c *viewstest.Core, now time.Time, mode calMode) *calHarness {
	t.Helper()
	c.Sett.DefaultZone = "Europe/Paris"
	fa := test.NewTempApp(t)
	h := &calHarness{t: t, core: &calSpy{Core: c}}
	h.w = fa.NewWindow("Calendar")
	e := &env{fa: fa, win: h.w, core: h.core, log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		ctx: context.Background(), bg: func(f func()) { f() }, navigate: func(string) {}, track: func(func()) {}}
	e.edit = func(p model.Post) { h.edited = append(h.edited, p) }
	h.s = newCalendarScreen(e)
	h.s.now = func() time.Time { return now }
	h.s.after = func(_ time.Duration, f func()) { h.timers = append(h.timers, f) }
	h.s.mode = mode
	h.s.showMode()
	h.w.SetContent(h.s.view())
	h.w.Resize(calWindowSize)
	h.s.reload()
	return h
}

// cell returns the cell of day (and hour, -1 for the month view).
func (h *calHarness) cell(day civilDate, hour int) *calCell {
	h.t.Helper()
	for _, c := range h.s.grid.cells {
		if c.day == day && c.hour == hour {
			return c
		}
	}
	h.t.Fatalf("no cell %v hour %d", day, hour)
	return nil
}

// drag drags chip onto cell, frac of the way down, and drops it.
func (h *calHarness) drag(chip *calChip, c *calCell, frac float32) {
	abs := h.s.e.fa.Driver().AbsolutePositionForObject(c.box)
	at := abs.Add(fyne.NewPos(c.box.Size().Width/2, c.box.Size().Height*frac))
	chip.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{AbsolutePosition: at}, Dragged: fyne.NewDelta(5, 5)})
	require.Same(h.t, c, h.s.hovered, "the cell under the pointer is highlighted")
	chip.DragEnd()
}

// chipOf finds the chip of post id.
func (h *calHarness) chipOf(id int64) *calChip {
	h.t.Helper()
	for _, c := range h.s.grid.cells {
		for _, ch := range c.chips {
			if ch.post.ID == id {
				return ch
			}
		}
	}
	h.t.Fatalf("no chip for post %d", id)
	return nil
}

// calChipTexts are the texts of a cell's visible chips, top to bottom.
func calChipTexts(c *calCell) []string {
	var out []string
	for _, ch := range c.chips {
		if ch.Visible() {
			out = append(out, ch.text)
		}
	}
	return out
}

// calPost builds a post at at on the given accounts' networks.
func calPost(id int64, at time.Time, st model.PostStatus, text string, nets ...model.Platform) model.Post {
	p := model.Post{ID: id, Content: text, ScheduledAt: at, Zone: "Europe/Paris", Status: st, CreatedAt: at}
	for i, n := range nets {
		p.Targets = append(p.Targets, model.Target{ID: id*10 + int64(i), PostID: id, AccountID: int64(i + 1), Platform: n})
	}
	return p
}
