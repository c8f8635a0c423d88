package xcom

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
	"strings"
	"time"
	"unicode/utf8"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Connector publishes to X through API v2: chunked media upload with processing polls and
// alt text, POST /2/tweets, threads (req.Options.Thread as a chain of replies),
// reconciliation by reading back the user's tweets, and deletion. It implements
// platforms.Connector.
type Connector struct {
	hc      *http.Client
	apiBase string
	auth    *Authorizer // for GET /2/users/me when the account has no RemoteID

	// Wait sleeps between media processing polls (check_after_secs); tests replace it.
	Wait func(ctx context.Context, d time.Duration) error
	// MediaProcessingTimeout bounds the wait for one video or GIF to be processed.
	MediaProcessingTimeout time.Duration
	// Now is the clock (time.Now by default).
	Now func() time.Time
}

var _ platforms.Connector = (*Connector)(nil)

// NewConnector returns a connector using hc (a client with a 5-minute timeout when nil)
// and the endpoint options of NewAuthorizer (WithBaseURL, WithEndpoints).
func NewConnector(hc *http.Client, opts ...Option) *Connector {
	if hc == nil {
		hc = &http.Client{Timeout: 5 * time.Minute}
	}
	a := NewAuthorizer(hc, opts...)
	return &Connector{hc: hc, apiBase: a.ep.APIBase, auth: a, Wait: platforms.Sleep,
		MediaProcessingTimeout: 10 * time.Minute, Now: time.Now}
}

// Platform is model.X.
func (c *Connector) Platform() model.Platform { return model.X }

// tweet is a post as X returns it.
type tweet struct {
	ID         string    `json:"id"`
	Text       string    `json:"text"`
	CreatedAt  time.Time `json:"created_at"`
	Referenced []struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	} `json:"referenced_tweets"`
}

// repliedTo is the id of the post t replies to, "" when none.
func (t tweet) repliedTo() string {
	for _, r := range t.Referenced {
		if r.Type == "replied_to" {
			return r.ID
		}
	}
	return ""
}

// result is the platforms.Result for t, with the username in the permalink when known.
func (c *Connector) result(acct model.Account, t tweet) platforms.Result {
	link := "https://x.com/i/web/status/" + t.ID
	if h := strings.TrimPrefix(acct.Handle, "@"); h != "" {
		link = "https://x.com/" + url.PathEscape(h) + "/status/" + t.ID
	}
	at := t.CreatedAt
	if at.IsZero() {
		at = c.Now()
	}
	return platforms.Result{PlatformPostID: t.ID, Permalink: link, PublishedAt: at}
}

// Publish uploads the media (up to 4 images or 1 video or GIF, waiting for processing,
// with their alt text) and creates the tweet; with req.Options.Thread it publishes a
// thread (see publishThread). X has no idempotency key; a duplicate-content refusal means
// an earlier attempt went out, so Publish reconciles and returns that tweet.
func (c *Connector) Publish(ctx context.Context, req platforms.Request) (platforms.Result, error) {
	if err := checkMedia(req.Media); err != nil {
		return platforms.Result{}, err
	}
	if len(req.Options.Thread) > 0 {
		return c.publishThread(ctx, req)
	}
	t, err := c.postHead(ctx, req)
	if isDuplicate(err) {
		return c.afterDuplicate(ctx, req, err)
	}
	if err != nil {
		return platforms.Result{}, err
	}
	slog.Info("xcom: published", "account_id", req.Account.ID, "tweet_id", t.ID, "media", len(req.Media))
	return c.result(req.Account, t), nil
}

// postHead uploads the media and creates the first (or only) tweet of the post.
func (c *Connector) postHead(ctx context.Context, req platforms.Request) (tweet, error) {
	ids, err := c.uploadAll(ctx, req.Token, req.Media)
	if err != nil {
		return tweet{}, err
	}
	return c.createTweet(ctx, req.Token, req.Text, ids, "")
}

// afterDuplicate looks for the tweet an earlier attempt created; dupErr is returned when
// it cannot be found (the same text was posted outside the attempt's window).
func (c *Connector) afterDuplicate(ctx context.Context, req platforms.Request, dupErr error) (platforms.Result, error) {
	res, found, err := c.Reconcile(ctx, req)
	switch {
	case err != nil:
		return platforms.Result{}, err
	case !found:
		return platforms.Result{}, dupErr
	}
	slog.Info("xcom: duplicate refused, earlier attempt found", "account_id", req.Account.ID, "tweet_id", res.PlatformPostID)
	return res, nil
}

// isDuplicate reports X's 403 for a text already posted.
func isDuplicate(err error) bool {
	var pe *platforms.Error
	return errors.As(err, &pe) && pe.Status == http.StatusForbidden && strings.Contains(pe.Message, "duplicate content")
}

// checkMedia refuses what X would: more than 4 images, a video or GIF with anything, or
// alt text over 1,000 characters.
func checkMedia(files []platforms.MediaFile) error {
	moving := 0
	for i, f := range files {
		if category(f.Mime) != "tweet_image" {
			moving++
		}
		if n := utf8.RuneCountInString(f.AltText); n > maxAltText {
			return invalid(fmt.Sprintf("X allows alt text of up to 1,000 characters; the description of attachment %d has %d.", i+1, n))
		}
	}
	if len(files) <= 4 && (moving == 0 || len(files) == 1) {
		return nil
	}
	return invalid(fmt.Sprintf("X allows up to 4 images or 1 video or GIF per post; this post has %d attachments.", len(files)))
}

// invalid is a Permanent refusal found before anything was sent.
func invalid(msg string) *platforms.Error {
	return &platforms.Error{Platform: model.X, Kind: platforms.Permanent, Err: model.ErrInvalid, Message: msg}
}

// createTweet posts one tweet, as a reply to replyTo when it is not "".
func (c *Connector) createTweet(ctx context.Context, token, text string, mediaIDs []string, replyTo string) (tweet, error) {
	body := map[string]any{}
	if text != "" {
		body["text"] = text
	}
	if len(mediaIDs) > 0 {
		body["media"] = map[string]any{"media_ids": mediaIDs}
	}
	if replyTo != "" {
		body["reply"] = map[string]any{"in_reply_to_tweet_id": replyTo}
	}
	var out struct {
		Data tweet `json:"data"`
	}
	err := c.do(ctx, apiCall{method: http.MethodPost, path: "/2/tweets", token: token, json: body}, &out)
	return out.Data, err
}

// Delete removes a tweet. A tweet that is already gone counts as deleted.
func (c *Connector) Delete(ctx context.Context, acct model.Account, token, platformPostID string) error {
	err := c.do(ctx, apiCall{method: http.MethodDelete, path: "/2/tweets/" + url.PathEscape(platformPostID), token: token}, nil)
	var pe *platforms.Error
	if errors.As(err, &pe) && pe.Status == http.StatusNotFound {
		slog.Info("xcom: tweet already gone", "account_id", acct.ID, "tweet_id", platformPostID)
		return nil
	}
	return err
}

// apiCall is one request to the API.
type apiCall struct {
	method      string
	path        string // with query
	token       string
	json        any       // a JSON body, or
	body        io.Reader // a raw body with contentType
	contentType string
}

// do sends r and decodes the answer into out (when non-nil); errors are *platforms.Error.
// A failure after the request was written is Uncertain unless the method is GET.
func (c *Connector) do(ctx context.Context, r apiCall, out any) error {
	if r.json != nil {
		b, err := json.Marshal(r.json)
		if err != nil {
			return fmt.Errorf("xcom: encode %s: %w", r.path, err)
		}
		r.body, r.contentType = bytes.NewReader(b), "application/json"
	}
	tctx, sent := traceSent(ctx)
	req, err := http.NewRequestWithContext(tctx, r.method, c.apiBase+r.path, r.body)
	if err != nil {
		return &platforms.Error{Platform: model.X, Kind: platforms.Permanent, Message: "the X address is not valid", Err: err}
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+r.token)
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	return c.roundTrip(req, sent, out)
}

func (c *Connector) roundTrip(req *http.Request, sent func() bool, out any) error {
	mayAct := req.Method != http.MethodGet
	resp, err := c.hc.Do(req)
	if err != nil {
		return networkError(err, mayAct && sent())
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return networkError(err, mayAct)
	}
	if resp.StatusCode >= 400 {
		return apiError(resp, body)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &platforms.Error{Platform: model.X, Kind: platforms.Transient, Uncertain: mayAct, Status: resp.StatusCode,
			Message: "X sent an answer that could not be read.", Err: fmt.Errorf("xcom: decode %s: %w", req.URL.Path, err)}
	}
	return nil
}
