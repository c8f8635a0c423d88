package youtube

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

const (
	// clockSkew widens the read-back window for a clock that differs from YouTube's.
	clockSkew = time.Minute
	// readBackPage and readBackPages bound the read-back of the uploads playlist.
	readBackPage  = 50
	readBackPages = 4
	// confirmGrace is how long after publishAt a still-private video counts as "not
	// yet" (YouTube flips it within minutes) before Confirm says it did not go out.
	confirmGrace = time.Hour
)

// Reconcile finds out whether an earlier attempt with req.AttemptKey uploaded the
// video. A kept session is probed: complete → found; incomplete → not found (Publish
// resumes it, it cannot turn into a second video). Without a session (none kept, or
// expired) the channel's uploads playlist is read back since req.StartedAt for a video
// with the attempt's title. An error means the outcome cannot be known.
func (c *Connector) Reconcile(ctx context.Context, req platforms.Request) (platforms.Result, bool, error) {
	f, err := theVideo(req.Media)
	if err != nil {
		return platforms.Result{}, false, nil // Publish refuses such a post before uploading anything
	}
	meta, err := metadata(req, f)
	if err != nil {
		return platforms.Result{}, false, nil
	}
	if s, ok := c.sessions.get(req.AttemptKey); ok {
		p, known, err := c.probeSession(ctx, req, s)
		switch {
		case err != nil:
			return platforms.Result{}, false, err
		case p.done != nil:
			return c.result(req, *p.done), true, nil
		case known:
			return platforms.Result{}, false, nil
		}
	}
	v, found, err := c.readBack(ctx, req, meta.Snippet.Title)
	if err != nil || !found {
		return platforms.Result{}, false, err
	}
	return c.result(req, v), true, nil
}

// playlistItem is the part of a playlistItem resource the read-back uses.
type playlistItem struct {
	Snippet struct {
		Title       string `json:"title"`
		PublishedAt string `json:"publishedAt"`
		ResourceID  struct {
			VideoID string `json:"videoId"`
		} `json:"resourceId"`
	} `json:"snippet"`
}

// readBack looks through the channel's uploads, newest first, back to a minute before
// req.StartedAt for a video titled title.
func (c *Connector) readBack(ctx context.Context, req platforms.Request, title string) (video, bool, error) {
	playlist, err := c.uploadsPlaylist(ctx, req)
	if err != nil {
		return video{}, false, err
	}
	since, pageToken := req.StartedAt.Add(-clockSkew), ""
	for range readBackPages {
		var page struct {
			Items         []playlistItem `json:"items"`
			NextPageToken string         `json:"nextPageToken"`
		}
		q := url.Values{"part": {"snippet"}, "playlistId": {playlist}, "maxResults": {strconv.Itoa(readBackPage)}}
		if pageToken != "" {
			q.Set("pageToken", pageToken)
		}
		if err := c.api(ctx, http.MethodGet, "/youtube/v3/playlistItems?"+q.Encode(), req.Token, toRead, &page); err != nil {
			return video{}, false, err
		}
		v, found, covered := match(page.Items, title, since)
		if found || covered || page.NextPageToken == "" {
			return v, found, nil
		}
		pageToken = page.NextPageToken
	}
	return video{}, false, &platforms.Error{Platform: model.YouTube, Kind: platforms.Transient,
		Message: "The channel has too many recent uploads to tell whether the video went out."}
}

// match finds the upload titled title among items (newest first); covered is true once
// an item older than since shows that the window was read whole.
func match(items []playlistItem, title string, since time.Time) (v video, found, covered bool) {
	for _, it := range items {
		at, err := time.Parse(time.RFC3339, it.Snippet.PublishedAt)
		if err == nil && at.Before(since) {
			return video{}, false, true
		}
		if it.Snippet.Title == title && it.Snippet.ResourceID.VideoID != "" {
			v.ID, v.Snippet.Title, v.Snippet.PublishedAt = it.Snippet.ResourceID.VideoID, title, it.Snippet.PublishedAt
			return v, true, false
		}
	}
	return video{}, false, false
}

// uploadsPlaylist is the id of the channel's uploads playlist (channels.list
// contentDetails.relatedPlaylists.uploads).
func (c *Connector) uploadsPlaylist(ctx context.Context, req platforms.Request) (string, error) {
	q := url.Values{"part": {"contentDetails"}, "id": {req.Account.RemoteID}}
	if req.Account.RemoteID == "" {
		q = url.Values{"part": {"contentDetails"}, "mine": {"true"}}
	}
	var out struct {
		Items []struct {
			ContentDetails struct {
				RelatedPlaylists struct {
					Uploads string `json:"uploads"`
				} `json:"relatedPlaylists"`
			} `json:"contentDetails"`
		} `json:"items"`
	}
	if err := c.api(ctx, http.MethodGet, "/youtube/v3/channels?"+q.Encode(), req.Token, toRead, &out); err != nil {
		return "", err
	}
	if len(out.Items) == 0 || out.Items[0].ContentDetails.RelatedPlaylists.Uploads == "" {
		return "", &platforms.Error{Platform: model.YouTube, Kind: platforms.Transient,
			Message: "YouTube did not name the channel's uploads, so whether the video went out is unknown."}
	}
	return out.Items[0].ContentDetails.RelatedPlaylists.Uploads, nil
}

// Confirm asks whether the video scheduled as platformPostID went public
// (videos.list part=status): public → published; private with publishAt still ahead
// (or passed less than an hour ago) → not yet; deleted, failed, rejected, or kept
// private or unlisted → a Permanent error saying so.
func (c *Connector) Confirm(ctx context.Context, req platforms.Request, platformPostID string) (platforms.Result, bool, error) {
	var out struct {
		Items []video `json:"items"`
	}
	q := url.Values{"part": {"status"}, "id": {platformPostID}}
	if err := c.api(ctx, http.MethodGet, "/youtube/v3/videos?"+q.Encode(), req.Token, toRead, &out); err != nil {
		return platforms.Result{}, false, err
	}
	if len(out.Items) == 0 {
		return platforms.Result{}, false, &platforms.Error{Platform: model.YouTube, Kind: platforms.Permanent, Err: model.ErrNotFound,
			Message: "The scheduled video is no longer on YouTube: it was deleted."}
	}
	return c.confirmed(out.Items[0])
}

// confirmed reads a scheduled video's status.
func (c *Connector) confirmed(v video) (platforms.Result, bool, error) {
	st, now := v.Status, c.a.now()
	at, _ := time.Parse(time.RFC3339, st.PublishAt)
	switch {
	case st.UploadStatus == "failed" || st.UploadStatus == "rejected" || st.UploadStatus == "deleted":
		return platforms.Result{}, false, notPublished(fmt.Sprintf("its upload was %s%s", st.UploadStatus, reason(st.FailureReason+st.RejectionReason)))
	case st.PrivacyStatus == "public":
		return platforms.Result{PlatformPostID: v.ID, Permalink: Permalink(v.ID), PublishedAt: now}, true, nil
	case st.PrivacyStatus == "private" && !at.IsZero() && now.Before(at.Add(confirmGrace)):
		return platforms.Result{}, false, nil
	case st.PrivacyStatus == "private" && at.IsZero():
		return platforms.Result{}, false, notPublished("it is private with no publishing time; uploads from a Google Cloud project " +
			"YouTube has not audited stay private until the project passes the audit")
	}
	return platforms.Result{}, false, notPublished("it is still " + st.PrivacyStatus)
}

func reason(r string) string {
	if r == "" {
		return ""
	}
	return " (" + r + ")"
}

func notPublished(why string) error {
	return &platforms.Error{Platform: model.YouTube, Kind: platforms.Permanent, Err: model.ErrInvalid,
		Message: "YouTube did not publish the scheduled video: " + why + "."}
}
