package app

import (
	"context"

	"webox-social/services/model"
	"webox-social/services/platforms/mastodon"
)

// mastodonLinker connects Mastodon accounts through the instance's OAuth (per-instance
// app registration, loopback redirect, PKCE) and revokes them on disconnect.
type mastodonLinker struct {
	c *mastodon.Connector
}

// NewMastodonLinker returns the Linker for Mastodon.
func NewMastodonLinker(c *mastodon.Connector) Linker { return mastodonLinker{c: c} }

// Link runs the browser authorization and returns the account and its secrets.
func (l mastodonLinker) Link(ctx context.Context, req LinkRequest) (Linked, error) {
	conn, err := l.c.ConnectFlow(ctx, req.InstanceURL, req.OpenURL)
	if err != nil {
		return Linked{}, err
	}
	acct := conn.Profile.Account(conn.InstanceURL)
	acct.Scopes = conn.Scopes
	return Linked{Account: acct, Secrets: map[string]string{
		SecretAccess:       conn.Token.AccessToken,
		SecretClientID:     conn.ClientID,
		SecretClientSecret: conn.ClientSecret,
	}}, nil
}

// Unlink revokes the account's token at its instance.
func (l mastodonLinker) Unlink(ctx context.Context, acct model.Account, s map[string]string) error {
	if s[SecretAccess] == "" {
		return nil
	}
	return l.c.Revoke(ctx, acct.InstanceURL, s[SecretClientID], s[SecretClientSecret], s[SecretAccess])
}
