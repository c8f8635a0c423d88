package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/secrets"
	"webox-social/services/store"
	"webox-social/services/store/storetest"
)

// statsConn is a Mastodon connector that only reads statistics: every post has the
// same counters, and each AccountMetrics call is reported on read.
type statsConn struct {
	read chan int64
}

func (c *statsConn) Platform() model.Platform { return model.Mastodon }
func (c *statsConn) Publish(context.Context, platforms.Request) (platforms.Result, error) {
	return platforms.Result{}, errors.New("not in this test")
}

func (c *statsConn) Reconcile(context.Context, platforms.Request) (platforms.Result, bool, error) {
	return platforms.Result{}, false, nil
}
func (c *statsConn) Delete(context.Context, model.Account, string, string) error { return nil }
func (c *statsConn) PostMetrics(_ context.Context, _ model.Account, token string, ids []string) (map[string]platforms.PostMetrics, error) {
	if token != "secret-token" {
		return nil, &platforms.Error{Platform: model.Mastodon, Kind: platforms.Auth, Message: "The access token is invalid"}
	}
	out := map[string]platforms.PostMetrics{}
	for _, id := range ids {
		out[id] = platforms.PostMetrics{Views: 200, Likes: 9, Comments: 2, Shares: 1, Saves: platforms.NotProvided}
	}
	return out, nil
}

func (c *statsConn) AccountMetrics(_ context.Context, acct model.Account, _ string) (platforms.AccountMetrics, error) {
	select {
	case c.read <- acct.ID:
	default:
	}
	return platforms.AccountMetrics{Followers: 42, Following: 7, Posts: platforms.NotProvided}, nil
}

type statsRig struct {
	core  *app.App
	store *store.Store
	conn  *statsConn
	now   time.Time
	acct  model.Account
}

// newStatsRig is a core in UTC on Tuesday 10 March 2026 with one ok Mastodon account
// (with a post published the day before) and one needing reconnection.
func newStatsRig(t *testing.T) *statsRig {
	r := &statsRig{store: storetest.Open(t), conn: &statsConn{read: make(chan int64, 1)},
		now: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)}
	sec := secrets.NewMemory()
	core, err := app.New(t.Context(), app.Params{Store: r.store, Secrets: sec, DataDir: t.TempDir(),
		Connectors: platforms.Registry{model.Mastodon: r.conn}, Now: func() time.Time { return r.now }})
	require.NoError(t, err)
	r.core = core
	s := app.DefaultSettings()
	s.DefaultZone = "UTC"
	require.NoError(t, core.SaveSettings(t.Context(), s))
	r.acct = storetest.NewAccount(t, r.store, func(a *model.Account) { a.Name = "Bakery" })
	require.NoError(t, sec.Set(model.SecretKey(r.acct.ID, platforms.SecretAccess), "secret-token"))
	storetest.NewAccount(t, r.store, func(a *model.Account) { a.Status = model.AccountReconnectNeeded })
	p := storetest.NewPost(t, r.store, func(p *model.Post) {
		p.Content = "Fresh sourdough"
		p.Targets = []model.Target{{AccountID: r.acct.ID, Platform: model.Mastodon, Status: model.TargetDraft}}
	})
	_, err = r.store.DB().ExecContext(t.Context(), `UPDATE post_targets SET status = 'published', published_at = ?,
		platform_post_id = '1099', permalink = 'https://mastodon.example/@bakery/1099' WHERE id = ?`,
		time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC).Unix(), p.Targets[0].ID)
	require.NoError(t, err)
	return r
}

func TestRefreshStatsThenReadEveryView(t *testing.T) {
	r := newStatsRig(t)
	ctx := t.Context()
	sum, err := r.core.RefreshStats(ctx, 0)
	require.NoError(t, err)
	assert.Equal(t, app.StatsRefresh{Accounts: 1, Posts: 1, Reconnect: 1}, sum)

	week := app.StatsPeriod{From: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)}
	o, err := r.core.StatsOverview(ctx, week, nil)
	require.NoError(t, err)
	assert.Equal(t, model.StatsOverview{Posts: 1, Views: 200, Likes: 9, Comments: 2, Shares: 1, EngagementRate: 6, RateOK: true,
		Followers: 42, FollowersOK: true, Previous: &model.StatsOverview{}}, o) // (9+2+1)/200

	nets, err := r.core.StatsByNetwork(ctx, week, []int64{r.acct.ID})
	require.NoError(t, err)
	require.Len(t, nets, 1)
	assert.Equal(t, model.Mastodon, nets[0].Platform)

	days, err := r.core.EngagementOverTime(ctx, week, nil)
	require.NoError(t, err)
	require.Len(t, days, 7)
	assert.Equal(t, model.TimePoint{Day: time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC), Value: 6, OK: true, Posts: 1, Views: 200, Engagements: 12}, days[5])

	growth, err := r.core.FollowerGrowth(ctx, week, nil)
	require.NoError(t, err)
	assert.Equal(t, []model.FollowerSeries{{AccountID: r.acct.ID, Platform: model.Mastodon, Account: "Bakery",
		Points: []model.TimePoint{{Day: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), Value: 42, OK: true}}}}, growth)

	best, err := r.core.BestPosts(ctx, week, nil, 5, 100)
	require.NoError(t, err)
	require.Len(t, best, 1)
	assert.Equal(t, "Fresh sourdough", best[0].Text)
	assert.Equal(t, "https://mastodon.example/@bakery/1099", best[0].Permalink)

	heat, err := r.core.Heatmap(ctx, week, nil)
	require.NoError(t, err)
	assert.Equal(t, []model.HeatCell{{Weekday: time.Monday, Hour: 8, Rate: 6, Samples: 1}}, heat)
}

func TestRefreshStatsOfAnAccountNeedingReconnection(t *testing.T) {
	r := newStatsRig(t)
	accts, err := r.core.Accounts(t.Context())
	require.NoError(t, err)
	require.Len(t, accts, 2)
	sum, err := r.core.RefreshStats(t.Context(), accts[1].ID)
	require.NoError(t, err)
	assert.Equal(t, app.StatsRefresh{Reconnect: 1}, sum)
}

func TestStatsEverySetting(t *testing.T) {
	r := newStatsRig(t)
	ctx := t.Context()
	assert.Equal(t, 3*time.Hour, r.core.StatsEvery(ctx))
	require.NoError(t, r.core.SetStatsEvery(ctx, 6*time.Hour))
	assert.Equal(t, 6*time.Hour, r.core.StatsEvery(ctx))
	err := r.core.SetStatsEvery(ctx, time.Minute)
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.Equal(t, 6*time.Hour, r.core.StatsEvery(ctx))
}

func TestStartCollectsStatisticsInTheBackground(t *testing.T) {
	r := newStatsRig(t)
	app.SetStatsStartDelay(r.core, 0)
	collected := make(chan app.StatsCollected, 1)
	r.core.Events().Stats.Subscribe(func(_ context.Context, e app.StatsCollected) {
		select {
		case collected <- e:
		default:
		}
	})
	r.core.Start(t.Context())
	select {
	case id := <-r.conn.read:
		assert.Equal(t, r.acct.ID, id)
	case <-time.After(10 * time.Second):
		t.Fatal("no statistics collected after Start")
	}
	select {
	case e := <-collected:
		assert.False(t, e.At.IsZero(), "the screens are told new numbers are in")
	case <-time.After(10 * time.Second):
		t.Fatal("no Stats event after the collection")
	}
	r.core.Stop()
}
