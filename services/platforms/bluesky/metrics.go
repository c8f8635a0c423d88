package bluesky

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// getPostsBatch is how many at:// URIs app.bsky.feed.getPosts takes (platforms.md §8).
const getPostsBatch = 25

var _ platforms.MetricsReader = (*Connector)(nil)

// postView is the part of an app.bsky.feed.defs#postView the metrics read.
type postView struct {
	URI       string `json:"uri"`
	Likes     int64  `json:"likeCount"`
	Reposts   int64  `json:"repostCount"`
	Replies   int64  `json:"replyCount"`
	Quotes    int64  `json:"quoteCount"`
	Bookmarks *int64 `json:"bookmarkCount"` // newer AppViews only
}

// postMetrics maps Bluesky's names: shares are reposts plus quotes, saves are bookmarks
// where the AppView counts them. Bluesky has no views.
func (p postView) postMetrics() platforms.PostMetrics {
	saves := platforms.NotProvided
	if p.Bookmarks != nil {
		saves = *p.Bookmarks
	}
	return platforms.PostMetrics{Views: platforms.NotProvided, Likes: p.Likes, Comments: p.Replies,
		Shares: p.Reposts + p.Quotes, Saves: saves}
}

// PostMetrics reads the posts' counts with app.bsky.feed.getPosts through the account's
// PDS (at most 25 URIs a call). Posts the AppView no longer has, and ids that are not
// at:// post URIs, are left out.
func (c *Connector) PostMetrics(ctx context.Context, acct model.Account, token string, postIDs []string) (map[string]platforms.PostMetrics, error) {
	base, err := serviceBase(acct.InstanceURL, DefaultService)
	if err != nil {
		return nil, err
	}
	out := make(map[string]platforms.PostMetrics, len(postIDs))
	for batch := range slices.Chunk(postURIs(postIDs), getPostsBatch) {
		var page struct {
			Posts []postView `json:"posts"`
		}
		q := url.Values{"uris": batch}
		if err := send(ctx, c.hc, call{base: base, nsid: "app.bsky.feed.getPosts", query: q, token: token}, &page); err != nil {
			return nil, metricsError(err)
		}
		for _, p := range page.Posts {
			out[p.URI] = p.postMetrics()
		}
	}
	c.log.Debug("bluesky: read post metrics", "account_id", acct.ID, "asked", len(postIDs), "found", len(out))
	return out, nil
}

// postURIs keeps the distinct at:// URIs of ids, in order.
func postURIs(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if _, _, _, ok := parseATURI(id); ok && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// AccountMetrics reads followersCount, followsCount and postsCount with
// app.bsky.actor.getProfile for the account's DID.
func (c *Connector) AccountMetrics(ctx context.Context, acct model.Account, token string) (platforms.AccountMetrics, error) {
	base, err := serviceBase(acct.InstanceURL, DefaultService)
	if err != nil {
		return platforms.AccountMetrics{}, err
	}
	var p struct {
		Followers int64 `json:"followersCount"`
		Follows   int64 `json:"followsCount"`
		Posts     int64 `json:"postsCount"`
	}
	q := url.Values{"actor": {acct.RemoteID}}
	if err := send(ctx, c.hc, call{base: base, nsid: "app.bsky.actor.getProfile", query: q, token: token}, &p); err != nil {
		return platforms.AccountMetrics{}, metricsError(err)
	}
	return platforms.AccountMetrics{Followers: p.Followers, Following: p.Follows, Posts: p.Posts}, nil
}

// metricsError turns an XRPC error into a sentence for the user with Bluesky's own words.
func metricsError(err error) error {
	var pe *platforms.Error
	if !errors.As(err, &pe) || pe.Status == 0 {
		return err
	}
	out := *pe
	if out.Err == nil {
		out.Err = errors.New(pe.Message)
	}
	lead := "Could not read the statistics from Bluesky."
	switch {
	case pe.Kind == platforms.Auth:
		lead = "The Bluesky session of this account has expired or was ended; reconnect the account."
	case pe.Status == 429:
		lead = "Bluesky is limiting requests from this account for now" + retryText(pe) + "."
	}
	out.Message = lead + fmt.Sprintf(" Bluesky said: “%s”.", pe.Message)
	return &out
}
