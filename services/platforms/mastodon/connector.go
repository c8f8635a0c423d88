// Package mastodon publishes to Mastodon instances through the client API: per-instance
// app registration and the loopback OAuth flow, media upload with processing polls,
// statuses with an Idempotency-Key, reconciliation by read-back, deletion, profile and
// per-status counts. The instance is per account (model.Account.InstanceURL). Its strict
// test fake is the mastodonfake package.
package mastodon

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Connector talks to any Mastodon instance. It implements platforms.Connector.
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

var _ platforms.Connector = (*Connector)(nil)

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
// status instead of a second one.
func (c *Connector) Publish(ctx context.Context, req platforms.Request) (platforms.Result, error) {
	base, err := instanceBase(req.Account.InstanceURL)
	if err != nil {
		return platforms.Result{}, err
	}
	ids := make([]string, 0, len(req.Media))
	for _, m := range req.Media {
		id, err := c.uploadMedia(ctx, base, req.Token, m)
		if err != nil {
			return platforms.Result{}, err
		}
		ids = append(ids, id)
	}
	st, err := c.postStatus(ctx, base, req.Token, req.Text, ids, req.AttemptKey)
	if err != nil {
		return platforms.Result{}, err
	}
	slog.Info("mastodon: published", "account_id", req.Account.ID, "status_id", st.ID, "media", len(ids))
	return st.result(), nil
}

func (c *Connector) postStatus(ctx context.Context, base, token, text string, mediaIDs []string, key string) (status, error) {
	v := url.Values{}
	if text != "" {
		v.Set("status", text)
	}
	for _, id := range mediaIDs {
		v.Add("media_ids[]", id)
	}
	body, ct := formBody(v)
	r := apiRequest{method: http.MethodPost, base: base, path: "/api/v1/statuses", token: token, body: body, contentType: ct}
	if key != "" {
		r.header = http.Header{"Idempotency-Key": {key}}
	}
	var st status
	_, err := c.do(ctx, r, &st)
	return st, err
}

// Delete removes a status. A status that is already gone counts as deleted.
func (c *Connector) Delete(ctx context.Context, acct model.Account, token, platformPostID string) error {
	base, err := instanceBase(acct.InstanceURL)
	if err != nil {
		return err
	}
	r := apiRequest{method: http.MethodDelete, base: base, path: "/api/v1/statuses/" + url.PathEscape(platformPostID), token: token}
	status, err := c.do(ctx, r, nil)
	if status == http.StatusNotFound {
		slog.Info("mastodon: status already gone", "account_id", acct.ID, "status_id", platformPostID)
		return nil
	}
	return err
}
