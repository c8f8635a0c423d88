// Package youtube connects YouTube channels through Google's OAuth 2.0 flow for
// desktop apps (loopback redirect on 127.0.0.1, any port, PKCE S256, offline access)
// and reads the channels the authorization gives access to. Connector publishes
// videos with the resumable upload protocol (chunks in 256 KiB multiples, resumed
// after a dropped connection, sessions kept across crashes), schedules them with
// publishAt, reconciles and deletes them. Its strict test fake is the youtubefake
// package.
package youtube

import (
	"context"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Scopes Webox Social asks for:
//   - youtube.upload to upload (and schedule) videos;
//   - youtube.readonly for channels.list (which youtube.upload alone does not allow)
//     and, later, video statistics and the uploads playlist for reconciliation;
//   - yt-analytics.readonly for the YouTube Analytics reports the Insights view will
//     show, asked now so that adding statistics later needs no second consent;
//   - youtube.force-ssl to delete videos (videos.delete accepts neither youtube.upload
//     nor youtube.readonly). Channels connected without it publish but cannot delete.
const (
	ScopeUpload    = "https://www.googleapis.com/auth/youtube.upload"
	ScopeReadOnly  = "https://www.googleapis.com/auth/youtube.readonly"
	ScopeAnalytics = "https://www.googleapis.com/auth/yt-analytics.readonly"
	ScopeManage    = "https://www.googleapis.com/auth/youtube.force-ssl"
)

// Scopes is the full request, in order.
var Scopes = []string{ScopeUpload, ScopeReadOnly, ScopeAnalytics, ScopeManage}

// Environment variables the seed names for the user's own Google OAuth client.
const (
	ClientIDEnv     = "GOOGLE_CLIENT_ID"
	ClientSecretEnv = "GOOGLE_CLIENT_SECRET"
)

// CallbackPath is the loopback redirect's path: Google's documented form is
// http://127.0.0.1:PORT, i.e. the root path.
const CallbackPath = "/"

// DefaultListenAddr is any free port on 127.0.0.1: a "Desktop app" client accepts a
// loopback IP redirect on any port, so nothing has to be fixed or registered.
const DefaultListenAddr = "127.0.0.1:0"

// Endpoints are Google's OAuth endpoints and the YouTube Data API host.
type Endpoints struct {
	AuthURL   string
	TokenURL  string
	RevokeURL string
	APIBase   string // e.g. https://www.googleapis.com; /youtube/v3/... is appended
}

// GoogleEndpoints are the production endpoints.
var GoogleEndpoints = Endpoints{
	AuthURL:   "https://accounts.google.com/o/oauth2/v2/auth",
	TokenURL:  "https://oauth2.googleapis.com/token",
	RevokeURL: "https://oauth2.googleapis.com/revoke",
	APIBase:   "https://www.googleapis.com",
}

// Authorizer connects, refreshes and revokes YouTube channels.
type Authorizer struct {
	hc      *http.Client
	ep      Endpoints
	timeout time.Duration
	now     func() time.Time

	// Connector settings (WithSessionDir, WithChunkSize).
	sessionDir string
	chunkSize  int64
}

var _ platforms.Authorizer = (*Authorizer)(nil)

// Option configures an Authorizer.
type Option func(*Authorizer)

// WithEndpoints replaces Google's endpoints.
func WithEndpoints(ep Endpoints) Option { return func(a *Authorizer) { a.ep = ep } }

// WithBaseURL serves every endpoint from one host under Google's paths, as the
// youtubefake server does.
func WithBaseURL(base string) Option {
	return WithEndpoints(Endpoints{
		AuthURL: base + "/o/oauth2/v2/auth", TokenURL: base + "/token", RevokeURL: base + "/revoke", APIBase: base,
	})
}

// WithFlowTimeout bounds the wait for the browser's answer (services/oauth's default
// of 5 minutes otherwise).
func WithFlowTimeout(d time.Duration) Option { return func(a *Authorizer) { a.timeout = d } }

// NewAuthorizer returns an Authorizer using hc (a client with a 30-second timeout
// when nil).
func NewAuthorizer(hc *http.Client, opts ...Option) *Authorizer {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	a := &Authorizer{hc: hc, ep: GoogleEndpoints, now: time.Now, chunkSize: DefaultChunkSize}
	for _, o := range opts {
		o(a)
	}
	return a
}

// Info tells the user what to create at Google. A "Desktop app" client has no redirect
// URI field: Google accepts http://127.0.0.1 on any port for it, so RedirectURI is "".
// Its client secret is sent at the token endpoint but, as Google says of installed
// apps, it is not treated as confidential.
func (a *Authorizer) Info() platforms.AuthInfo {
	return platforms.AuthInfo{
		Platform:        model.YouTube,
		Method:          "oauth2",
		RedirectURI:     "",
		Scopes:          append([]string(nil), Scopes...),
		NeedsClientID:   true,
		NeedsSecret:     true,
		ClientIDEnv:     ClientIDEnv,
		ClientSecretEnv: ClientSecretEnv,
		Registration: "In the Google Cloud console, enable the YouTube Data API v3 and the YouTube Analytics API, " +
			"configure the OAuth consent screen, and create an OAuth client of type \"Desktop app\" (it needs no redirect URI: " +
			"Google accepts http://127.0.0.1 on any port). The scopes are sensitive: while the consent screen is in \"Testing\" " +
			"only listed test users can connect and Google expires their refresh tokens after 7 days, so publish the app " +
			"(Google verification) for lasting connections; uploads from unaudited projects are locked to private.",
	}
}

// config is the x/oauth2 configuration for a client; the credentials go in the form
// body, as Google's own libraries send them.
func (a *Authorizer) config(app platforms.AppCredentials) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     app.ClientID,
		ClientSecret: app.ClientSecret,
		Scopes:       Scopes,
		Endpoint: oauth2.Endpoint{
			AuthURL:   a.ep.AuthURL,
			TokenURL:  a.ep.TokenURL,
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

// withClient puts the Authorizer's HTTP client where x/oauth2 looks for it.
func (a *Authorizer) withClient(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, a.hc)
}
