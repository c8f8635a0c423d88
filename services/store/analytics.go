package store

import (
	"context"
	"fmt"
	"time"

	"webox-social/services/model"
)

// EngagementSample is one published post's latest metrics on one account: when it went
// out, on which network, how many saw it (views) and how many engaged with it (likes,
// comments, shares and saves).
type EngagementSample struct {
	PublishedAt time.Time
	Platform    model.Platform
	Impressions int64
	Engagements int64
}

// EngagementSamples returns the metrics of an account's posts published at or after since,
// oldest first: post_analytics joined with the targets (the target's publication time, or
// the post's when the target has none). A counter the network does not provide is stored
// as -1 and counts as 0 here.
func (s *Store) EngagementSamples(ctx context.Context, accountID int64, since time.Time) ([]EngagementSample, error) {
	const q = `SELECT COALESCE(t.published_at, p.published_at) AS at, a.platform, a.views,
			max(a.likes, 0) + max(a.comments, 0) + max(a.shares, 0) + max(a.saves, 0)
		FROM post_analytics a
		JOIN post_targets t ON t.id = a.target_id
		JOIN scheduled_posts p ON p.id = t.post_id
		WHERE t.account_id = ? AND COALESCE(t.published_at, p.published_at) >= ?
		ORDER BY at, a.id`
	rows, err := s.db.QueryContext(ctx, q, accountID, since.Unix())
	if err != nil {
		return nil, fmt.Errorf("store: engagement samples of account %d: %w", accountID, err)
	}
	defer rows.Close()
	var out []EngagementSample
	for rows.Next() {
		var e EngagementSample
		var at int64
		if err := rows.Scan(&at, &e.Platform, &e.Impressions, &e.Engagements); err != nil {
			return nil, fmt.Errorf("store: engagement samples of account %d: %w", accountID, err)
		}
		e.PublishedAt = time.Unix(at, 0).UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: engagement samples of account %d: %w", accountID, err)
	}
	return out, nil
}
