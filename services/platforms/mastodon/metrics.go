package mastodon

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

var _ platforms.MetricsReader = (*Connector)(nil)

// PostMetrics reads each status's counts with GET /api/v1/statuses/:id (one call per
// status; scope read:statuses): favourites_count as likes, replies_count as comments,
// reblogs_count plus quotes_count as shares. Mastodon has no views and shows no one the
// bookmark count, so Views and Saves are platforms.NotProvided. Statuses the instance no
// longer has (404) and posts still held by the instance ("scheduled:<id>") are left out.
func (c *Connector) PostMetrics(ctx context.Context, acct model.Account, token string, postIDs []string) (map[string]platforms.PostMetrics, error) {
	out := make(map[string]platforms.PostMetrics, len(postIDs))
	for _, id := range postIDs {
		if _, done := out[id]; done || id == "" || strings.HasPrefix(id, scheduledPrefix) {
			continue
		}
		m, err := c.StatusMetrics(ctx, acct, token, id)
		if errors.Is(err, model.ErrNotFound) {
			slog.Debug("mastodon: status gone, no metrics", "account_id", acct.ID, "status_id", id)
			continue
		}
		if err != nil {
			return nil, err
		}
		out[id] = m.postMetrics()
	}
	return out, nil
}

// postMetrics maps Mastodon's counts to the shared names.
func (m Metrics) postMetrics() platforms.PostMetrics {
	return platforms.PostMetrics{Views: platforms.NotProvided, Likes: m.Favourites, Comments: m.Replies,
		Shares: m.Reblogs + m.Quotes, Saves: platforms.NotProvided}
}

// AccountMetrics reads followers_count, following_count and statuses_count from
// GET /api/v1/accounts/verify_credentials.
func (c *Connector) AccountMetrics(ctx context.Context, acct model.Account, token string) (platforms.AccountMetrics, error) {
	p, err := c.VerifyCredentials(ctx, acct.InstanceURL, token)
	if err != nil {
		return platforms.AccountMetrics{}, err
	}
	return platforms.AccountMetrics{Followers: p.FollowersCount, Following: p.FollowingCount, Posts: p.StatusesCount}, nil
}
