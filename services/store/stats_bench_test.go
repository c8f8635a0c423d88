package store_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"webox-social/services/analytics"
	"webox-social/services/model"
	"webox-social/services/store"
	"webox-social/services/store/storetest"
)

// seedStats inserts, in one transaction, n published posts spread over span from start
// across the accounts (one target each, round robin), their latest metrics, and
// snapshotsPer snapshots per target.
func seedStats(b *testing.B, s *store.Store, accts []model.Account, n, snapshotsPer int, start time.Time, span time.Duration) {
	b.Helper()
	const (
		posts = `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < ?1)
			INSERT INTO scheduled_posts (workspace_id, content, scheduled_time, scheduled_zone, status, published_at, created_at, updated_at)
			SELECT ?2, 'Benchmark post number ' || i, ?3 + i * ?4, 'UTC', 'published', ?3 + i * ?4, ?3, ?3 FROM seq`
		targets = `WITH acc AS (SELECT id, platform, row_number() OVER (ORDER BY id) - 1 AS k FROM social_accounts)
			INSERT INTO post_targets (post_id, account_id, platform, status, platform_post_id, permalink, published_at)
			SELECT p.id, a.id, a.platform, 'published', 'remote-' || p.id, 'https://example.net/' || p.id, p.published_at
			FROM scheduled_posts p JOIN acc a ON a.k = p.id % ?1`
		latest = `INSERT INTO post_analytics (post_id, target_id, platform, platform_post_id, views, likes, comments, shares, saves,
				engagement_rate, updated_at)
			SELECT post_id, id, platform, platform_post_id, v, l, c, sh, 0, round((l + c + sh) * 100.0 / v, 2), published_at
			FROM (SELECT *, 100 + id * 7919 % 5000 AS v, id * 31 % 97 AS l, id % 13 AS c, id % 7 AS sh FROM post_targets)`
		snapshots = `WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < ?1)
			INSERT INTO metric_snapshots (target_id, taken_at, views, likes, comments, shares, saves)
			SELECT a.target_id, a.updated_at + j * 10800, a.views * j / ?1, a.likes * j / ?1, a.comments, a.shares, 0
			FROM post_analytics a, k`
	)
	ctx := b.Context()
	tx, err := s.DB().BeginTx(ctx, nil)
	require.NoError(b, err)
	step := int64(span/time.Second) / int64(n)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{posts, []any{n, accts[0].WorkspaceID, start.Unix(), step}},
		{targets, []any{len(accts)}},
		{latest, nil},
		{snapshots, []any{snapshotsPer}},
	} {
		_, err := tx.ExecContext(ctx, q.sql, q.args...)
		require.NoError(b, err)
	}
	require.NoError(b, tx.Commit())
	_, err = s.DB().ExecContext(ctx, `ANALYZE`)
	require.NoError(b, err)
}

// BenchmarkStatsOverview100k computes the Stats screen's overview (with the previous
// period), engagement over time and best posts for 30 days out of 100,000 published posts
// on 8 accounts over 3 years, with 1,000,000 snapshots.
func BenchmarkStatsOverview100k(b *testing.B) {
	s := storetest.Open(b)
	var accts []model.Account
	for _, p := range model.Platforms {
		accts = append(accts, storetest.NewAccount(b, s, func(a *model.Account) { a.Platform = p }))
	}
	start := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	seedStats(b, s, accts, 100_000, 10, start, 3*365*24*time.Hour)
	ctx, ws := b.Context(), accts[0].WorkspaceID
	p := analytics.Period{From: start.AddDate(1, 4, 0), To: start.AddDate(1, 4, 30)}
	o, err := s.Overview(ctx, ws, nil, p)
	require.NoError(b, err)
	require.Greater(b, o.Posts, int64(2500))
	for b.Loop() {
		if _, err := s.Overview(ctx, ws, nil, p); err != nil {
			b.Fatal(err)
		}
		if _, err := s.EngagementOverTime(ctx, ws, nil, p, time.UTC); err != nil {
			b.Fatal(err)
		}
		if _, err := s.BestPosts(ctx, ws, nil, p, 10, 100); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(o.Posts), "posts/op")
}
