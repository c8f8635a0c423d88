//go:build smoke

package main

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms/mastodon/mastodonfake"
)

// The user journey of the smoke test: on Compose a post is written for both Mastodon
// accounts and scheduled two days ahead at 10:00; on Calendar its chip is dragged one day
// earlier; on Posts it is found again by searching. Coordinates are window pixels at
// 1280×800 (Xvfb, no window manager).
const (
	// composeDateX/Y and composeTimeX/Y are the "When" fields; scheduleX/Y the Schedule button.
	composeDateX, composeDateY = 1110, 511
	composeTimeX, composeTimeY = 1128, 551
	scheduleX, scheduleY       = 1220, 773
	// calGridX/Y is the top-left corner of the month grid's first cell; cells are
	// calCellW×calCellH apart.
	calGridX, calGridY, calCellW, calCellH = 222, 198, 151, 94
	// postsSearchX/Y is the search field of Posts; postsFirstRowY its first row.
	postsSearchX, postsSearchY = 540, 144
	postsFirstRowY             = 300
	// journeyHour is when the journey's post is scheduled, in Paris.
	journeyHour = 10
)

// scheduledFill is the colour of a scheduled post's chip (views/calendar_chip.go).
var scheduledFill = color.NRGBA{R: 0x25, G: 0x63, B: 0xEB, A: 0xFF}

// journeyDay is the day the journey schedules its post (two days ahead) and the day it
// drags it to (one day earlier), at journeyHour in Paris.
func journeyDay(now time.Time, paris *time.Location) (scheduled, dragged time.Time) {
	n := now.In(paris)
	at := time.Date(n.Year(), n.Month(), n.Day()+2, journeyHour, 0, 0, 0, paris)
	if at.Weekday() == time.Monday { // the first column: drag within the week instead
		at = at.AddDate(0, 0, 1)
	}
	return at, time.Date(at.Year(), at.Month(), at.Day()-1, journeyHour, 0, 0, 0, paris)
}

// fill replaces the text of the entry at x, y.
func (w *window) fill(x, y int, text string) {
	w.click(x, y)
	w.xdotool("key", "ctrl+a")
	w.xdotool("type", "--delay", "10", text)
}

// scheduleJourneyPost ticks both Mastodon accounts, sets the day and time and schedules
// the text typed on Compose, then waits until the post is stored.
func (w *window) scheduleJourneyPost(at time.Time) {
	w.fill(composeDateX, composeDateY, at.Format("2006-01-02"))
	w.fill(composeTimeX, composeTimeY, at.Format("15:04"))
	w.last = w.settle()
	w.click(scheduleX, scheduleY)
	deadline := time.Now().Add(settleTimeout)
	for w.r.journeyPost() == nil {
		require.True(w.r.t, time.Now().Before(deadline), "Schedule did not store the post\nstderr:\n%s", w.r.stderr)
		time.Sleep(100 * time.Millisecond)
	}
	p := w.r.journeyPost()
	assert.True(w.r.t, at.Equal(p.ScheduledAt), "scheduled at %v, want %v", p.ScheduledAt, at)
	assert.Len(w.r.t, p.Targets, 2, "the post goes to both accounts")
}

// journeyPost returns the post the journey scheduled, nil before it exists.
func (r *rig) journeyPost() *model.Post {
	st := r.openStore()
	defer st.Close()
	posts, err := st.ListPosts(context.Background(), model.PostFilter{Query: "brass lamps, linen shades and coffee"})
	require.NoError(r.t, err)
	if len(posts) == 0 {
		return nil
	}
	return &posts[0]
}

// dragJourneyChip drags the journey's chip on the month grid from its day to the day
// before (the chip is its day's first: 10:00 comes before the other post that day).
func (w *window) dragJourneyChip(from time.Time) {
	col, row := monthCell(from)
	x, y := w.chipIn(col, row)
	toX := x - calCellW
	w.xdotool("mousemove", "--window", w.id, fmt.Sprint(x), fmt.Sprint(y), "mousedown", "1")
	for _, dx := range []int{-10, -calCellW / 2, -calCellW} {
		w.xdotool("mousemove", "--window", w.id, fmt.Sprint(x+dx), fmt.Sprint(y))
		time.Sleep(50 * time.Millisecond)
	}
	w.xdotool("mousemove", "--window", w.id, fmt.Sprint(toX), fmt.Sprint(y), "mouseup", "1")
	w.last = w.settle()
}

// monthCell is the column and row of day t in the month grid of today's month, which
// starts on the Monday on or before the 1st.
func monthCell(t time.Time) (col, row int) {
	now := time.Now().In(t.Location())
	first := time.Date(now.Year(), now.Month(), 1, 12, 0, 0, 0, t.Location())
	start := first.AddDate(0, 0, -((int(first.Weekday()) + 6) % 7))
	day := time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, t.Location())
	n := int(day.Sub(start).Round(24*time.Hour) / (24 * time.Hour))
	return n % 7, n / 7
}

// chipIn finds the first scheduled chip of a cell in the last grab and returns a point
// inside it.
func (w *window) chipIn(col, row int) (x, y int) {
	r := image.Rect(calGridX+col*calCellW, calGridY+row*calCellH, calGridX+(col+1)*calCellW-4, calGridY+(row+1)*calCellH-4)
	require.True(w.r.t, col > 0, "the journey's day must not be a Monday (the drag goes one day left)")
	for yy := r.Min.Y; yy < r.Max.Y; yy++ {
		for xx := r.Min.X; xx < r.Max.X; xx++ {
			if color.NRGBAModel.Convert(w.last.At(xx, yy)) == scheduledFill {
				return xx + 30, yy + 8
			}
		}
	}
	w.r.t.Fatalf("no scheduled chip in the calendar cell %d,%d (%v)", col, row, r)
	return 0, 0
}

// searchPosts types query into the search of Posts and opens the first row.
func (w *window) searchPosts(query string) {
	w.fill(postsSearchX, postsSearchY, query)
	time.Sleep(500 * time.Millisecond) // the search waits for a pause in typing
	w.settle()
	w.click(postsX, postsFirstRowY)
	w.last = w.settle()
}

// checkJourney checks, after the app quit, that the drag moved the post one day earlier.
func (r *rig) checkJourney(want time.Time) {
	p := r.journeyPost()
	require.NotNil(r.t, p, "the journey's post")
	assert.True(r.t, want.Equal(p.ScheduledAt), "after the drag the post is at %v, want %v", p.ScheduledAt, want)
	for _, tg := range p.Targets {
		assert.Equal(r.t, model.TargetPending, tg.Status)
		assert.True(r.t, want.Equal(tg.NextAttemptAt), "target due at %v", tg.NextAttemptAt)
	}
}

// lookVariants are the languages and themes the README shows besides English on dark.
var lookVariants = []struct{ name, language, theme string }{
	{"en-light", "en", "light"},
	{"fr-dark", "fr", "dark"},
	{"fr-light", "fr", "light"},
}

// lookShots are the screens saved for each look variant, by navigation index.
var lookShots = []struct {
	index int
	file  string
}{
	{1, "compose.png"},
	{2, "calendar.png"},
	{3, "posts.png"},
}

// runLooks starts the window once per variant on a freshly seeded data folder with the
// variant's language and theme stored, and saves a few screens as <variant>-<screen>.png.
func runLooks(t *testing.T, dir string) {
	for _, v := range lookVariants {
		t.Run(v.name, func(t *testing.T) {
			fake := mastodonfake.New(mastodonfake.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			defer fake.Close()
			r := newRig(t, fake)
			sc := r.seedShowcase()
			r.setLook(v.language, v.theme)
			w := r.startWindow(false)
			sc.waitDelivered(r)
			w.last = w.settle()
			for _, s := range lookShots {
				w.click(navX, navFirstY+s.index*navStep)
				w.last = w.settle()
				w.save(filepath.Join(dir, v.name+"-"+s.file))
			}
			w.quit()
		})
	}
}

// setLook stores the language and theme the app applies at start.
func (r *rig) setLook(language, theme string) {
	st := r.openStore()
	defer st.Close()
	require.NoError(r.t, st.SetSetting(context.Background(), "ui.language", language))
	require.NoError(r.t, st.SetSetting(context.Background(), "ui.theme", theme))
}
