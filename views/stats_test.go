package views

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/views/viewstest"
)

// sampleStats is a small dashboard: two networks, three days, one follower line, two
// best posts and a few heatmap slots.
func sampleStats() statsData {
	d := statsData{Overview: statsOverview{
		Current:  statsTotals{Posts: 12, Views: 5000, Likes: 300, Comments: 40, Shares: 60, Rate: 8, HasRate: true, Followers: 1200, HasFollowers: true},
		Previous: statsTotals{Posts: 10, Views: 6000, Likes: 250, Comments: 40, Shares: 0, Rate: 4.9, HasRate: true, Followers: 1100, HasFollowers: true},
	}}
	d.Networks = []networkStats{{Network: model.Mastodon, Posts: 8, Views: 5000, Likes: 250, Comments: 30, Shares: 50, Rate: 6.6, HasRate: true},
		{Network: model.Platform("bluesky"), Posts: 4, Likes: 50, Comments: 10, Shares: 10}}
	for i := 0; i < 3; i++ {
		d.Days = append(d.Days, dayStats{Day: sampleDay(i), Posts: 4, Views: 1000 * int64(i+1), Engagements: 50 * int64(i+1), Rate: 5, HasRate: true})
	}
	d.Followers = []followerLine{{Network: model.Mastodon, Account: "@ana", Points: []followerPoint{{sampleDay(0), 1100}, {sampleDay(2), 1200}}}}
	d.Best = []bestPost{{PostID: 7, Text: "Launch day!", Network: model.Mastodon, Account: "@ana", Views: 900, Rate: 12.5, HasRate: true, URL: "https://example.social/@ana/7"},
		{PostID: 8, Text: "Quiet one", Network: model.Platform("bluesky"), Account: "ana.bsky.social"}}
	d.Heat[heatDay(time.Tuesday)][14] = heatCell{Rate: 2.31, HasRate: true, Samples: 3}
	return d
}

// sampleCore fills the fake's statistics with the model twin of sampleStats.
func sampleCore(c *viewstest.Core) {
	st := c.Stats()
	prev := &model.StatsOverview{Posts: 10, Views: 6000, Likes: 250, Comments: 40, Shares: 0, EngagementRate: 4.9, RateOK: true, Followers: 1100, FollowersOK: true}
	st.Overview = model.StatsOverview{Posts: 12, Views: 5000, Likes: 300, Comments: 40, Shares: 60, EngagementRate: 8, RateOK: true,
		Followers: 1200, FollowersOK: true, Previous: prev}
	st.Networks = []model.NetworkStats{{Platform: model.Mastodon, Posts: 8, Views: 5000, Likes: 250, Comments: 30, Shares: 50, EngagementRate: 6.6, RateOK: true},
		{Platform: model.Platform("bluesky"), Posts: 4, Likes: 50, Comments: 10, Shares: 10}}
	for i := 0; i < 3; i++ {
		st.Days = append(st.Days, model.TimePoint{Day: sampleDay(i), Posts: 4, Views: 1000 * int64(i+1), Engagements: 50 * int64(i+1), Value: 5, OK: true})
	}
	st.Followers = []model.FollowerSeries{{AccountID: 4, Platform: model.Mastodon, Account: "@ana",
		Points: []model.TimePoint{{Day: sampleDay(0), Value: 1100, OK: true}, {Day: sampleDay(2), Value: 1200, OK: true}}}}
	st.Best = []model.BestPost{{PostID: 7, Text: "Launch day!", Platform: model.Mastodon, Account: "@ana", Views: 900, EngagementRate: 12.5, Permalink: "https://example.social/@ana/7"},
		{PostID: 8, Text: "Quiet one", Platform: model.Platform("bluesky"), Account: "ana.bsky.social"}}
	st.Heat = []model.HeatCell{{Weekday: time.Tuesday, Hour: 14, Rate: 2.31, Samples: 3}}
}

// openStats opens the Stats screen on c at a fixed clock.
func openStats(t *testing.T, c *viewstest.Core) (*UI, *statsScreen) {
	t.Helper()
	u := newTestUI(t, c)
	u.navigate(navStats)
	s := u.screens[u.current].(*statsScreen)
	s.now = func() time.Time { return time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC) }
	s.reload()
	return u, s
}

func TestStatsEmptyState(t *testing.T) {
	c := viewstest.New()
	c.Stats().Days = []model.TimePoint{{Day: sampleDay(0)}} // days without posts are no data
	_, s := openStats(t, c)
	assert.Contains(t, texts(s.root), "No statistics yet: publish posts, then Refresh now — or run make demo-data to see a sample dashboard.")
	assert.False(t, s.content.Visible())
}

func TestStatsCardsShowChangesAndNA(t *testing.T) {
	c := viewstest.New()
	sampleCore(c)
	c.Stats().Overview.RateOK = false
	_, s := openStats(t, c)
	require.True(t, s.content.Visible())
	assert.Equal(t, "12", s.cards.posts.value.Text)
	assert.Equal(t, "▲ 20%", s.cards.posts.change.Text)
	assert.Equal(t, widget.SuccessImportance, s.cards.posts.change.Importance)
	assert.Equal(t, "▼ 17%", s.cards.views.change.Text)
	assert.Equal(t, widget.DangerImportance, s.cards.views.change.Importance)
	assert.Equal(t, "No change", s.cards.comments.change.Text)
	assert.Equal(t, "n/a", s.cards.shares.change.Text, "no base to compare with")
	assert.Equal(t, "n/a", s.cards.rate.value.Text)
	assert.Equal(t, "n/a", s.cards.rate.change.Text)
	assert.Equal(t, "▲ 9%", s.cards.followers.change.Text)
	assert.Equal(t, "12 posts in total", s.summary.Text)
}

func TestStatsShowsTablesAndBestPosts(t *testing.T) {
	c := viewstest.New()
	sampleCore(c)
	_, s := openStats(t, c)
	all := texts(s.root)
	for _, want := range []string{"Mastodon", "6.60%", "n/a", "Nov 3", "+100", "Tue", "14:00", "2.31%", "12.50%"} {
		assert.Contains(t, all, want)
	}
	button(t, s.best, "Launch day!")
	assert.Equal(t, "engagement-by-network", s.networks.data.file)
	assert.Len(t, s.best.Objects, 3, "a header and two posts")
	assert.Equal(t, [2]int64{bestPostsMax, bestPostsMinViews}, c.Stats().BestAsks[0])
}

func TestStatsFilterPeriods(t *testing.T) {
	c := viewstest.New()
	sampleCore(c)
	c.AccountList = []model.Account{mastodonAccount(4, "@ana")}
	_, s := openStats(t, c)
	st := c.Stats()
	last := st.Asks[len(st.Asks)-1]
	assert.Equal(t, time.Date(2026, 10, 26, 0, 0, 0, 0, time.UTC), last.Period.From, "30 days by default, today included")
	assert.Equal(t, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), last.Period.To)
	assert.Empty(t, last.AccountIDs, "every account")
	s.filters.period.SetSelectedIndex(0)
	last = st.Asks[len(st.Asks)-1]
	assert.Equal(t, time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC), last.Period.From)
	s.filters.account.SetSelectedIndex(1)
	assert.Equal(t, []int64{4}, st.Asks[len(st.Asks)-1].AccountIDs)

	n := len(st.Asks)
	s.filters.period.SetSelectedIndex(3)
	assert.True(t, s.filters.custom.Visible())
	assert.Len(t, st.Asks, n, "bad custom dates ask for nothing")
	assert.Contains(t, s.status.Text, "YYYY-MM-DD")
	s.filters.from.SetText("2026-11-01")
	s.filters.to.SetText("2026-11-03")
	test.Tap(button(t, s.root, "Show"))
	last = st.Asks[len(st.Asks)-1]
	assert.Equal(t, app.StatsPeriod{From: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC)}, last.Period)
	assert.Equal(t, []int64{4}, last.AccountIDs, "the account stays chosen")
}

func TestStatsRefreshNow(t *testing.T) {
	c := viewstest.New()
	sampleCore(c)
	c.Stats().Summary = app.StatsRefresh{Accounts: 3, Posts: 41, Reconnect: 1}
	_, s := openStats(t, c)
	before := len(c.Stats().Asks)
	test.Tap(button(t, s.root, "Refresh now"))
	assert.Equal(t, []int64{0}, c.Stats().Refreshes, "every account of the workspace")
	assert.Equal(t, "Statistics read from 3 accounts (41 posts). 1 account needs reconnecting first.", s.result.Text)
	assert.Equal(t, widget.WarningImportance, s.result.Importance)
	assert.False(t, s.running.Visible())
	assert.False(t, s.refresh.Disabled())
	assert.Greater(t, len(c.Stats().Asks), before, "the numbers are loaded again")

	c.Stats().Summary = app.StatsRefresh{Accounts: 1, Posts: 2, Failed: 1}
	c.Stats().RefreshErr = errors.New("mastodon: read statistics: 503 Service Unavailable")
	test.Tap(button(t, s.root, "Refresh now"))
	assert.Contains(t, s.result.Text, "Statistics read from 1 account (2 posts). 1 account could not be read: the log says why.")
	assert.Contains(t, s.result.Text, "503 Service Unavailable")
}

func TestStatsLoadErrorIsShown(t *testing.T) {
	c := viewstest.New()
	c.Stats().Err = errors.New("store: stats overview: database is locked")
	_, s := openStats(t, c)
	assert.True(t, s.status.Visible())
	assert.Equal(t, widget.DangerImportance, s.status.Importance)
}

func TestStatsBestPostOpensPostAndLink(t *testing.T) {
	c := viewstest.New()
	sampleCore(c)
	_, s := openStats(t, c)
	var opened []int64
	var links []string
	s.openPost = func(id int64) { opened = append(opened, id) }
	s.openURL = func(u string) error { links = append(links, u); return nil }
	s.showData(sampleStats())
	test.Tap(button(t, s.best, "Launch day!"))
	assert.Equal(t, []int64{7}, opened)
	var link *widget.Hyperlink
	walk(s.best, func(o fyne.CanvasObject) {
		if h, ok := o.(*widget.Hyperlink); ok && link == nil {
			link = h
		}
	})
	require.NotNil(t, link)
	link.OnTapped()
	assert.Equal(t, []string{"https://example.social/@ana/7"}, links)
}

func TestStatsConversionsMatchTheSample(t *testing.T) {
	c := viewstest.New()
	sampleCore(c)
	d, err := coreStats{c}.stats(context.Background(), statsFilter{From: sampleDay(0), To: sampleDay(3)})
	require.NoError(t, err)
	want := sampleStats()
	want.Best[1].HasRate = false
	assert.Equal(t, want, d)
}

func TestChartViewRedrawsOnResizeAndTheme(t *testing.T) {
	test.NewTempApp(t)
	v := newChartView(sampleBars(), fyne.NewSize(200, 100))
	dark := false
	v.themeOf = func(float32) chartTheme { return fixedChartTheme(dark) }
	w := test.NewWindow(v)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(400, 200))
	n := v.renders
	require.NotNil(t, v.shown)
	first := v.shown.Bounds()
	w.Resize(fyne.NewSize(600, 300))
	assert.Greater(t, v.renders, n, "a resize draws again")
	assert.NotEqual(t, first, v.shown.Bounds())
	assert.Equal(t, image.Rect(0, 0, int(v.Size().Width), int(v.Size().Height)), v.shown.Bounds(), "drawn at the widget's size")
	n = v.renders
	v.Refresh()
	assert.Equal(t, n, v.renders, "nothing changed: no drawing")
	dark = true
	v.Refresh()
	assert.Equal(t, n+1, v.renders, "a theme change draws again")
	v.setDrawer(sampleLines())
	assert.Equal(t, n+2, v.renders, "new data draw again")
}

func TestChartCSV(t *testing.T) {
	d := networksChart(sampleStats().Networks)
	var b bytes.Buffer
	require.NoError(t, writeCSV(&b, d.csv))
	assert.Equal(t, "Network,Posts,Views,Likes,Comments,Shares,Engagement rate (%)\n"+
		"Mastodon,8,5000,250,30,50,6.60\nBluesky,4,0,50,10,10,\n", b.String())

	b.Reset()
	require.NoError(t, writeCSV(&b, engagementChart(sampleStats().Days).csv))
	assert.Equal(t, "Day,Posts,Views,Engagements,Engagement rate (%)\n2026-11-01,4,1000,50,5.00\n"+
		"2026-11-02,4,2000,100,5.00\n2026-11-03,4,3000,150,5.00\n", b.String())

	b.Reset()
	require.NoError(t, writeCSV(&b, followersChart(sampleStats().Followers).csv))
	assert.Equal(t, "Network,Account,Time,Followers\nMastodon,@ana,2026-11-01T00:00:00Z,1100\nMastodon,@ana,2026-11-03T00:00:00Z,1200\n", b.String())

	b.Reset()
	require.NoError(t, writeCSV(&b, heatChart(sampleStats().Heat).csv))
	assert.Equal(t, "Weekday,Hour,Posts,Engagement rate (%)\nTue,14,3,2.31\n", b.String())
}

func TestHeatHoverDescribesTheSlot(t *testing.T) {
	g := sampleStats().Heat
	size := fyne.NewSize(640, 320)
	l := newHeatLayout(640, 320, 1)
	pos := fyne.NewPos(float32(l.left+l.cellW*14.5), float32(l.top+l.cellH*1.5))
	assert.Equal(t, "Tue 14:00: 2.31% over 3 posts", heatHover(g, pos, size))
	assert.Equal(t, "", heatHover(g, fyne.NewPos(1, 1), size))
}

func TestChangeText(t *testing.T) {
	for _, c := range []struct {
		cur, prev float64
		want      string
	}{{112, 100, "▲ 12%"}, {97, 100, "▼ 3%"}, {5, 0, "n/a"}, {0, 0, "No change"}, {100, 100, "No change"}, {0, 10, "▼ 100%"}} {
		got, _ := changeText(c.cur, c.prev, true)
		assert.Equal(t, c.want, got, "%v → %v", c.prev, c.cur)
	}
}

func TestChartExportWritesFiles(t *testing.T) {
	c := viewstest.New()
	sampleCore(c)
	_, s := openStats(t, c)
	dir := t.TempDir()
	wc, err := storage.Writer(storage.NewFileURI(filepath.Join(dir, "net.csv")))
	require.NoError(t, err)
	rows := s.networks.data.csv
	s.networks.writeFile(wc, func(w io.Writer) error { return writeCSV(w, rows) })
	data, err := os.ReadFile(filepath.Join(dir, "net.csv"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), "Network,Posts,Views,Likes,Comments,Shares,Engagement rate (%)\nMastodon,8,5000"))
	assert.Equal(t, "Saved net.csv.", s.status.Text)

	s.networks.view.Resize(fyne.NewSize(300, 200))
	require.NotNil(t, s.networks.drawnImage())
	wc, err = storage.Writer(storage.NewFileURI(filepath.Join(dir, "net.png")))
	require.NoError(t, err)
	img := s.networks.drawnImage()
	s.networks.writeFile(wc, func(w io.Writer) error { return encodePNG(w, img) })
	f, err := os.Open(filepath.Join(dir, "net.png"))
	require.NoError(t, err)
	defer f.Close()
	got, err := png.Decode(f)
	require.NoError(t, err)
	assert.Equal(t, pixelHash(img), pixelHash(got), "the PNG is the chart as shown")
}

func TestStatsReloadAfterAScheduledCollection(t *testing.T) {
	c := viewstest.New()
	sampleCore(c)
	_, s := openStats(t, c)
	before := c.Stats().AskCount()
	s.collected(context.Background(), app.StatsCollected{At: time.Now()})
	assert.Greater(t, c.Stats().AskCount(), before, "the screen loads the new numbers")
}

func TestStatsBestPostIsSelectedOnPosts(t *testing.T) {
	c := viewstest.New()
	sampleCore(c)
	c.PostList = []model.Post{{ID: 8, Content: "Quiet one", Status: model.PostPublished},
		{ID: 7, Content: "Launch day!", Status: model.PostPublished}}
	u, s := openStats(t, c)
	s.showData(sampleStats())
	test.Tap(button(t, s.best, "Launch day!"))
	p, ok := u.screens[u.current].(*postsScreen)
	require.True(t, ok, "on Posts")
	assert.Equal(t, int64(7), p.selected)
	assert.Contains(t, texts(p.detail), "Launch day!", "its delivery is shown")

	p.filters.search.SetText("Quiet")
	p.filters.typing.flush()
	u.navigate(navStats)
	test.Tap(button(t, s.best, "Launch day!"))
	assert.Equal(t, int64(7), p.selected, "a filter hiding it is cleared")
	assert.Empty(t, p.filters.search.Text)
}
