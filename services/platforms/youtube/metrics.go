package youtube

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// listBatch is how many ids one videos.list call may name.
const listBatch = 50

// rateRetry is when a read refused by a per-minute rate limit is tried again.
const rateRetry = time.Minute

var _ platforms.MetricsReader = (*Connector)(nil)

// toReadStats is what reading statistics needs, for the sentence on a 403.
var toReadStats = permission{"read the channel's statistics", "youtube.readonly"}

// videoStatistics is the statistics part of a video; counts are decimal strings, and
// likeCount or commentCount are absent when the owner hides them.
type videoStatistics struct {
	ViewCount    *string `json:"viewCount"`
	LikeCount    *string `json:"likeCount"`
	CommentCount *string `json:"commentCount"`
}

// PostMetrics reads videos.list?part=statistics for the videos, 50 ids a call (1
// quota unit each): viewCount, likeCount and commentCount. YouTube gives no share or
// save count, so those are platforms.NotProvided, as are hidden likes and disabled
// comments. Videos YouTube no longer has are left out.
func (c *Connector) PostMetrics(ctx context.Context, acct model.Account, token string, postIDs []string) (map[string]platforms.PostMetrics, error) {
	ids := distinct(postIDs)
	out := make(map[string]platforms.PostMetrics, len(ids))
	for batch := range slices.Chunk(ids, listBatch) {
		var page struct {
			Items []struct {
				ID         string          `json:"id"`
				Statistics videoStatistics `json:"statistics"`
			} `json:"items"`
		}
		path := "/youtube/v3/videos?part=statistics&id=" + url.QueryEscape(strings.Join(batch, ","))
		if err := c.a.getJSON(ctx, path, token, &page); err != nil {
			return nil, c.metricsError(err)
		}
		for _, it := range page.Items {
			st := it.Statistics
			out[it.ID] = platforms.PostMetrics{Views: count(st.ViewCount), Likes: count(st.LikeCount), Comments: count(st.CommentCount),
				Shares: platforms.NotProvided, Saves: platforms.NotProvided}
		}
	}
	slog.Debug("youtube: read video statistics", "account_id", acct.ID, "asked", len(ids), "found", len(out))
	return out, nil
}

// AccountMetrics reads channels.list?part=statistics&mine=true: subscriberCount
// (platforms.NotProvided when the channel hides it) and videoCount. YouTube gives no
// "following" count.
func (c *Connector) AccountMetrics(ctx context.Context, acct model.Account, token string) (platforms.AccountMetrics, error) {
	var page struct {
		Items []struct {
			ID         string `json:"id"`
			Statistics struct {
				SubscriberCount *string `json:"subscriberCount"`
				Hidden          bool    `json:"hiddenSubscriberCount"`
				VideoCount      *string `json:"videoCount"`
			} `json:"statistics"`
		} `json:"items"`
	}
	if err := c.a.getJSON(ctx, "/youtube/v3/channels?part=statistics&mine=true", token, &page); err != nil {
		return platforms.AccountMetrics{}, c.metricsError(err)
	}
	for _, it := range page.Items {
		if acct.RemoteID != "" && it.ID != acct.RemoteID {
			continue
		}
		out := platforms.AccountMetrics{Followers: count(it.Statistics.SubscriberCount), Following: platforms.NotProvided,
			Posts: count(it.Statistics.VideoCount)}
		if it.Statistics.Hidden {
			out.Followers = platforms.NotProvided
		}
		return out, nil
	}
	return platforms.AccountMetrics{}, &platforms.Error{Platform: model.YouTube, Kind: platforms.Auth, Err: model.ErrUnauthorized,
		Message: "YouTube no longer lists this channel among the account's channels; connect the channel again."}
}

// metricsError adds what a statistics read needs to apiError's mapping: the daily
// quota retries at midnight Pacific time, a rate limit after a minute, and a missing
// permission names youtube.readonly.
func (c *Connector) metricsError(err error) error {
	var pe *platforms.Error
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case "quotaExceeded":
		pe.RetryAt = NextQuotaReset(c.a.now())
		pe.Message = "The Google Cloud project has used up its daily YouTube quota; statistics will be read again after midnight Pacific time. " + pe.Message
	case "rateLimitExceeded", "userRateLimitExceeded":
		pe.RetryAt = c.a.now().Add(rateRetry)
	case "insufficientPermissions":
		pe.Kind = platforms.Permanent
		pe.Message = fmt.Sprintf("Webox Social is not allowed to %s: connect the channel again and allow that permission (%s). %s",
			toReadStats.doing, toReadStats.scope, pe.Message)
	}
	if pe.Kind == platforms.Transient && errors.Is(pe, model.ErrRateLimited) && pe.RetryAt.IsZero() {
		pe.RetryAt = c.a.now().Add(rateRetry)
	}
	return pe
}

// count reads a decimal count; platforms.NotProvided when absent or unreadable.
func count(s *string) int64 {
	if s == nil {
		return platforms.NotProvided
	}
	n, err := strconv.ParseInt(*s, 10, 64)
	if err != nil {
		return platforms.NotProvided
	}
	return n
}

// distinct keeps the non-empty ids once each, in order.
func distinct(ids []string) []string {
	var out []string
	for _, id := range ids {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
