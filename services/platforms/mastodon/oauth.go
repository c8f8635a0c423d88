package mastodon

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"webox-social/services/oauth"
)

// Scopes is the minimal set the app asks for (platforms.md §7):
//   - write:statuses and write:media to publish (and delete) statuses with media;
//   - read:statuses to read back recent statuses (reconciliation) and status counts;
//   - read:accounts for verify_credentials, which every Mastodon version accepts
//     (the narrower "profile" scope exists only from 4.3 on).
var Scopes = []string{"read:accounts", "read:statuses", "write:statuses", "write:media"}

// RedirectURI is registered with each instance. Mastodon's Doorkeeper ignores the port
// when both the registered and the requested redirect are loopback IP literals, so the
// flow's listener may use any port.
const RedirectURI = "http://127.0.0.1" + oauth.DefaultCallbackPath

// AppName is the client_name shown to users on their instance.
const AppName = "Webox Social"

// RegisterApp registers Webox Social with an instance (POST /api/v1/apps) and returns
// its client credentials. Mastodon always issues a secret; store it in the keychain.
func (c *Connector) RegisterApp(ctx context.Context, instanceURL, redirectURI string, scopes []string) (clientID, clientSecret string, err error) {
	base, err := instanceBase(instanceURL)
	if err != nil {
		return "", "", err
	}
	body, ct := formBody(url.Values{
		"client_name":   {AppName},
		"redirect_uris": {redirectURI},
		"scopes":        {strings.Join(scopes, " ")},
	})
	var app struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	if _, err := c.do(ctx, apiRequest{method: http.MethodPost, base: base, path: "/api/v1/apps", body: body, contentType: ct}, &app); err != nil {
		return "", "", err
	}
	return app.ClientID, app.ClientSecret, nil
}

// OAuthConfig is the x/oauth2 configuration for an instance; the client credentials go
// in the request body, as Mastodon documents.
func OAuthConfig(instanceURL, clientID, clientSecret string, scopes []string) *oauth2.Config {
	base := strings.TrimRight(instanceURL, "/")
	return &oauth2.Config{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		Scopes:       scopes,
		Endpoint: oauth2.Endpoint{
			AuthURL:   base + "/oauth/authorize",
			TokenURL:  base + "/oauth/token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

// Revoke revokes a token (POST /oauth/revoke) when the user disconnects the account.
func (c *Connector) Revoke(ctx context.Context, instanceURL, clientID, clientSecret, token string) error {
	base, err := instanceBase(instanceURL)
	if err != nil {
		return err
	}
	body, ct := formBody(url.Values{"client_id": {clientID}, "client_secret": {clientSecret}, "token": {token}})
	_, err = c.do(ctx, apiRequest{method: http.MethodPost, base: base, path: "/oauth/revoke", body: body, contentType: ct}, nil)
	return err
}

// Connection is what ConnectFlow obtained. Token, ClientID and ClientSecret are secrets
// for the keychain; the token never expires (Mastodon has no refresh).
type Connection struct {
	InstanceURL  string
	Profile      Profile
	Token        *oauth2.Token
	ClientID     string
	ClientSecret string
	Scopes       []string
}

// ConnectFlow connects an account: registers the app with the instance, runs the
// loopback authorization with PKCE S256 (openURL opens the browser), and verifies the
// token by reading the profile. Addresses the user pastes into pasted (may be nil)
// complete the sign-in too. The caller stores the secrets.
func (c *Connector) ConnectFlow(ctx context.Context, instanceURL string, openURL func(string) error, pasted <-chan string) (Connection, error) {
	base, err := instanceBase(instanceURL)
	if err != nil {
		return Connection{}, err
	}
	id, secret, err := c.RegisterApp(ctx, base, RedirectURI, Scopes)
	if err != nil {
		return Connection{}, fmt.Errorf("mastodon: register the app with %s: %w", base, err)
	}
	flow := &oauth.Flow{
		Config: OAuthConfig(base, id, secret, Scopes), ListenAddr: c.ListenAddr, CallbackPath: oauth.DefaultCallbackPath,
		OpenURL: openURL, Timeout: c.ConnectTimeout, UsePKCE: true, Pasted: pasted,
	}
	tok, err := flow.Run(context.WithValue(ctx, oauth2.HTTPClient, c.hc))
	if err != nil {
		return Connection{}, fmt.Errorf("mastodon: authorize on %s: %w", base, err)
	}
	p, err := c.VerifyCredentials(ctx, base, tok.AccessToken)
	if err != nil {
		if rerr := c.Revoke(ctx, base, id, secret, tok.AccessToken); rerr != nil {
			slog.Warn("mastodon: revoke an unverified token", "instance", base, "err", rerr)
		}
		return Connection{}, fmt.Errorf("mastodon: read the connected profile on %s: %w", base, err)
	}
	slog.Info("mastodon: account connected", "instance", base, "acct", p.Acct)
	return Connection{InstanceURL: base, Profile: p, Token: tok, ClientID: id, ClientSecret: secret, Scopes: Scopes}, nil
}
