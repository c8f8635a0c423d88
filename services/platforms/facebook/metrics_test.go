package facebook_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/facebook"
	"webox-social/services/platforms/facebook/facebookfake"
	"webox-social/services/platforms/fakekit"
)

var statsScopes = append([]string{facebook.ScopeInsights}, pubScopes...)

// newStatsEnv is a pubEnv whose Page token and account may read insights.
func newStatsEnv(t *testing.T) *pubEnv {
	t.Helper()
	e := newPubEnv(t)
	e.tok = e.fake.IssuePageToken("u1", "app-1", "p1", statsScopes...)
	e.acct = model.Account{ID: 3, Platform: model.Facebook, RemoteID: "p1", Scopes: statsScopes}
	return e
}

func (e *pubEnv) publishText(t *testing.T, text string) string {
	t.Helper()
	r := e.req(text)
	r.Token = e.tok
	res, err := e.conn.Publish(context.Background(), r)
	require.NoError(t, err)
	return res.PlatformPostID
}

func TestPagePostMetrics(t *testing.T) {
	e := newStatsEnv(t)
	a, b, gone := e.publishText(t, "one"), e.publishText(t, "two"), e.publishText(t, "three")
	e.fake.SetPostStats(a, facebookfake.PostStats{Reactions: 40, Comments: 7, Shares: 3, MediaViewsUnique: 900})
	require.NoError(t, e.conn.Delete(context.Background(), e.acct, e.tok, gone))

	got, err := e.conn.PostMetrics(context.Background(), e.acct, e.tok, []string{a, b, gone, a, "p1_999999"})

	require.NoError(t, err)
	np := platforms.NotProvided
	assert.Equal(t, map[string]platforms.PostMetrics{
		a: {Views: 900, Likes: 40, Comments: 7, Shares: 3, Saves: np},
		b: {Views: 0, Likes: 0, Comments: 0, Shares: 0, Saves: np},
	}, got, "deleted and unknown posts are left out")
	assert.Equal(t, 2, e.fake.Calls("insights"))
}

func TestVideoMetricsHaveNoSharesOrViews(t *testing.T) {
	e := newStatsEnv(t)
	r := e.req("clip", videoFile(t, 10))
	r.Token = e.tok
	res, err := e.conn.Publish(context.Background(), r)
	require.NoError(t, err)
	e.fake.SetPostStats(res.PlatformPostID, facebookfake.PostStats{Reactions: 5, Comments: 1, Shares: 9})

	got, err := e.conn.PostMetrics(context.Background(), e.acct, e.tok, []string{res.PlatformPostID})

	require.NoError(t, err)
	np := platforms.NotProvided
	assert.Equal(t, platforms.PostMetrics{Views: np, Likes: 5, Comments: 1, Shares: np, Saves: np}, got[res.PlatformPostID])
	assert.Zero(t, e.fake.Calls("insights"))
}

func TestPostMetricsWithoutReadInsightsKeepCounts(t *testing.T) {
	e := newStatsEnv(t)
	id := e.publishText(t, "one")
	e.fake.SetPostStats(id, facebookfake.PostStats{Reactions: 2, MediaViewsUnique: 50})
	np := platforms.NotProvided

	acct := e.acct
	acct.Scopes = pubScopes
	got, err := e.conn.PostMetrics(context.Background(), acct, e.tok, []string{id})
	require.NoError(t, err)
	assert.Equal(t, platforms.PostMetrics{Views: np, Likes: 2, Saves: np}, got[id])
	assert.Zero(t, e.fake.Calls("insights"), "known to be missing: not asked")

	noInsights := e.fake.IssuePageToken("u1", "app-1", "p1", pubScopes...)
	got, err = e.conn.PostMetrics(context.Background(), model.Account{RemoteID: "p1"}, noInsights, []string{id})
	require.NoError(t, err)
	assert.Equal(t, platforms.PostMetrics{Views: np, Likes: 2, Saves: np}, got[id], "refused by Facebook: views not provided")
}

func TestPostMetricsErrors(t *testing.T) {
	e := newStatsEnv(t)
	id := e.publishText(t, "one")
	ctx := context.Background()

	e.fake.ThrottleMetrics(32, 1)
	_, err := e.conn.PostMetrics(ctx, e.acct, e.tok, []string{id})
	pe := platforms.AsError(model.Facebook, err)
	require.NotNil(t, pe)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.ErrorIs(t, err, model.ErrRateLimited)
	assert.Equal(t, e.clk.Now().Add(time.Hour), pe.RetryAt)
	assert.Contains(t, pe.Message, "(#32) Page request limit reached")

	noEngagement := e.fake.IssuePageToken("u1", "app-1", "p1", "pages_manage_posts", facebook.ScopeInsights)
	_, err = e.conn.PostMetrics(ctx, e.acct, noEngagement, []string{id})
	pe = platforms.AsError(model.Facebook, err)
	require.NotNil(t, pe)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "pages_read_engagement")

	e.fake.ExpireToken(e.tok)
	_, err = e.conn.PostMetrics(ctx, e.acct, e.tok, []string{id})
	pe = platforms.AsError(model.Facebook, err)
	require.NotNil(t, pe)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.ErrorIs(t, err, model.ErrUnauthorized)
}

func TestPageFollowers(t *testing.T) {
	e := newStatsEnv(t)
	e.fake.SetFollowers("p1", 2750)
	got, err := e.conn.AccountMetrics(context.Background(), e.acct, e.tok)
	require.NoError(t, err)
	np := platforms.NotProvided
	assert.Equal(t, platforms.AccountMetrics{Followers: 2750, Following: np, Posts: np}, got)
}

// TestFakeInsightsMetricNames checks the fake serves the current metric names and
// refuses the removed ones (platforms.md §9 Facebook fake rule 6).
func TestFakeInsightsMetricNames(t *testing.T) {
	e := newStatsEnv(t)
	id := e.publishText(t, "one")
	get := func(obj, metric string) fakekit.Answer {
		req, _ := http.NewRequest(http.MethodGet, e.fake.GraphURL()+"/"+obj+"/insights?metric="+metric, nil)
		req.Header.Set("Authorization", "Bearer "+e.tok)
		return fakekit.Do(t, req)
	}
	for _, m := range []string{"post_total_media_view_unique", "post_reactions_by_type_total"} {
		assert.Equal(t, 200, get(id, m).Status, m)
	}
	for _, m := range []string{"page_media_view", "page_total_media_view_unique", "page_follows"} {
		assert.Equal(t, 200, get("p1", m).Status, m)
	}
	for obj, metrics := range map[string][]string{id: {"post_impressions", "post_impressions_unique"}, "p1": {"page_impressions", "page_impressions_unique", "page_fans"}} {
		for _, m := range metrics {
			a := get(obj, m)
			assert.Equal(t, 400, a.Status, m)
			assert.Contains(t, string(a.Body), "valid insights metric", m)
		}
	}
}
