package instagram

import (
	"context"
	"errors"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// insightMetrics are the current media insights metrics read (platforms.md §2
// Analytics): impressions, plays and video_views were retired on 2025-04-21.
const insightMetrics = "views,reach,likes,comments,shares,saved,total_interactions"

// accountCountFields are the IG User fields read for the account's counters.
const accountCountFields = "followers_count,follows_count,media_count"

// throttleRetry is when a throttled read is tried again when Meta does not say: its
// Business Use Case limits are over a rolling hour.
const throttleRetry = time.Hour

var _ platforms.MetricsReader = (*Connector)(nil)

// insightsAnswer is GET /{ig-media-id}/insights; a metric Instagram does not have for
// the media is absent, not 0.
type insightsAnswer struct {
	Data []struct {
		Name   string `json:"name"`
		Values []struct {
			Value int64 `json:"value"`
		} `json:"values"`
		TotalValue *struct {
			Value int64 `json:"value"`
		} `json:"total_value"`
	} `json:"data"`
}

// PostMetrics reads GET /{ig-media-id}/insights?metric=views,reach,likes,comments,
// shares,saved,total_interactions for each media, on the account's Graph host
// (graph.instagram.com with instagram_business_manage_insights, or graph.facebook.com
// with instagram_manage_insights). A metric Instagram leaves out (a story's likes, say)
// is platforms.NotProvided, and so is every counter of a media Instagram gives no
// insights for (too few viewers, a carousel child). Media Instagram no longer has are
// left out. Without the insights permission the error is Permanent and names it.
func (c *Connector) PostMetrics(ctx context.Context, acct model.Account, token string, postIDs []string) (map[string]platforms.PostMetrics, error) {
	ac, err := c.account(acct, token)
	if err != nil {
		return nil, err
	}
	need := ac.insightsPermission()
	if len(acct.Scopes) > 0 && !slices.Contains(acct.Scopes, need) {
		return nil, needPermission(need, "")
	}
	out := map[string]platforms.PostMetrics{}
	for _, id := range distinctIDs(postIDs) {
		m, found, err := c.mediaMetrics(ctx, ac, id)
		if err != nil {
			return nil, c.metricsError(err, need)
		}
		if found {
			out[id] = m
		}
	}
	slog.Debug("instagram: read media insights", "account_id", acct.ID, "asked", len(postIDs), "found", len(out))
	return out, nil
}

// mediaMetrics reads one media's insights; found is false when Instagram does not
// have the media.
func (c *Connector) mediaMetrics(ctx context.Context, ac account, id string) (platforms.PostMetrics, bool, error) {
	var ans insightsAnswer
	err := c.get(ctx, ac, ac.base+"/"+url.PathEscape(id)+"/insights?metric="+insightMetrics, &ans)
	var pe *platforms.Error
	switch {
	case err == nil:
		return ans.metrics(), true, nil
	case !errors.As(err, &pe) || pe.Kind != platforms.Permanent || refusedPermission(pe):
		return platforms.PostMetrics{}, false, err
	case pe.Code == "100/33":
		return platforms.PostMetrics{}, false, nil
	}
	slog.Warn("instagram: no insights for media", "media", id, "code", pe.Code, "said", metaWords(pe))
	none := platforms.NotProvided
	return platforms.PostMetrics{Views: none, Likes: none, Comments: none, Shares: none, Saves: none}, true, nil
}

// metrics maps the answer; absent metrics are platforms.NotProvided.
func (a insightsAnswer) metrics() platforms.PostMetrics {
	got := map[string]int64{}
	for _, d := range a.Data {
		switch {
		case d.TotalValue != nil:
			got[d.Name] = d.TotalValue.Value
		case len(d.Values) > 0:
			got[d.Name] = d.Values[len(d.Values)-1].Value
		}
	}
	value := func(name string) int64 {
		if n, ok := got[name]; ok {
			return n
		}
		return platforms.NotProvided
	}
	return platforms.PostMetrics{Views: value("views"), Likes: value("likes"), Comments: value("comments"),
		Shares: value("shares"), Saves: value("saved")}
}

// AccountMetrics reads GET /{ig-user-id}?fields=followers_count,follows_count,
// media_count (the basic permission of the account's variant).
func (c *Connector) AccountMetrics(ctx context.Context, acct model.Account, token string) (platforms.AccountMetrics, error) {
	ac, err := c.account(acct, token)
	if err != nil {
		return platforms.AccountMetrics{}, err
	}
	var node struct {
		Followers *int64 `json:"followers_count"`
		Follows   *int64 `json:"follows_count"`
		Media     *int64 `json:"media_count"`
	}
	if err := c.get(ctx, ac, ac.base+"/"+url.PathEscape(ac.user)+"?fields="+accountCountFields, &node); err != nil {
		return platforms.AccountMetrics{}, c.metricsError(err, ac.basicPermission())
	}
	return platforms.AccountMetrics{Followers: orNone(node.Followers), Following: orNone(node.Follows), Posts: orNone(node.Media)}, nil
}

// metricsError completes apiError's mapping for statistics reads: throttling without
// a regain time retries after the rolling hour, and a refused permission names the one
// reading needs (apiError names publishing's).
func (c *Connector) metricsError(err error, perm string) error {
	var pe *platforms.Error
	if !errors.As(err, &pe) {
		return err
	}
	if errors.Is(pe, model.ErrRateLimited) && pe.RetryAt.IsZero() {
		pe.RetryAt = c.now().Add(throttleRetry)
	}
	if pe.Kind == platforms.Permanent && refusedPermission(pe) {
		e := needPermission(perm, metaWords(pe))
		e.Status, e.Code = pe.Status, pe.Code
		return e
	}
	pe.Uncertain = false
	return pe
}

// refusedPermission reports Meta's "permission missing" answer: code 10 or 2xx whose
// words speak of permission (code 10 also says a media has too few viewers).
func refusedPermission(pe *platforms.Error) bool {
	code, _ := splitCode(pe.Code)
	return (code == 10 || code >= 200 && code < 300) && strings.Contains(strings.ToLower(metaWords(pe)), "permission")
}

// metaWords is Meta's own message inside an apiError sentence.
func metaWords(pe *platforms.Error) string {
	if _, words, ok := strings.Cut(pe.Message, "Instagram said: "); ok {
		return words
	}
	return pe.Message
}

// needPermission is the Permanent error for statistics Instagram gives only with perm.
func needPermission(perm, words string) *platforms.Error {
	msg := "Webox Social may not read this Instagram account's statistics without the " + perm +
		" permission, so connect the account again and allow it."
	if words != "" {
		msg += " Instagram said: " + words
	}
	return &platforms.Error{Platform: model.Instagram, Kind: platforms.Permanent, Err: model.ErrUnauthorized, Message: msg}
}

// insightsPermission is the permission media insights need in the account's variant.
func (ac account) insightsPermission() string {
	if ac.facebook {
		return "instagram_manage_insights"
	}
	return "instagram_business_manage_insights"
}

// basicPermission is the permission reading the account's node needs.
func (ac account) basicPermission() string {
	if ac.facebook {
		return "instagram_basic"
	}
	return "instagram_business_basic"
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

// orNone is *n, or platforms.NotProvided when Instagram left the field out.
func orNone(n *int64) int64 {
	if n == nil {
		return platforms.NotProvided
	}
	return *n
}
