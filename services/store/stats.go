package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"webox-social/services/analytics"
	"webox-social/services/model"
)

// Statistics are aggregated in SQLite over the targets published in the period on the
// chosen accounts (index post_targets_account_published), joined with their latest
// metrics in post_analytics. A counter a network does not give is stored as -1
// (platforms.NotProvided), and engagement_rate is -1 when the rate is "n/a" (no views);
// sums count those as 0 and rates use only the posts that have views.

// statsScope selects the targets published in [?3, ?4) on the accounts of workspace ?1,
// limited to the JSON array of account ids ?2 unless it is empty.
const statsScope = ` t.account_id IN (SELECT id FROM social_accounts WHERE workspace_id = ?1
		AND (?2 = '[]' OR id IN (SELECT value FROM json_each(?2))))
	AND t.published_at >= ?3 AND t.published_at < ?4`

// statsEng is a post's likes + comments + shares, counting not-provided counters as 0.
const statsEng = `(max(a.likes, 0) + max(a.comments, 0) + max(a.shares, 0))`

// statsArgs are the arguments of statsScope.
func statsArgs(workspaceID int64, accountIDs []int64, p analytics.Period) []any {
	ids, _ := json.Marshal(accountIDs) // []int64 always marshals
	if len(accountIDs) == 0 {
		ids = []byte("[]")
	}
	return []any{workspaceID, string(ids), p.From.Unix(), p.To.Unix()}
}

// totalsColumns are the sums of NetworkStats/StatsOverview, then the rated engagements.
const totalsColumns = `count(*), coalesce(sum(max(a.views, 0)), 0), coalesce(sum(max(a.likes, 0)), 0),
	coalesce(sum(max(a.comments, 0)), 0), coalesce(sum(max(a.shares, 0)), 0), coalesce(sum(max(a.saves, 0)), 0),
	coalesce(sum(CASE WHEN a.views > 0 THEN ` + statsEng + ` END), 0)`

// totals is one row of totalsColumns.
type totals struct {
	posts, views, likes, comments, shares, saves, rated int64
}

func (t *totals) scan(row interface{ Scan(...any) error }, prefix ...any) error {
	return row.Scan(append(prefix, &t.posts, &t.views, &t.likes, &t.comments, &t.shares, &t.saves, &t.rated)...)
}

// Overview returns the totals of the period and of the period of equal length before it,
// each with the accounts' latest follower count before its end.
func (s *Store) Overview(ctx context.Context, workspaceID int64, accountIDs []int64, p analytics.Period) (model.StatsOverview, error) {
	cur, err := s.overview(ctx, workspaceID, accountIDs, p)
	if err != nil {
		return model.StatsOverview{}, err
	}
	prev, err := s.overview(ctx, workspaceID, accountIDs, p.Previous())
	if err != nil {
		return model.StatsOverview{}, err
	}
	cur.Previous = &prev
	return cur, nil
}

func (s *Store) overview(ctx context.Context, workspaceID int64, accountIDs []int64, p analytics.Period) (model.StatsOverview, error) {
	const q = `SELECT ` + totalsColumns + `
		FROM post_targets t LEFT JOIN post_analytics a ON a.target_id = t.id
		WHERE` + statsScope
	var t totals
	if err := t.scan(s.db.QueryRowContext(ctx, q, statsArgs(workspaceID, accountIDs, p)...)); err != nil {
		return model.StatsOverview{}, fmt.Errorf("store: statistics overview: %w", err)
	}
	o := model.StatsOverview{Posts: t.posts, Views: t.views, Likes: t.likes, Comments: t.comments,
		Shares: t.shares, Saves: t.saves}
	o.EngagementRate, o.RateOK = analytics.RateOf(t.rated, t.views)
	var err error
	o.Followers, o.FollowersOK, err = s.followersAt(ctx, workspaceID, accountIDs, p.To)
	return o, err
}

// followersAt sums each account's latest follower reading before at.
func (s *Store) followersAt(ctx context.Context, workspaceID int64, accountIDs []int64, at time.Time) (int64, bool, error) {
	const q = `SELECT count(f), coalesce(sum(f), 0) FROM (
		SELECT (SELECT m.followers FROM account_metrics m
			WHERE m.account_id = s.id AND m.taken_at < ?3 AND m.followers >= 0
			ORDER BY m.taken_at DESC LIMIT 1) AS f
		FROM social_accounts s
		WHERE s.workspace_id = ?1 AND (?2 = '[]' OR s.id IN (SELECT value FROM json_each(?2))))`
	args := statsArgs(workspaceID, accountIDs, analytics.Period{To: at})
	args[2] = at.Unix()
	var n, sum int64
	if err := s.db.QueryRowContext(ctx, q, args[:3]...).Scan(&n, &sum); err != nil {
		return 0, false, fmt.Errorf("store: followers: %w", err)
	}
	return sum, n > 0, nil
}

// StatsByNetwork returns the totals of the period per network, in model.Platforms order.
func (s *Store) StatsByNetwork(ctx context.Context, workspaceID int64, accountIDs []int64, p analytics.Period) ([]model.NetworkStats, error) {
	const q = `SELECT t.platform, ` + totalsColumns + `
		FROM post_targets t LEFT JOIN post_analytics a ON a.target_id = t.id
		WHERE` + statsScope + `
		GROUP BY t.platform`
	rows, err := s.db.QueryContext(ctx, q, statsArgs(workspaceID, accountIDs, p)...)
	if err != nil {
		return nil, fmt.Errorf("store: statistics per network: %w", err)
	}
	defer rows.Close()
	byNet := map[model.Platform]model.NetworkStats{}
	for rows.Next() {
		var n model.NetworkStats
		var t totals
		if err := t.scan(rows, &n.Platform); err != nil {
			return nil, fmt.Errorf("store: statistics per network: %w", err)
		}
		n.Posts, n.Views, n.Likes, n.Comments, n.Shares, n.Saves = t.posts, t.views, t.likes, t.comments, t.shares, t.saves
		n.EngagementRate, n.RateOK = analytics.RateOf(t.rated, t.views)
		byNet[n.Platform] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: statistics per network: %w", err)
	}
	return inPlatformOrder(byNet), nil
}

// inPlatformOrder lists the networks of byNet in display order, unknown ones last.
func inPlatformOrder(byNet map[model.Platform]model.NetworkStats) []model.NetworkStats {
	out := make([]model.NetworkStats, 0, len(byNet))
	for _, p := range model.Platforms {
		if n, ok := byNet[p]; ok {
			out = append(out, n)
			delete(byNet, p)
		}
	}
	for _, n := range byNet {
		out = append(out, n)
	}
	return out
}

// EngagementOverTime returns one point per local day of the period in loc: the
// engagement rate of the posts published that day (their latest metrics), with their
// counts. Days without posts are included with OK false.
func (s *Store) EngagementOverTime(ctx context.Context, workspaceID int64, accountIDs []int64, p analytics.Period, loc *time.Location) ([]model.TimePoint, error) {
	buckets, err := s.statsBuckets(ctx, workspaceID, accountIDs, p)
	if err != nil {
		return nil, fmt.Errorf("store: engagement over time: %w", err)
	}
	return analytics.DailySeries(buckets, p, loc), nil
}

// Heatmap returns the average engagement rate of the posts published in the period per
// weekday and hour of loc; cells without posts with views are left out.
func (s *Store) Heatmap(ctx context.Context, workspaceID int64, accountIDs []int64, p analytics.Period, loc *time.Location) ([]model.HeatCell, error) {
	buckets, err := s.statsBuckets(ctx, workspaceID, accountIDs, p)
	if err != nil {
		return nil, fmt.Errorf("store: engagement heatmap: %w", err)
	}
	return analytics.Heat(buckets, loc), nil
}

// statsBuckets aggregates the period's posts per analytics.BucketSeconds slot of UTC
// time; the caller maps slots to local days or hours (a slot is never split by a zone).
func (s *Store) statsBuckets(ctx context.Context, workspaceID int64, accountIDs []int64, p analytics.Period) ([]analytics.Bucket, error) {
	const q = `SELECT t.published_at / ?5 * ?5 AS slot, count(*),
			coalesce(sum(CASE WHEN a.views > 0 THEN a.views END), 0),
			coalesce(sum(CASE WHEN a.views > 0 THEN ` + statsEng + ` END), 0),
			coalesce(sum(` + statsEng + `), 0),
			coalesce(sum(CASE WHEN a.views > 0 AND a.engagement_rate >= 0 THEN a.engagement_rate END), 0),
			count(CASE WHEN a.views > 0 AND a.engagement_rate >= 0 THEN 1 END)
		FROM post_targets t LEFT JOIN post_analytics a ON a.target_id = t.id
		WHERE` + statsScope + `
		GROUP BY slot ORDER BY slot`
	args := append(statsArgs(workspaceID, accountIDs, p), analytics.BucketSeconds)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []analytics.Bucket
	for rows.Next() {
		var b analytics.Bucket
		if err := rows.Scan(&b.Start, &b.Posts, &b.Views, &b.RatedEngagements, &b.Engagements, &b.RateSum, &b.Rated); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// BestPosts returns the n published posts of the period with the highest engagement
// rate among those with at least minViews views (and at least 1), with their text and
// permalink; ties go to the most viewed.
func (s *Store) BestPosts(ctx context.Context, workspaceID int64, accountIDs []int64, p analytics.Period, n int, minViews int64) ([]model.BestPost, error) {
	const q = `SELECT t.post_id, t.id, t.account_id, t.platform,
			coalesce(nullif(s.account_name, ''), s.handle), coalesce(nullif(t.text_override, ''), p.content),
			t.permalink, t.published_at, a.views, a.engagement_rate
		FROM post_targets t
		JOIN post_analytics a ON a.target_id = t.id
		JOIN scheduled_posts p ON p.id = t.post_id
		JOIN social_accounts s ON s.id = t.account_id
		WHERE` + statsScope + ` AND a.views >= max(?5, 1) AND a.engagement_rate >= 0
		ORDER BY a.engagement_rate DESC, a.views DESC, t.id
		LIMIT ?6`
	args := append(statsArgs(workspaceID, accountIDs, p), minViews, n)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: best posts: %w", err)
	}
	defer rows.Close()
	var out []model.BestPost
	for rows.Next() {
		var b model.BestPost
		var at int64
		if err := rows.Scan(&b.PostID, &b.TargetID, &b.AccountID, &b.Platform, &b.Account, &b.Text,
			&b.Permalink, &at, &b.Views, &b.EngagementRate); err != nil {
			return nil, fmt.Errorf("store: best posts: %w", err)
		}
		b.PublishedAt = time.Unix(at, 0).UTC()
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: best posts: %w", err)
	}
	return out, nil
}

// FollowerGrowth returns, per account, the last follower count read on each local day
// of the period in loc (days without a reading are left out).
func (s *Store) FollowerGrowth(ctx context.Context, workspaceID int64, accountIDs []int64, p analytics.Period, loc *time.Location) ([]model.FollowerSeries, error) {
	// A bare column beside max() comes from the row holding the maximum (SQLite).
	const q = `SELECT m.account_id, s.platform, coalesce(nullif(s.account_name, ''), s.handle),
			max(m.taken_at), m.followers
		FROM account_metrics m JOIN social_accounts s ON s.id = m.account_id
		WHERE s.workspace_id = ?1 AND (?2 = '[]' OR s.id IN (SELECT value FROM json_each(?2)))
			AND m.taken_at >= ?3 AND m.taken_at < ?4 AND m.followers >= 0
		GROUP BY m.account_id, m.taken_at / ?5
		ORDER BY m.account_id, 4`
	args := append(statsArgs(workspaceID, accountIDs, p), analytics.BucketSeconds)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: follower growth: %w", err)
	}
	defer rows.Close()
	series, err := scanFollowerRows(rows, loc)
	if err != nil {
		return nil, fmt.Errorf("store: follower growth: %w", err)
	}
	return series, nil
}

// scanFollowerRows groups follower readings (ordered by account, then time) per account.
func scanFollowerRows(rows *sql.Rows, loc *time.Location) ([]model.FollowerSeries, error) {
	var out []model.FollowerSeries
	var readings []analytics.FollowerReading
	flush := func() {
		if n := len(out); n > 0 {
			out[n-1].Points = analytics.LastPerDay(readings, loc)
		}
		readings = readings[:0]
	}
	for rows.Next() {
		var fs model.FollowerSeries
		var r analytics.FollowerReading
		var at int64
		if err := rows.Scan(&fs.AccountID, &fs.Platform, &fs.Account, &at, &r.Followers); err != nil {
			return nil, err
		}
		r.At = time.Unix(at, 0)
		if len(out) == 0 || out[len(out)-1].AccountID != fs.AccountID {
			flush()
			out = append(out, fs)
		}
		readings = append(readings, r)
	}
	flush()
	return out, rows.Err()
}
