package instagram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// What a post becomes on Instagram.
const (
	kindImage    = "image"
	kindReel     = "reel"
	kindStory    = "story"
	kindCarousel = "carousel"
)

// Container status codes (platforms.md §2 Publishing, step 2).
const (
	statusFinished  = "FINISHED"
	statusPublished = "PUBLISHED"
	statusError     = "ERROR"
	statusExpired   = "EXPIRED"
)

// Carousel bounds and the most "not ready" answers media_publish gets before giving up.
const (
	maxCarousel  = 10
	maxNotReady  = 10
	quotaRetry   = time.Hour
	subNotReady  = 2207027
	subQuotaUsed = 2207042
)

// planPost picks what req becomes: a story (Format "story", one image or video), a
// reel (Format "reel" or one video), a carousel (2–10 attachments) or an image.
func planPost(req platforms.Request) (string, error) {
	if err := checkFiles(req.Media); err != nil {
		return "", err
	}
	n := len(req.Media)
	switch req.Options.Format {
	case "story":
		if n != 1 {
			return "", invalid(fmt.Sprintf("an Instagram story is one image or one video; this post has %d attachments", n))
		}
		return kindStory, nil
	case "reel":
		if n != 1 || !isVideo(req.Media[0]) {
			return "", invalid("an Instagram reel is one video; attach exactly one video or choose another format")
		}
		return kindReel, nil
	case "", "feed":
	default:
		return "", invalid(fmt.Sprintf("Instagram has no %q format; choose feed, reel or story", req.Options.Format))
	}
	switch {
	case n == 0:
		return "", invalid("Instagram posts need an image or a video; attach one")
	case n > maxCarousel:
		return "", invalid(fmt.Sprintf("an Instagram carousel holds at most %d images and videos; this post has %d", maxCarousel, n))
	case n > 1:
		return kindCarousel, nil
	case isVideo(req.Media[0]):
		return kindReel, nil
	}
	return kindImage, nil
}

// checkFiles refuses what Instagram cannot take: images other than JPEG, and files
// that are neither images nor videos.
func checkFiles(files []platforms.MediaFile) error {
	for i, f := range files {
		switch {
		case isVideo(f):
		case f.Mime == "image/jpeg":
		case strings.HasPrefix(f.Mime, "image/"):
			return invalid(fmt.Sprintf("Instagram only takes JPEG images; attachment %d is %s", i+1, f.Mime))
		default:
			return invalid(fmt.Sprintf("Instagram takes images and videos only; attachment %d is %s", i+1, f.Mime))
		}
	}
	return nil
}

func isVideo(f platforms.MediaFile) bool { return strings.HasPrefix(f.Mime, "video/") }

// createContainers makes the container to publish and returns its id; a carousel's
// children are made first and waited for until FINISHED.
func (c *Connector) createContainers(ctx context.Context, ac account, kind, caption string, items []mediaItem) (string, error) {
	switch kind {
	case kindCarousel:
		return c.carousel(ctx, ac, caption, items)
	case kindStory:
		form := url.Values{"media_type": {"STORIES"}}
		setSource(form, items[0], false)
		return c.create(ctx, ac, form)
	case kindReel:
		form := url.Values{"media_type": {"REELS"}, "video_url": {items[0].url}, "share_to_feed": {"true"}}
		return c.create(ctx, ac, withCaption(form, caption))
	}
	form := url.Values{}
	setSource(form, items[0], true)
	return c.create(ctx, ac, withCaption(form, caption))
}

// setSource sets image_url (with alt_text when asked and given) or video_url.
func setSource(form url.Values, it mediaItem, alt bool) {
	if it.video {
		form.Set("video_url", it.url)
		return
	}
	form.Set("image_url", it.url)
	if alt && it.alt != "" {
		form.Set("alt_text", it.alt)
	}
}

func withCaption(form url.Values, caption string) url.Values {
	if caption != "" {
		form.Set("caption", caption)
	}
	return form
}

// carousel makes one child per item (is_carousel_item=true), waits for each to be
// FINISHED, then makes the CAROUSEL container with the caption.
func (c *Connector) carousel(ctx context.Context, ac account, caption string, items []mediaItem) (string, error) {
	ids := make([]string, 0, len(items))
	for _, it := range items {
		form := url.Values{"is_carousel_item": {"true"}}
		if it.video {
			form.Set("media_type", "VIDEO")
		}
		setSource(form, it, true)
		id, err := c.create(ctx, ac, form)
		if err != nil {
			return "", err
		}
		ids = append(ids, id)
	}
	for _, id := range ids {
		if _, err := c.waitFinished(ctx, ac, id); err != nil {
			return "", err
		}
	}
	form := url.Values{"media_type": {"CAROUSEL"}, "children": {strings.Join(ids, ",")}}
	return c.create(ctx, ac, withCaption(form, caption))
}

// create is POST /{ig-user-id}/media; it returns the container id.
func (c *Connector) create(ctx context.Context, ac account, form url.Values) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	if err := c.post(ctx, ac, "/"+url.PathEscape(ac.user)+"/media", form, &out); err != nil {
		return "", err
	}
	if out.ID == "" {
		return "", &platforms.Error{Platform: model.Instagram, Kind: platforms.Transient, Message: "Instagram did not say which media container it made"}
	}
	slog.Debug("instagram: container created", "user", ac.user, "container", out.ID, "type", form.Get("media_type"))
	return out.ID, nil
}

// waitAndPublish waits for the container, publishes it and reads the permalink. A
// container already PUBLISHED (the answer of an earlier media_publish was lost) is
// looked up instead of published again.
func (c *Connector) waitAndPublish(ctx context.Context, ac account, req platforms.Request, id string) (platforms.Result, error) {
	for range maxNotReady {
		st, err := c.waitFinished(ctx, ac, id)
		if err != nil {
			return platforms.Result{}, err
		}
		if st == statusPublished {
			return c.findPublished(ctx, ac, req)
		}
		mediaID, err := c.mediaPublish(ctx, ac, id)
		if isSubcode(err, subNotReady) {
			if err := platforms.Sleep(ctx, c.opts.poll); err != nil {
				return platforms.Result{}, c.stillProcessing(ctx, ctx, err)
			}
			continue
		}
		if err != nil {
			return platforms.Result{}, err
		}
		return c.result(ctx, ac, mediaID), nil
	}
	return platforms.Result{}, &platforms.Error{Platform: model.Instagram, Kind: platforms.Transient,
		Message: "Instagram kept saying the media is not ready to publish; Webox Social will try again"}
}

// waitFinished reads the container's status until it is FINISHED or PUBLISHED, for at
// most the processing timeout. ERROR and EXPIRED are permanent, in Instagram's words.
func (c *Connector) waitFinished(ctx context.Context, ac account, id string) (string, error) {
	pctx, cancel := context.WithTimeout(ctx, c.opts.processing)
	defer cancel()
	for {
		st, words, err := c.status(pctx, ac, id)
		if err != nil {
			return "", c.stillProcessing(ctx, pctx, err)
		}
		switch st {
		case statusFinished, statusPublished:
			return st, nil
		case statusError:
			return "", &platforms.Error{Platform: model.Instagram, Kind: platforms.Permanent, Err: model.ErrInvalid,
				Message: "Instagram could not process the media: " + words}
		case statusExpired:
			return "", &platforms.Error{Platform: model.Instagram, Kind: platforms.Permanent, Err: model.ErrInvalid,
				Message: "Instagram let the media expire before it was published (it must be published within 24 hours): " + words}
		}
		slog.Debug("instagram: container processing", "container", id, "status", st)
		if err := platforms.Sleep(pctx, c.opts.poll); err != nil {
			return "", c.stillProcessing(ctx, pctx, err)
		}
	}
}

// stillProcessing explains a wait cut short by the processing timeout (not by ctx).
func (c *Connector) stillProcessing(ctx, pctx context.Context, err error) error {
	if ctx.Err() == nil && pctx.Err() != nil {
		return &platforms.Error{Platform: model.Instagram, Kind: platforms.Transient, Err: pctx.Err(),
			Message: fmt.Sprintf("Instagram was still processing the media after %s; Webox Social will try again", c.opts.processing)}
	}
	var pe *platforms.Error
	if errors.As(err, &pe) {
		return pe
	}
	return &platforms.Error{Platform: model.Instagram, Kind: platforms.Transient, Message: "the wait for Instagram was cut short: " + err.Error(), Err: err}
}

// status is GET /{container-id}?fields=status_code,status.
func (c *Connector) status(ctx context.Context, ac account, id string) (code, words string, err error) {
	var out struct {
		StatusCode string `json:"status_code"`
		Status     string `json:"status"`
	}
	err = c.get(ctx, ac, ac.base+"/"+url.PathEscape(id)+"?"+url.Values{"fields": {"status_code,status"}}.Encode(), &out)
	return out.StatusCode, out.Status, err
}

// mediaPublish is POST /{ig-user-id}/media_publish?creation_id=; it returns the media
// id. An answer without one is uncertain: the container's status tells.
func (c *Connector) mediaPublish(ctx context.Context, ac account, containerID string) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	if err := c.post(ctx, ac, "/"+url.PathEscape(ac.user)+"/media_publish", url.Values{"creation_id": {containerID}}, &out); err != nil {
		return "", err
	}
	if out.ID == "" {
		return "", &platforms.Error{Platform: model.Instagram, Kind: platforms.Transient, Uncertain: true,
			Message: "Instagram answered the publish request without saying which post it made"}
	}
	return out.ID, nil
}

// result reads the published media's permalink and time; without them the post is
// still published, so a failure here only leaves the permalink empty.
func (c *Connector) result(ctx context.Context, ac account, mediaID string) platforms.Result {
	var out struct {
		Permalink string `json:"permalink"`
		Timestamp string `json:"timestamp"`
	}
	res := platforms.Result{PlatformPostID: mediaID, PublishedAt: c.now().UTC()}
	q := url.Values{"fields": {"permalink,timestamp"}}
	if err := c.get(ctx, ac, ac.base+"/"+url.PathEscape(mediaID)+"?"+q.Encode(), &out); err != nil {
		slog.Warn("instagram: permalink not read", "media", mediaID, "err", err)
		return res
	}
	res.Permalink = out.Permalink
	if t := graphTime(out.Timestamp); !t.IsZero() {
		res.PublishedAt = t
	}
	return res
}

// checkQuota reads the live content_publishing_limit and refuses (Transient, with a
// RetryAt) when it is used up. A limit that cannot be read does not stop publishing:
// media_publish enforces it anyway.
func (c *Connector) checkQuota(ctx context.Context, ac account) error {
	var out struct {
		Data []struct {
			QuotaUsage int `json:"quota_usage"`
			Config     struct {
				QuotaTotal    int `json:"quota_total"`
				QuotaDuration int `json:"quota_duration"`
			} `json:"config"`
		} `json:"data"`
	}
	q := url.Values{"fields": {"quota_usage,config"}}
	err := c.get(ctx, ac, ac.base+"/"+url.PathEscape(ac.user)+"/content_publishing_limit?"+q.Encode(), &out)
	var pe *platforms.Error
	if err != nil && errors.As(err, &pe) && pe.Kind == platforms.Auth {
		return err
	}
	if err != nil || len(out.Data) == 0 {
		slog.Warn("instagram: publishing limit not read; publishing anyway", "user", ac.user, "err", err)
		return nil
	}
	d := out.Data[0]
	if d.Config.QuotaTotal <= 0 || d.QuotaUsage < d.Config.QuotaTotal {
		return nil
	}
	hours := max(d.Config.QuotaDuration/3600, 1)
	return &platforms.Error{Platform: model.Instagram, Kind: platforms.Transient, Err: model.ErrRateLimited, RetryAt: c.now().Add(quotaRetry),
		Message: fmt.Sprintf("Instagram's publishing limit is used up: this account has published %d of the %d posts Instagram allows through its API in %d hours; Webox Social will try again later",
			d.QuotaUsage, d.Config.QuotaTotal, hours)}
}
