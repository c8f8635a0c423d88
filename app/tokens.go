package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// refreshTimeout bounds one refresh and the save of its result.
const refreshTimeout = time.Minute

// tokens gives the publisher access tokens from the keychain and refreshes them through
// the network's Authorizer.
type tokens struct {
	app *App
}

// AccessToken reads the account's access token.
func (t *tokens) AccessToken(ctx context.Context, acct model.Account) (string, error) {
	tok, err := t.app.secrets.Get(model.SecretKey(acct.ID, platforms.SecretAccess))
	if errors.Is(err, model.ErrNotFound) {
		return "", &platforms.Error{Platform: acct.Platform, Kind: platforms.Auth, Err: err,
			Message: "the sign-in for this account is missing from the keychain"}
	}
	if err != nil {
		return "", fmt.Errorf("read access token of account %d: %w", acct.ID, err)
	}
	return tok, nil
}

// Refresh obtains a new access token once after an auth error.
func (t *tokens) Refresh(ctx context.Context, acct model.Account) (string, error) {
	return t.app.refreshAccount(ctx, acct.ID)
}

// RefreshAccount renews an account's sign-in now (the seed's POST accounts/{id}/refresh).
func (a *App) RefreshAccount(ctx context.Context, id int64) (model.Account, error) {
	if _, err := a.refreshAccount(ctx, id); err != nil {
		return model.Account{}, err
	}
	return a.store.GetAccount(ctx, id)
}

// refreshAccount refreshes once per account at a time: concurrent callers share one
// network call. Rotated secrets are saved before the new access token is handed out,
// because some networks (X) accept a refresh token only once.
//
// The refresh runs on its own bounded context: a caller that gives up must not cut it
// between the network rotating the token and the keychain saving it.
func (a *App) refreshAccount(ctx context.Context, id int64) (string, error) {
	return a.refreshes.do(id, func() (string, error) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
		defer cancel()
		acct, err := a.store.GetAccount(ctx, id)
		if err != nil {
			return "", err
		}
		auth, ok := a.authorizers[acct.Platform]
		if !ok {
			return "", fmt.Errorf("%s sign-ins cannot be refreshed here", acct.Platform.Title())
		}
		secrets := a.readSecrets(id)
		// An Instagram account that keeps a Facebook user token came through Facebook.
		credsFor := appPlatform(acct.Platform, secrets[platforms.SecretUserAccess] != "")
		creds, _ := a.appCredentials(ctx, credsFor)
		r, err := auth.Refresh(ctx, acct, secrets, creds)
		if err != nil {
			return "", a.refreshFailed(ctx, acct, err)
		}
		if err := a.writeSecrets(id, r.Secrets); err != nil {
			return "", err
		}
		acct.ExpiresAt, acct.Status = r.ExpiresAt, model.AccountOK
		if err := a.store.UpdateAccount(ctx, &acct); err != nil {
			return "", fmt.Errorf("save the refreshed account %d: %w", id, err)
		}
		a.log.Info("sign-in refreshed", "account_id", id, "platform", acct.Platform, "expires_at", r.ExpiresAt)
		a.events.Accounts.Publish(ctx, AccountChanged{AccountID: id})
		return cmp.Or(r.Secrets[platforms.SecretAccess], secrets[platforms.SecretAccess]), nil
	})
}

// refreshFailed marks the account for reconnection when the network refused the
// refresh (as opposed to a network outage) and tells the user.
func (a *App) refreshFailed(ctx context.Context, acct model.Account, err error) error {
	var pe *platforms.Error
	if !errors.As(err, &pe) || pe.Kind != platforms.Auth {
		return fmt.Errorf("refresh %s sign-in of account %d: %w", acct.Platform.Title(), acct.ID, err)
	}
	if serr := a.store.SetAccountStatus(ctx, acct.ID, model.AccountReconnectNeeded); serr != nil {
		a.log.Error("mark account for reconnection", "account_id", acct.ID, "err", serr)
	}
	a.events.Accounts.Publish(ctx, AccountChanged{AccountID: acct.ID})
	return err
}

// flight runs one call per key at a time; callers arriving meanwhile get its result.
type flight struct {
	mu    sync.Mutex
	calls map[int64]*flightCall
}

type flightCall struct {
	done chan struct{}
	val  string
	err  error
}

func (f *flight) do(key int64, fn func() (string, error)) (string, error) {
	f.mu.Lock()
	if c, ok := f.calls[key]; ok {
		f.mu.Unlock()
		<-c.done
		return c.val, c.err
	}
	if f.calls == nil {
		f.calls = map[int64]*flightCall{}
	}
	c := &flightCall{done: make(chan struct{})}
	f.calls[key] = c
	f.mu.Unlock()
	c.val, c.err = fn()
	f.mu.Lock()
	delete(f.calls, key)
	f.mu.Unlock()
	close(c.done)
	return c.val, c.err
}
