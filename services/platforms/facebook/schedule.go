package facebook

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"webox-social/services/platforms"
)

// Native scheduling window (platforms.md §3): at least 10 minutes ahead; the upper bound
// is given as ~6 months or 30 days by different sources (unverified), so the smaller
// one is used: a post inside it is accepted either way.
const (
	MinSchedule = 10 * time.Minute
	MaxSchedule = 30 * 24 * time.Hour
)

// NativeWindow is MinSchedule..MaxSchedule.
func (c *Connector) NativeWindow() (min, max time.Duration) { return MinSchedule, MaxSchedule }

// scheduleForm is published=false + scheduled_publish_time (Unix) for a post to go out
// at at; nil publishes now.
func scheduleForm(at time.Time) url.Values {
	if at.IsZero() {
		return nil
	}
	return url.Values{"published": {"false"}, "scheduled_publish_time": {strconv.FormatInt(at.Unix(), 10)}}
}

// Confirm asks whether the post (or video) scheduled as platformPostID has gone out:
// GET /{id}?fields=is_published,permalink_url,created_time for a post, and the Video
// node's own published field for a video (req.Media holds it). A post deleted on
// Facebook is a Permanent error with Meta's words.
func (c *Connector) Confirm(ctx context.Context, req platforms.Request, platformPostID string) (platforms.Result, bool, error) {
	flag := "is_published"
	if hasVideo(req.Media) {
		flag = "published"
	}
	var n struct {
		IsPublished bool   `json:"is_published"`
		Published   bool   `json:"published"`
		Permalink   string `json:"permalink_url"`
		Created     string `json:"created_time"`
	}
	u := c.g.BaseURL + "/" + url.PathEscape(platformPostID) + "?" + url.Values{"fields": {flag + ",permalink_url,created_time"}}.Encode()
	if err := c.send(ctx, http.MethodGet, u, req.Token, nil, "", &n); err != nil {
		return platforms.Result{}, false, err
	}
	if !n.IsPublished && !n.Published {
		return platforms.Result{}, false, nil
	}
	link := cmp.Or(n.Permalink, permalink(platformPostID))
	if flag == "published" {
		link = videoLink(req.Account.RemoteID, platformPostID, n.Permalink)
	}
	return platforms.Result{PlatformPostID: platformPostID, Permalink: link,
		PublishedAt: cmp.Or(graphTime(n.Created), req.ScheduleAt)}, true, nil
}

func hasVideo(media []platforms.MediaFile) bool {
	for _, m := range media {
		if strings.HasPrefix(m.Mime, "video/") {
			return true
		}
	}
	return false
}
