package mastodon

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/mastodon/mastodonfake"
)

// publishN publishes n statuses and returns their ids.
func (e *env) publishN(t *testing.T, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range n {
		res, err := e.conn.Publish(context.Background(), e.request(fmt.Sprintf("status %d", i), fmt.Sprintf("k%d", i)))
		require.NoError(t, err)
		ids[i] = res.PlatformPostID
	}
	return ids
}

func TestPostMetricsMapsCounts(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{})
	ids := e.publishN(t, 2)
	e.fake.SetCounts(ids[0], 3, 4, 10)
	e.fake.SetQuotes(ids[0], 2)

	got, err := e.conn.PostMetrics(context.Background(), e.acct, e.token, ids)
	require.NoError(t, err)
	assert.Equal(t, platforms.PostMetrics{Views: platforms.NotProvided, Likes: 10, Comments: 3, Shares: 6, Saves: platforms.NotProvided}, got[ids[0]])
	assert.Equal(t, platforms.PostMetrics{Views: platforms.NotProvided, Saves: platforms.NotProvided}, got[ids[1]])
}

func TestPostMetricsLeavesOutGoneAndScheduled(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{})
	ids := e.publishN(t, 2)
	require.NoError(t, e.conn.Delete(context.Background(), e.acct, e.token, ids[1]))

	got, err := e.conn.PostMetrics(context.Background(), e.acct, e.token, []string{ids[0], ids[1], "999999", "scheduled:5", ids[0]})
	require.NoError(t, err)
	assert.Len(t, got, 1)
	assert.Contains(t, got, ids[0])
}

func TestPostMetricsRevokedIsAuth(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{})
	ids := e.publishN(t, 1)
	e.fake.RevokeToken(e.token)
	_, err := e.conn.PostMetrics(context.Background(), e.acct, e.token, ids)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.ErrorIs(t, err, model.ErrUnauthorized)
}

func TestPostMetricsRateLimitedHasRetryAt(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{AccountLimit: 2})
	ids := e.publishN(t, 1)
	_, err := e.conn.PostMetrics(context.Background(), e.acct, e.token, []string{ids[0], "1", "2"})
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.ErrorIs(t, err, model.ErrRateLimited)
	assert.Equal(t, time.Date(2026, 11, 23, 10, 5, 0, 0, time.UTC), pe.RetryAt.UTC())
}

func TestAccountMetrics(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{})
	e.publishN(t, 3)
	e.fake.SetAccountCounts("alice", 250, 40)

	got, err := e.conn.AccountMetrics(context.Background(), e.acct, e.token)
	require.NoError(t, err)
	assert.Equal(t, platforms.AccountMetrics{Followers: 250, Following: 40, Posts: 3}, got)

	e.fake.RevokeToken(e.token)
	_, err = e.conn.AccountMetrics(context.Background(), e.acct, e.token)
	assert.Equal(t, platforms.Auth, asPlatformError(t, err).Kind)
}
