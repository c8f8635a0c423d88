package instagram

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Read-back bounds: the window opens a minute before the first attempt started, and
// at most maxPages pages of pageSize recent media are read.
const (
	reconcileSlack = time.Minute
	maxPages       = 10
	pageSize       = "50"
)

// unsupportedDelete is the answer where Instagram's API cannot delete (platforms.md §2
// Deletion: only Facebook Login apps holding instagram_manage_contents can).
const unsupportedDelete = "Instagram does not let apps delete posts; delete it in the Instagram app"

// igMedia is one entry of GET /{ig-user-id}/media.
type igMedia struct {
	ID        string `json:"id"`
	Caption   string `json:"caption"`
	Timestamp string `json:"timestamp"`
	Permalink string `json:"permalink"`
}

// mediaPage is one page of the /media listing.
type mediaPage struct {
	Data   []igMedia `json:"data"`
	Paging struct {
		Next string `json:"next"`
	} `json:"paging"`
}

// Reconcile finds out whether the attempt req.AttemptKey went out. When this process
// made its container, the container's status_code tells (PUBLISHED: out; anything
// else: not out, and Publish goes on with it). After a restart the account's recent
// media since req.StartedAt are read back for one whose caption is req.Text; a story
// or a post without text cannot be told apart, so its outcome is not known (error).
func (c *Connector) Reconcile(ctx context.Context, req platforms.Request) (platforms.Result, bool, error) {
	ac, err := c.account(req.Account, req.Token)
	if err != nil {
		return platforms.Result{}, false, err
	}
	if a := c.attempt(req.AttemptKey); a != nil {
		return c.reconcileContainer(ctx, ac, req, a)
	}
	if req.Options.Format == "story" || req.Text == "" {
		return platforms.Result{}, false, &platforms.Error{Platform: model.Instagram, Kind: platforms.Permanent, Err: model.ErrInvalid,
			Message: "an Instagram story or a post without a caption cannot be looked up, so whether it went out is not known"}
	}
	return c.readBack(ctx, ac, req)
}

// reconcileContainer checks the container this process made for the attempt.
func (c *Connector) reconcileContainer(ctx context.Context, ac account, req platforms.Request, a *attempt) (platforms.Result, bool, error) {
	st, _, err := c.status(ctx, ac, a.containerID)
	if err != nil {
		return platforms.Result{}, false, err
	}
	if st != statusPublished {
		slog.Info("instagram: container not published", "container", a.containerID, "status", st)
		return platforms.Result{}, false, nil
	}
	res, err := c.findPublished(ctx, ac, req)
	if err != nil {
		return platforms.Result{}, false, err
	}
	return res, true, c.settle(ctx, req.AttemptKey, a, nil)
}

// findPublished names the media of a container known to be PUBLISHED (whose
// media_publish answer was lost) by reading back recent media. A story, or a post the
// listing does not show yet (or one without a caption), is still published: the Result then has no id.
func (c *Connector) findPublished(ctx context.Context, ac account, req platforms.Request) (platforms.Result, error) {
	if req.Options.Format != "story" && req.Text != "" {
		res, found, err := c.readBack(ctx, ac, req)
		if err != nil || found {
			return res, err
		}
	}
	slog.Warn("instagram: published media not identified", "account", req.Account.ID)
	return platforms.Result{PublishedAt: c.now().UTC()}, nil
}

// readBack pages through GET /{ig-user-id}/media (newest first) since a minute before
// req.StartedAt for media whose caption is req.Text. found=false with a nil error means
// the whole window was read and there is none.
func (c *Connector) readBack(ctx context.Context, ac account, req platforms.Request) (platforms.Result, bool, error) {
	since := req.StartedAt.Add(-reconcileSlack)
	q := url.Values{"fields": {"id,caption,timestamp,permalink"}, "limit": {pageSize}}
	if !req.StartedAt.IsZero() {
		q.Set("since", strconv.FormatInt(since.Unix(), 10))
	}
	next := ac.base + "/" + url.PathEscape(ac.user) + "/media?" + q.Encode()
	want := strings.TrimSpace(req.Text)
	for range maxPages {
		var page mediaPage
		if err := c.get(ctx, ac, next, &page); err != nil {
			return platforms.Result{}, false, err
		}
		for _, m := range page.Data {
			t := graphTime(m.Timestamp)
			if !req.StartedAt.IsZero() && !t.IsZero() && t.Before(since) {
				return platforms.Result{}, false, nil
			}
			if strings.TrimSpace(m.Caption) == want {
				return platforms.Result{PlatformPostID: m.ID, Permalink: m.Permalink, PublishedAt: t}, true, nil
			}
		}
		if page.Paging.Next == "" || len(page.Data) == 0 {
			return platforms.Result{}, false, nil
		}
		next = stripToken(page.Paging.Next)
	}
	return platforms.Result{}, false, &platforms.Error{Platform: model.Instagram, Kind: platforms.Transient,
		Message: "there are too many recent Instagram posts to check whether the post went out"}
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

// Delete removes a published post where Instagram allows it: only for accounts
// connected with Facebook Login that granted instagram_manage_contents (DELETE
// /{ig-media-id} on graph.facebook.com). Otherwise it answers a Permanent error wrapping
// model.ErrUnsupported that sends the user to the Instagram app.
func (c *Connector) Delete(ctx context.Context, acct model.Account, token, platformPostID string) error {
	if platformPostID == "" {
		return invalid("the post has no Instagram id")
	}
	ac, err := c.account(acct, token)
	if err != nil {
		return err
	}
	if !ac.facebook || !slices.Contains(acct.Scopes, "instagram_manage_contents") {
		return &platforms.Error{Platform: model.Instagram, Kind: platforms.Permanent, Err: model.ErrUnsupported, Message: unsupportedDelete}
	}
	if err := c.do(ctx, ac, http.MethodDelete, ac.base+"/"+url.PathEscape(platformPostID), nil, nil); err != nil {
		return err
	}
	slog.Info("instagram: deleted", "account", acct.ID, "media", platformPostID)
	return nil
}
