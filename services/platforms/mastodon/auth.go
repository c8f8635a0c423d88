package mastodon

import (
	"context"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Authorizer connects Mastodon accounts: the app registers itself with each instance
// (so the user brings no developer app), then runs the loopback authorization with PKCE.
type Authorizer struct {
	c *Connector
}

var _ platforms.Authorizer = (*Authorizer)(nil)

// NewAuthorizer returns the Mastodon Authorizer, sharing the connector's HTTP client.
func NewAuthorizer(c *Connector) *Authorizer { return &Authorizer{c: c} }

// Info says what Mastodon needs: nothing to register, the app registers per instance.
func (a *Authorizer) Info() platforms.AuthInfo {
	return platforms.AuthInfo{
		Platform: model.Mastodon, Method: "oauth2-instance", RedirectURI: RedirectURI, Scopes: Scopes,
		Registration: "Nothing to register: Webox Social registers itself with your instance when you connect.",
	}
}

// Link registers the app with req.InstanceURL and authorizes one account.
func (a *Authorizer) Link(ctx context.Context, req platforms.LinkRequest) ([]platforms.Linked, error) {
	conn, err := a.c.ConnectFlow(ctx, req.InstanceURL, req.OpenURL, req.Pasted)
	if err != nil {
		return nil, err
	}
	acct := conn.Profile.Account(conn.InstanceURL)
	acct.Scopes = conn.Scopes
	return []platforms.Linked{{Account: acct, Secrets: map[string]string{
		platforms.SecretAccess:       conn.Token.AccessToken,
		platforms.SecretClientID:     conn.ClientID,
		platforms.SecretClientSecret: conn.ClientSecret,
	}}}, nil
}

// Refresh checks the sign-in instead of renewing it: Mastodon tokens never expire and
// have no refresh flow, so a token the instance still accepts is kept as it is, and
// one it refuses (revoked) is an Auth error: the account must be reconnected.
func (a *Authorizer) Refresh(ctx context.Context, acct model.Account, s map[string]string, _ platforms.AppCredentials) (platforms.Refreshed, error) {
	if _, err := a.c.VerifyCredentials(ctx, acct.InstanceURL, s[platforms.SecretAccess]); err != nil {
		return platforms.Refreshed{}, err
	}
	return platforms.Refreshed{}, nil
}

// Revoke revokes the account's token at its instance.
func (a *Authorizer) Revoke(ctx context.Context, acct model.Account, s map[string]string, _ platforms.AppCredentials) error {
	if s[platforms.SecretAccess] == "" {
		return nil
	}
	return a.c.Revoke(ctx, acct.InstanceURL, s[platforms.SecretClientID], s[platforms.SecretClientSecret], s[platforms.SecretAccess])
}
