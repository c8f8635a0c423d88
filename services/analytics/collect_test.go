package analytics_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/analytics"
	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/store"
	"webox-social/services/store/storetest"
)

// fakeConn is a network that publishes nothing and answers metrics from its fields.
type fakeConn struct {
	platform  model.Platform
	mu        sync.Mutex
	posts     map[string]platforms.PostMetrics
	followers int64
	errs      []error // returned by the next calls, one per call
	tokens    []string
	asked     [][]string
	// wait, when set, runs inside each PostMetrics call (to hold it open).
	wait              func(ctx context.Context) error
	inflight, maxSeen atomic.Int32
}

func (f *fakeConn) Platform() model.Platform { return f.platform }
func (f *fakeConn) Publish(context.Context, platforms.Request) (platforms.Result, error) {
	return platforms.Result{}, errors.New("not in this test")
}

func (f *fakeConn) Reconcile(context.Context, platforms.Request) (platforms.Result, bool, error) {
	return platforms.Result{}, false, nil
}
func (f *fakeConn) Delete(context.Context, model.Account, string, string) error { return nil }

// next records a call and returns the error planned for it.
func (f *fakeConn) next(token string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tokens = append(f.tokens, token)
	if len(f.errs) == 0 {
		return nil
	}
	err := f.errs[0]
	f.errs = f.errs[1:]
	return err
}

func (f *fakeConn) PostMetrics(ctx context.Context, _ model.Account, token string, ids []string) (map[string]platforms.PostMetrics, error) {
	n := f.inflight.Add(1)
	defer f.inflight.Add(-1)
	if n > f.maxSeen.Load() {
		f.maxSeen.Store(n)
	}
	if f.wait != nil {
		if err := f.wait(ctx); err != nil {
			return nil, err
		}
	}
	if err := f.next(token); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, ids)
	out := map[string]platforms.PostMetrics{}
	for _, id := range ids {
		if m, ok := f.posts[id]; ok {
			out[id] = m
		}
	}
	return out, nil
}

func (f *fakeConn) AccountMetrics(_ context.Context, _ model.Account, token string) (platforms.AccountMetrics, error) {
	if err := f.next(token); err != nil {
		return platforms.AccountMetrics{}, err
	}
	return platforms.AccountMetrics{Followers: f.followers, Following: platforms.NotProvided, Posts: platforms.NotProvided}, nil
}

// publishOnly is a connector without statistics.
type publishOnly struct{ fakeConn }

func (p *publishOnly) PostMetrics() {} // hides fakeConn's, so publishOnly is no MetricsReader

// fakeTokens hands out "old" and, after a refresh, "new".
type fakeTokens struct {
	refreshes  atomic.Int32
	refreshErr error
}

func (t *fakeTokens) AccessToken(context.Context, model.Account) (string, error) { return "old", nil }
func (t *fakeTokens) Refresh(context.Context, model.Account) (string, error) {
	t.refreshes.Add(1)
	return "new", t.refreshErr
}

type collectRig struct {
	st     *store.Store
	conn   *fakeConn
	tokens *fakeTokens
	now    time.Time
	c      *analytics.Collector
	acct   model.Account
}

func newCollectRig(t *testing.T) *collectRig {
	r := &collectRig{st: storetest.Open(t), tokens: &fakeTokens{}, now: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)}
	r.conn = &fakeConn{platform: model.Mastodon, followers: 321}
	r.acct = storetest.NewAccount(t, r.st)
	r.c = analytics.NewCollector(analytics.CollectorParams{Store: r.st, Connectors: platforms.Registry{model.Mastodon: r.conn},
		Tokens: r.tokens, Now: func() time.Time { return r.now }})
	return r
}

// published stores a post published on the rig's account as remote id.
func (r *collectRig) published(t *testing.T, remote string) model.Target {
	p := storetest.NewPost(t, r.st, func(p *model.Post) {
		p.Targets = []model.Target{{AccountID: r.acct.ID, Platform: r.acct.Platform, Status: model.TargetDraft}}
	})
	_, err := r.st.DB().ExecContext(t.Context(), `UPDATE post_targets SET status = 'published', published_at = ?,
		platform_post_id = ? WHERE id = ?`, r.now.Add(-time.Hour).Unix(), remote, p.Targets[0].ID)
	require.NoError(t, err)
	return p.Targets[0]
}

func (r *collectRig) count(t *testing.T, q string, args ...any) int64 {
	var n int64
	require.NoError(t, r.st.DB().QueryRowContext(t.Context(), q, args...).Scan(&n))
	return n
}

func TestCollectAccountKeepsLatestAndHistory(t *testing.T) {
	r := newCollectRig(t)
	kept := r.published(t, "111")
	r.published(t, "222")                            // deleted on the network
	storetest.NewPost(t, r.st, func(p *model.Post) { // still pending: never asked
		p.Targets = []model.Target{storetest.Target(r.acct, model.TargetPending, p.ScheduledAt)}
	})
	r.conn.posts = map[string]platforms.PostMetrics{"111": {Views: 400, Likes: 10, Comments: 4, Shares: 2, Saves: platforms.NotProvided}}

	res, err := r.c.CollectAccount(t.Context(), r.acct)
	require.NoError(t, err)
	assert.Equal(t, analytics.CollectResult{AccountID: r.acct.ID, Posts: 1}, res)
	assert.Equal(t, [][]string{{"111", "222"}}, r.conn.asked, "one call for every published post")

	var views, saves int64
	var rate float64
	require.NoError(t, r.st.DB().QueryRowContext(t.Context(),
		`SELECT views, saves, engagement_rate FROM post_analytics WHERE target_id = ?`, kept.ID).Scan(&views, &saves, &rate))
	assert.Equal(t, int64(400), views)
	assert.Equal(t, platforms.NotProvided, saves)
	assert.InDelta(t, 4.0, rate, 1e-9) // (10+4+2)/400
	assert.Equal(t, int64(1), r.count(t, `SELECT count(*) FROM post_analytics`))
	assert.Equal(t, int64(321), r.count(t, `SELECT followers FROM account_metrics WHERE account_id = ? AND taken_at = ?`, r.acct.ID, r.now.Unix()))

	r.conn.posts["111"] = platforms.PostMetrics{Views: 500, Likes: 10}
	_, err = r.c.CollectAccount(t.Context(), r.acct)
	require.NoError(t, err)
	assert.Equal(t, int64(500), r.count(t, `SELECT views FROM post_analytics WHERE target_id = ?`, kept.ID))
	assert.Equal(t, int64(2), r.count(t, `SELECT count(*) FROM metric_snapshots WHERE target_id = ?`, kept.ID))
	assert.Equal(t, int64(2), r.count(t, `SELECT count(*) FROM account_metrics`))
}

func TestCollectAccountSkips(t *testing.T) {
	r := newCollectRig(t)
	r.published(t, "111")
	res, err := r.c.CollectAccount(t.Context(), model.Account{ID: r.acct.ID, Platform: model.Mastodon, Status: model.AccountReconnectNeeded})
	require.NoError(t, err)
	assert.Equal(t, analytics.SkipReconnect, res.Skipped)

	res, err = r.c.CollectAccount(t.Context(), model.Account{ID: r.acct.ID, Platform: model.TikTok, Status: model.AccountOK})
	require.NoError(t, err)
	assert.Equal(t, analytics.SkipUnsupported, res.Skipped, "no connector")

	c := analytics.NewCollector(analytics.CollectorParams{Store: r.st, Tokens: r.tokens,
		Connectors: platforms.Registry{model.Mastodon: &publishOnly{fakeConn{platform: model.Mastodon}}}})
	res, err = c.CollectAccount(t.Context(), r.acct)
	require.NoError(t, err)
	assert.Equal(t, analytics.SkipUnsupported, res.Skipped, "a connector that cannot read statistics")
	assert.Empty(t, r.conn.tokens, "the network was never called")
	assert.Zero(t, r.count(t, `SELECT count(*) FROM account_metrics`))
}

func TestCollectAccountRefreshesOnceOnAuth(t *testing.T) {
	r := newCollectRig(t)
	r.published(t, "111")
	expired := &platforms.Error{Platform: model.Mastodon, Kind: platforms.Auth, Status: 401, Message: "The access token expired"}
	r.conn.errs = []error{expired}
	_, err := r.c.CollectAccount(t.Context(), r.acct)
	require.NoError(t, err)
	assert.Equal(t, []string{"old", "new", "new"}, r.conn.tokens, "retried with the new token, kept for the next call")
	assert.Equal(t, int32(1), r.tokens.refreshes.Load())

	r.conn.tokens = nil
	r.conn.errs = []error{expired, expired}
	_, err = r.c.CollectAccount(t.Context(), r.acct)
	require.ErrorIs(t, err, expired)
	assert.Contains(t, err.Error(), "The access token expired", "the network's own words")
	assert.Equal(t, int32(2), r.tokens.refreshes.Load(), "one refresh per collection")
	assert.Equal(t, int64(1), r.count(t, `SELECT count(*) FROM account_metrics`), "only the first collection was saved")

	r.tokens.refreshErr = errors.New("the refresh token was revoked")
	r.conn.errs = []error{expired}
	_, err = r.c.CollectAccount(t.Context(), r.acct)
	require.ErrorContains(t, err, "the refresh token was revoked")
}

func TestCollectAccountWaitsForTheRateLimitReset(t *testing.T) {
	r := newCollectRig(t)
	r.published(t, "111")
	reset := r.now.Add(15 * time.Minute)
	r.conn.errs = []error{&platforms.Error{Platform: model.Mastodon, Kind: platforms.Transient, Status: 429, Message: "Too many requests", RetryAt: reset}}
	res, err := r.c.CollectAccount(t.Context(), r.acct)
	require.Error(t, err)
	assert.Equal(t, reset, res.NotBefore)

	r.now = reset.Add(-time.Second)
	res, err = r.c.CollectAccount(t.Context(), r.acct)
	require.NoError(t, err)
	assert.Equal(t, analytics.SkipRateLimited, res.Skipped)
	assert.Len(t, r.conn.tokens, 1, "not called before the reset")

	r.now = reset
	res, err = r.c.CollectAccount(t.Context(), r.acct)
	require.NoError(t, err)
	assert.Empty(t, res.Skipped)
}

func TestCollectAllCountsEveryWorkspace(t *testing.T) {
	r := newCollectRig(t)
	r.published(t, "111")
	r.conn.posts = map[string]platforms.PostMetrics{"111": {Views: 10}}
	other, err := r.st.CreateWorkspace(t.Context(), "Client")
	require.NoError(t, err)
	storetest.NewAccount(t, r.st, func(a *model.Account) { a.WorkspaceID = other.ID })
	storetest.NewAccount(t, r.st, func(a *model.Account) { a.Status = model.AccountReconnectNeeded })
	require.NoError(t, r.c.CollectAll(t.Context()))
	assert.Equal(t, int64(2), r.count(t, `SELECT count(*) FROM account_metrics`), "both ok accounts, in both workspaces")

	accts, err := r.st.ListAccounts(t.Context(), r.acct.WorkspaceID)
	require.NoError(t, err)
	sum, err := r.c.CollectAccounts(t.Context(), accts)
	require.NoError(t, err)
	assert.Equal(t, analytics.CollectSummary{Accounts: 1, Posts: 1, Reconnect: 1}, sum)
}

// memStore is an in-memory CollectStore, for tests inside a synctest bubble.
type memStore struct {
	accts []model.Account
	saved atomic.Int32
}

func (m *memStore) ListWorkspaces(context.Context) ([]model.Workspace, error) {
	return []model.Workspace{{ID: 1}}, nil
}

func (m *memStore) ListAccounts(context.Context, int64) ([]model.Account, error) { return m.accts, nil }
func (m *memStore) PublishedTargets(_ context.Context, id int64) ([]model.Target, error) {
	return []model.Target{{ID: id, AccountID: id, PlatformPostID: "p"}}, nil
}

func (m *memStore) SaveReading(context.Context, analytics.Reading) error {
	m.saved.Add(1)
	return nil
}

func TestCollectAllReadsTwoAccountsAtOnceEachWithinItsTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		conn := &fakeConn{platform: model.Mastodon, posts: map[string]platforms.PostMetrics{"p": {Views: 1}}}
		release := make(chan struct{})
		conn.wait = func(ctx context.Context) error {
			select {
			case <-release:
				return nil
			case <-ctx.Done():
				return &platforms.Error{Platform: model.Mastodon, Kind: platforms.Transient, Message: "timed out", Err: ctx.Err()}
			}
		}
		st := &memStore{}
		for id := range int64(5) {
			st.accts = append(st.accts, model.Account{ID: id + 1, Platform: model.Mastodon, Status: model.AccountOK})
		}
		c := analytics.NewCollector(analytics.CollectorParams{Store: st, Tokens: &fakeTokens{}, Timeout: time.Minute,
			Connectors: platforms.Registry{model.Mastodon: conn}})
		done := make(chan error)
		go func() { done <- c.CollectAll(context.Background()) }()
		synctest.Wait()
		assert.Equal(t, int32(2), conn.inflight.Load(), "two accounts at once")
		release <- struct{}{}
		release <- struct{}{}
		synctest.Wait()
		assert.Equal(t, int32(2), conn.inflight.Load(), "the next two started")
		// Nobody releases the rest: each account gives up after its minute.
		err := <-done
		assert.Equal(t, int32(2), st.saved.Load())
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, int32(2), conn.maxSeen.Load())
	})
}
