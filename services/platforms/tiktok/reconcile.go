package tiktok

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

const (
	// clockSkew widens the read-back window for a clock that differs from TikTok's.
	clockSkew = time.Minute
	// listPage and listPages bound the read-back of the creator's videos.
	listPage  = 20
	listPages = 5
)

// Reconcile finds out whether an earlier attempt went out. TikTok has no idempotency
// key, so:
//   - an attempt this process initialized is looked up by its publish_id (status/fetch),
//     waiting for TikTok to finish; an unfinished upload is "not published" (Publish
//     then continues it), and so is FAILED;
//   - a video whose init answer was lost never had its bytes sent, so it cannot go out;
//   - otherwise (after a restart, or photos TikTok may have pulled) the creator's recent
//     videos are read back (video/list, scope video.list) for one with the same text
//     since req.StartedAt. Inbox uploads and private posts are not listed, and TikTok
//     lists a post only after moderation, so not finding one is an error (unknown)
//     unless the post was public and the settle window has passed.
func (c *Connector) Reconcile(ctx context.Context, req platforms.Request) (platforms.Result, bool, error) {
	at := c.attempt(req.AttemptKey)
	switch {
	case at != nil && c.publishID(at) != "":
		return c.reconcileKnown(ctx, req, at)
	case at != nil && at.source == "FILE_UPLOAD":
		slog.Info("tiktok: init answer was lost before any upload; nothing can go out", "account_id", req.Account.ID)
		c.forget(req.AttemptKey)
		return platforms.Result{}, false, nil
	}
	return c.readBack(ctx, req)
}

// reconcileKnown asks for the status of a publish_id this process holds.
func (c *Connector) reconcileKnown(ctx context.Context, req platforms.Request, at *attempt) (platforms.Result, bool, error) {
	if at.source == "FILE_UPLOAD" {
		st, err := c.fetchStatus(ctx, req.Token, at)
		if err != nil {
			return platforms.Result{}, false, err
		}
		if st.Status == statusUpload && st.UploadedBytes < at.size {
			return platforms.Result{}, false, nil // TikTok lacks part of the file; Publish finishes it
		}
	}
	st, err := c.await(ctx, req.Token, at)
	if err != nil {
		return platforms.Result{}, false, err
	}
	c.forget(req.AttemptKey)
	if st.Status == statusFailed {
		slog.Info("tiktok: earlier attempt failed at TikTok", "account_id", req.Account.ID, "fail_reason", st.FailReason)
		return platforms.Result{}, false, nil
	}
	return c.result(at, st), true, nil
}

// video is one entry of /v2/video/list/.
type video struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"video_description"`
	CreateTime  int64  `json:"create_time"`
	ShareURL    string `json:"share_url"`
}

// readBack looks for the post among the creator's recent public videos.
func (c *Connector) readBack(ctx context.Context, req platforms.Request) (platforms.Result, bool, error) {
	if err := readBackPossible(req); err != nil {
		return platforms.Result{}, false, err
	}
	since := req.StartedAt.Add(-clockSkew)
	v, found, covered, err := c.findVideo(ctx, req, since)
	switch {
	case err != nil:
		return platforms.Result{}, false, err
	case found:
		slog.Info("tiktok: reconciled a published post", "account_id", req.Account.ID, "post_id", v.ID)
		return c.videoResult(req, v), true, nil
	case covered && req.Options.Privacy == PrivacyPublic && c.a.now().Sub(req.StartedAt) >= c.a.pub.settle:
		return platforms.Result{}, false, nil
	}
	return platforms.Result{}, false, &platforms.Error{Platform: model.TikTok, Kind: platforms.Transient,
		Message: "The post is not among the TikTok account's public videos yet; TikTok lists a post only after moderation, " +
			"so whether it went out is not known."}
}

// readBackPossible refuses a read-back that can never find the post.
func readBackPossible(req platforms.Request) error {
	var why string
	switch {
	case req.Options.Format == FormatInbox:
		why = "TikTok does not list uploads sent to the inbox; look in the TikTok app's inbox."
	case req.Options.Privacy != PrivacyPublic:
		why = "TikTok lists only public posts to apps, and this one was not public; look at the profile in the TikTok app."
	case !slices.Contains(req.Account.Scopes, "video.list"):
		why = "the account was connected without TikTok's video.list permission, so its videos cannot be read back; " +
			"look at the profile in the TikTok app."
	default:
		return nil
	}
	return &platforms.Error{Platform: model.TikTok, Kind: platforms.Permanent, Err: model.ErrUnsupported,
		Message: "Whether the TikTok post went out cannot be checked: " + why}
}

// findVideo pages through the creator's videos (newest first) until one matches, the
// window is passed or the list ends (covered), or the page budget is spent.
func (c *Connector) findVideo(ctx context.Context, req platforms.Request, since time.Time) (video, bool, bool, error) {
	body := map[string]any{"max_count": listPage}
	for range listPages {
		var page struct {
			Videos  []video `json:"videos"`
			Cursor  int64   `json:"cursor"`
			HasMore bool    `json:"has_more"`
		}
		path := "/v2/video/list/?fields=id,title,video_description,create_time,share_url"
		if err := c.call(ctx, path, req.Token, body, &page, readCall, "video.list"); err != nil {
			return video{}, false, false, err
		}
		for _, v := range page.Videos {
			if time.Unix(v.CreateTime, 0).Before(since) {
				return video{}, false, true, nil
			}
			if sameText(v, req.Text) {
				return v, true, true, nil
			}
		}
		if !page.HasMore {
			return video{}, false, true, nil
		}
		body["cursor"] = page.Cursor
	}
	return video{}, false, false, nil
}

// sameText compares a listed video's title or description with the post text.
func sameText(v video, text string) bool {
	want := strings.TrimSpace(text)
	return want != "" && (strings.TrimSpace(v.Title) == want || strings.TrimSpace(v.Description) == want)
}

// videoResult is the Result for a video found in the list.
func (c *Connector) videoResult(req platforms.Request, v video) platforms.Result {
	photo, _ := mediaKind(req.Media)
	link := permalink(strings.TrimPrefix(req.Account.Handle, "@"), v.ID, photo)
	if link == "" {
		link = v.ShareURL
	}
	return platforms.Result{PlatformPostID: v.ID, Permalink: link, PublishedAt: time.Unix(v.CreateTime, 0).UTC()}
}
