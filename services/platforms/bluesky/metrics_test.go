package bluesky_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/bluesky/blueskyfake"
	"webox-social/services/platforms/fakekit"
)

const getPosts = "app.bsky.feed.getPosts"

// publishN publishes n posts, each started a second after the one before (so their
// record keys differ), and returns their at:// URIs.
func (p *pubEnv) publishN(t *testing.T, n int) []string {
	t.Helper()
	uris := make([]string, n)
	for i := range n {
		req := p.request(fmt.Sprintf("k%d", i), fmt.Sprintf("post %d", i))
		req.StartedAt = req.StartedAt.Add(time.Duration(i) * time.Second)
		res, err := p.conn.Publish(context.Background(), req)
		require.NoError(t, err)
		uris[i] = res.PlatformPostID
	}
	return uris
}

func TestPostMetricsMapsCounts(t *testing.T) {
	p := setupPublish(t)
	uris := p.publishN(t, 2)
	p.fake.SetPostCounts(uris[0], blueskyfake.PostCounts{Likes: 9, Reposts: 3, Replies: 2, Quotes: 1, Bookmarks: 4})

	got, err := p.conn.PostMetrics(context.Background(), p.acct, p.token, uris)
	require.NoError(t, err)
	assert.Equal(t, platforms.PostMetrics{Views: platforms.NotProvided, Likes: 9, Comments: 2, Shares: 4, Saves: 4}, got[uris[0]])
	assert.Equal(t, platforms.PostMetrics{Views: platforms.NotProvided}, got[uris[1]])
}

func TestPostMetricsLeavesOutGoneAndForeign(t *testing.T) {
	p := setupPublish(t)
	uris := p.publishN(t, 2)
	require.NoError(t, p.conn.Delete(context.Background(), p.acct, p.token, uris[1]))

	got, err := p.conn.PostMetrics(context.Background(), p.acct, p.token,
		[]string{uris[0], uris[1], "at://" + p.did + "/app.bsky.feed.post/3zzzzzzzzzzzz", "not-a-uri"})
	require.NoError(t, err)
	assert.Len(t, got, 1)
	assert.Contains(t, got, uris[0])
}

func TestPostMetricsBatchesOf25(t *testing.T) {
	p := setupPublish(t)
	uris := p.publishN(t, 30)
	got, err := p.conn.PostMetrics(context.Background(), p.acct, p.token, append(uris, uris[0]))
	require.NoError(t, err)
	assert.Len(t, got, 30)
	assert.Equal(t, 2, p.fake.Calls(getPosts))
}

func TestPostMetricsExpiredTokenIsAuth(t *testing.T) {
	p := setupPublish(t)
	uris := p.publishN(t, 1)
	p.clk.Advance(121 * time.Minute)
	_, err := p.conn.PostMetrics(context.Background(), p.acct, p.token, uris)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.ErrorIs(t, err, model.ErrUnauthorized)
	assert.Equal(t, "ExpiredToken", pe.Code)
	assert.Contains(t, pe.Message, "Token has expired")
}

func TestPostMetricsRateLimitedHasRetryAt(t *testing.T) {
	p := setupPublish(t)
	uris := p.publishN(t, 30)
	p.fake.SetReadLimit(1)
	_, err := p.conn.PostMetrics(context.Background(), p.acct, p.token, uris)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.ErrorIs(t, err, model.ErrRateLimited)
	assert.Equal(t, p.clk.Now().Add(5*time.Minute).Unix(), pe.RetryAt.Unix())
}

func TestFakeGetPostsRefusesMoreThan25(t *testing.T) {
	p := setupPublish(t)
	q := url.Values{}
	for i := range 26 {
		q.Add("uris", fmt.Sprintf("at://%s/app.bsky.feed.post/%d", p.did, i))
	}
	req, err := http.NewRequest(http.MethodGet, p.fake.URL+"/xrpc/"+getPosts+"?"+q.Encode(), nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+p.token)
	ans := fakekit.Do(t, req)
	assert.Equal(t, http.StatusBadRequest, ans.Status)
	assert.Equal(t, "InvalidRequest", ans.JSON(t)["error"])
}

func TestAccountMetrics(t *testing.T) {
	p := setupPublish(t)
	p.publishN(t, 2)
	got, err := p.conn.AccountMetrics(context.Background(), p.acct, p.token)
	require.NoError(t, err)
	assert.Equal(t, platforms.AccountMetrics{Posts: 2}, got)

	p.fake.SetProfileCounts("alice.test", blueskyfake.ProfileCounts{Followers: 120, Follows: 33, Posts: 410})
	got, err = p.conn.AccountMetrics(context.Background(), p.acct, p.token)
	require.NoError(t, err)
	assert.Equal(t, platforms.AccountMetrics{Followers: 120, Following: 33, Posts: 410}, got)
}
