package instagram

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Connector defaults.
const (
	// DefaultPollInterval is the wait between two reads of a container's status.
	DefaultPollInterval = 5 * time.Second
	// DefaultProcessingTimeout bounds the wait for one container to be FINISHED.
	DefaultProcessingTimeout = 10 * time.Minute
)

// publishOptions are the Connector's settings, carried by the shared Option type.
type publishOptions struct {
	host       platforms.MediaHost
	poll       time.Duration
	pollSet    bool
	processing time.Duration
}

// WithMediaHost sets where attachments without a public URL of their own
// (TargetOptions.MediaURLs) are shared for Instagram to fetch. Connector only.
func WithMediaHost(h platforms.MediaHost) Option { return func(a *Authorizer) { a.pub.host = h } }

// WithPollInterval sets the wait between container status reads (DefaultPollInterval);
// tests use 0. Connector only.
func WithPollInterval(d time.Duration) Option {
	return func(a *Authorizer) { a.pub.poll, a.pub.pollSet = d, true }
}

// WithProcessingTimeout bounds the wait for one container to be processed
// (DefaultProcessingTimeout). Connector only.
func WithProcessingTimeout(d time.Duration) Option {
	return func(a *Authorizer) { a.pub.processing = d }
}

// Connector publishes to Instagram professional accounts (platforms.md §2): images,
// reels, carousels of 2–10 images and videos, and stories, through a media container
// that is polled until FINISHED and then published. req.Account.RemoteID is the IG
// user id; accounts connected with Facebook Login are served by graph.facebook.com,
// Instagram Login accounts by graph.instagram.com. It implements platforms.Connector.
type Connector struct {
	hc     *http.Client
	igBase string // https://graph.instagram.com/v23.0
	fbBase string // https://graph.facebook.com/v23.0
	opts   publishOptions
	now    func() time.Time

	mu       sync.Mutex
	attempts platforms.Attempts[*attempt] // attempt key -> the container made for it
}

var _ platforms.Connector = (*Connector)(nil)

// attempt is what this process made for one attempt key: the container to publish (or
// to check) on a retry, and the removal of the media it shared.
type attempt struct {
	containerID string
	removes     []func(context.Context) error
}

// NewConnector returns a Connector on hc (a client with a 2-minute timeout when nil).
// Of the options, WithEndpoints (GraphURL and Facebook.GraphURL), WithClock,
// WithMediaHost, WithPollInterval and WithProcessingTimeout apply.
func NewConnector(hc *http.Client, opts ...Option) *Connector {
	if hc == nil {
		hc = &http.Client{Timeout: 2 * time.Minute}
	}
	a := NewAuthorizer(hc, opts...)
	if !a.pub.pollSet {
		a.pub.poll = DefaultPollInterval
	}
	if a.pub.processing <= 0 {
		a.pub.processing = DefaultProcessingTimeout
	}
	return &Connector{hc: hc, igBase: strings.TrimRight(a.ep.GraphURL, "/") + "/" + GraphVersion,
		fbBase: strings.TrimRight(a.ep.Facebook.GraphURL, "/"), opts: a.pub, now: a.now}
}

// Platform is model.Instagram.
func (c *Connector) Platform() model.Platform { return model.Instagram }

// Publish publishes req once: it checks the live publishing limit, gets a public URL
// for each attachment, creates the container(s), waits until FINISHED and calls
// media_publish. A retry with the same AttemptKey in this process goes on with the
// container already made (and never publishes it twice).
func (c *Connector) Publish(ctx context.Context, req platforms.Request) (platforms.Result, error) {
	ac, err := c.account(req.Account, req.Token)
	if err != nil {
		return platforms.Result{}, err
	}
	if a := c.attempt(req.AttemptKey); a != nil {
		slog.Info("instagram: resuming container", "account", req.Account.ID, "container", a.containerID)
		return c.publishContainer(ctx, ac, req, a)
	}
	kind, err := planPost(req)
	if err != nil {
		return platforms.Result{}, err
	}
	if err := c.checkQuota(ctx, ac); err != nil {
		return platforms.Result{}, err
	}
	items, removes, err := c.shareMedia(ctx, req)
	if err != nil {
		return platforms.Result{}, err
	}
	a := &attempt{removes: removes}
	if a.containerID, err = c.createContainers(ctx, ac, kind, req.Text, items); err != nil {
		return platforms.Result{}, c.settle(ctx, req.AttemptKey, a, err)
	}
	c.remember(req.AttemptKey, a)
	return c.publishContainer(ctx, ac, req, a)
}

// publishContainer waits for the attempt's container and publishes it.
func (c *Connector) publishContainer(ctx context.Context, ac account, req platforms.Request, a *attempt) (platforms.Result, error) {
	res, err := c.waitAndPublish(ctx, ac, req, a.containerID)
	if err == nil {
		slog.Info("instagram: published", "account", req.Account.ID, "media", res.PlatformPostID, "container", a.containerID)
	}
	return res, c.settle(ctx, req.AttemptKey, a, err)
}

// settle ends an attempt after a success or a permanent failure: the container is
// forgotten and the shared media removed. After any other failure with a container
// made, both are kept for the retry (or Reconcile) in this process.
func (c *Connector) settle(ctx context.Context, key string, a *attempt, err error) error {
	var pe *platforms.Error
	if err != nil && a.containerID != "" && !(errors.As(err, &pe) && pe.Kind == platforms.Permanent) {
		return err
	}
	c.forget(key)
	platforms.RemoveShared(ctx, model.Instagram, a.removes)
	return err
}

func (c *Connector) attempt(key string) *attempt {
	at, _ := c.attempts.Get(key)
	return at
}

func (c *Connector) remember(key string, at *attempt) { c.attempts.Remember(key, at) }

func (c *Connector) forget(key string) { c.attempts.Forget(key) }

// account is where, as whom and for which IG user one account's calls go.
type account struct {
	base, user, token string
	facebook          bool
}

// account picks the Graph host of acct's variant.
func (c *Connector) account(acct model.Account, token string) (account, error) {
	if acct.RemoteID == "" {
		return account{}, invalid("the account has no Instagram user id; connect it again")
	}
	ac := account{base: c.igBase, user: acct.RemoteID, token: token}
	if viaFacebook(acct, token) {
		ac.base, ac.facebook = c.fbBase, true
	}
	return ac, nil
}

// viaFacebook tells an account connected with Facebook Login (Page token, Facebook
// permission names) from an Instagram Login one: by the permissions granted, then by
// the token (Facebook tokens start with "EAA", Instagram User tokens with "IG").
func viaFacebook(acct model.Account, token string) bool {
	for _, s := range acct.Scopes {
		switch s {
		case "instagram_business_basic", "instagram_business_content_publish":
			return false
		case "instagram_basic", "instagram_content_publish", "pages_show_list":
			return true
		}
	}
	return strings.HasPrefix(token, "EAA")
}

// publishPermission is the permission publishing needs in the account's variant.
func (ac account) publishPermission() string {
	if ac.facebook {
		return "instagram_content_publish"
	}
	return "instagram_business_content_publish"
}

func invalid(msg string) error {
	return &platforms.Error{Platform: model.Instagram, Kind: platforms.Permanent, Message: msg, Err: model.ErrInvalid}
}
