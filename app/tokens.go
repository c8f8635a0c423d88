package app

import (
	"context"
	"errors"
	"fmt"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/secrets"
)

// tokens gives the publisher access tokens from the keychain.
type tokens struct {
	secrets secrets.Store
}

// AccessToken reads the account's access token.
func (t *tokens) AccessToken(ctx context.Context, acct model.Account) (string, error) {
	tok, err := t.secrets.Get(model.SecretKey(acct.ID, SecretAccess))
	if errors.Is(err, model.ErrNotFound) {
		return "", &platforms.Error{Platform: acct.Platform, Kind: platforms.Auth, Err: err,
			Message: "the sign-in for this account is missing from the keychain"}
	}
	if err != nil {
		return "", fmt.Errorf("read access token of account %d: %w", acct.ID, err)
	}
	return tok, nil
}

// Refresh obtains a new access token. Mastodon tokens never expire and cannot be
// refreshed: an auth error there means the token was revoked.
func (t *tokens) Refresh(ctx context.Context, acct model.Account) (string, error) {
	return "", fmt.Errorf("%s sign-ins cannot be refreshed; reconnect the account", acct.Platform.Title())
}
