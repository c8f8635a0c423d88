package youtube

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// DefaultChunkSize is the upload chunk size unless WithChunkSize sets another.
const DefaultChunkSize = 8 << 20

// ChunkUnit is what every chunk but the last must be a multiple of (256 KiB).
const ChunkUnit = 256 << 10

// Lead times NativeWindow reports. platforms.md states no limits for status.publishAt,
// so these are assumptions: at least 15 minutes ahead (time for the upload and
// YouTube's processing), at most a year.
const (
	minPublishLead = 15 * time.Minute
	maxPublishLead = 365 * 24 * time.Hour
)

// Connector publishes videos to a YouTube channel (platforms.md §6): a resumable
// upload in chunks, resumed after a dropped connection and, through the sessions kept
// by WithSessionDir, after a crash; scheduling with publishAt; reconciliation by
// probing the session or reading back the channel's uploads; deletion. It implements
// platforms.NativeScheduler.
type Connector struct {
	a        *Authorizer
	up       *http.Client // a.hc without redirects, for the session PUTs (308 is not one)
	sessions *sessionStore
}

var _ platforms.NativeScheduler = (*Connector)(nil)

// WithSessionDir keeps the upload sessions in dir/youtube-uploads.json (mode 0600):
// attempt key → session URI, size and start. A Publish or Reconcile after a crash then
// resumes or probes the session instead of uploading a second video. Without it the
// sessions live in memory only. The session URI lets anyone holding it upload, so it is
// never logged.
func WithSessionDir(dir string) Option { return func(a *Authorizer) { a.sessionDir = dir } }

// WithChunkSize sets the upload chunk size, rounded down to a multiple of 256 KiB (at
// least 256 KiB). DefaultChunkSize otherwise.
func WithChunkSize(n int64) Option {
	return func(a *Authorizer) { a.chunkSize = max(n-n%ChunkUnit, ChunkUnit) }
}

// WithClock sets the clock (time.Now by default).
func WithClock(now func() time.Time) Option { return func(a *Authorizer) { a.now = now } }

// NewConnector returns a YouTube Connector using hc (a client with a 5-minute timeout,
// enough for one chunk, when nil); the endpoint options are the Authorizer's.
func NewConnector(hc *http.Client, opts ...Option) *Connector {
	if hc == nil {
		hc = &http.Client{Timeout: 5 * time.Minute}
	}
	a := NewAuthorizer(hc, opts...)
	up := *hc
	up.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &Connector{a: a, up: &up, sessions: newSessionStore(a.sessionDir, a.now)}
}

// Platform is YouTube.
func (c *Connector) Platform() model.Platform { return model.YouTube }

// Permalink is the address of a video.
func Permalink(videoID string) string {
	return "https://www.youtube.com/watch?v=" + url.QueryEscape(videoID)
}

// NativeWindow is how far ahead a video may be scheduled with publishAt: 15 minutes to
// 365 days. platforms.md is silent on YouTube's limits; these are this app's.
func (c *Connector) NativeWindow() (time.Duration, time.Duration) {
	return minPublishLead, maxPublishLead
}

// video is the part of the video resource the connector reads.
type video struct {
	ID      string `json:"id"`
	Snippet struct {
		Title       string `json:"title"`
		PublishedAt string `json:"publishedAt"`
	} `json:"snippet"`
	Status struct {
		UploadStatus    string `json:"uploadStatus"`
		PrivacyStatus   string `json:"privacyStatus"`
		PublishAt       string `json:"publishAt"`
		FailureReason   string `json:"failureReason"`
		RejectionReason string `json:"rejectionReason"`
	} `json:"status"`
}

// Publish uploads the post's one video with its title, description, tags and privacy
// (private with publishAt when req.ScheduleAt is set: Result.Scheduled). An attempt
// whose upload session is kept resumes it rather than starting a second upload.
func (c *Connector) Publish(ctx context.Context, req platforms.Request) (platforms.Result, error) {
	f, err := theVideo(req.Media)
	if err != nil {
		return platforms.Result{}, err
	}
	meta, err := metadata(req, f)
	if err != nil {
		return platforms.Result{}, err
	}
	v, err := c.upload(ctx, req, f, meta)
	if err != nil {
		return platforms.Result{}, err
	}
	warnIfLocked(meta, v)
	slog.Info("youtube: published", "channel_id", req.Account.RemoteID, "video_id", v.ID, "scheduled", !req.ScheduleAt.IsZero())
	return c.result(req, v), nil
}

// result is the Result for an uploaded video.
func (c *Connector) result(req platforms.Request, v video) platforms.Result {
	res := platforms.Result{PlatformPostID: v.ID, Permalink: Permalink(v.ID), PublishedAt: c.a.now()}
	if at, err := time.Parse(time.RFC3339, v.Snippet.PublishedAt); err == nil {
		res.PublishedAt = at
	}
	if !req.ScheduleAt.IsZero() {
		res.PublishedAt, res.Scheduled = req.ScheduleAt, true
	}
	return res
}

// warnIfLocked logs when YouTube made the video private against the request: uploads
// from a Google Cloud project YouTube has not audited stay private. The video exists,
// so the publish still succeeds; its permalink works for the channel owner.
func warnIfLocked(meta videoMeta, v video) {
	got, asked := v.Status.PrivacyStatus, meta.Status
	if got != "private" || (asked.PrivacyStatus == "private" && (asked.PublishAt == "" || v.Status.PublishAt != "")) {
		return
	}
	slog.Warn("youtube: YouTube kept the video private; uploads from a Google Cloud project YouTube has not audited stay private until it passes the audit",
		"video_id", v.ID, "asked", asked.PrivacyStatus, "scheduled", asked.PublishAt != "")
}

// Delete removes a video (DELETE /youtube/v3/videos?id=); one already gone counts as
// deleted. It needs the youtube.force-ssl permission.
func (c *Connector) Delete(ctx context.Context, acct model.Account, token, platformPostID string) error {
	err := c.api(ctx, http.MethodDelete, "/youtube/v3/videos?"+url.Values{"id": {platformPostID}}.Encode(), token, toDelete, nil)
	var pe *platforms.Error
	if errors.As(err, &pe) && pe.Status == http.StatusNotFound {
		slog.Info("youtube: video already gone", "channel_id", acct.RemoteID, "video_id", platformPostID)
		return nil
	}
	if err == nil {
		slog.Info("youtube: video deleted", "channel_id", acct.RemoteID, "video_id", platformPostID)
	}
	return err
}

// answer is an HTTP answer read whole (up to maxBody).
type answer struct {
	status int
	header http.Header
	body   []byte
}

// roundTrip performs r with hc. A failure without an answer is Transient, and not
// Uncertain: callers that may have completed an upload say so. The *url.Error, whose
// text holds the URL (a session URI is a capability), is dropped.
func roundTrip(hc *http.Client, r *http.Request) (answer, error) {
	resp, err := hc.Do(r)
	if err != nil {
		inner := platforms.UnwrapURLError(err)
		return answer{}, &platforms.Error{Platform: model.YouTube, Kind: platforms.Transient,
			Message: "Could not reach YouTube: " + inner.Error(), Err: inner}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		inner := platforms.UnwrapURLError(err)
		return answer{}, &platforms.Error{Platform: model.YouTube, Kind: platforms.Transient,
			Message: "YouTube's answer was cut off: " + inner.Error(), Err: inner}
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: body}, nil
}

// api sends one Data API call (path with its query) with the bearer token and decodes
// the JSON answer into out when out is non-nil. Every error is a *platforms.Error.
func (c *Connector) api(ctx context.Context, method, path, token string, perm permission, out any) error {
	r, err := http.NewRequestWithContext(ctx, method, c.a.ep.APIBase+path, nil)
	if err != nil {
		return &platforms.Error{Platform: model.YouTube, Kind: platforms.Permanent, Message: "the YouTube API address is not valid",
			Err: errors.Join(model.ErrInvalid, platforms.UnwrapURLError(err))}
	}
	r.Header.Set("Authorization", "Bearer "+token)
	r.Header.Set("Accept", "application/json")
	a, err := roundTrip(c.a.hc, r)
	if err != nil {
		return err
	}
	if a.status >= 400 {
		return publishError(a.status, a.body, c.a.now(), perm)
	}
	return decodeAnswer(a, out, r.URL.Path)
}

// decodeAnswer decodes a JSON answer into out (nothing to do when out is nil).
func decodeAnswer(a answer, out any, what string) error {
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(a.body, out); err != nil {
		return &platforms.Error{Platform: model.YouTube, Kind: platforms.Transient, Status: a.status,
			Message: "YouTube sent an answer that could not be read.", Err: fmt.Errorf("youtube: decode %s: %w", what, err)}
	}
	return nil
}

// jsonBody is v encoded for a request body.
func jsonBody(v any) (io.Reader, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("youtube: encode the request: %w", err)
	}
	return bytes.NewReader(b), nil
}
