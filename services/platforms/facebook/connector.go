package facebook

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// reconcileSlack widens the read-back window before the first attempt started.
const reconcileSlack = time.Minute

// Connector publishes to a Facebook Page (platforms.md §3) with the Page token:
// req.Account.RemoteID is the Page id. It implements platforms.NativeScheduler.
type Connector struct {
	g         Graph
	videoBase string // the video upload host (graph-video.facebook.com)
	poll      time.Duration
	now       func() time.Time
}

var _ platforms.NativeScheduler = (*Connector)(nil)

// NewConnector returns a Connector on hc (http.DefaultClient when nil). Of the options,
// WithEndpoints (the Graph and video base URLs), WithPlatform, WithClock and
// WithPollInterval (between video status reads) apply.
func NewConnector(hc *http.Client, opts ...Option) *Connector {
	a := NewAuthorizer(hc, opts...)
	g := a.Graph()
	return &Connector{g: g, videoBase: cmp.Or(strings.TrimRight(a.ep.VideoURL, "/"), g.BaseURL), poll: a.poll, now: a.now}
}

// Platform is model.Facebook (or what WithPlatform set).
func (c *Connector) Platform() model.Platform { return c.g.Platform }

// Publish posts text (POST /{page}/feed), one photo with the text as caption (POST
// /{page}/photos), several photos uploaded unpublished and attached to a /feed post, or
// one video through the resumable upload (video.go). With req.ScheduleAt set the post
// is handed to Facebook to go out then (published=false + scheduled_publish_time): the
// Result is Scheduled and Confirm later tells whether it went out.
func (c *Connector) Publish(ctx context.Context, req platforms.Request) (platforms.Result, error) {
	pageID := req.Account.RemoteID
	if pageID == "" {
		return platforms.Result{}, c.invalid("the account has no Facebook Page id")
	}
	video, err := c.checkMedia(req.Media)
	if err != nil {
		return platforms.Result{}, err
	}
	sched := scheduleForm(req.ScheduleAt)
	var res platforms.Result
	switch {
	case video:
		res, err = c.publishVideo(ctx, req, sched)
	case len(req.Media) == 0:
		res, err = c.feed(ctx, pageID, req.Token, req.Text, nil, sched)
	case len(req.Media) == 1 && sched == nil:
		res, err = c.singlePhoto(ctx, pageID, req.Token, req.Text, req.Media[0])
	default:
		res, err = c.multiPhoto(ctx, pageID, req.Token, req.Text, req.Media, sched)
	}
	if err != nil {
		return platforms.Result{}, err
	}
	res.Scheduled, res.PublishedAt = sched != nil, c.now()
	if res.Scheduled {
		res.PublishedAt = req.ScheduleAt
	}
	slog.Info("facebook: published", "page", pageID, "post", res.PlatformPostID, "media", len(req.Media), "scheduled", res.Scheduled)
	return res, nil
}

// checkMedia accepts photos or one video; video is true for the latter.
func (c *Connector) checkMedia(media []platforms.MediaFile) (video bool, err error) {
	var photos, videos int
	for _, m := range media {
		switch {
		case strings.HasPrefix(m.Mime, "image/"):
			photos++
		case strings.HasPrefix(m.Mime, "video/"):
			videos++
		default:
			return false, c.invalid("a Facebook Page post can carry photos or a video, not " + m.Mime)
		}
	}
	switch {
	case videos > 0 && photos > 0:
		return false, c.invalid("a Facebook Page post can carry photos or one video, not both: post the video on its own")
	case videos > 1:
		return false, c.invalid("a Facebook Page post can carry one video only")
	}
	return videos == 1, nil
}

// permalink is the address of a post id "<page>_<post>".
func permalink(id string) string { return "https://www.facebook.com/" + id }

func (c *Connector) invalid(msg string) error {
	return &platforms.Error{Platform: c.g.Platform, Kind: platforms.Permanent, Message: msg, Err: model.ErrInvalid}
}

// feed is POST /{page}/feed with message and attached_media[i] = {"media_fbid": id},
// scheduled when sched holds published=false and scheduled_publish_time.
func (c *Connector) feed(ctx context.Context, pageID, token, text string, photoIDs []string, sched url.Values) (platforms.Result, error) {
	form := url.Values{"fields": {"id,permalink_url"}}
	if text != "" {
		form.Set("message", text)
	}
	for i, id := range photoIDs {
		b, _ := json.Marshal(map[string]string{"media_fbid": id})
		form.Set("attached_media["+strconv.Itoa(i)+"]", string(b))
	}
	for k, v := range sched {
		form[k] = v
	}
	var out struct {
		ID        string `json:"id"`
		Permalink string `json:"permalink_url"`
	}
	err := c.post(ctx, "/"+url.PathEscape(pageID)+"/feed", token, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", &out)
	return platforms.Result{PlatformPostID: out.ID, Permalink: cmp.Or(out.Permalink, permalink(out.ID))}, err
}

// singlePhoto is POST /{page}/photos with the text as caption; the post id is post_id.
func (c *Connector) singlePhoto(ctx context.Context, pageID, token, text string, m platforms.MediaFile) (platforms.Result, error) {
	id, postID, err := c.uploadPhoto(ctx, pageID, token, text, m, true)
	if err != nil {
		return platforms.Result{}, err
	}
	if postID == "" {
		postID = pageID + "_" + id
	}
	return platforms.Result{PlatformPostID: postID, Permalink: permalink(postID)}, nil
}

// multiPhoto uploads each photo with published=false, then attaches them to a /feed post.
func (c *Connector) multiPhoto(ctx context.Context, pageID, token, text string, media []platforms.MediaFile, sched url.Values) (platforms.Result, error) {
	ids := make([]string, 0, len(media))
	for _, m := range media {
		id, _, err := c.uploadPhoto(ctx, pageID, token, "", m, false)
		if err != nil {
			return platforms.Result{}, notPosted(err)
		}
		ids = append(ids, id)
	}
	return c.feed(ctx, pageID, token, text, ids, sched)
}

// uploadPhoto sends the file as the multipart "source" of POST /{page}/photos.
func (c *Connector) uploadPhoto(ctx context.Context, pageID, token, caption string, m platforms.MediaFile, published bool) (id, postID string, err error) {
	body, ctype, err := photoBody(m, caption, published)
	if err != nil {
		return "", "", &platforms.Error{Platform: c.g.Platform, Kind: platforms.Permanent, Message: "the photo could not be read: " + err.Error(), Err: errors.Join(model.ErrInvalid, err)}
	}
	var out struct {
		ID     string `json:"id"`
		PostID string `json:"post_id"`
	}
	err = c.post(ctx, "/"+url.PathEscape(pageID)+"/photos", token, body, ctype, &out)
	return out.ID, out.PostID, err
}

func photoBody(m platforms.MediaFile, caption string, published bool) (io.Reader, string, error) {
	f, err := os.Open(m.Path)
	if err != nil {
		return nil, "", fmt.Errorf("facebook: open photo: %w", err)
	}
	defer f.Close()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if caption != "" {
		_ = w.WriteField("caption", caption)
	}
	_ = w.WriteField("published", strconv.FormatBool(published))
	part, err := w.CreateFormFile("source", filepath.Base(m.Path))
	if err != nil {
		return nil, "", fmt.Errorf("facebook: photo part: %w", err)
	}
	if _, err := io.Copy(part, f); err != nil {
		return nil, "", fmt.Errorf("facebook: read photo: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, "", fmt.Errorf("facebook: photo body: %w", err)
	}
	return &buf, w.FormDataContentType(), nil
}

// Delete is DELETE /{post-id} with the Page token.
func (c *Connector) Delete(ctx context.Context, acct model.Account, token, platformPostID string) error {
	if platformPostID == "" {
		return c.invalid("the post has no Facebook id")
	}
	err := c.send(ctx, http.MethodDelete, c.g.BaseURL+"/"+url.PathEscape(platformPostID), token, nil, "", nil)
	if err == nil {
		slog.Info("facebook: deleted", "page", acct.RemoteID, "post", platformPostID)
	}
	return err
}

func (c *Connector) post(ctx context.Context, path, token string, body io.Reader, ctype string, out any) error {
	return c.send(ctx, http.MethodPost, c.g.BaseURL+path, token, body, ctype, out)
}

// send performs one Graph call with the token in the Authorization header (never in the
// URL) and decodes the JSON answer into out. Every error is a *platforms.Error.
func (c *Connector) send(ctx context.Context, method, rawURL, token string, body io.Reader, ctype string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, rawURL, body)
	if err != nil {
		return &platforms.Error{Platform: c.g.Platform, Kind: platforms.Permanent, Message: "the Graph API address is not valid", Err: errors.Join(model.ErrInvalid, platforms.UnwrapURLError(err))}
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	status, data, err := platforms.Send(c.g.HC, c.g.Platform, req, maxBody)
	if err != nil {
		return err
	}
	if status >= 400 {
		return ParseError(c.g.Platform, status, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &platforms.Error{Platform: c.g.Platform, Kind: platforms.Transient, Uncertain: method == http.MethodPost, Status: status,
			Message: "the Graph API sent an answer that could not be read", Err: fmt.Errorf("facebook: decode %s %s: %w", method, req.URL.Path, err)}
	}
	return nil
}
