package linkedin

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// reconcileCount is how many recent posts Reconcile reads back.
const reconcileCount = 50

// MaxImages is the most images one post carries (content.multiImage; platforms.md §4
// marks the bound unverified).
const MaxImages = 20

// reserved are the characters LinkedIn's "little text" commentary wants backslash-escaped.
const reserved = `\<>#~_|[]*(){}@`

// Connector publishes text, one image, 2..MaxImages images (multiImage) or one video
// for members and organizations through the Posts API. It implements
// platforms.Connector; LinkedIn's API has no native scheduling, so it is not a
// platforms.NativeScheduler.
type Connector struct{ a *Authorizer }

var _ platforms.Connector = (*Connector)(nil)

// NewConnector returns a LinkedIn Connector using hc (a 1-minute client when nil); the
// endpoint, version and clock options are the Authorizer's.
func NewConnector(hc *http.Client, opts ...Option) *Connector {
	return &Connector{a: NewAuthorizer(hc, opts...)}
}

// Platform is LinkedIn.
func (c *Connector) Platform() model.Platform { return model.LinkedIn }

// EscapeCommentary backslash-escapes LinkedIn's reserved characters in text.
func EscapeCommentary(text string) string {
	var b strings.Builder
	for _, r := range text {
		if strings.ContainsRune(reserved, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Permalink is the public address of a post URN.
func Permalink(urn string) string { return "https://www.linkedin.com/feed/update/" + urn }

// Publish posts req.Text with req's media as req.Account.RemoteID (a person or an
// organization URN). Uploads happen first; a failure there made no post.
func (c *Connector) Publish(ctx context.Context, req platforms.Request) (platforms.Result, error) {
	body := map[string]any{
		"author": req.Account.RemoteID, "commentary": EscapeCommentary(req.Text), "visibility": "PUBLIC",
		"distribution":   map[string]any{"feedDistribution": "MAIN_FEED", "targetEntities": []any{}, "thirdPartyDistributionChannels": []any{}},
		"lifecycleState": "PUBLISHED", "isReshareDisabledByAuthor": false,
	}
	content, err := c.content(ctx, req)
	if err != nil {
		return platforms.Result{}, notPosted(err)
	}
	if content != nil {
		body["content"] = content
	}
	_, hdr, _, err := c.rest(ctx, http.MethodPost, "/rest/posts", req.Token, body)
	if err != nil {
		return platforms.Result{}, err
	}
	urn := hdr.Get("X-Restli-Id")
	if urn == "" {
		return platforms.Result{}, &platforms.Error{Platform: model.LinkedIn, Kind: platforms.Transient, Uncertain: true,
			Message: "LinkedIn accepted the post but did not say which post it made."}
	}
	slog.Info("linkedin: published", "author", req.Account.RemoteID, "post", urn, "media", len(req.Media))
	return platforms.Result{PlatformPostID: urn, Permalink: Permalink(urn), PublishedAt: c.a.now()}, nil
}

// content uploads req's media and returns the post's content: media for one image or
// video, multiImage for several images; nil without media.
func (c *Connector) content(ctx context.Context, req platforms.Request) (map[string]any, error) {
	images, videos, err := countMedia(req.Media)
	switch {
	case err != nil:
		return nil, err
	case images+videos == 0:
		return nil, nil
	case videos > 0 && (images > 0 || videos > 1):
		return nil, invalid("A LinkedIn post can carry one video, or images, not both or several videos.")
	case images > MaxImages:
		return nil, invalid(fmt.Sprintf("A LinkedIn post can carry at most %d images, not %d.", MaxImages, images))
	case videos == 1:
		return c.videoContent(ctx, req)
	}
	ims := make([]map[string]any, 0, images)
	for _, f := range req.Media {
		urn, err := c.uploadImage(ctx, req.Account.RemoteID, req.Token, f)
		if err != nil {
			return nil, err
		}
		ims = append(ims, imageRef(urn, f.AltText))
	}
	if len(ims) == 1 {
		return map[string]any{"media": ims[0]}, nil
	}
	return map[string]any{"multiImage": map[string]any{"images": ims}}, nil
}

// countMedia counts images and videos; any other kind is refused.
func countMedia(media []platforms.MediaFile) (images, videos int, err error) {
	for _, m := range media {
		switch {
		case strings.HasPrefix(m.Mime, "image/"):
			images++
		case strings.HasPrefix(m.Mime, "video/"):
			videos++
		default:
			return 0, 0, invalid("LinkedIn posts from this app can carry images or a video, not " + m.Mime + ".")
		}
	}
	return images, videos, nil
}

func imageRef(urn, alt string) map[string]any {
	m := map[string]any{"id": urn}
	if alt != "" {
		m["altText"] = alt
	}
	return m
}

func invalid(msg string) error {
	return &platforms.Error{Platform: model.LinkedIn, Kind: platforms.Permanent, Err: model.ErrInvalid, Message: msg}
}

// uploadImage registers an image owned by owner and PUTs the whole file in one request.
func (c *Connector) uploadImage(ctx context.Context, owner, token string, f platforms.MediaFile) (string, error) {
	data, err := os.ReadFile(f.Path)
	if err != nil {
		return "", &platforms.Error{Platform: model.LinkedIn, Kind: platforms.Permanent, Message: "The image could not be read: " + err.Error(),
			Err: fmt.Errorf("linkedin: read image: %w", err)}
	}
	var init struct {
		Value struct {
			UploadURL string `json:"uploadUrl"`
			Image     string `json:"image"`
		} `json:"value"`
	}
	in := map[string]any{"initializeUploadRequest": map[string]any{"owner": owner}}
	_, _, body, err := c.rest(ctx, http.MethodPost, "/rest/images?action=initializeUpload", token, in)
	if err == nil {
		err = decode(body, &init, http.StatusOK)
	}
	if err != nil {
		return "", err
	}
	r, err := http.NewRequestWithContext(ctx, http.MethodPut, init.Value.UploadURL, bytes.NewReader(data))
	if err != nil {
		return "", fmt.Errorf("linkedin: build the image upload: %w", err)
	}
	r.Header.Set("Authorization", "Bearer "+token)
	r.Header.Set("Content-Type", f.Mime)
	if _, _, _, err := c.do(r); err != nil {
		return "", err
	}
	return init.Value.Image, nil
}

// Reconcile reads back the author's recent posts for one with the same commentary
// created at or after req.StartedAt minus a minute.
func (c *Connector) Reconcile(ctx context.Context, req platforms.Request) (platforms.Result, bool, error) {
	q := url.Values{"q": {"author"}, "author": {req.Account.RemoteID}, "count": {strconv.Itoa(reconcileCount)}, "sortBy": {"LAST_MODIFIED"}}
	_, _, body, err := c.rest(ctx, http.MethodGet, "/rest/posts?"+q.Encode(), req.Token, nil)
	var page struct {
		Elements []struct {
			ID         string `json:"id"`
			Commentary string `json:"commentary"`
			CreatedAt  int64  `json:"createdAt"`
		} `json:"elements"`
	}
	if err == nil {
		err = decode(body, &page, http.StatusOK)
	}
	if err != nil {
		return platforms.Result{}, false, err
	}
	since, want := req.StartedAt.Add(-time.Minute), EscapeCommentary(req.Text)
	covered := len(page.Elements) < reconcileCount
	for _, e := range page.Elements {
		created := time.UnixMilli(e.CreatedAt)
		if !created.Before(since) && e.Commentary == want {
			return platforms.Result{PlatformPostID: e.ID, Permalink: Permalink(e.ID), PublishedAt: created}, true, nil
		}
		covered = covered || created.Before(since)
	}
	if covered {
		return platforms.Result{}, false, nil
	}
	return platforms.Result{}, false, &platforms.Error{Platform: model.LinkedIn, Kind: platforms.Transient,
		Message: "LinkedIn's recent posts did not reach back to the attempt, so whether it went out is unknown."}
}

// Delete removes a post; LinkedIn answers 204 for a post already deleted.
func (c *Connector) Delete(ctx context.Context, _ model.Account, token, platformPostID string) error {
	_, _, _, err := c.rest(ctx, http.MethodDelete, "/rest/posts/"+url.PathEscape(platformPostID), token, nil)
	return err
}

// rest sends a /rest call with the bearer token and versioning headers; body, when
// non-nil, is sent as JSON.
func (c *Connector) rest(ctx context.Context, method, path, token string, body any) (int, http.Header, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, nil, fmt.Errorf("linkedin: encode %s: %w", path, err)
		}
		rd = bytes.NewReader(b)
	}
	r, err := http.NewRequestWithContext(ctx, method, c.a.ep.APIBase+path, rd)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("linkedin: build the request to %s: %w", path, err)
	}
	r.Header.Set("Authorization", "Bearer "+token)
	r.Header.Set("Accept", "application/json")
	r.Header.Set("LinkedIn-Version", c.a.version)
	r.Header.Set("X-Restli-Protocol-Version", "2.0.0")
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	return c.do(r)
}

// do performs r; every failure is a *platforms.Error.
func (c *Connector) do(r *http.Request) (int, http.Header, []byte, error) {
	resp, err := c.a.hc.Do(r)
	if err != nil {
		return 0, nil, nil, &platforms.Error{Platform: model.LinkedIn, Kind: platforms.Transient, Uncertain: r.Method != http.MethodGet,
			Message: "Could not reach LinkedIn: " + platforms.UnwrapURLError(err).Error(), Err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return 0, nil, nil, &platforms.Error{Platform: model.LinkedIn, Kind: platforms.Transient, Uncertain: true,
			Message: "LinkedIn's answer was cut off: " + err.Error(), Err: err}
	}
	if resp.StatusCode >= 400 {
		return resp.StatusCode, resp.Header, body, publishError(resp, body)
	}
	return resp.StatusCode, resp.Header, body, nil
}

// publishError is apiError plus what the delivery engine needs: a 5xx may have been acted
// on, and a 429 may say when to retry.
func publishError(resp *http.Response, body []byte) error {
	e := apiError(resp.StatusCode, body)
	e.Uncertain = resp.StatusCode >= 500
	if resp.StatusCode == http.StatusTooManyRequests {
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil {
			e.RetryAt = time.Now().Add(time.Duration(s) * time.Second)
		}
	}
	return e
}
