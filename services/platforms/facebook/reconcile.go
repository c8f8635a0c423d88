package facebook

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// pagePost is one entry of GET /{page}/posts.
type pagePost struct {
	ID          string `json:"id"`
	Message     string `json:"message"`
	CreatedTime string `json:"created_time"`
}

// postsPage is one page of the /posts listing.
type postsPage struct {
	Data   []pagePost `json:"data"`
	Paging struct {
		Next string `json:"next"`
	} `json:"paging"`
}

// Reconcile reads back the Page's posts since a minute before req.StartedAt (Graph has
// no idempotency key) and looks for one whose message is exactly req.Text. found=false
// with a nil error means the whole window was read and no such post exists. A post
// without text cannot be told apart, so it is an error (the outcome cannot be known).
func (c *Connector) Reconcile(ctx context.Context, req platforms.Request) (platforms.Result, bool, error) {
	if req.Text == "" {
		return platforms.Result{}, false, &platforms.Error{Platform: c.g.Platform, Kind: platforms.Permanent,
			Message: "a Facebook post without text cannot be looked up, so whether it went out is not known", Err: model.ErrInvalid}
	}
	q := url.Values{"fields": {"id,message,created_time"}, "limit": {"100"},
		"since": {strconv.FormatInt(req.StartedAt.Add(-reconcileSlack).Unix(), 10)}}
	next := c.g.BaseURL + "/" + url.PathEscape(req.Account.RemoteID) + "/posts?" + q.Encode()
	for range maxPages {
		var page postsPage
		if err := c.send(ctx, http.MethodGet, next, req.Token, nil, "", &page); err != nil {
			return platforms.Result{}, false, err
		}
		for _, p := range page.Data {
			if p.Message == req.Text {
				return platforms.Result{PlatformPostID: p.ID, Permalink: permalink(p.ID), PublishedAt: graphTime(p.CreatedTime)}, true, nil
			}
		}
		if page.Paging.Next == "" || len(page.Data) == 0 {
			return platforms.Result{}, false, nil
		}
		next = stripToken(page.Paging.Next)
	}
	return platforms.Result{}, false, &platforms.Error{Platform: c.g.Platform, Kind: platforms.Transient,
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
