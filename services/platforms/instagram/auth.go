// Package instagram connects Instagram professional accounts (platforms.md §2) in either
// of Meta's two variants: Instagram Login (instagram.com authorize, api.instagram.com
// code exchange, graph.instagram.com long-lived tokens refreshed with ig_refresh_token)
// and Instagram via Facebook Login (the Facebook Pages flow, then the Instagram account
// linked to each Page). One Authorizer serves both; WithVariant picks the one Link uses.
package instagram

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/facebook"
)

// GraphVersion is the Graph API version used on graph.instagram.com.
const GraphVersion = facebook.GraphVersion

// Loopback redirect defaults: Meta matches redirect URIs exactly, so the port is fixed.
const (
	DefaultListenAddr = "127.0.0.1:53684"
	CallbackPath      = "/callback/instagram"
)

// Token lifetimes of Instagram Login (platforms.md §2 [IG8][IG9]).
const (
	LongLivedLifetime = 60 * 24 * time.Hour
	MinRefreshAge     = 24 * time.Hour
)

// LoginScopes are Instagram Login's permissions: profile, publishing, insights.
var LoginScopes = []string{"instagram_business_basic", "instagram_business_content_publish", "instagram_business_manage_insights"}

// FacebookScopes are Facebook Login's permissions for Instagram: the Pages list to find
// the linked accounts, publishing and insights.
var FacebookScopes = []string{"instagram_basic", "instagram_content_publish", "instagram_manage_insights", "pages_show_list", "pages_read_engagement"}

var fbRequired = []string{"instagram_basic", "instagram_content_publish", "pages_show_list"}

// Variant is how accounts are connected.
type Variant int

// Variants.
const (
	// InstagramLogin ("Business Login for Instagram"): no Facebook Page needed.
	InstagramLogin Variant = iota
	// FacebookLogin: the Instagram account linked to a Facebook Page the user manages.
	FacebookLogin
)

// Endpoints are Meta's addresses; tests point them at instagramfake.
type Endpoints struct {
	AuthURL  string // https://www.instagram.com/oauth/authorize
	TokenURL string // https://api.instagram.com/oauth/access_token
	GraphURL string // https://graph.instagram.com, unversioned, no trailing slash
	Facebook facebook.Endpoints
}

// DefaultEndpoints are the real Meta endpoints.
func DefaultEndpoints() Endpoints {
	return Endpoints{
		AuthURL:  "https://www.instagram.com/oauth/authorize",
		TokenURL: "https://api.instagram.com/oauth/access_token",
		GraphURL: "https://graph.instagram.com",
		Facebook: facebook.DefaultEndpoints(),
	}
}

// Authorizer connects Instagram accounts. It implements platforms.Authorizer.
type Authorizer struct {
	hc         *http.Client
	ep         Endpoints
	variant    Variant
	listenAddr string
	timeout    time.Duration
	now        func() time.Time
	pub        publishOptions // the Connector's settings (connector.go)
}

var _ platforms.Authorizer = (*Authorizer)(nil)

// Option configures an Authorizer.
type Option func(*Authorizer)

// WithVariant picks the login Link runs (InstagramLogin by default). Refresh and Revoke
// tell the variants apart by the secrets, so accounts of both kinds keep working.
func WithVariant(v Variant) Option { return func(a *Authorizer) { a.variant = v } }

// WithEndpoints points the Authorizer at other endpoints (a fake in tests).
func WithEndpoints(ep Endpoints) Option { return func(a *Authorizer) { a.ep = ep } }

// WithListenAddr changes the default loopback listener (and so the redirect URI).
func WithListenAddr(addr string) Option { return func(a *Authorizer) { a.listenAddr = addr } }

// WithTimeout bounds the wait for the browser (oauth.DefaultTimeout by default).
func WithTimeout(d time.Duration) Option { return func(a *Authorizer) { a.timeout = d } }

// WithClock injects the clock used for expiries and the 24-hour refresh rule.
func WithClock(now func() time.Time) Option { return func(a *Authorizer) { a.now = now } }

// NewAuthorizer returns an Authorizer on hc (http.DefaultClient when nil).
func NewAuthorizer(hc *http.Client, opts ...Option) *Authorizer {
	if hc == nil {
		hc = http.DefaultClient
	}
	a := &Authorizer{hc: hc, ep: DefaultEndpoints(), listenAddr: DefaultListenAddr, now: time.Now}
	for _, o := range opts {
		o(a)
	}
	return a
}

// fb is the Facebook Login machinery, with errors attributed to Instagram.
func (a *Authorizer) fb() *facebook.Authorizer {
	return facebook.NewAuthorizer(a.hc, facebook.WithEndpoints(a.ep.Facebook), facebook.WithPlatform(model.Instagram),
		facebook.WithListenAddr(a.listenAddr), facebook.WithTimeout(a.timeout), facebook.WithClock(a.now))
}

// Info tells the user what to register for the configured variant.
func (a *Authorizer) Info() platforms.AuthInfo {
	info := platforms.AuthInfo{
		Platform: model.Instagram, Method: "oauth2", RedirectURI: "http://" + a.listenAddr + CallbackPath,
		NeedsClientID: true, NeedsSecret: true, ClientIDEnv: "INSTAGRAM_CLIENT_ID", ClientSecretEnv: "INSTAGRAM_CLIENT_SECRET",
	}
	if a.variant == FacebookLogin {
		info.Scopes = slices.Clone(FacebookScopes)
		info.Registration = "Create a Business app at developers.facebook.com with Facebook Login for Business and the Instagram product, " +
			"register the redirect URI above, use the app's ID and secret, and link each Instagram professional account to a Facebook Page you manage; " +
			"accounts outside the app's testers need Meta's App Review."
		return info
	}
	info.Scopes = slices.Clone(LoginScopes)
	info.Registration = "Create a Business app at developers.facebook.com, add the Instagram product with \"API setup with Instagram login\", " +
		"register the redirect URI above under Business login settings and use the Instagram app ID and secret shown there; " +
		"only Instagram professional (business or creator) accounts can connect, and accounts outside the app's testers need Meta's App Review."
	return info
}

// Link connects with the configured variant, or through Facebook Login when the request
// asks for it.
func (a *Authorizer) Link(ctx context.Context, req platforms.LinkRequest) ([]platforms.Linked, error) {
	if err := needApp(req.App); err != nil {
		return nil, err
	}
	if a.variant == FacebookLogin || req.ViaFacebook {
		return a.linkFacebook(ctx, req)
	}
	l, err := a.linkInstagram(ctx, req)
	if err != nil {
		return nil, err
	}
	return []platforms.Linked{l}, nil
}

// Refresh renews an account's token. Accounts connected with Facebook Login (they keep a
// user_access secret) re-exchange the user token and re-read the Page token. Instagram
// Login accounts refresh their long-lived token with ig_refresh_token — but Meta only
// allows that once the token is at least 24 hours old: before that, Refresh returns no
// changed secrets and the current expiry, and makes no call.
func (a *Authorizer) Refresh(ctx context.Context, acct model.Account, secrets map[string]string, app platforms.AppCredentials) (platforms.Refreshed, error) {
	if secrets[platforms.SecretUserAccess] != "" {
		return a.refreshFacebook(ctx, acct, secrets, app)
	}
	return a.refreshInstagram(ctx, acct, secrets)
}

// Revoke ends the access where Meta allows it: Facebook Login accounts remove the app's
// permissions (DELETE /me/permissions, which ends access for every account connected
// with the same user token). Instagram Login has no revoke endpoint — the user removes
// the app under Instagram's "Apps and websites" — so Revoke returns nil for those.
func (a *Authorizer) Revoke(ctx context.Context, _ model.Account, secrets map[string]string, _ platforms.AppCredentials) error {
	if user := secrets[platforms.SecretUserAccess]; user != "" {
		return a.fb().RevokeUser(ctx, user)
	}
	return nil
}

func needApp(app platforms.AppCredentials) error {
	if app.ClientID == "" || app.ClientSecret == "" {
		return &platforms.Error{Platform: model.Instagram, Kind: platforms.Permanent, Err: model.ErrInvalid,
			Message: "enter your Instagram app ID and app secret in Settings (or set INSTAGRAM_CLIENT_ID and INSTAGRAM_CLIENT_SECRET) before connecting"}
	}
	return nil
}

func handle(username string) string {
	if username == "" {
		return ""
	}
	return "@" + strings.TrimPrefix(username, "@")
}
