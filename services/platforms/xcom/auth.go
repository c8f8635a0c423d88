// Package xcom connects X (Twitter) accounts: OAuth 2.0 authorization code with PKCE
// through the loopback flow of services/oauth, as a public client (client_id in the
// body) or a confidential one (HTTP Basic) depending on whether a client secret is
// configured, with single-use rotating refresh tokens (platforms.md §1).
package xcom

import (
	"cmp"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"webox-social/services/model"
	"webox-social/services/oauth"
	"webox-social/services/platforms"
)

// X's endpoints and the loopback redirect registered for the app.
const (
	AuthURL   = "https://x.com/i/oauth2/authorize"
	TokenURL  = "https://api.x.com/2/oauth2/token"
	RevokeURL = "https://api.x.com/2/oauth2/revoke"
	APIBase   = "https://api.x.com"

	// DefaultListenAddr is the fixed loopback port: X matches redirect URIs exactly,
	// port included, so the user registers this one.
	DefaultListenAddr = "127.0.0.1:53682"
	// CallbackPath is the redirect path.
	CallbackPath = "/callback/twitter"
)

// Scopes are what the app asks for: posting (tweet.read, tweet.write, users.read),
// media uploads (media.write) and a refresh token (offline.access).
var Scopes = []string{"tweet.read", "tweet.write", "users.read", "media.write", "offline.access"}

// Endpoints are the URLs the Authorizer talks to; tests point them at xcomfake.
type Endpoints struct {
	AuthURL   string
	TokenURL  string
	RevokeURL string
	APIBase   string // for GET /2/users/me, no trailing slash
}

// Option configures an Authorizer.
type Option func(*Authorizer)

// WithEndpoints replaces X's endpoints.
func WithEndpoints(e Endpoints) Option { return func(a *Authorizer) { a.ep = e } }

// WithBaseURL serves every endpoint from one host (the fake's URL), under X's paths.
func WithBaseURL(base string) Option {
	b := strings.TrimRight(base, "/")
	return WithEndpoints(Endpoints{AuthURL: b + "/i/oauth2/authorize", TokenURL: b + "/2/oauth2/token",
		RevokeURL: b + "/2/oauth2/revoke", APIBase: b})
}

// WithListenAddr changes the default loopback listener (and so the redirect URI that
// Info reports); LinkRequest.ListenAddr still overrides it per link.
func WithListenAddr(addr string) Option { return func(a *Authorizer) { a.listenAddr = addr } }

// WithTimeout bounds the wait for the browser (services/oauth's default otherwise).
func WithTimeout(d time.Duration) Option { return func(a *Authorizer) { a.timeout = d } }

// Authorizer links, refreshes and revokes X accounts.
type Authorizer struct {
	hc         *http.Client
	ep         Endpoints
	listenAddr string
	timeout    time.Duration
}

var _ platforms.Authorizer = (*Authorizer)(nil)

// NewAuthorizer returns an Authorizer using hc (http.DefaultClient when nil).
func NewAuthorizer(hc *http.Client, opts ...Option) *Authorizer {
	if hc == nil {
		hc = http.DefaultClient
	}
	a := &Authorizer{hc: hc, listenAddr: DefaultListenAddr,
		ep: Endpoints{AuthURL: AuthURL, TokenURL: TokenURL, RevokeURL: RevokeURL, APIBase: APIBase}}
	for _, o := range opts {
		o(a)
	}
	return a
}

// RedirectURI is the callback URL for a loopback listen address.
func RedirectURI(listenAddr string) string {
	return (&url.URL{Scheme: "http", Host: listenAddr, Path: CallbackPath}).String()
}

// Info tells the user what to register at X.
func (a *Authorizer) Info() platforms.AuthInfo {
	redirect := RedirectURI(a.listenAddr)
	return platforms.AuthInfo{
		Platform: model.X, Method: "oauth2", RedirectURI: redirect, Scopes: append([]string(nil), Scopes...),
		NeedsClientID: true, NeedsSecret: false, ClientIDEnv: "TWITTER_CLIENT_ID", ClientSecretEnv: "TWITTER_CLIENT_SECRET",
		Registration: "In the X developer portal, create a project and an app, turn on OAuth 2.0 user authentication " +
			"with app permissions \"Read and write\" and type \"Native App\" (no client secret needed; a \"Web App\" " +
			"works too with its client secret), and add the callback URL " + redirect + " exactly as written. " +
			"No review is needed; posts are billed to the app's pay-per-use balance.",
	}
}

// config is the x/oauth2 configuration for app: a public client sends client_id in the
// body, a confidential one (with a secret) authenticates with HTTP Basic.
func (a *Authorizer) config(app platforms.AppCredentials) *oauth2.Config {
	style := oauth2.AuthStyleInParams
	if app.ClientSecret != "" {
		style = oauth2.AuthStyleInHeader
	}
	return &oauth2.Config{
		ClientID: app.ClientID, ClientSecret: app.ClientSecret, Scopes: Scopes,
		Endpoint: oauth2.Endpoint{AuthURL: a.ep.AuthURL, TokenURL: a.ep.TokenURL, AuthStyle: style},
	}
}

// Link runs the browser authorization on the fixed loopback redirect (or
// req.ListenAddr) with PKCE S256, then reads the profile. It returns one account, whose
// secrets hold the access and refresh tokens and the client that issued them.
func (a *Authorizer) Link(ctx context.Context, req platforms.LinkRequest) ([]platforms.Linked, error) {
	if strings.TrimSpace(req.App.ClientID) == "" {
		return nil, &platforms.Error{Platform: model.X, Kind: platforms.Permanent, Err: model.ErrInvalid,
			Message: "An X client ID is needed: enter your X app's OAuth 2.0 client ID in Settings (or set TWITTER_CLIENT_ID)."}
	}
	flow := &oauth.Flow{Config: a.config(req.App), ListenAddr: cmp.Or(req.ListenAddr, a.listenAddr),
		CallbackPath: CallbackPath, OpenURL: req.OpenURL, Timeout: a.timeout, UsePKCE: true,
		RedirectURL: req.RedirectURI, Pasted: req.Pasted}
	tok, err := flow.Run(context.WithValue(ctx, oauth2.HTTPClient, a.hc))
	if err != nil {
		return nil, linkError(err)
	}
	u, err := a.me(ctx, tok.AccessToken)
	if err != nil {
		a.discard(req.App, tok)
		return nil, err
	}
	slog.Info("xcom: account connected", "user_id", u.ID, "username", u.Username)
	return []platforms.Linked{{Account: account(u, tok), Secrets: linkedSecrets(req.App, tok)}}, nil
}

// discard revokes a token whose profile could not be read (best effort).
func (a *Authorizer) discard(app platforms.AppCredentials, tok *oauth2.Token) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.revokeTokens(ctx, app, tok.RefreshToken, tok.AccessToken); err != nil {
		slog.Warn("xcom: revoke an unverified token", "err", err)
	}
}

func account(u user, tok *oauth2.Token) model.Account {
	scopes := Scopes
	if s, ok := tok.Extra("scope").(string); ok && s != "" {
		scopes = strings.Fields(s)
	}
	return model.Account{Platform: model.X, RemoteID: u.ID, Name: u.Name, Handle: "@" + u.Username,
		AvatarURL: u.ProfileImageURL, Scopes: scopes, ExpiresAt: tok.Expiry, Status: model.AccountOK}
}

// linkedSecrets keeps the tokens and the client that issued them: X binds a refresh
// token to its client, so Refresh and Revoke use these over the current settings.
func linkedSecrets(app platforms.AppCredentials, tok *oauth2.Token) map[string]string {
	s := map[string]string{platforms.SecretAccess: tok.AccessToken, platforms.SecretClientID: app.ClientID}
	if tok.RefreshToken != "" {
		s[platforms.SecretRefresh] = tok.RefreshToken
	}
	if app.ClientSecret != "" {
		s[platforms.SecretClientSecret] = app.ClientSecret
	}
	return s
}

// Refresh trades the account's refresh token for a new access token and a new refresh
// token. X refresh tokens are single-use and rotate: once X has answered, the old one is
// dead, and presenting it again revokes every token of the account (token family).
// The caller must therefore save the rotated refresh token
// (Refreshed.Secrets[platforms.SecretRefresh]) durably BEFORE it uses the new access
// token, and must never refresh again with the old one. An error with Uncertain set
// (the request reached X but no answer came back) may mean the token was already
// rotated; a retry with the old token then fails with Kind Auth. Kind Auth means the
// user must reconnect (no refresh token, or X refused it). Refresh uses the client
// stored with the account at Link (secrets' client_id/client_secret), else app.
func (a *Authorizer) Refresh(ctx context.Context, acct model.Account, secrets map[string]string, app platforms.AppCredentials) (platforms.Refreshed, error) {
	old := secrets[platforms.SecretRefresh]
	if old == "" {
		return platforms.Refreshed{}, &platforms.Error{Platform: model.X, Kind: platforms.Auth, Err: model.ErrUnauthorized,
			Message: "X gave this account no refresh token (offline.access was not granted); reconnect the account."}
	}
	cfg := a.config(issuingApp(secrets, app))
	ctx, sent := traceSent(context.WithValue(ctx, oauth2.HTTPClient, a.hc))
	tok, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: old}).Token()
	if err != nil {
		return platforms.Refreshed{}, refreshError(err, sent())
	}
	out := platforms.Refreshed{Secrets: map[string]string{platforms.SecretAccess: tok.AccessToken}, ExpiresAt: tok.Expiry}
	if tok.RefreshToken != old {
		out.Secrets[platforms.SecretRefresh] = tok.RefreshToken
	}
	slog.Info("xcom: token refreshed", "account", acct.ID, "rotated", tok.RefreshToken != old, "expires_at", tok.Expiry)
	return out, nil
}

// issuingApp is the client stored with the account at Link, else app.
func issuingApp(secrets map[string]string, app platforms.AppCredentials) platforms.AppCredentials {
	if id := secrets[platforms.SecretClientID]; id != "" {
		return platforms.AppCredentials{ClientID: id, ClientSecret: secrets[platforms.SecretClientSecret]}
	}
	return app
}

// Revoke revokes the account's refresh token (which ends the whole grant) and its
// access token at POST /2/oauth2/revoke. Missing tokens are skipped.
func (a *Authorizer) Revoke(ctx context.Context, acct model.Account, secrets map[string]string, app platforms.AppCredentials) error {
	err := a.revokeTokens(ctx, issuingApp(secrets, app), secrets[platforms.SecretRefresh], secrets[platforms.SecretAccess])
	if err == nil {
		slog.Info("xcom: tokens revoked", "account", acct.ID)
	}
	return err
}

func (a *Authorizer) revokeTokens(ctx context.Context, app platforms.AppCredentials, tokens ...string) error {
	for _, t := range tokens {
		if t == "" {
			continue
		}
		if err := a.revokeOne(ctx, app, t); err != nil {
			return err
		}
	}
	return nil
}
