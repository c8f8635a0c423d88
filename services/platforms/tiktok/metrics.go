package tiktok

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Statistics scopes (platforms.md §5 OAuth): video counters need video.list, the
// creator's follower counts user.info.stats.
const (
	ScopeVideoList = "video.list"
	ScopeUserStats = "user.info.stats"
)

// queryBatch is how many ids one /v2/video/query/ call may name.
const queryBatch = 20

// Read paths with the fields asked for.
const (
	videoQueryPath = "/v2/video/query/?fields=id,view_count,like_count,comment_count,share_count"
	userStatsPath  = "/v2/user/info/?fields=follower_count,following_count,video_count"
)

var _ platforms.MetricsReader = (*Connector)(nil)

// queriedVideo is one entry of /v2/video/query/; a counter TikTok leaves out is nil.
type queriedVideo struct {
	ID       string `json:"id"`
	Views    *int64 `json:"view_count"`
	Likes    *int64 `json:"like_count"`
	Comments *int64 `json:"comment_count"`
	Shares   *int64 `json:"share_count"`
}

// PostMetrics reads POST /v2/video/query/ (scope video.list) for the public post ids,
// 20 a call: view_count, like_count, comment_count and share_count. Saves are
// platforms.NotProvided. Ids of the form "publish:<id>" are posts not public yet
// (still in moderation or in the inbox) and are skipped; posts TikTok does not return
// are left out. Without video.list the error is Permanent and names it.
func (c *Connector) PostMetrics(ctx context.Context, acct model.Account, token string, postIDs []string) (map[string]platforms.PostMetrics, error) {
	ids := publicIDs(postIDs)
	out := make(map[string]platforms.PostMetrics, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	if !granted(acct, ScopeVideoList) {
		return nil, needScope(ScopeVideoList, "")
	}
	for batch := range slices.Chunk(ids, queryBatch) {
		var data struct {
			Videos []queriedVideo `json:"videos"`
		}
		in := map[string]any{"filters": map[string]any{"video_ids": batch}}
		if err := c.a.apiCall(ctx, http.MethodPost, videoQueryPath, token, in, &data); err != nil {
			return nil, c.metricsError(err, ScopeVideoList)
		}
		for _, v := range data.Videos {
			out[v.ID] = platforms.PostMetrics{Views: orNone(v.Views), Likes: orNone(v.Likes), Comments: orNone(v.Comments),
				Shares: orNone(v.Shares), Saves: platforms.NotProvided}
		}
	}
	slog.Debug("tiktok: read video statistics", "account_id", acct.ID, "asked", len(ids), "found", len(out))
	return out, nil
}

// AccountMetrics reads GET /v2/user/info/ (scope user.info.stats): follower_count,
// following_count and video_count. Without user.info.stats the error is Permanent and
// names it.
func (c *Connector) AccountMetrics(ctx context.Context, acct model.Account, token string) (platforms.AccountMetrics, error) {
	if !granted(acct, ScopeUserStats) {
		return platforms.AccountMetrics{}, needScope(ScopeUserStats, "")
	}
	var data struct {
		User struct {
			Followers *int64 `json:"follower_count"`
			Following *int64 `json:"following_count"`
			Videos    *int64 `json:"video_count"`
		} `json:"user"`
	}
	if err := c.a.apiCall(ctx, http.MethodGet, userStatsPath, token, nil, &data); err != nil {
		return platforms.AccountMetrics{}, c.metricsError(err, ScopeUserStats)
	}
	u := data.User
	return platforms.AccountMetrics{Followers: orNone(u.Followers), Following: orNone(u.Following), Posts: orNone(u.Videos)}, nil
}

// publicIDs keeps the distinct ids of public posts, in order.
func publicIDs(ids []string) []string {
	var out []string
	for _, id := range ids {
		if id != "" && !strings.HasPrefix(id, "publish:") && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// granted reports whether acct has scope; an account whose scopes are not known is
// given the benefit of the doubt (TikTok then says).
func granted(acct model.Account, scope string) bool {
	return len(acct.Scopes) == 0 || slices.Contains(acct.Scopes, scope)
}

// metricsError maps a statistics read's failure: a missing scope is Permanent and
// names it, a rate limit retries after TikTok's one-minute window; the rest as
// TikTok's answer says (an invalid token is Auth).
func (c *Connector) metricsError(err error, scope string) error {
	var pe *platforms.Error
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case "scope_not_authorized", "scope_permission_missed":
		e := needScope(scope, pe.Message)
		e.Status, e.Code = pe.Status, pe.Code
		return e
	case "rate_limit_exceeded":
		pe.Kind, pe.Err = platforms.Transient, model.ErrRateLimited
	}
	if errors.Is(pe, model.ErrRateLimited) && pe.RetryAt.IsZero() {
		pe.RetryAt = c.a.now().Add(rateWindow)
	}
	pe.Uncertain = false
	return pe
}

// needScope is the Permanent error for statistics TikTok gives only with scope; words
// are TikTok's own, when it said something.
func needScope(scope, words string) *platforms.Error {
	msg := "This TikTok account was connected without the " + scope +
		" permission, so Webox Social cannot read its statistics: reconnect the account and allow it."
	if words != "" {
		msg += " TikTok says: " + words
	}
	return &platforms.Error{Platform: model.TikTok, Kind: platforms.Permanent, Err: model.ErrUnauthorized, Message: msg}
}

// orNone is *n, or platforms.NotProvided when TikTok left the counter out.
func orNone(n *int64) int64 {
	if n == nil {
		return platforms.NotProvided
	}
	return *n
}
