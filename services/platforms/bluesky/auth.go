// Package bluesky connects and publishes to Bluesky accounts with an app password (platforms.md §8, auth
// option A): com.atproto.server.createSession gives an access JWT (120 minutes) and a
// refresh JWT (90 days) that refreshSession rotates and deleteSession revokes. The app
// password itself is used once, to create the session, and is never stored.
package bluesky

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// DefaultService is the entryway used when the user names no PDS.
const DefaultService = "https://bsky.social"

// Token scopes the PDS puts in access JWTs.
const (
	scopeMainPassword = "com.atproto.access"
	invalidHandle     = "handle.invalid"
)

// Authorizer connects Bluesky accounts with a handle (or DID or email) and an app password.
type Authorizer struct {
	hc         *http.Client
	defService string
	log        *slog.Logger
}

var _ platforms.Authorizer = (*Authorizer)(nil)

// Option configures an Authorizer.
type Option func(*Authorizer)

// WithDefaultService changes the service used when LinkRequest.InstanceURL is empty
// (DefaultService otherwise); tests point it at a fake or a local PDS.
func WithDefaultService(baseURL string) Option {
	return func(a *Authorizer) { a.defService = baseURL }
}

// WithLogger sets the logger (slog.Default otherwise).
func WithLogger(l *slog.Logger) Option {
	return func(a *Authorizer) { a.log = l }
}

// NewAuthorizer returns the Bluesky Authorizer; hc nil means http.DefaultClient.
func NewAuthorizer(hc *http.Client, opts ...Option) *Authorizer {
	if hc == nil {
		hc = http.DefaultClient
	}
	a := &Authorizer{hc: hc, defService: DefaultService, log: slog.Default()}
	for _, o := range opts {
		o(a)
	}
	return a
}

// Info says what Bluesky needs: no developer app, only an app password made by the user.
func (a *Authorizer) Info() platforms.AuthInfo {
	return platforms.AuthInfo{
		Platform: model.Bluesky, Method: "app-password",
		Registration: "Nothing to register: in Bluesky open Settings → Privacy and security → App passwords, " +
			"add one for Webox Social, and enter it here with your handle. Webox Social keeps only the session it " +
			"creates, never the app password; delete the app password in Bluesky to disconnect it everywhere.",
	}
}

// sessionOut is the answer of createSession and refreshSession.
type sessionOut struct {
	AccessJwt  string  `json:"accessJwt"`
	RefreshJwt string  `json:"refreshJwt"`
	Handle     string  `json:"handle"`
	DID        string  `json:"did"`
	DIDDoc     *didDoc `json:"didDoc"`
	Active     *bool   `json:"active"`
	Status     string  `json:"status"`
	Email      string  `json:"email"`
}

type didDoc struct {
	Service []struct {
		ID              string `json:"id"`
		Type            string `json:"type"`
		ServiceEndpoint string `json:"serviceEndpoint"`
	} `json:"service"`
}

// pdsEndpoint is the #atproto_pds service of the DID document, or "" when absent.
func (d *didDoc) pdsEndpoint() string {
	if d == nil {
		return ""
	}
	for _, s := range d.Service {
		if (s.ID == "#atproto_pds" || strings.HasSuffix(s.ID, "#atproto_pds")) && s.Type == "AtprotoPersonalDataServer" {
			return strings.TrimRight(s.ServiceEndpoint, "/")
		}
	}
	return ""
}

// Link signs in with req.Identifier and the app password req.Password at req.InstanceURL
// (bsky.social when empty) and returns the account with its session tokens. The password
// is not kept. A main account password is refused (its session could change the
// password or delete the account), and the session it made is deleted again.
func (a *Authorizer) Link(ctx context.Context, req platforms.LinkRequest) ([]platforms.Linked, error) {
	base, err := serviceBase(req.InstanceURL, a.defService)
	if err != nil {
		return nil, err
	}
	ident := strings.TrimPrefix(strings.TrimSpace(req.Identifier), "@")
	if ident == "" || req.Password == "" {
		return nil, &platforms.Error{Platform: model.Bluesky, Kind: platforms.Permanent, Err: model.ErrInvalid,
			Message: "Enter your Bluesky handle (or email) and an app password."}
	}
	var s sessionOut
	in := map[string]string{"identifier": ident, "password": req.Password}
	if err := a.xrpc(ctx, call{base: base, nsid: "com.atproto.server.createSession", input: in, post: true}, &s); err != nil {
		return nil, explain(opSignIn, base, err)
	}
	claims, err := parseJWT(s.AccessJwt)
	if err != nil {
		return nil, explain(opSignIn, base, err)
	}
	pds := s.DIDDoc.pdsEndpoint()
	if pds == "" {
		pds = base
	}
	if claims.Scope == scopeMainPassword {
		a.deleteSession(ctx, pds, s.RefreshJwt)
		return nil, &platforms.Error{Platform: model.Bluesky, Kind: platforms.Permanent, Err: model.ErrInvalid,
			Message: "That is your main Bluesky password. Webox Social only accepts an app password: create one in Bluesky under Settings → Privacy and security → App passwords."}
	}
	if s.Active != nil && !*s.Active {
		a.deleteSession(ctx, pds, s.RefreshJwt)
		return nil, &platforms.Error{Platform: model.Bluesky, Kind: platforms.Permanent, Code: s.Status, Err: model.ErrInvalid,
			Message: "Bluesky says this account is not active (" + s.Status + "), so it cannot post; reactivate it in Bluesky first."}
	}
	acct := a.account(ctx, s, pds, claims)
	a.log.Info("bluesky: account connected", "did", s.DID, "pds", pds)
	return []platforms.Linked{{Account: acct, Secrets: map[string]string{
		platforms.SecretAccess:  s.AccessJwt,
		platforms.SecretRefresh: s.RefreshJwt,
	}}}, nil
}

// account builds the connected account; the display name and avatar come from the
// AppView when the PDS proxies to one, else the handle is the name.
func (a *Authorizer) account(ctx context.Context, s sessionOut, pds string, c jwtClaims) model.Account {
	handle := s.Handle
	if handle == "" || handle == invalidHandle {
		handle = s.DID
	}
	acct := model.Account{
		Platform: model.Bluesky, RemoteID: s.DID, Name: handle, Handle: "@" + handle,
		InstanceURL: pds, ExpiresAt: c.expiry(), Status: model.AccountOK,
	}
	if c.Scope != "" {
		acct.Scopes = []string{c.Scope}
	}
	var p struct {
		DisplayName string `json:"displayName"`
		Avatar      string `json:"avatar"`
	}
	q := url.Values{"actor": {s.DID}}
	if err := a.xrpc(ctx, call{base: pds, nsid: "app.bsky.actor.getProfile", query: q, token: s.AccessJwt}, &p); err != nil {
		a.log.Info("bluesky: no profile; the handle is the name", "did", s.DID, "err", err)
		return acct
	}
	if strings.TrimSpace(p.DisplayName) != "" {
		acct.Name = strings.TrimSpace(p.DisplayName)
	}
	acct.AvatarURL = p.Avatar
	return acct
}

// Refresh trades the refresh JWT for a new pair (refreshSession with the refresh JWT as
// bearer). The refresh JWT is rotated: save the new one before using the access JWT.
// ExpiredToken or InvalidToken (HTTP 400) means the session ended: Kind Auth.
func (a *Authorizer) Refresh(ctx context.Context, acct model.Account, secrets map[string]string, _ platforms.AppCredentials) (platforms.Refreshed, error) {
	refresh := secrets[platforms.SecretRefresh]
	if refresh == "" {
		return platforms.Refreshed{}, &platforms.Error{Platform: model.Bluesky, Kind: platforms.Auth, Err: model.ErrUnauthorized,
			Message: "No Bluesky session is stored for this account; reconnect it with an app password."}
	}
	base, err := serviceBase(acct.InstanceURL, a.defService)
	if err != nil {
		return platforms.Refreshed{}, err
	}
	var s sessionOut
	if err := a.xrpc(ctx, call{base: base, nsid: "com.atproto.server.refreshSession", token: refresh, post: true}, &s); err != nil {
		return platforms.Refreshed{}, explain(opRefresh, base, err)
	}
	claims, err := parseJWT(s.AccessJwt)
	if err != nil {
		return platforms.Refreshed{}, explain(opRefresh, base, err)
	}
	return platforms.Refreshed{
		Secrets:   map[string]string{platforms.SecretAccess: s.AccessJwt, platforms.SecretRefresh: s.RefreshJwt},
		ExpiresAt: claims.expiry(),
	}, nil
}

// Revoke ends the session (deleteSession with the refresh JWT). A session the server
// already refuses (expired, revoked, unverifiable) counts as ended: nil. The app
// password stays valid until the user deletes it in Bluesky.
func (a *Authorizer) Revoke(ctx context.Context, acct model.Account, secrets map[string]string, _ platforms.AppCredentials) error {
	refresh := secrets[platforms.SecretRefresh]
	if refresh == "" {
		return nil
	}
	base, err := serviceBase(acct.InstanceURL, a.defService)
	if err != nil {
		return err
	}
	err = a.xrpc(ctx, call{base: base, nsid: "com.atproto.server.deleteSession", token: refresh, post: true}, nil)
	var pe *platforms.Error
	if errors.As(err, &pe) && pe.Kind == platforms.Auth {
		a.log.Info("bluesky: session already ended", "did", acct.RemoteID, "code", pe.Code)
		return nil
	}
	if err != nil {
		return explain(opRevoke, base, err)
	}
	return nil
}

// deleteSession ends a session Link will not keep; a failure is only logged.
func (a *Authorizer) deleteSession(ctx context.Context, base, refresh string) {
	err := a.xrpc(ctx, call{base: base, nsid: "com.atproto.server.deleteSession", token: refresh, post: true}, nil)
	if err != nil {
		a.log.Warn("bluesky: delete an unused session", "pds", base, "err", err)
	}
}
