package tiktok

import (
	"cmp"
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"webox-social/services/model"
	"webox-social/services/oauth"
	"webox-social/services/platforms"
)

// Loopback defaults: the port is fixed so the registered redirect can be exact (TikTok
// also accepts a "*" port registration, e.g. http://127.0.0.1:*/callback/tiktok).
const (
	DefaultListenAddr = "127.0.0.1:53686"
	CallbackPath      = "/callback/tiktok"
	// RedirectURI is the redirect to register in the TikTok developer portal.
	RedirectURI = "http://" + DefaultListenAddr + CallbackPath
)

// Scopes are what Link asks for: the profile, inbox upload and direct post.
var Scopes = []string{"user.info.basic", "video.upload", "video.publish"}

// Challenge is how the PKCE code challenge is encoded.
type Challenge string

// Challenge encodings.
const (
	// ChallengeHex is hex(SHA-256(verifier)), what TikTok's desktop flow reportedly
	// expects (3rd-party report, platforms.md §5). The default.
	ChallengeHex Challenge = "hex"
	// ChallengeS256 is RFC 7636's base64url(SHA-256(verifier)).
	ChallengeS256 Challenge = "s256"
)

// Endpoints are TikTok's URLs; tests point them at tiktokfake.
type Endpoints struct {
	AuthURL   string // GET, the consent page
	TokenURL  string // POST, code exchange and refresh
	RevokeURL string // POST, revocation
	APIBase   string // https://open.tiktokapis.com
}

// DefaultEndpoints are the production URLs.
func DefaultEndpoints() Endpoints {
	return WithBase("https://www.tiktok.com", "https://open.tiktokapis.com")
}

// WithBase builds Endpoints from the consent host and the API host.
func WithBase(authBase, apiBase string) Endpoints {
	api := strings.TrimRight(apiBase, "/")
	return Endpoints{
		AuthURL: strings.TrimRight(authBase, "/") + "/v2/auth/authorize/", TokenURL: api + "/v2/oauth/token/",
		RevokeURL: api + "/v2/oauth/revoke/", APIBase: api,
	}
}

// Authorizer connects TikTok creators. It implements platforms.Authorizer.
type Authorizer struct {
	hc        *http.Client
	ep        Endpoints
	challenge Challenge
	timeout   time.Duration
	now       func() time.Time
	pub       publishConfig // the Connector's settings (connector.go)
}

var _ platforms.Authorizer = (*Authorizer)(nil)

// Option configures an Authorizer.
type Option func(*Authorizer)

// WithEndpoints replaces TikTok's URLs.
func WithEndpoints(e Endpoints) Option { return func(a *Authorizer) { a.ep = e } }

// WithBaseURL serves every endpoint from one base URL (a tiktokfake server).
func WithBaseURL(u string) Option { return WithEndpoints(WithBase(u, u)) }

// WithChallenge picks the PKCE challenge encoding (ChallengeHex by default).
func WithChallenge(c Challenge) Option { return func(a *Authorizer) { a.challenge = c } }

// WithTimeout bounds the wait for the browser (services/oauth's default when zero).
func WithTimeout(d time.Duration) Option { return func(a *Authorizer) { a.timeout = d } }

// WithClock sets the clock used to compute expiries.
func WithClock(now func() time.Time) Option { return func(a *Authorizer) { a.now = now } }

// NewAuthorizer returns a TikTok Authorizer using hc (a 1-minute client when nil).
func NewAuthorizer(hc *http.Client, opts ...Option) *Authorizer {
	if hc == nil {
		hc = &http.Client{Timeout: time.Minute}
	}
	a := &Authorizer{hc: hc, ep: DefaultEndpoints(), challenge: ChallengeHex, now: time.Now, pub: defaultPublishConfig()}
	for _, o := range opts {
		o(a)
	}
	return a
}

// Info says what to register at TikTok.
func (a *Authorizer) Info() platforms.AuthInfo {
	return platforms.AuthInfo{
		Platform: model.TikTok, Method: "oauth2", RedirectURI: RedirectURI, Scopes: slices.Clone(Scopes),
		NeedsClientID: true, NeedsSecret: true, ClientIDEnv: "TIKTOK_CLIENT_KEY", ClientSecretEnv: "TIKTOK_CLIENT_SECRET",
		Registration: "Create an app at developers.tiktok.com with the Desktop platform, add Login Kit and the Content Posting API" +
			" (Direct Post), and register the redirect URI " + RedirectURI + ". Until TikTok audits the app, posts can only be private.",
	}
}

// Link runs the desktop authorization with PKCE, then reads the creator.
func (a *Authorizer) Link(ctx context.Context, req platforms.LinkRequest) ([]platforms.Linked, error) {
	if req.App.ClientID == "" || req.App.ClientSecret == "" {
		return nil, &platforms.Error{Platform: model.TikTok, Kind: platforms.Permanent, Err: model.ErrInvalid,
			Message: "Enter your TikTok app's client key and client secret in Settings first."}
	}
	tok, err := a.authorize(ctx, req)
	if err != nil {
		return nil, err
	}
	scopes := splitScopes(tok.Extra("scope"))
	acct, err := a.creatorAccount(ctx, tok.AccessToken, scopes)
	if err != nil {
		return nil, err
	}
	acct.Scopes, acct.ExpiresAt = scopes, a.expiry(tok.ExpiresIn, tok.Expiry)
	slog.Info("tiktok: account connected", "open_id", acct.RemoteID)
	return []platforms.Linked{{Account: acct, Secrets: map[string]string{
		platforms.SecretAccess: tok.AccessToken, platforms.SecretRefresh: tok.RefreshToken,
	}}}, nil
}

// authorize runs the loopback flow, renaming client_id to client_key on the way out
// and encoding the PKCE challenge as configured.
func (a *Authorizer) authorize(ctx context.Context, req platforms.LinkRequest) (*oauth2.Token, error) {
	flow := &oauth.Flow{
		Config: &oauth2.Config{
			ClientID: req.App.ClientID, ClientSecret: req.App.ClientSecret,
			Endpoint: oauth2.Endpoint{AuthURL: a.ep.AuthURL, TokenURL: a.ep.TokenURL, AuthStyle: oauth2.AuthStyleInParams},
		},
		ListenAddr: cmp.Or(req.ListenAddr, DefaultListenAddr), CallbackPath: CallbackPath,
		OpenURL: a.openURL(req.OpenURL), Timeout: a.timeout, UsePKCE: true,
		RedirectURL: req.RedirectURI, Pasted: req.Pasted,
		AuthParams: []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("scope", strings.Join(Scopes, ","))},
	}
	tok, err := flow.Run(context.WithValue(ctx, oauth2.HTTPClient, a.clientKeyClient()))
	if err != nil {
		return nil, flowError(err)
	}
	return tok, nil
}

// Refresh renews the access token. TikTok rotates the refresh token: the new one is
// returned and must be saved before the new access token is used.
func (a *Authorizer) Refresh(ctx context.Context, acct model.Account, secrets map[string]string, app platforms.AppCredentials) (platforms.Refreshed, error) {
	old := secrets[platforms.SecretRefresh]
	if old == "" {
		return platforms.Refreshed{}, &platforms.Error{Platform: model.TikTok, Kind: platforms.Auth, Err: model.ErrUnauthorized,
			Message: "There is no TikTok refresh token for this account, so reconnect it."}
	}
	tr, err := a.tokenCall(ctx, map[string]string{
		"client_key": app.ClientID, "client_secret": app.ClientSecret, "grant_type": "refresh_token", "refresh_token": old,
	})
	if err != nil {
		return platforms.Refreshed{}, err
	}
	out := platforms.Refreshed{Secrets: map[string]string{platforms.SecretAccess: tr.AccessToken}, ExpiresAt: a.expiry(tr.ExpiresIn, time.Time{})}
	if tr.RefreshToken != "" && tr.RefreshToken != old {
		out.Secrets[platforms.SecretRefresh] = tr.RefreshToken
	}
	slog.Info("tiktok: token refreshed", "account", acct.ID, "rotated", out.Secrets[platforms.SecretRefresh] != "", "expires_at", out.ExpiresAt)
	return out, nil
}

// Revoke revokes the account's authorization (POST /v2/oauth/revoke/).
func (a *Authorizer) Revoke(ctx context.Context, acct model.Account, secrets map[string]string, app platforms.AppCredentials) error {
	token := secrets[platforms.SecretAccess]
	if token == "" {
		return nil
	}
	err := a.postForm(ctx, a.ep.RevokeURL, map[string]string{"client_key": app.ClientID, "client_secret": app.ClientSecret, "token": token}, nil)
	if err != nil {
		return err
	}
	slog.Info("tiktok: token revoked", "account", acct.ID)
	return nil
}

// expiry is now + expiresIn, or fallback when TikTok gave no lifetime.
func (a *Authorizer) expiry(expiresIn int64, fallback time.Time) time.Time {
	if expiresIn <= 0 {
		return fallback
	}
	return a.now().Add(time.Duration(expiresIn) * time.Second).UTC()
}

// splitScopes reads TikTok's comma-separated scope list.
func splitScopes(v any) []string {
	s, _ := v.(string)
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}
