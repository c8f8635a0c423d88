package tiktok

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Privacy levels TikTok offers in creator_info's privacy_level_options.
const (
	PrivacyPublic    = "PUBLIC_TO_EVERYONE"
	PrivacyFriends   = "MUTUAL_FOLLOW_FRIENDS"
	PrivacyFollowers = "FOLLOWER_OF_CREATOR"
	PrivacySelfOnly  = "SELF_ONLY"
)

// FormatInbox is the model.TargetOptions.Format that uploads to the creator's TikTok
// inbox (to finish in the app) instead of posting directly.
const FormatInbox = "inbox"

// Sentences shown to the user.
const (
	msgChoosePrivacy = "Choose who can see this TikTok post (TikTok requires you to pick it each time)."
	msgUnaudited     = "Until TikTok audits the developer app, it only accepts private posts from it (SELF_ONLY): " +
		"choose \"Only me\" as who can see this post."
	msgNoMediaHost = "TikTok fetches photos from a public address on a domain verified in the TikTok developer portal: " +
		"set up a media host in Settings or give the photo's URL."
	msgNoDelete = "TikTok does not let apps delete posts; delete it in the TikTok app"
)

// publishConfig holds the Connector's settings; they live on the Authorizer so the
// Connector takes the same Option list (endpoints, client, clock) as NewAuthorizer.
type publishConfig struct {
	host       platforms.MediaHost
	poll       time.Duration // between status fetches
	processing time.Duration // bound on one wait for PUBLISH_COMPLETE
	chunk      int64         // preferred FILE_UPLOAD chunk size
	settle     time.Duration // after which a public post missing from video/list is known not published
}

func defaultPublishConfig() publishConfig {
	return publishConfig{poll: 3 * time.Second, processing: 10 * time.Minute, chunk: 10_000_000, settle: 24 * time.Hour}
}

// WithMediaHost sets where photos are shared for TikTok to pull them (PULL_FROM_URL).
func WithMediaHost(h platforms.MediaHost) Option { return func(a *Authorizer) { a.pub.host = h } }

// WithPollInterval sets the wait between status fetches (3 s by default; TikTok allows
// 30 fetches a minute). Tests pass 0.
func WithPollInterval(d time.Duration) Option { return func(a *Authorizer) { a.pub.poll = max(d, 0) } }

// WithProcessingTimeout bounds one wait for TikTok to finish a post (10 minutes by
// default); past it the attempt is reported as still in flight.
func WithProcessingTimeout(d time.Duration) Option {
	return func(a *Authorizer) { a.pub.processing = d }
}

// WithChunkSize sets the preferred upload chunk size, kept within TikTok's 5–64 MB
// (10,000,000 bytes by default).
func WithChunkSize(n int64) Option {
	return func(a *Authorizer) { a.pub.chunk = min(max(n, minChunk), maxChunk) }
}

// WithSettleWindow sets how long after an attempt a public post must have shown up in
// the creator's video list for its absence to mean "not published" (24 h by default:
// moderation can take hours).
func WithSettleWindow(d time.Duration) Option { return func(a *Authorizer) { a.pub.settle = d } }

// Connector publishes videos (FILE_UPLOAD in chunks) and photo posts (PULL_FROM_URL)
// through TikTok's Content Posting API, directly or to the creator's inbox. It
// implements platforms.Connector. TikTok has no idempotency key: the publish_id of each
// attempt is remembered in memory so a retry in the same process checks the status
// instead of posting again; after a restart Reconcile reads back the creator's videos.
type Connector struct {
	a *Authorizer

	mu       sync.Mutex
	attempts platforms.Attempts[*attempt] // by Request.AttemptKey
}

var _ platforms.Connector = (*Connector)(nil)

// NewConnector returns a TikTok Connector using hc (a 10-minute client when nil: one
// request carries a video chunk of up to 64 MB); it
// takes NewAuthorizer's options plus WithMediaHost, WithPollInterval,
// WithProcessingTimeout, WithChunkSize and WithSettleWindow.
func NewConnector(hc *http.Client, opts ...Option) *Connector {
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Minute}
	}
	return &Connector{a: NewAuthorizer(hc, opts...)}
}

// Platform is TikTok.
func (c *Connector) Platform() model.Platform { return model.TikTok }

// CreatorInfo reads what the creator may post (privacy_level_options, the disabled
// interactions, max_video_post_duration_sec), for the composer to offer the choices
// TikTok requires the user to make before every direct post.
func (c *Connector) CreatorInfo(ctx context.Context, token string) (CreatorInfo, error) {
	ci, err := c.a.CreatorInfo(ctx, token)
	return ci, readError(err, "video.publish")
}

// PrivacyChoices lists the privacy levels the creator may post with now (creator_info),
// for the composer to offer: TikTok requires the user to pick one each time.
func (c *Connector) PrivacyChoices(ctx context.Context, _ model.Account, token string) ([]string, error) {
	ci, err := c.CreatorInfo(ctx, token)
	return ci.PrivacyLevelOptions, err
}

// Delete cannot delete: TikTok has no API for it.
func (c *Connector) Delete(context.Context, model.Account, string, string) error {
	return &platforms.Error{Platform: model.TikTok, Kind: platforms.Permanent, Err: model.ErrUnsupported, Message: msgNoDelete}
}

// attempt is what this process knows about one delivery attempt.
type attempt struct {
	publishID string // "" until init answered
	source    string // FILE_UPLOAD or PULL_FROM_URL
	inbox     bool
	photo     bool
	handle    string // the creator's username, for the permalink
	// FILE_UPLOAD only: the file and the transfer plan.
	path      string
	mime      string
	uploadURL string
	size      int64
	plan      chunkPlan
}

func (c *Connector) attempt(key string) *attempt {
	at, _ := c.attempts.Get(key)
	return at
}

func (c *Connector) remember(key string, at *attempt) { c.attempts.Remember(key, at) }

func (c *Connector) forget(key string) { c.attempts.Forget(key) }

// setPublishID records init's answer.
func (c *Connector) setPublishID(at *attempt, id, uploadURL string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	at.publishID, at.uploadURL = id, uploadURL
}

func (c *Connector) publishID(at *attempt) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return at.publishID
}

// Publish posts one video or 1–35 photos. A direct post first reads creator_info and
// checks that req.Options.Privacy is one of the creator's options; Format "inbox"
// uploads to the creator's inbox instead. A retry of an attempt this process already
// initialized continues it (finishing the upload, then polling) rather than posting again.
func (c *Connector) Publish(ctx context.Context, req platforms.Request) (platforms.Result, error) {
	photo, err := mediaKind(req.Media)
	if err != nil {
		return platforms.Result{}, err
	}
	if at := c.attempt(req.AttemptKey); at != nil && c.publishID(at) != "" {
		slog.Info("tiktok: continuing an earlier attempt", "account_id", req.Account.ID, "publish_id", c.publishID(at))
		return c.resume(ctx, req, at)
	}
	at := &attempt{inbox: req.Options.Format == FormatInbox, photo: photo, handle: strings.TrimPrefix(req.Account.Handle, "@")}
	info, err := c.postInfo(ctx, req, at)
	if err != nil {
		return platforms.Result{}, err
	}
	if photo {
		return c.publishPhotos(ctx, req, at, info)
	}
	return c.publishVideo(ctx, req, at, info)
}

// mediaKind says whether the post is photos (true) or one video, refusing anything else.
func mediaKind(files []platforms.MediaFile) (bool, error) {
	images := 0
	for _, f := range files {
		if strings.HasPrefix(f.Mime, "image/") {
			images++
		}
	}
	switch {
	case len(files) == 1 && images == 0:
		return false, nil
	case images == len(files) && images >= 1 && images <= maxPhotos:
		return true, nil
	}
	return false, invalid(fmt.Sprintf("A TikTok post is one video or 1 to %d photos; this one has %d attachments (%d photos).",
		maxPhotos, len(files), images))
}

// maxPhotos is the most photos one TikTok photo post takes.
const maxPhotos = 35

func invalid(msg string) *platforms.Error {
	return &platforms.Error{Platform: model.TikTok, Kind: platforms.Permanent, Err: model.ErrInvalid, Message: msg}
}

// postInfo reads creator_info for a direct post and builds post_info from the request:
// the privacy level the user chose (TikTok forbids a default) and the interaction
// settings, kept off where the creator turned them off.
func (c *Connector) postInfo(ctx context.Context, req platforms.Request, at *attempt) (map[string]any, error) {
	if at.inbox {
		return nil, nil
	}
	ci, err := c.CreatorInfo(ctx, req.Token)
	if err != nil {
		return nil, err
	}
	if ci.Username != "" {
		at.handle = ci.Username
	}
	if err := checkPrivacy(req.Options.Privacy, ci); err != nil {
		return nil, err
	}
	if err := checkDuration(req.Media, ci); err != nil {
		return nil, err
	}
	o := req.Options
	info := map[string]any{"privacy_level": o.Privacy, "disable_comment": o.DisableComments || ci.CommentDisabled}
	if !at.photo {
		info["disable_duet"], info["disable_stitch"] = o.DisableDuet || ci.DuetDisabled, o.DisableStitch || ci.StitchDisabled
	}
	return info, nil
}

// checkPrivacy refuses an empty privacy level or one the creator does not offer.
func checkPrivacy(privacy string, ci CreatorInfo) error {
	switch {
	case privacy == "":
		return invalid(msgChoosePrivacy)
	case !slices.Contains(ci.PrivacyLevelOptions, privacy):
		return invalid(fmt.Sprintf("This TikTok account does not offer %q as who can see a post; choose one of: %s.",
			privacy, strings.Join(ci.PrivacyLevelOptions, ", ")))
	}
	return nil
}

// checkDuration refuses a video longer than the creator may post.
func checkDuration(files []platforms.MediaFile, ci CreatorInfo) error {
	for _, f := range files {
		if ci.MaxVideoPostDurationSec > 0 && f.DurationMS > int64(ci.MaxVideoPostDurationSec)*1000 {
			return invalid(fmt.Sprintf("This TikTok account can post videos up to %d seconds long; this one lasts %d seconds.",
				ci.MaxVideoPostDurationSec, (f.DurationMS+999)/1000))
		}
	}
	return nil
}

// initPost sends an init call for at. The attempt is remembered before the call, so
// that when the answer is lost Reconcile knows how far it got.
func (c *Connector) initPost(ctx context.Context, req platforms.Request, at *attempt, path string, body any) error {
	c.remember(req.AttemptKey, at)
	var data struct {
		PublishID string `json:"publish_id"`
		UploadURL string `json:"upload_url"`
	}
	err := c.call(ctx, path, req.Token, body, &data, writeCall, scopeFor(at))
	var pe *platforms.Error
	if err != nil && (!errors.As(err, &pe) || !pe.Uncertain) {
		c.forget(req.AttemptKey) // refused: nothing was created
	}
	if err != nil {
		return err
	}
	if data.PublishID == "" {
		return &platforms.Error{Platform: model.TikTok, Kind: platforms.Transient, Uncertain: true,
			Message: "TikTok accepted the post but did not say which one it made."}
	}
	c.setPublishID(at, data.PublishID, data.UploadURL)
	slog.Info("tiktok: post initialized", "account_id", req.Account.ID, "publish_id", data.PublishID, "source", at.source, "inbox", at.inbox)
	return nil
}

// scopeFor names the scope the attempt's calls need.
func scopeFor(at *attempt) string {
	if at.inbox {
		return "video.upload"
	}
	return "video.publish"
}

// result builds the platforms.Result from the final status.
func (c *Connector) result(at *attempt, st status) platforms.Result {
	res := platforms.Result{PlatformPostID: "publish:" + at.publishID, PublishedAt: c.a.now()}
	if len(st.PostIDs) == 0 {
		return res
	}
	res.PlatformPostID = st.PostIDs[0].String()
	res.Permalink = permalink(at.handle, res.PlatformPostID, at.photo)
	return res
}

// permalink is https://www.tiktok.com/@<handle>/video/<id> (or /photo/ for a photo
// post); empty when the handle is unknown.
func permalink(handle, id string, photo bool) string {
	if handle == "" {
		return ""
	}
	kind := "video"
	if photo {
		kind = "photo"
	}
	return "https://www.tiktok.com/@" + url.PathEscape(handle) + "/" + kind + "/" + url.PathEscape(id)
}
