package facebook

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// pagePost is one entry of GET /{page}/posts or /{page}/scheduled_posts.
type pagePost struct {
	ID          string `json:"id"`
	Message     string `json:"message"`
	CreatedTime string `json:"created_time"`
	Permalink   string `json:"permalink_url"`
}

// pageVideo is one entry of GET /{page}/videos.
type pageVideo struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	CreatedTime string `json:"created_time"`
	Published   bool   `json:"published"`
	Permalink   string `json:"permalink_url"`
}

// listing is one page of a Graph list.
type listing[T any] struct {
	Data   []T `json:"data"`
	Paging struct {
		Next string `json:"next"`
	} `json:"paging"`
}

// Reconcile reads back what the Page made since a minute before req.StartedAt (Graph
// has no idempotency key): for a video its /videos, matched on description (and title
// when set); otherwise, for a scheduled request its /scheduled_posts first, then its
// /posts, matched on message = req.Text. found=false with a nil error means the whole
// window was read and no such item exists. Without text (or a video title) there is
// nothing to match, so that is an error: the outcome cannot be known.
func (c *Connector) Reconcile(ctx context.Context, req platforms.Request) (platforms.Result, bool, error) {
	video := hasVideo(req.Media)
	if req.Text == "" && (!video || req.Options.Title == "") {
		return platforms.Result{}, false, &platforms.Error{Platform: c.g.Platform, Kind: platforms.Permanent,
			Message: "a Facebook post without text cannot be looked up, so whether it went out is not known", Err: model.ErrInvalid}
	}
	if video {
		return c.reconcileVideo(ctx, req)
	}
	if !req.ScheduleAt.IsZero() {
		res, found, err := c.findPost(ctx, req, "/scheduled_posts", url.Values{})
		if err != nil || found {
			res.Scheduled = found
			return res, found, err
		}
	}
	return c.findPost(ctx, req, "/posts", url.Values{"since": {strconv.FormatInt(c.since(req).Unix(), 10)}})
}

func (c *Connector) since(req platforms.Request) time.Time { return req.StartedAt.Add(-reconcileSlack) }

// findPost looks through a post listing of the Page for req.Text created since the window.
func (c *Connector) findPost(ctx context.Context, req platforms.Request, edge string, q url.Values) (platforms.Result, bool, error) {
	q.Set("fields", "id,message,created_time,permalink_url")
	q.Set("limit", "100")
	since := c.since(req)
	p, found, err := scan(ctx, c, req.Token, c.g.BaseURL+"/"+url.PathEscape(req.Account.RemoteID)+edge+"?"+q.Encode(),
		func(p pagePost) (bool, bool) {
			return p.Message == req.Text && !graphTime(p.CreatedTime).Before(since), false
		})
	if !found {
		return platforms.Result{}, false, err
	}
	return platforms.Result{PlatformPostID: p.ID, Permalink: cmp.Or(p.Permalink, permalink(p.ID)), PublishedAt: graphTime(p.CreatedTime)}, true, nil
}

// reconcileVideo looks through the Page's videos, newest first, down to the window.
func (c *Connector) reconcileVideo(ctx context.Context, req platforms.Request) (platforms.Result, bool, error) {
	q := url.Values{"fields": {"id,title,description,created_time,published,permalink_url"}, "limit": {"100"}}
	since := c.since(req)
	v, found, err := scan(ctx, c, req.Token, c.g.BaseURL+"/"+url.PathEscape(req.Account.RemoteID)+"/videos?"+q.Encode(),
		func(v pageVideo) (bool, bool) {
			created := graphTime(v.CreatedTime)
			if !created.IsZero() && created.Before(since) {
				return false, true
			}
			return v.Description == req.Text && (req.Options.Title == "" || v.Title == req.Options.Title), false
		})
	if !found {
		return platforms.Result{}, false, err
	}
	return platforms.Result{PlatformPostID: v.ID, Permalink: videoLink(req.Account.RemoteID, v.ID, v.Permalink),
		PublishedAt: graphTime(v.CreatedTime), Scheduled: !v.Published && !req.ScheduleAt.IsZero()}, true, nil
}

// scan reads a Graph listing page by page until match finds an entry or says stop (the
// rest is outside the window), or the listing ends; found=false with a nil error means
// it was read to its end.
func scan[T any](ctx context.Context, c *Connector, token, first string, match func(T) (found, stop bool)) (T, bool, error) {
	var zero T
	next := first
	for range maxPages {
		var page listing[T]
		if err := c.send(ctx, http.MethodGet, next, token, nil, "", &page); err != nil {
			return zero, false, err
		}
		for _, e := range page.Data {
			found, stop := match(e)
			if found || stop {
				return e, found, nil
			}
		}
		if page.Paging.Next == "" || len(page.Data) == 0 {
			return zero, false, nil
		}
		next = stripToken(page.Paging.Next)
	}
	return zero, false, &platforms.Error{Platform: c.g.Platform, Kind: platforms.Transient,
		Message: "too many recent Page posts to check whether the post went out"}
}

// stripToken drops an access_token Meta may echo in paging links; the header carries it.
func stripToken(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	if q.Has("access_token") {
		q.Del("access_token")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// graphTime parses Graph's "2006-01-02T15:04:05+0000"; zero when it cannot.
func graphTime(s string) time.Time {
	t, err := time.Parse("2006-01-02T15:04:05-0700", strings.TrimSpace(s))
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}
