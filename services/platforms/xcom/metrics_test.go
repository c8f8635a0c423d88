package xcom_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/fakekit"
	"webox-social/services/platforms/xcom/xcomfake"
)

// publishN publishes n tweets and returns their ids.
func (e *pubEnv) publishN(t *testing.T, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range n {
		res, err := e.conn.Publish(context.Background(), e.req(fmt.Sprintf("tweet number %d", i)))
		require.NoError(t, err)
		ids[i] = res.PlatformPostID
	}
	return ids
}

func TestPostMetricsMapsPublicMetrics(t *testing.T) {
	e := newPubEnv(t, nil)
	ids := e.publishN(t, 2)
	e.fake.SetTweetMetrics(ids[0], xcomfake.TweetMetrics{Likes: 10, Replies: 3, Retweets: 4, Quotes: 1, Bookmarks: 2, Impressions: 500})

	got, err := e.conn.PostMetrics(context.Background(), e.acct, e.token, ids)
	require.NoError(t, err)
	assert.Equal(t, platforms.PostMetrics{Views: 500, Likes: 10, Comments: 3, Shares: 5, Saves: 2}, got[ids[0]])
	assert.Equal(t, platforms.PostMetrics{}, got[ids[1]])
	assert.Equal(t, 1, e.fake.Calls(xcomfake.RouteLookup))
}

func TestPostMetricsWithoutImpressionsIsNotProvided(t *testing.T) {
	e := newPubEnv(t, nil)
	ids := e.publishN(t, 1)
	e.fake.HideImpressions(true)
	e.fake.SetTweetMetrics(ids[0], xcomfake.TweetMetrics{Likes: 7})

	got, err := e.conn.PostMetrics(context.Background(), e.acct, e.token, ids)
	require.NoError(t, err)
	assert.Equal(t, platforms.NotProvided, got[ids[0]].Views)
	assert.Equal(t, int64(7), got[ids[0]].Likes)
}

func TestPostMetricsLeavesOutUnknownAndDeleted(t *testing.T) {
	e := newPubEnv(t, nil)
	ids := e.publishN(t, 2)
	require.NoError(t, e.conn.Delete(context.Background(), e.acct, e.token, ids[1]))

	got, err := e.conn.PostMetrics(context.Background(), e.acct, e.token, []string{ids[0], ids[1], "1234567890123456789"})
	require.NoError(t, err)
	assert.Len(t, got, 1)
	assert.Contains(t, got, ids[0])
}

func TestPostMetricsBatchesOf100(t *testing.T) {
	e := newPubEnv(t, nil)
	ids := e.publishN(t, 3)
	asked := append([]string(nil), ids...)
	for i := range 200 {
		asked = append(asked, fmt.Sprintf("%d", 1_000_000+i)) // unknown to the fake
	}
	asked = append(asked, ids[0]) // a repeat is asked once

	got, err := e.conn.PostMetrics(context.Background(), e.acct, e.token, asked)
	require.NoError(t, err)
	assert.Len(t, got, 3)
	assert.Equal(t, 3, e.fake.Calls(xcomfake.RouteLookup), "203 distinct ids take 3 calls of at most 100")
}

func TestPostMetricsNoIDsNoCall(t *testing.T) {
	e := newPubEnv(t, nil)
	got, err := e.conn.PostMetrics(context.Background(), e.acct, e.token, nil)
	require.NoError(t, err)
	assert.Empty(t, got)
	assert.Zero(t, e.fake.Calls(xcomfake.RouteLookup))
}

func TestPostMetricsExpiredTokenIsAuth(t *testing.T) {
	e := newPubEnv(t, nil)
	ids := e.publishN(t, 1)
	e.fake.ExpireToken(e.token)
	_, err := e.conn.PostMetrics(context.Background(), e.acct, e.token, ids)
	pe := platformErr(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.ErrorIs(t, err, model.ErrUnauthorized)
}

func TestPostMetricsRateLimitedHasRetryAt(t *testing.T) {
	e := newPubEnv(t, nil)
	ids := e.publishN(t, 1)
	e.fake.SetLimit(xcomfake.RouteLookup, 0)
	_, err := e.conn.PostMetrics(context.Background(), e.acct, e.token, ids)
	pe := platformErr(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.ErrorIs(t, err, model.ErrRateLimited)
	assert.Equal(t, time.Date(2026, 11, 23, 10, 15, 0, 0, time.UTC), pe.RetryAt.UTC())
}

func TestAccountMetrics(t *testing.T) {
	e := newPubEnv(t, nil)
	e.publishN(t, 2)
	got, err := e.conn.AccountMetrics(context.Background(), e.acct, e.token)
	require.NoError(t, err)
	assert.Equal(t, platforms.AccountMetrics{Followers: 0, Following: 0, Posts: 2}, got)

	e.fake.SetUserMetrics("alice", xcomfake.UserMetrics{Followers: 1200, Following: 80, Tweets: 345})
	got, err = e.conn.AccountMetrics(context.Background(), e.acct, e.token)
	require.NoError(t, err)
	assert.Equal(t, platforms.AccountMetrics{Followers: 1200, Following: 80, Posts: 345}, got)
}

func TestAccountMetricsRevokedIsAuth(t *testing.T) {
	e := newPubEnv(t, nil)
	e.fake.RevokeToken(e.token)
	_, err := e.conn.AccountMetrics(context.Background(), e.acct, e.token)
	assert.Equal(t, platforms.Auth, platformErr(t, err).Kind)
}

func TestFakeLookupRefusesMoreThan100IDs(t *testing.T) {
	e := newPubEnv(t, nil)
	ids := make([]string, 101)
	for i := range ids {
		ids[i] = fmt.Sprint(1_000_000 + i)
	}
	req, err := http.NewRequest(http.MethodGet, e.fake.URL+"/2/tweets?tweet.fields=public_metrics&ids="+strings.Join(ids, ","), nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+e.token)
	ans := fakekit.Do(t, req)
	assert.Equal(t, http.StatusBadRequest, ans.Status)
	assert.Contains(t, string(ans.Body), "not between 1 and 100")
}
