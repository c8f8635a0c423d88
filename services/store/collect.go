package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"webox-social/services/analytics"
	"webox-social/services/model"
)

// PublishedTargets returns the account's published targets that have a platform post id,
// oldest first: the posts whose counters the analytics collector reads.
func (s *Store) PublishedTargets(ctx context.Context, accountID int64) ([]model.Target, error) {
	const q = `SELECT id, post_id, account_id, platform, platform_post_id, permalink, published_at
		FROM post_targets
		WHERE account_id = ? AND status = 'published' AND platform_post_id != ''
		ORDER BY id`
	rows, err := s.db.QueryContext(ctx, q, accountID)
	if err != nil {
		return nil, fmt.Errorf("store: published targets of account %d: %w", accountID, err)
	}
	defer rows.Close()
	var out []model.Target
	for rows.Next() {
		t := model.Target{Status: model.TargetPublished}
		var at sql.NullInt64
		if err := rows.Scan(&t.ID, &t.PostID, &t.AccountID, &t.Platform, &t.PlatformPostID, &t.Permalink, &at); err != nil {
			return nil, fmt.Errorf("store: published targets of account %d: %w", accountID, err)
		}
		t.PublishedAt = fromUnix(at)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: published targets of account %d: %w", accountID, err)
	}
	return out, nil
}

// SaveReading writes one collection of one account in one transaction: each post's
// latest counters in post_analytics (counters the network does not give stay -1, and
// engagement_rate is -1 when it is "n/a"), a metric_snapshots row per post and an
// account_metrics row.
func (s *Store) SaveReading(ctx context.Context, r analytics.Reading) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, p := range r.Posts {
			if err := savePostReading(ctx, tx, p, r.TakenAt); err != nil {
				return err
			}
		}
		const acct = `INSERT INTO account_metrics (account_id, taken_at, followers, following, posts)
			VALUES (?, ?, ?, ?, ?)`
		m := r.Account
		_, err := tx.ExecContext(ctx, acct, r.AccountID, r.TakenAt.Unix(), m.Followers, m.Following, m.Posts)
		return convertGetError(err)
	})
	if err != nil {
		return fmt.Errorf("store: save the statistics of account %d: %w", r.AccountID, err)
	}
	return nil
}

// savePostReading upserts a target's latest counters and appends a snapshot.
func savePostReading(ctx context.Context, tx *sql.Tx, p analytics.PostReading, at time.Time) error {
	const latest = `INSERT INTO post_analytics (post_id, target_id, platform, platform_post_id,
			views, likes, comments, shares, saves, engagement_rate, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (target_id) DO UPDATE SET platform_post_id = excluded.platform_post_id,
			views = excluded.views, likes = excluded.likes, comments = excluded.comments,
			shares = excluded.shares, saves = excluded.saves,
			engagement_rate = excluded.engagement_rate, updated_at = excluded.updated_at`
	const snapshot = `INSERT INTO metric_snapshots (target_id, taken_at, views, likes, comments, shares, saves)
		VALUES (?, ?, ?, ?, ?, ?, ?)`
	m, t := p.Metrics, p.Target
	rate, ok := analytics.EngagementRate(m)
	if !ok {
		rate = -1
	}
	if _, err := tx.ExecContext(ctx, latest, t.PostID, t.ID, t.Platform, t.PlatformPostID,
		m.Views, m.Likes, m.Comments, m.Shares, m.Saves, rate, at.Unix()); err != nil {
		return fmt.Errorf("target %d: %w", t.ID, convertGetError(err))
	}
	if _, err := tx.ExecContext(ctx, snapshot, t.ID, at.Unix(), m.Views, m.Likes, m.Comments, m.Shares, m.Saves); err != nil {
		return fmt.Errorf("target %d: %w", t.ID, convertGetError(err))
	}
	return nil
}
