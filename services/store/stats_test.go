package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/analytics"
	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/store"
	"webox-social/services/store/storetest"
)

const na = platforms.NotProvided

// statsFixture is a workspace with a Mastodon account A and a Bluesky account B, and an
// account C in another workspace, with posts published around March 2026 (the period is
// [Mar 1, Mar 8) UTC; Mar 2 is a Monday).
type statsFixture struct {
	s       *store.Store
	ws      int64
	a, b, c model.Account
	period  analytics.Period
	targets map[string]model.Target
}

func utc(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2026, month, day, hour, minute, 0, 0, time.UTC)
}

// publishTarget stores a post with one target on acct, published at at.
func publishTarget(t *testing.T, s *store.Store, acct model.Account, name string, at time.Time) model.Target {
	t.Helper()
	p := storetest.NewPost(t, s, func(p *model.Post) {
		p.WorkspaceID = acct.WorkspaceID
		p.Content = "Post " + name
		p.Targets = []model.Target{{AccountID: acct.ID, Platform: acct.Platform, Status: model.TargetDraft}}
	})
	const pub = `UPDATE post_targets SET status = 'published', published_at = ?, platform_post_id = ?, permalink = ?
		WHERE id = ?`
	tg := p.Targets[0]
	tg.PlatformPostID, tg.Permalink, tg.PublishedAt = "remote-"+name, "https://example.net/"+name, at
	_, err := s.DB().ExecContext(t.Context(), pub, at.Unix(), tg.PlatformPostID, tg.Permalink, tg.ID)
	require.NoError(t, err)
	return tg
}

func newStatsFixture(t *testing.T) *statsFixture {
	s := storetest.Open(t)
	f := &statsFixture{s: s, ws: storetest.Workspace(t, s).ID, targets: map[string]model.Target{},
		period: analytics.Period{From: utc(3, 1, 0, 0), To: utc(3, 8, 0, 0)}}
	f.a = storetest.NewAccount(t, s, func(a *model.Account) { a.Name = "Alice" })
	f.b = storetest.NewAccount(t, s, func(a *model.Account) { a.Platform, a.Name, a.Handle = model.Bluesky, "", "@bob.bsky.social" })
	other, err := s.CreateWorkspace(t.Context(), "Other client")
	require.NoError(t, err)
	f.c = storetest.NewAccount(t, s, func(a *model.Account) { a.WorkspaceID = other.ID })
	posts := []struct {
		name string
		acct model.Account
		at   time.Time
		m    platforms.PostMetrics
	}{
		{"p1", f.a, utc(3, 2, 10, 0), platforms.PostMetrics{Views: 1000, Likes: 40, Comments: 5, Shares: 5, Saves: na}}, // 5.00
		{"p2", f.a, utc(3, 2, 22, 30), platforms.PostMetrics{Views: 200, Likes: 10, Shares: 2, Saves: na}},              // 6.00
		{"p3", f.b, utc(3, 3, 9, 0), platforms.PostMetrics{Views: na, Likes: 7, Comments: 2, Shares: 1, Saves: na}},     // n/a
		{"p4", f.a, utc(3, 5, 12, 0), platforms.PostMetrics{Saves: na}},                                                 // n/a: 0 views
		{"p5", f.a, utc(2, 25, 8, 0), platforms.PostMetrics{Views: 100, Likes: 3, Comments: 1, Shares: 1}},              // previous period, 5.00
		{"p6", f.c, utc(3, 2, 10, 0), platforms.PostMetrics{Views: 50, Likes: 50}},                                      // other workspace
		{"p7", f.a, utc(3, 8, 0, 0), platforms.PostMetrics{Views: 10, Likes: 10}},                                       // just after the period
		{"p8", f.a, utc(3, 2, 10, 40), platforms.PostMetrics{Views: 100, Likes: 8}},                                     // 8.00
	}
	readings := map[int64]*analytics.Reading{}
	for _, p := range posts {
		tg := publishTarget(t, s, p.acct, p.name, p.at)
		f.targets[p.name] = tg
		if readings[p.acct.ID] == nil {
			readings[p.acct.ID] = &analytics.Reading{AccountID: p.acct.ID}
		}
		readings[p.acct.ID].Posts = append(readings[p.acct.ID].Posts, analytics.PostReading{Target: tg, Metrics: p.m})
	}
	// Follower readings: A has 100 before the period, 115 then 120 on Mar 7 and 130 after
	// it; the post counters are read with the last reading inside the period.
	followers := []struct {
		acct      model.Account
		at        time.Time
		followers int64
		withPosts bool
	}{
		{f.a, utc(2, 28, 12, 0), 100, false}, {f.a, utc(3, 7, 8, 0), 115, false}, {f.a, utc(3, 7, 12, 0), 120, true},
		{f.a, utc(3, 9, 12, 0), 130, false}, {f.b, utc(3, 4, 6, 0), 50, true}, {f.c, utc(3, 4, 6, 0), 999, true},
	}
	for _, r := range followers {
		read := analytics.Reading{AccountID: r.acct.ID, TakenAt: r.at, Account: platforms.AccountMetrics{Followers: r.followers, Following: na, Posts: na}}
		if r.withPosts {
			read.Posts = readings[r.acct.ID].Posts
		}
		require.NoError(t, s.SaveReading(t.Context(), read))
	}
	return f
}

func TestOverview(t *testing.T) {
	f := newStatsFixture(t)
	got, err := f.s.Overview(t.Context(), f.ws, nil, f.period)
	require.NoError(t, err)
	// p1, p2, p3, p4, p8: views 1000+200+100 (-1 and 0 count 0); rate over the posts with
	// views: (50+12+8)/1300 = 5.3846…%.
	want := model.StatsOverview{Posts: 5, Views: 1300, Likes: 65, Comments: 7, Shares: 8, Saves: 0,
		EngagementRate: 5.38, RateOK: true, Followers: 170, FollowersOK: true,
		Previous: &model.StatsOverview{Posts: 1, Views: 100, Likes: 3, Comments: 1, Shares: 1,
			EngagementRate: 5, RateOK: true, Followers: 100, FollowersOK: true}}
	assert.Equal(t, want, got)
}

func TestOverviewOfOneAccount(t *testing.T) {
	f := newStatsFixture(t)
	got, err := f.s.Overview(t.Context(), f.ws, []int64{f.b.ID}, f.period)
	require.NoError(t, err)
	assert.Equal(t, int64(1), got.Posts)
	assert.False(t, got.RateOK, "Bluesky gives no views: n/a")
	assert.Equal(t, int64(50), got.Followers)
	assert.False(t, got.Previous.FollowersOK, "no reading before Mar 1")

	got, err = f.s.Overview(t.Context(), f.ws, []int64{f.c.ID}, f.period)
	require.NoError(t, err)
	assert.Zero(t, got.Posts, "an account of another workspace is never counted")
}

func TestStatsByNetwork(t *testing.T) {
	f := newStatsFixture(t)
	got, err := f.s.StatsByNetwork(t.Context(), f.ws, nil, f.period)
	require.NoError(t, err)
	want := []model.NetworkStats{
		{Platform: model.Mastodon, Posts: 4, Views: 1300, Likes: 58, Comments: 5, Shares: 7, EngagementRate: 5.38, RateOK: true},
		{Platform: model.Bluesky, Posts: 1, Likes: 7, Comments: 2, Shares: 1},
	}
	assert.Equal(t, want, got)
}

func TestEngagementOverTime(t *testing.T) {
	f := newStatsFixture(t)
	got, err := f.s.EngagementOverTime(t.Context(), f.ws, nil, f.period, time.UTC)
	require.NoError(t, err)
	require.Len(t, got, 7)
	assert.Equal(t, model.TimePoint{Day: utc(3, 1, 0, 0)}, got[0])
	assert.Equal(t, model.TimePoint{Day: utc(3, 2, 0, 0), Value: 5.38, OK: true, Posts: 3, Views: 1300, Engagements: 70}, got[1])
	assert.Equal(t, model.TimePoint{Day: utc(3, 3, 0, 0), Posts: 1, Engagements: 10}, got[2], "no views: n/a")
	assert.Equal(t, model.TimePoint{Day: utc(3, 5, 0, 0), Posts: 1}, got[4])

	// In Tokyo (UTC+9) p2 (22:30 UTC) falls on Mar 3 with p3: the period spans 8 local days.
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	require.NoError(t, err)
	got, err = f.s.EngagementOverTime(t.Context(), f.ws, nil, f.period, tokyo)
	require.NoError(t, err)
	require.Len(t, got, 8)
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, tokyo) }
	assert.Equal(t, model.TimePoint{Day: day(2), Value: 5.27, OK: true, Posts: 2, Views: 1100, Engagements: 58}, got[1]) // 58/1100
	assert.Equal(t, model.TimePoint{Day: day(3), Value: 6, OK: true, Posts: 2, Views: 200, Engagements: 22}, got[2])     // 12/200
}

func TestHeatmap(t *testing.T) {
	f := newStatsFixture(t)
	got, err := f.s.Heatmap(t.Context(), f.ws, nil, f.period, time.UTC)
	require.NoError(t, err)
	assert.Equal(t, []model.HeatCell{
		{Weekday: time.Monday, Hour: 10, Rate: 6.5, Samples: 2}, // p1 5.00 and p8 8.00
		{Weekday: time.Monday, Hour: 22, Rate: 6, Samples: 1},
	}, got)

	// Kolkata is UTC+5:30: p1 (10:00) and p8 (10:40) fall in different local hours.
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	require.NoError(t, err)
	got, err = f.s.Heatmap(t.Context(), f.ws, nil, f.period, kolkata)
	require.NoError(t, err)
	assert.Equal(t, []model.HeatCell{
		{Weekday: time.Monday, Hour: 15, Rate: 5, Samples: 1},
		{Weekday: time.Monday, Hour: 16, Rate: 8, Samples: 1},
		{Weekday: time.Tuesday, Hour: 4, Rate: 6, Samples: 1},
	}, got)
}

func TestBestPosts(t *testing.T) {
	f := newStatsFixture(t)
	got, err := f.s.BestPosts(t.Context(), f.ws, nil, f.period, 10, 0)
	require.NoError(t, err)
	ids := func(bs []model.BestPost) (out []string) {
		for _, b := range bs {
			out = append(out, b.Text)
		}
		return out
	}
	assert.Equal(t, []string{"Post p8", "Post p2", "Post p1"}, ids(got), "n/a posts are left out")
	p2 := f.targets["p2"]
	assert.Equal(t, model.BestPost{PostID: p2.PostID, TargetID: p2.ID, AccountID: f.a.ID, Platform: model.Mastodon,
		Account: "Alice", Text: "Post p2", Permalink: "https://example.net/p2", PublishedAt: utc(3, 2, 22, 30),
		Views: 200, EngagementRate: 6}, got[1])

	got, err = f.s.BestPosts(t.Context(), f.ws, nil, f.period, 1, 150)
	require.NoError(t, err)
	assert.Equal(t, []string{"Post p2"}, ids(got), "p8 has fewer than 150 views")
}

func TestFollowerGrowth(t *testing.T) {
	f := newStatsFixture(t)
	got, err := f.s.FollowerGrowth(t.Context(), f.ws, nil, f.period, time.UTC)
	require.NoError(t, err)
	assert.Equal(t, []model.FollowerSeries{
		{AccountID: f.a.ID, Platform: model.Mastodon, Account: "Alice",
			Points: []model.TimePoint{{Day: utc(3, 7, 0, 0), Value: 120, OK: true}}}, // last of the day
		{AccountID: f.b.ID, Platform: model.Bluesky, Account: "@bob.bsky.social",
			Points: []model.TimePoint{{Day: utc(3, 4, 0, 0), Value: 50, OK: true}}},
	}, got)
}

func TestSaveReadingKeepsLatestAndHistory(t *testing.T) {
	s := storetest.Open(t)
	acct := storetest.NewAccount(t, s)
	tg := publishTarget(t, s, acct, "x", utc(3, 2, 10, 0))
	for i, views := range []int64{100, 250} {
		r := analytics.Reading{AccountID: acct.ID, TakenAt: utc(3, 2, 12+i, 0),
			Posts: []analytics.PostReading{{Target: tg, Metrics: platforms.PostMetrics{Views: views, Likes: 5, Saves: na}}}}
		require.NoError(t, s.SaveReading(t.Context(), r))
	}
	var views, saves, n int64
	var rate float64
	row := s.DB().QueryRowContext(t.Context(), `SELECT views, saves, engagement_rate FROM post_analytics WHERE target_id = ?`, tg.ID)
	require.NoError(t, row.Scan(&views, &saves, &rate))
	assert.Equal(t, []any{int64(250), na, 2.0}, []any{views, saves, rate}, "latest values; n/a saves stay -1")
	require.NoError(t, s.DB().QueryRowContext(t.Context(), `SELECT count(*) FROM metric_snapshots WHERE target_id = ?`, tg.ID).Scan(&n))
	assert.Equal(t, int64(2), n, "one snapshot per reading")
	require.NoError(t, s.DB().QueryRowContext(t.Context(), `SELECT count(*) FROM account_metrics WHERE account_id = ?`, acct.ID).Scan(&n))
	assert.Equal(t, int64(2), n)

	got, err := s.PublishedTargets(t.Context(), acct.ID)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, fmt.Sprint(tg.ID, "remote-x"), fmt.Sprint(got[0].ID, got[0].PlatformPostID))
}

func TestSaveReadingNAIsStoredAsMinusOne(t *testing.T) {
	s := storetest.Open(t)
	acct := storetest.NewAccount(t, s)
	tg := publishTarget(t, s, acct, "y", utc(3, 2, 10, 0))
	r := analytics.Reading{AccountID: acct.ID, TakenAt: utc(3, 2, 12, 0),
		Posts: []analytics.PostReading{{Target: tg, Metrics: platforms.PostMetrics{Views: na, Likes: 3}}}}
	require.NoError(t, s.SaveReading(t.Context(), r))
	var rate float64
	require.NoError(t, s.DB().QueryRowContext(t.Context(), `SELECT engagement_rate FROM post_analytics WHERE target_id = ?`, tg.ID).Scan(&rate))
	assert.Equal(t, -1.0, rate)
}
