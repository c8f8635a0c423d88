package facebook

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// ScopeInsights is the permission Page and post insights need (platforms.md §3).
const ScopeInsights = "read_insights"

// viewsMetric is the post insights metric read for views: unique viewers of the post's
// media, which replaced post_impressions_unique (removed by 2025-06-15).
const viewsMetric = "post_total_media_view_unique"

// Fields read on a post (or a video, which has no shares field) for its counts.
const (
	postCountFields  = "reactions.summary(total_count),comments.summary(total_count),shares"
	videoCountFields = "reactions.summary(total_count),comments.summary(total_count)"
)

// throttleRetry is when a throttled statistics read is tried again: Meta's usage
// limits are over a rolling hour.
const throttleRetry = time.Hour

var _ platforms.MetricsReader = (*Connector)(nil)

// postCounts is a post or video node with its counters.
type postCounts struct {
	Reactions summaryCount `json:"reactions"`
	Comments  summaryCount `json:"comments"`
	Shares    *struct {
		Count int64 `json:"count"`
	} `json:"shares"`
}

type summaryCount struct {
	Summary *struct {
		TotalCount int64 `json:"total_count"`
	} `json:"summary"`
}

func (s summaryCount) total() int64 {
	if s.Summary == nil {
		return platforms.NotProvided
	}
	return s.Summary.TotalCount
}

// PostMetrics reads each post's reactions, comments and shares
// (GET /{post}?fields=reactions.summary(total_count),comments.summary(total_count),shares,
// pages_read_engagement) and its views from post insights (post_total_media_view_unique,
// read_insights); Likes counts every reaction. A video's shares and views are not read (platforms.NotProvided), nor
// views without read_insights; saves never exist on Facebook. Posts Facebook no longer
// has are left out.
func (c *Connector) PostMetrics(ctx context.Context, acct model.Account, token string, postIDs []string) (map[string]platforms.PostMetrics, error) {
	insights := len(acct.Scopes) == 0 || slices.Contains(acct.Scopes, ScopeInsights)
	out := map[string]platforms.PostMetrics{}
	for _, id := range distinctIDs(postIDs) {
		m, found, err := c.postMetrics(ctx, token, id, insights)
		if err != nil {
			return nil, c.metricsError(err)
		}
		if found {
			out[id] = m
		}
	}
	slog.Debug("facebook: read post metrics", "account_id", acct.ID, "asked", len(postIDs), "found", len(out))
	return out, nil
}

// postMetrics reads one post's counters; found is false when Facebook does not have it.
func (c *Connector) postMetrics(ctx context.Context, token, id string, insights bool) (platforms.PostMetrics, bool, error) {
	video := !strings.Contains(id, "_")
	fields := postCountFields
	if video {
		fields = videoCountFields
	}
	var pc postCounts
	if err := c.getNode(ctx, "/"+url.PathEscape(id)+"?fields="+url.QueryEscape(fields), token, &pc); err != nil {
		if gone(err) {
			return platforms.PostMetrics{}, false, nil
		}
		return platforms.PostMetrics{}, false, err
	}
	m := platforms.PostMetrics{Views: platforms.NotProvided, Likes: pc.Reactions.total(), Comments: pc.Comments.total(),
		Shares: platforms.NotProvided, Saves: platforms.NotProvided}
	if video {
		return m, true, nil
	}
	if pc.Shares != nil {
		m.Shares = pc.Shares.Count
	} else {
		m.Shares = 0 // Graph leaves shares out of a post nobody shared
	}
	if insights {
		views, err := c.postViews(ctx, token, id)
		if err != nil {
			return platforms.PostMetrics{}, false, err
		}
		m.Views = views
	}
	return m, true, nil
}

// postViews reads post_total_media_view_unique; platforms.NotProvided when Facebook
// refuses the permission (the counts are still worth keeping) or sends no value.
func (c *Connector) postViews(ctx context.Context, token, id string) (int64, error) {
	var ans struct {
		Data []struct {
			Name   string `json:"name"`
			Values []struct {
				Value int64 `json:"value"`
			} `json:"values"`
		} `json:"data"`
	}
	err := c.getNode(ctx, "/"+url.PathEscape(id)+"/insights?metric="+viewsMetric, token, &ans)
	var pe *platforms.Error
	if errors.As(err, &pe) && pe.Kind == platforms.Permanent && permissionCode(pe.Code) {
		slog.Warn("facebook: post insights refused; views not read", "post", id, "code", pe.Code)
		return platforms.NotProvided, nil
	}
	if err != nil {
		return 0, err
	}
	for _, d := range ans.Data {
		if d.Name == viewsMetric && len(d.Values) > 0 {
			return d.Values[len(d.Values)-1].Value, nil
		}
	}
	return platforms.NotProvided, nil
}

// AccountMetrics reads the Page's followers (GET /{page}?fields=followers_count). A
// Page follows no one and Graph gives no post count cheaply: both are
// platforms.NotProvided.
func (c *Connector) AccountMetrics(ctx context.Context, acct model.Account, token string) (platforms.AccountMetrics, error) {
	if acct.RemoteID == "" {
		return platforms.AccountMetrics{}, c.invalid("the account has no Facebook Page id")
	}
	var page struct {
		Followers *int64 `json:"followers_count"`
	}
	if err := c.getNode(ctx, "/"+url.PathEscape(acct.RemoteID)+"?fields=followers_count", token, &page); err != nil {
		return platforms.AccountMetrics{}, c.metricsError(err)
	}
	out := platforms.AccountMetrics{Followers: platforms.NotProvided, Following: platforms.NotProvided, Posts: platforms.NotProvided}
	if page.Followers != nil {
		out.Followers = *page.Followers
	}
	return out, nil
}

// getNode reads path (with its query) from the Graph API into out.
func (c *Connector) getNode(ctx context.Context, path, token string, out any) error {
	return c.send(ctx, http.MethodGet, c.g.BaseURL+path, token, nil, "", out)
}

// metricsError completes ParseError's mapping for statistics reads: an expired or
// revoked token asks for the Page to be connected again, throttling retries after the
// rolling hour, a refused permission names what to allow.
func (c *Connector) metricsError(err error) error {
	var pe *platforms.Error
	if !errors.As(err, &pe) {
		return err
	}
	words := pe.Message
	switch {
	case pe.Kind == platforms.Auth:
		pe.Message = "Facebook did not accept the Page's sign-in, so the Page must be connected again. Facebook said: " + words
	case errors.Is(pe, model.ErrRateLimited):
		if pe.RetryAt.IsZero() {
			pe.RetryAt = c.now().Add(throttleRetry)
		}
		pe.Message = "Facebook is limiting how often Webox Social may read statistics; it will try again later. Facebook said: " + words
	case pe.Kind == platforms.Permanent && permissionCode(pe.Code):
		pe.Message = "Webox Social may not read this Page's statistics without the pages_read_engagement permission: " +
			"connect the Page again and allow it. Facebook said: " + words
	}
	pe.Uncertain = false
	return pe
}

// permissionCode reports Meta's "permission missing" codes: 10 and 200–299.
func permissionCode(code string) bool {
	c, _, _ := strings.Cut(code, "/")
	return c == "10" || len(c) == 3 && c[0] == '2'
}

// gone reports Graph's answer for an object that does not exist (any more): code 100
// with subcode 33.
func gone(err error) bool {
	var pe *platforms.Error
	return errors.As(err, &pe) && pe.Code == "100/33"
}

// distinctIDs keeps the non-empty ids once each, in order.
func distinctIDs(ids []string) []string {
	var out []string
	for _, id := range ids {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
