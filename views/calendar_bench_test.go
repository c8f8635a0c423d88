package views

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"webox-social/services/model"
	"webox-social/views/viewstest"
)

// BenchmarkCalendarMonth2000 loads (from the fake core), builds and lays out a month
// holding 2,000 posts in a 1280×800 test window.
func BenchmarkCalendarMonth2000(b *testing.B) {
	loc := calParis(b)
	c := viewstest.New()
	nets := []model.Platform{model.Mastodon, model.Bluesky, model.Instagram, model.X}
	for i := range 2000 {
		at := time.Date(2026, 11, 1+i%30, i%24, (i*7)%60, 0, 0, loc)
		st := calStatuses[i%len(calStatuses)]
		c.PostList = append(c.PostList, calPost(int64(i+1), at, st, fmt.Sprintf("Post number %d with a few words", i),
			nets[i%len(nets)], nets[(i+1)%len(nets)]))
	}
	h := newCalHarness(b, c, time.Date(2026, 11, 18, 10, 0, 0, 0, loc), calMonthMode)
	h.w.Resize(fyne.NewSize(windowWidth-navWidth, windowHeight))
	b.ReportAllocs()
	for b.Loop() {
		h.s.reload()
	}
	if n := len(h.s.data.posts); n != 2000 {
		b.Fatalf("%d posts drawn, want 2000", n)
	}
}
