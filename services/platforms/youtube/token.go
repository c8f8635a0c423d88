package youtube

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Refresh renews the access token (about an hour) with the refresh token. Google does
// not rotate refresh tokens by default; when it does send a new one, it is returned
// with the access token and must be saved. A refresh token that was revoked, expired
// (7 days while the consent screen is in "Testing", 6 months unused) or pushed out by
// newer ones answers invalid_grant: Kind Auth, the user must connect again.
func (a *Authorizer) Refresh(ctx context.Context, acct model.Account, secrets map[string]string, app platforms.AppCredentials) (platforms.Refreshed, error) {
	old := secrets[platforms.SecretRefresh]
	if old == "" {
		return platforms.Refreshed{}, &platforms.Error{Platform: model.YouTube, Kind: platforms.Auth, Err: model.ErrUnauthorized,
			Message: "No refresh token is stored for this channel. Connect the channel again."}
	}
	creds := clientFor(secrets, app)
	if creds.ClientID == "" || creds.ClientSecret == "" {
		return platforms.Refreshed{}, &platforms.Error{Platform: model.YouTube, Kind: platforms.Auth, Err: model.ErrUnauthorized,
			Message: "The Google OAuth client ID or secret is missing. Enter them in Settings, then connect the channel again."}
	}
	tok, err := a.config(creds).TokenSource(a.withClient(ctx), &oauth2.Token{RefreshToken: old}).Token()
	if err != nil {
		slog.Info("youtube: refresh failed", "channel_id", acct.RemoteID, "err", err)
		return platforms.Refreshed{}, tokenError(err, a.tokenHost(), "renew access to the channel", true)
	}
	out := map[string]string{platforms.SecretAccess: tok.AccessToken}
	if tok.RefreshToken != "" && tok.RefreshToken != old {
		out[platforms.SecretRefresh] = tok.RefreshToken
	}
	slog.Debug("youtube: access renewed", "channel_id", acct.RemoteID, "expires_at", tok.Expiry, "rotated", len(out) > 1)
	return platforms.Refreshed{Secrets: out, ExpiresAt: tok.Expiry}, nil
}

// clientFor picks the client a refresh must use: the one stored with the account
// (Google binds a refresh token to its client), with the secret from Settings when
// Settings still names the same client (its secret may have been rotated since).
func clientFor(secrets map[string]string, app platforms.AppCredentials) platforms.AppCredentials {
	id := secrets[platforms.SecretClientID]
	if id == "" || id == app.ClientID {
		return app
	}
	return platforms.AppCredentials{ClientID: id, ClientSecret: secrets[platforms.SecretClientSecret]}
}

// Revoke ends the grant at Google (POST /revoke): revoking the refresh token (or, when
// none is stored, the access token) revokes both and removes Webox Social from the
// user's third-party access. Other channels linked in the same sign-in share the grant
// and are disconnected too. A token Google already considers expired or revoked
// (400 invalid_token) counts as revoked. The token goes in the form body, not the
// query Google's examples use, so it never appears in a URL in logs or errors.
func (a *Authorizer) Revoke(ctx context.Context, acct model.Account, secrets map[string]string, app platforms.AppCredentials) error {
	token := secrets[platforms.SecretRefresh]
	if token == "" {
		token = secrets[platforms.SecretAccess]
	}
	if token == "" {
		return nil
	}
	err := a.revokeToken(ctx, token)
	if err == nil {
		slog.Info("youtube: grant revoked", "channel_id", acct.RemoteID)
	}
	return err
}

func (a *Authorizer) revokeToken(ctx context.Context, token string) error {
	body := strings.NewReader(url.Values{"token": {token}}.Encode())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.ep.RevokeURL, body)
	if err != nil {
		return &platforms.Error{Platform: model.YouTube, Kind: platforms.Permanent, Message: "the Google revoke address is not valid", Err: err}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := a.hc.Do(req)
	if err != nil {
		return networkError(req.URL.Host, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		return nil
	}
	return revokeError(resp)
}

// revokeError reads {"error":"invalid_token","error_description":"Token expired or
// revoked"}; that one means there is nothing left to revoke.
func revokeError(resp *http.Response) error {
	var e struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	_ = jsonDecode(resp, &e)
	if resp.StatusCode == http.StatusBadRequest && e.Error == "invalid_token" {
		slog.Info("youtube: token was already expired or revoked", "google", e.Description)
		return nil
	}
	kind := platforms.Permanent
	if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
		kind = platforms.Transient
	}
	msg := "Google refused to revoke access: the revoke endpoint answered " + resp.Status + "."
	if e.Description != "" {
		msg = "Google refused to revoke access: \"" + e.Description + "\" (" + e.Error + ")."
	}
	return &platforms.Error{Platform: model.YouTube, Kind: kind, Status: resp.StatusCode, Code: e.Error, Message: msg}
}

// revokeQuietly revokes a token obtained by a Link that did not complete.
func (a *Authorizer) revokeQuietly(ctx context.Context, tok *oauth2.Token) {
	token := tok.RefreshToken
	if token == "" {
		token = tok.AccessToken
	}
	if err := a.revokeToken(ctx, token); err != nil {
		slog.Warn("youtube: revoke the token of an unfinished connection", "err", err)
	}
}

// tokenHost is the token endpoint's host, for error messages.
func (a *Authorizer) tokenHost() string {
	if u, err := url.Parse(a.ep.TokenURL); err == nil && u.Host != "" {
		return u.Host
	}
	return a.ep.TokenURL
}
