// Package mastodon publishes to Mastodon instances through the client API: per-instance
// app registration and the loopback OAuth flow, media upload with processing polls,
// statuses with an Idempotency-Key, native scheduling (scheduled_at, then confirmation
// and cancellation through /api/v1/scheduled_statuses), reconciliation by read-back,
// deletion, profile and per-status counts. The instance is per account
// (model.Account.InstanceURL). Its strict test fake is the mastodonfake package.
package mastodon

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Connector talks to any Mastodon instance. It implements platforms.NativeScheduler:
// a post with Request.ScheduleAt is held by the instance (scheduled_at) and published
// there even with the computer off.
type Connector struct {
	hc *http.Client

	// PollInterval is the first wait between media processing polls; it doubles up to
	// MaxPollInterval. MediaProcessingTimeout bounds the whole wait.
	PollInterval           time.Duration
	MaxPollInterval        time.Duration
	MediaProcessingTimeout time.Duration
	// ListenAddr and ConnectTimeout configure ConnectFlow's loopback listener
	// (defaults: services/oauth's "127.0.0.1:0" and 5 minutes).
	ListenAddr     string
	ConnectTimeout time.Duration
	// Now is the clock used for reconciliation windows (time.Now by default).
	Now func() time.Time
}

var _ platforms.NativeScheduler = (*Connector)(nil)

// New returns a connector using hc (a client with a 5-minute timeout when nil).
func New(hc *http.Client) *Connector {
	if hc == nil {
		hc = &http.Client{Timeout: 5 * time.Minute}
	}
	return &Connector{
		hc:                     hc,
		PollInterval:           500 * time.Millisecond,
		MaxPollInterval:        5 * time.Second,
		MediaProcessingTimeout: 10 * time.Minute,
		Now:                    time.Now,
	}
}

// Platform is model.Mastodon.
func (c *Connector) Platform() model.Platform { return model.Mastodon }

// status is the part of Mastodon's Status entity the connector reads.
type status struct {
	ID              string        `json:"id"`
	URI             string        `json:"uri"`
	URL             string        `json:"url"`
	CreatedAt       time.Time     `json:"created_at"`
	Content         string        `json:"content"`
	Media           []mediaEntity `json:"media_attachments"`
	RepliesCount    int64         `json:"replies_count"`
	ReblogsCount    int64         `json:"reblogs_count"`
	FavouritesCount int64         `json:"favourites_count"`
	QuotesCount     int64         `json:"quotes_count"`
}

func (s status) result() platforms.Result {
	link := s.URL
	if link == "" {
		link = s.URI
	}
	return platforms.Result{PlatformPostID: s.ID, Permalink: link, PublishedAt: s.CreatedAt}
}

// Publish uploads the media (waiting for videos to be processed), then posts the status
// with Idempotency-Key = req.AttemptKey, so a retry within the hour returns the same
// status instead of a second one. With req.ScheduleAt set, the instance holds the status
// and publishes it then (see schedule).
func (c *Connector) Publish(ctx context.Context, req platforms.Request) (platforms.Result, error) {
	base, err := instanceBase(req.Account.InstanceURL)
	if err != nil {
		return platforms.Result{}, err
	}
	if !req.ScheduleAt.IsZero() {
		return c.schedule(ctx, base, req)
	}
	ids, err := c.uploadAll(ctx, base, req)
	if err != nil {
		return platforms.Result{}, err
	}
	var st status
	if _, err := c.do(ctx, statusRequest(base, req, ids), &st); err != nil {
		return platforms.Result{}, err
	}
	slog.Info("mastodon: published", "account_id", req.Account.ID, "status_id", st.ID, "media", len(ids))
	return st.result(), nil
}

// uploadAll uploads req's media and returns their ids in order.
func (c *Connector) uploadAll(ctx context.Context, base string, req platforms.Request) ([]string, error) {
	ids := make([]string, 0, len(req.Media))
	for _, m := range req.Media {
		id, err := c.uploadMedia(ctx, base, req.Token, m)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// statusRequest is POST /api/v1/statuses for req's text and media ids, with the
// attempt's Idempotency-Key and, when req.ScheduleAt is set, scheduled_at.
func statusRequest(base string, req platforms.Request, mediaIDs []string) apiRequest {
	v := url.Values{}
	if req.Text != "" {
		v.Set("status", req.Text)
	}
	for _, id := range mediaIDs {
		v.Add("media_ids[]", id)
	}
	if !req.ScheduleAt.IsZero() {
		v.Set("scheduled_at", req.ScheduleAt.UTC().Format(time.RFC3339))
	}
	body, ct := formBody(v)
	r := apiRequest{method: http.MethodPost, base: base, path: "/api/v1/statuses", token: req.Token, body: body, contentType: ct}
	if req.AttemptKey != "" {
		r.header = http.Header{"Idempotency-Key": {req.AttemptKey}}
	}
	return r
}

// Delete removes a status; a status that is already gone counts as deleted. A post still
// scheduled on the instance ("scheduled:<id>") is cancelled instead (see cancelScheduled).
func (c *Connector) Delete(ctx context.Context, acct model.Account, token, platformPostID string) error {
	base, err := instanceBase(acct.InstanceURL)
	if err != nil {
		return err
	}
	if id, ok := strings.CutPrefix(platformPostID, scheduledPrefix); ok {
		return c.cancelScheduled(ctx, base, acct, token, id)
	}
	r := apiRequest{method: http.MethodDelete, base: base, path: "/api/v1/statuses/" + url.PathEscape(platformPostID), token: token}
	status, err := c.do(ctx, r, nil)
	if status == http.StatusNotFound {
		slog.Info("mastodon: status already gone", "account_id", acct.ID, "status_id", platformPostID)
		return nil
	}
	return err
}
