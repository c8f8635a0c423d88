package linkedin

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"webox-social/services/model"
	"webox-social/services/oauth"
	"webox-social/services/platforms"
)

// Loopback defaults: LinkedIn matches redirect URIs exactly, so the port is fixed.
const (
	DefaultListenAddr = "127.0.0.1:53685"
	CallbackPath      = "/callback/linkedin"
	// RedirectURI is the redirect to register in the LinkedIn developer portal.
	RedirectURI = "http://" + DefaultListenAddr + CallbackPath
	// DefaultVersion is the LinkedIn-Version header sent on /rest calls (YYYYMM).
	DefaultVersion = "202601"
)

// Scopes for member posting and, with WithOrganizations, for organization pages.
var (
	MemberScopes       = []string{"openid", "profile", "w_member_social"}
	OrganizationScopes = []string{"r_organization_social", "w_organization_social", "rw_organization_admin"}
)

// Endpoints are LinkedIn's URLs; tests point them at linkedinfake.
type Endpoints struct {
	AuthURL   string // GET, the consent page
	TokenURL  string // POST, code exchange and refresh
	RevokeURL string // POST, token revocation
	APIBase   string // https://api.linkedin.com (/v2/userinfo and /rest/...)
}

// DefaultEndpoints are the production URLs.
func DefaultEndpoints() Endpoints {
	return WithBase("https://www.linkedin.com", "https://api.linkedin.com")
}

// WithBase builds Endpoints from the OAuth host and the API host.
func WithBase(oauthBase, apiBase string) Endpoints {
	o := strings.TrimRight(oauthBase, "/")
	return Endpoints{
		AuthURL: o + "/oauth/v2/authorization", TokenURL: o + "/oauth/v2/accessToken",
		RevokeURL: o + "/oauth/v2/revoke", APIBase: strings.TrimRight(apiBase, "/"),
	}
}

// Authorizer connects LinkedIn members and organizations. It implements platforms.Authorizer.
type Authorizer struct {
	hc            *http.Client
	ep            Endpoints
	organizations bool
	version       string
	timeout       time.Duration
	now           func() time.Time
	poll          time.Duration
}

var _ platforms.Authorizer = (*Authorizer)(nil)

// Option configures an Authorizer.
type Option func(*Authorizer)

// WithEndpoints replaces LinkedIn's URLs.
func WithEndpoints(e Endpoints) Option { return func(a *Authorizer) { a.ep = e } }

// WithBaseURL serves every endpoint from one base URL (a linkedinfake server).
func WithBaseURL(u string) Option { return WithEndpoints(WithBase(u, u)) }

// WithOrganizations asks for the organization scopes too and offers the organizations
// the member administers when connecting.
func WithOrganizations(on bool) Option { return func(a *Authorizer) { a.organizations = on } }

// WithVersion sets the LinkedIn-Version header (YYYYMM).
func WithVersion(v string) Option { return func(a *Authorizer) { a.version = v } }

// WithTimeout bounds the wait for the browser (services/oauth's default when zero).
func WithTimeout(d time.Duration) Option { return func(a *Authorizer) { a.timeout = d } }

// WithClock sets the clock used to compute expiries.
func WithClock(now func() time.Time) Option { return func(a *Authorizer) { a.now = now } }

// WithPollInterval sets how long the Connector waits between video status reads
// (DefaultPollInterval by default; tests set it near zero).
func WithPollInterval(d time.Duration) Option { return func(a *Authorizer) { a.poll = d } }

// NewAuthorizer returns a LinkedIn Authorizer using hc (a 1-minute client when nil).
func NewAuthorizer(hc *http.Client, opts ...Option) *Authorizer {
	if hc == nil {
		hc = &http.Client{Timeout: time.Minute}
	}
	a := &Authorizer{hc: hc, ep: DefaultEndpoints(), version: DefaultVersion, now: time.Now, poll: DefaultPollInterval}
	for _, o := range opts {
		o(a)
	}
	return a
}

// Scopes is what Link asks for.
func (a *Authorizer) Scopes() []string {
	if a.organizations {
		return slices.Concat(MemberScopes, OrganizationScopes)
	}
	return slices.Clone(MemberScopes)
}

// Info says what to register at LinkedIn.
func (a *Authorizer) Info() platforms.AuthInfo {
	reg := "Create an app at developer.linkedin.com, add the products \"Sign In with LinkedIn using OpenID Connect\" and \"Share on LinkedIn\"" +
		" and register the redirect URL " + RedirectURI + ". LinkedIn may accept only HTTPS redirect URLs for this flow;" +
		" if it refuses this one, ask LinkedIn to enable the native PKCE flow for your app or paste the final redirect address."
	if a.organizations {
		reg += " Posting as a company page also needs the \"Community Management API\" product, which LinkedIn reviews."
	}
	return platforms.AuthInfo{
		Platform: model.LinkedIn, Method: "oauth2", RedirectURI: RedirectURI, Scopes: a.Scopes(),
		NeedsClientID: true, NeedsSecret: true, ClientIDEnv: "LINKEDIN_CLIENT_ID", ClientSecretEnv: "LINKEDIN_CLIENT_SECRET",
		Registration: reg,
	}
}

// Link runs the authorization in the browser, then offers the member and the
// organizations they administer through req.Choose; every account chosen shares the
// same tokens.
func (a *Authorizer) Link(ctx context.Context, req platforms.LinkRequest) ([]platforms.Linked, error) {
	if req.App.ClientID == "" || req.App.ClientSecret == "" {
		return nil, &platforms.Error{Platform: model.LinkedIn, Kind: platforms.Permanent, Err: model.ErrInvalid,
			Message: "Enter your LinkedIn app's client ID and client secret in Settings first."}
	}
	tok, err := a.authorize(ctx, req)
	if err != nil {
		return nil, err
	}
	choices, byID, err := a.accounts(ctx, tok.AccessToken, grantedScopes(tok))
	if err != nil {
		return nil, err
	}
	picked, err := choose(ctx, req.Choose, choices)
	if err != nil {
		return nil, err
	}
	secrets := map[string]string{platforms.SecretAccess: tok.AccessToken}
	if tok.RefreshToken != "" {
		secrets[platforms.SecretRefresh] = tok.RefreshToken
	}
	out := make([]platforms.Linked, 0, len(picked))
	for _, c := range picked {
		acct := byID[c.ID]
		acct.Scopes, acct.ExpiresAt = grantedScopes(tok), a.expiry(tok.ExpiresIn, tok.Expiry)
		out = append(out, platforms.Linked{Account: acct, Secrets: maps.Clone(secrets)})
	}
	slog.Info("linkedin: accounts connected", "count", len(out), "refreshable", tok.RefreshToken != "")
	return out, nil
}

// authorize runs the loopback code flow with the client secret in the body.
func (a *Authorizer) authorize(ctx context.Context, req platforms.LinkRequest) (*oauth2.Token, error) {
	flow := &oauth.Flow{
		Config: &oauth2.Config{
			ClientID: req.App.ClientID, ClientSecret: req.App.ClientSecret, Scopes: a.Scopes(),
			Endpoint: oauth2.Endpoint{AuthURL: a.ep.AuthURL, TokenURL: a.ep.TokenURL, AuthStyle: oauth2.AuthStyleInParams},
		},
		ListenAddr: cmp.Or(req.ListenAddr, DefaultListenAddr), CallbackPath: CallbackPath,
		OpenURL: req.OpenURL, Timeout: a.timeout, RedirectURL: req.RedirectURI, Pasted: req.Pasted,
	}
	tok, err := flow.Run(context.WithValue(ctx, oauth2.HTTPClient, a.hc))
	if err != nil {
		return nil, oauth.PlatformError(model.LinkedIn, err)
	}
	return tok, nil
}

// accounts reads the member and, with the organization scopes granted, the
// organizations they administer, as choices and ready-made accounts keyed by URN.
func (a *Authorizer) accounts(ctx context.Context, token string, scopes []string) ([]platforms.Choice, map[string]model.Account, error) {
	m, err := a.userInfo(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	member := m.account()
	choices := []platforms.Choice{{ID: member.RemoteID, Name: member.Name, Kind: "member"}}
	byID := map[string]model.Account{member.RemoteID: member}
	if !a.organizations || !slices.Contains(scopes, "rw_organization_admin") {
		return choices, byID, nil
	}
	orgs, err := a.administeredOrganizations(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	for _, o := range orgs {
		acct := o.account()
		choices = append(choices, platforms.Choice{ID: acct.RemoteID, Name: acct.Name, Kind: "organization"})
		byID[acct.RemoteID] = acct
	}
	return choices, byID, nil
}

// choose asks the user through pick (nil takes all) and keeps only offered choices.
func choose(ctx context.Context, pick func(context.Context, []platforms.Choice) ([]platforms.Choice, error), offered []platforms.Choice) ([]platforms.Choice, error) {
	if pick == nil {
		return offered, nil
	}
	got, err := pick(ctx, offered)
	if err != nil {
		return nil, fmt.Errorf("linkedin: choose the accounts to add: %w", err)
	}
	picked := make([]platforms.Choice, 0, len(got))
	for _, c := range got {
		if slices.ContainsFunc(offered, func(o platforms.Choice) bool { return o.ID == c.ID }) {
			picked = append(picked, c)
		}
	}
	if len(picked) == 0 {
		return nil, &platforms.Error{Platform: model.LinkedIn, Kind: platforms.Permanent, Err: model.ErrInvalid,
			Message: "No LinkedIn account was chosen, so none was added."}
	}
	return picked, nil
}

// Refresh renews the access token when LinkedIn granted a refresh token (approved
// partners only). Without one the user must reconnect before the token expires.
func (a *Authorizer) Refresh(ctx context.Context, acct model.Account, secrets map[string]string, app platforms.AppCredentials) (platforms.Refreshed, error) {
	old := secrets[platforms.SecretRefresh]
	if old == "" {
		return platforms.Refreshed{}, noRefreshError(acct.ExpiresAt)
	}
	tok, err := a.tokenCall(ctx, map[string]string{
		"grant_type": "refresh_token", "refresh_token": old, "client_id": app.ClientID, "client_secret": app.ClientSecret,
	})
	if err != nil {
		return platforms.Refreshed{}, err
	}
	out := platforms.Refreshed{Secrets: map[string]string{platforms.SecretAccess: tok.AccessToken}, ExpiresAt: a.expiry(tok.ExpiresIn, time.Time{})}
	if tok.RefreshToken != "" && tok.RefreshToken != old {
		out.Secrets[platforms.SecretRefresh] = tok.RefreshToken
	}
	slog.Info("linkedin: token refreshed", "account", acct.ID, "expires_at", out.ExpiresAt)
	return out, nil
}

// noRefreshError says the account must be reconnected before expiresAt.
func noRefreshError(expiresAt time.Time) *platforms.Error {
	msg := "LinkedIn does not allow refreshing sign-ins for this app (only approved partners get refresh tokens), so reconnect the account"
	if !expiresAt.IsZero() {
		msg += " before " + expiresAt.UTC().Format("2 January 2006 15:04 MST")
	}
	return &platforms.Error{Platform: model.LinkedIn, Kind: platforms.Auth, Err: model.ErrUnauthorized, Message: msg + "."}
}

// Revoke revokes the access token at LinkedIn (POST /oauth/v2/revoke with the client
// credentials). Every account linked in the same sign-in shares the token, so they all
// lose access. The endpoint is not in platforms.md §4; it follows LinkedIn's OAuth
// host and RFC 7009 (unverified against the real service).
func (a *Authorizer) Revoke(ctx context.Context, acct model.Account, secrets map[string]string, app platforms.AppCredentials) error {
	token := secrets[platforms.SecretAccess]
	if token == "" {
		return nil
	}
	err := a.postForm(ctx, a.ep.RevokeURL, map[string]string{"client_id": app.ClientID, "client_secret": app.ClientSecret, "token": token}, nil)
	if err != nil {
		return err
	}
	slog.Info("linkedin: token revoked", "account", acct.ID)
	return nil
}

// expiry is now + expiresIn, or fallback when LinkedIn gave no lifetime.
func (a *Authorizer) expiry(expiresIn int64, fallback time.Time) time.Time {
	if expiresIn <= 0 {
		return fallback
	}
	return a.now().Add(time.Duration(expiresIn) * time.Second).UTC()
}

// grantedScopes reads the token's "scope" (LinkedIn separates with commas).
func grantedScopes(tok *oauth2.Token) []string {
	s, _ := tok.Extra("scope").(string)
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}
