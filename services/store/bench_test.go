package store_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/store"
	"webox-social/services/store/storetest"
)

// seedPosts inserts n scheduled posts spread evenly from start over span, each with one
// pending target on acct, in one statement.
func seedPosts(b *testing.B, s *store.Store, acct model.Account, n int, start time.Time, span time.Duration) {
	b.Helper()
	const seed = `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < ?1)
		INSERT INTO scheduled_posts (workspace_id, content, scheduled_time, scheduled_zone, status, created_at, updated_at)
		SELECT ?2, 'Benchmark post number ' || i, ?3 + i * ?4, 'Europe/Paris', 'scheduled', ?3, ?3 FROM seq`
	const targets = `INSERT INTO post_targets (post_id, account_id, platform, status, next_attempt_at)
		SELECT id, ?1, ?2, 'pending', scheduled_time FROM scheduled_posts`
	ctx := b.Context()
	step := int64(span/time.Second) / int64(n)
	_, err := s.DB().ExecContext(ctx, seed, n, acct.WorkspaceID, start.Unix(), step)
	require.NoError(b, err)
	_, err = s.DB().ExecContext(ctx, targets, acct.ID, acct.Platform)
	require.NoError(b, err)
	_, err = s.DB().ExecContext(ctx, `ANALYZE`)
	require.NoError(b, err)
}

// BenchmarkMonthRange lists one 31-day month, with targets, out of 100k posts over 3 years.
func BenchmarkMonthRange(b *testing.B) {
	s := storetest.Open(b)
	acct := storetest.NewAccount(b, s)
	start := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	seedPosts(b, s, acct, 100_000, start, 3*365*24*time.Hour)
	month := model.PostFilter{WorkspaceID: acct.WorkspaceID, From: start.AddDate(1, 4, 0), To: start.AddDate(1, 4, 31)}
	posts, err := s.ListPosts(b.Context(), month)
	require.NoError(b, err)
	require.Greater(b, len(posts), 2500)
	require.Len(b, posts[0].Targets, 1)
	b.ReportMetric(float64(len(posts)), "posts/op")
	for b.Loop() {
		if _, err := s.ListPosts(b.Context(), month); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClaim claims one due target (with its post, account and attempt row) among
// 1,000 pending ones; claimed targets are put back outside the timer.
func BenchmarkClaim(b *testing.B) {
	const n = 1000
	s := storetest.Open(b)
	acct := storetest.NewAccount(b, s)
	start := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	seedPosts(b, s, acct, n, start, time.Hour)
	now := start.Add(2 * time.Hour)
	ctx := b.Context()
	claimed := 0
	for b.Loop() {
		if claimed == n {
			b.StopTimer()
			_, err := s.DB().ExecContext(ctx, `UPDATE post_targets SET status = 'pending', lease_until = NULL`)
			require.NoError(b, err)
			claimed = 0
			b.StartTimer()
		}
		jobs, err := s.Claim(ctx, now, time.Minute, 1)
		if err != nil || len(jobs) != 1 {
			b.Fatal(len(jobs), err)
		}
		claimed++
	}
}
