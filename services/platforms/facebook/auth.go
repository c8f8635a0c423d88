// Package facebook connects Facebook Pages (platforms.md §3): the browser code flow with
// the app secret on a loopback redirect, the long-lived user token (fb_exchange_token),
// the Pages the user manages (/me/accounts) and their Page tokens; and publishing to a
// Page (Connector): text/link, photos, one video through the resumable upload, native
// scheduling (scheduled_publish_time), read-back reconciliation and deletion. Its Graph
// client and login steps are shared with the Instagram via Facebook Login variant.
package facebook

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// GraphVersion is the Graph API version the app calls.
const GraphVersion = "v23.0"

// Loopback redirect defaults. Meta matches redirect URIs exactly, so the port is fixed
// and RedirectURI is what the user registers under "Valid OAuth Redirect URIs".
const (
	DefaultListenAddr = "127.0.0.1:53683"
	CallbackPath      = "/callback/facebook"
)

// Scopes are the permissions asked for (platforms.md §3): list the Pages, publish text,
// photos and videos, and read engagement and insights.
var Scopes = []string{
	"pages_show_list", "pages_read_engagement", "pages_manage_posts",
	"pages_read_user_engagement", "publish_video", "read_insights",
}

// requiredScopes must be granted for a Page to be usable; the user can untick others.
var requiredScopes = []string{"pages_show_list", "pages_manage_posts", "pages_read_engagement"}

// Endpoints are Meta's addresses; tests point them at facebookfake.
type Endpoints struct {
	AuthURL  string // the Login dialog, https://www.facebook.com/v23.0/dialog/oauth
	GraphURL string // https://graph.facebook.com/v23.0, no trailing slash
	// VideoURL is where video bytes are uploaded, https://graph-video.facebook.com/v23.0;
	// GraphURL when empty.
	VideoURL string
}

// DefaultEndpoints are the real Meta endpoints.
func DefaultEndpoints() Endpoints {
	return Endpoints{
		AuthURL:  "https://www.facebook.com/" + GraphVersion + "/dialog/oauth",
		GraphURL: "https://graph.facebook.com/" + GraphVersion,
		VideoURL: "https://graph-video.facebook.com/" + GraphVersion,
	}
}

// Authorizer connects Facebook Pages. It implements platforms.Authorizer.
type Authorizer struct {
	hc         *http.Client
	ep         Endpoints
	platform   model.Platform
	listenAddr string
	timeout    time.Duration
	now        func() time.Time
	poll       time.Duration
}

var _ platforms.Authorizer = (*Authorizer)(nil)

// Option configures an Authorizer.
type Option func(*Authorizer)

// WithEndpoints points the Authorizer at other endpoints (a fake in tests).
func WithEndpoints(ep Endpoints) Option { return func(a *Authorizer) { a.ep = ep } }

// WithListenAddr changes the default loopback listener (and so the redirect URI).
func WithListenAddr(addr string) Option { return func(a *Authorizer) { a.listenAddr = addr } }

// WithTimeout bounds the wait for the browser (oauth.DefaultTimeout by default).
func WithTimeout(d time.Duration) Option { return func(a *Authorizer) { a.timeout = d } }

// WithClock injects the clock used to turn expires_in into an expiry (and the
// Connector's PublishedAt).
func WithClock(now func() time.Time) Option { return func(a *Authorizer) { a.now = now } }

// WithPollInterval sets how long the Connector waits between video status reads
// (DefaultPollInterval by default; tests set it near zero).
func WithPollInterval(d time.Duration) Option { return func(a *Authorizer) { a.poll = d } }

// WithPlatform attributes errors to another network (Instagram via Facebook Login).
func WithPlatform(p model.Platform) Option { return func(a *Authorizer) { a.platform = p } }

// NewAuthorizer returns an Authorizer on hc (http.DefaultClient when nil).
func NewAuthorizer(hc *http.Client, opts ...Option) *Authorizer {
	if hc == nil {
		hc = http.DefaultClient
	}
	a := &Authorizer{hc: hc, ep: DefaultEndpoints(), platform: model.Facebook, listenAddr: DefaultListenAddr, now: time.Now, poll: DefaultPollInterval}
	for _, o := range opts {
		o(a)
	}
	return a
}

// Graph is the Graph API client the Authorizer uses.
func (a *Authorizer) Graph() Graph {
	return Graph{HC: a.hc, BaseURL: strings.TrimRight(a.ep.GraphURL, "/"), Platform: a.platform}
}

// Info tells the user what to register: a Meta app of type Business with Facebook Login
// for Business, the exact loopback redirect and the Page permissions (App Review for
// accounts other than the app's own testers).
func (a *Authorizer) Info() platforms.AuthInfo {
	return platforms.AuthInfo{
		Platform: model.Facebook, Method: "oauth2",
		RedirectURI: "http://" + a.listenAddr + CallbackPath, Scopes: slices.Clone(Scopes),
		NeedsClientID: true, NeedsSecret: true,
		ClientIDEnv: "FACEBOOK_APP_ID", ClientSecretEnv: "FACEBOOK_APP_SECRET",
		Registration: "Create a Business app at developers.facebook.com, add Facebook Login for Business, " +
			"register the redirect URI above under Valid OAuth Redirect URIs, and request the Page permissions listed; " +
			"anyone who is not a tester or admin of the app can connect only after Meta's App Review approves them.",
	}
}

// Link runs the Facebook Login in the browser, turns the user token into a long-lived
// one, lists the Pages the user can post to and returns one account per chosen Page
// (req.Choose picks; nil takes all). Secrets: access = the Page token, user_access = the
// long-lived user token. ExpiresAt is the user token's expiry: a Page token derived from
// a long-lived user token does not expire (platforms.md §3, commonly stated), but it can
// only be renewed through the user token, so the account is renewed before that lapses.
func (a *Authorizer) Link(ctx context.Context, req platforms.LinkRequest) ([]platforms.Linked, error) {
	user, err := a.LoginUser(ctx, req, Login{Scopes: Scopes, CallbackPath: CallbackPath})
	if err != nil {
		return nil, err
	}
	granted, err := a.GrantedScopes(ctx, user.AccessToken, requiredScopes)
	if err != nil {
		return nil, err
	}
	pages, err := a.ListPages(ctx, user.AccessToken, "id,name,access_token,tasks,picture{url}")
	if err != nil {
		return nil, err
	}
	chosen, err := a.choosePages(ctx, req, postablePages(pages))
	if err != nil {
		return nil, err
	}
	out := make([]platforms.Linked, 0, len(chosen))
	for _, p := range chosen {
		out = append(out, pageLinked(p, user, granted))
	}
	slog.Info("facebook: pages connected", "count", len(out))
	return out, nil
}

// postablePages keeps the Pages on which the user has the CREATE_CONTENT task (Pages
// listed without tasks are kept: Meta omits them for some business-owned Pages).
func postablePages(pages []Page) []Page {
	var out []Page
	for _, p := range pages {
		if len(p.Tasks) == 0 || slices.Contains(p.Tasks, "CREATE_CONTENT") {
			out = append(out, p)
		}
	}
	return out
}

func (a *Authorizer) choosePages(ctx context.Context, req platforms.LinkRequest, pages []Page) ([]Page, error) {
	if len(pages) == 0 {
		return nil, &platforms.Error{Platform: a.platform, Kind: platforms.Permanent, Err: model.ErrNotFound,
			Message: "no Facebook Page was shared with Webox Social on which you can create posts; choose at least one Page in the Facebook dialog"}
	}
	choices := make([]platforms.Choice, len(pages))
	for i, p := range pages {
		choices[i] = platforms.Choice{ID: p.ID, Name: p.Name, Kind: "page"}
	}
	picked, err := Choose(ctx, req.Choose, choices)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(pages, func(p Page) bool { return !slices.Contains(picked, p.ID) }), nil
}

// Choose asks choose (nil: take all) and returns the picked ids.
func Choose(ctx context.Context, choose func(context.Context, []platforms.Choice) ([]platforms.Choice, error), choices []platforms.Choice) ([]string, error) {
	picked := choices
	if choose != nil {
		var err error
		if picked, err = choose(ctx, choices); err != nil {
			return nil, err
		}
	}
	ids := make([]string, len(picked))
	for i, c := range picked {
		ids[i] = c.ID
	}
	return ids, nil
}

func pageLinked(p Page, user UserToken, granted []string) platforms.Linked {
	return platforms.Linked{
		Account: model.Account{
			Platform: model.Facebook, RemoteID: p.ID, Name: p.Name, AvatarURL: p.Picture.Data.URL,
			Scopes: granted, ExpiresAt: user.ExpiresAt, Status: model.AccountOK,
		},
		Secrets: map[string]string{platforms.SecretAccess: p.AccessToken, platforms.SecretUserAccess: user.AccessToken},
	}
}

// Refresh re-exchanges the long-lived user token (fb_exchange_token) and re-reads the
// Page's token with it. Both secrets are returned; ExpiresAt is the new user token's
// expiry. A dead user token (code 190) is Kind Auth: the user must reconnect.
func (a *Authorizer) Refresh(ctx context.Context, acct model.Account, secrets map[string]string, app platforms.AppCredentials) (platforms.Refreshed, error) {
	user, err := a.RenewUserToken(ctx, secrets, app)
	if err != nil {
		return platforms.Refreshed{}, err
	}
	page, err := a.PageToken(ctx, acct.RemoteID, user.AccessToken)
	if err != nil {
		return platforms.Refreshed{}, err
	}
	return platforms.Refreshed{
		Secrets:   map[string]string{platforms.SecretAccess: page, platforms.SecretUserAccess: user.AccessToken},
		ExpiresAt: user.ExpiresAt,
	}, nil
}

// Revoke removes the app's permissions for the user (DELETE /me/permissions with the user
// token). Meta has no per-Page revoke: this ends the access of every Page connected with
// the same user token, so the caller should revoke only when the last of them goes. A
// token that is already dead counts as revoked.
func (a *Authorizer) Revoke(ctx context.Context, acct model.Account, secrets map[string]string, _ platforms.AppCredentials) error {
	return a.RevokeUser(ctx, secrets[platforms.SecretUserAccess])
}
