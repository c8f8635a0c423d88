package xcom

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// metricsBatch is how many ids GET /2/tweets takes at once (platforms.md §1: 1..100).
const metricsBatch = 100

var _ platforms.MetricsReader = (*Connector)(nil)

// publicMetrics is tweet.fields=public_metrics (platforms.md §1 Analytics [X10]).
// impression_count is absent on access tiers that do not give it.
type publicMetrics struct {
	Likes       int64  `json:"like_count"`
	Replies     int64  `json:"reply_count"`
	Retweets    int64  `json:"retweet_count"`
	Quotes      int64  `json:"quote_count"`
	Bookmarks   int64  `json:"bookmark_count"`
	Impressions *int64 `json:"impression_count"`
}

// postMetrics maps X's names: shares are retweets plus quotes, saves are bookmarks, and
// views are impressions when X gives them.
func (m publicMetrics) postMetrics() platforms.PostMetrics {
	views := platforms.NotProvided
	if m.Impressions != nil {
		views = *m.Impressions
	}
	return platforms.PostMetrics{Views: views, Likes: m.Likes, Comments: m.Replies,
		Shares: m.Retweets + m.Quotes, Saves: m.Bookmarks}
}

// PostMetrics reads the public metrics of the given tweets with GET /2/tweets
// (ids in batches of 100, tweet.fields=public_metrics; scopes tweet.read users.read).
// Tweets X no longer has come back in the answer's errors[] and are left out.
func (c *Connector) PostMetrics(ctx context.Context, acct model.Account, token string, postIDs []string) (map[string]platforms.PostMetrics, error) {
	out := make(map[string]platforms.PostMetrics, len(postIDs))
	for batch := range slices.Chunk(uniqueIDs(postIDs), metricsBatch) {
		if err := c.readMetrics(ctx, token, batch, out); err != nil {
			return nil, err
		}
	}
	slog.Debug("xcom: read post metrics", "account_id", acct.ID, "asked", len(postIDs), "found", len(out))
	return out, nil
}

// readMetrics reads one batch of ids into out.
func (c *Connector) readMetrics(ctx context.Context, token string, ids []string, out map[string]platforms.PostMetrics) error {
	q := url.Values{"ids": {strings.Join(ids, ",")}, "tweet.fields": {"public_metrics"}}
	var page struct {
		Data []struct {
			ID      string        `json:"id"`
			Metrics publicMetrics `json:"public_metrics"`
		} `json:"data"`
	}
	if err := c.do(ctx, apiCall{method: http.MethodGet, path: "/2/tweets?" + q.Encode(), token: token}, &page); err != nil {
		return err
	}
	for _, t := range page.Data {
		out[t.ID] = t.Metrics.postMetrics()
	}
	return nil
}

// AccountMetrics reads the account's followers, following and tweet counts from
// GET /2/users/me?user.fields=public_metrics.
func (c *Connector) AccountMetrics(ctx context.Context, acct model.Account, token string) (platforms.AccountMetrics, error) {
	var out struct {
		Data struct {
			Metrics struct {
				Followers int64 `json:"followers_count"`
				Following int64 `json:"following_count"`
				Tweets    int64 `json:"tweet_count"`
			} `json:"public_metrics"`
		} `json:"data"`
	}
	err := c.do(ctx, apiCall{method: http.MethodGet, path: "/2/users/me?user.fields=public_metrics", token: token}, &out)
	if err != nil {
		return platforms.AccountMetrics{}, err
	}
	m := out.Data.Metrics
	slog.Debug("xcom: read account metrics", "account_id", acct.ID, "followers", m.Followers)
	return platforms.AccountMetrics{Followers: m.Followers, Following: m.Following, Posts: m.Tweets}, nil
}

// uniqueIDs drops empty and repeated ids, keeping the first order.
func uniqueIDs(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
