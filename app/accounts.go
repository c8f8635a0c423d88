package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"webox-social/services/model"
)

// Secret kinds stored per account in the keychain under model.SecretKey(id, kind).
const (
	SecretAccess       = "access"
	SecretRefresh      = "refresh"
	SecretClientID     = "client_id"
	SecretClientSecret = "client_secret"
)

var secretKinds = []string{SecretAccess, SecretRefresh, SecretClientID, SecretClientSecret}

// LinkRequest is what a Linker needs to connect an account.
type LinkRequest struct {
	InstanceURL string             // Mastodon instance or Bluesky PDS
	OpenURL     func(string) error // opens the authorization page in the browser
}

// Linked is a freshly authorized account and the secrets to keep in the keychain
// (keyed by SecretAccess, SecretRefresh, ...).
type Linked struct {
	Account model.Account
	Secrets map[string]string
}

// Linker connects and disconnects accounts of one network.
type Linker interface {
	Link(ctx context.Context, req LinkRequest) (Linked, error)
	// Unlink revokes the account's authorization where the network allows it.
	Unlink(ctx context.Context, acct model.Account, secrets map[string]string) error
}

// Accounts lists the accounts of the current workspace.
func (a *App) Accounts(ctx context.Context) ([]model.Account, error) {
	return a.store.ListAccounts(ctx, a.workspace.ID)
}

// ConnectMastodon runs the browser authorization for a Mastodon instance and keeps the
// account: its token goes to the keychain, its profile to the database.
func (a *App) ConnectMastodon(ctx context.Context, instanceURL string) (model.Account, error) {
	instanceURL, err := normalizeInstance(instanceURL)
	if err != nil {
		return model.Account{}, err
	}
	return a.connect(ctx, model.Mastodon, LinkRequest{InstanceURL: instanceURL, OpenURL: a.openURL})
}

func (a *App) connect(ctx context.Context, p model.Platform, req LinkRequest) (model.Account, error) {
	linker, ok := a.linkers[p]
	if !ok {
		return model.Account{}, invalid(fmt.Sprintf("Connecting %s accounts is not available yet.", p.Title()))
	}
	linked, err := linker.Link(ctx, req)
	if err != nil {
		return model.Account{}, fmt.Errorf("connect %s: %w", p.Title(), err)
	}
	acct, err := a.saveLinked(ctx, linked)
	if err != nil {
		return model.Account{}, err
	}
	a.log.Info("account connected", "account_id", acct.ID, "platform", acct.Platform)
	a.events.Accounts.Publish(ctx, AccountChanged{AccountID: acct.ID})
	a.engine.Wake()
	return acct, nil
}

// saveLinked stores a linked account, reusing the row of the same remote account so a
// reconnect keeps its posts, and writes its secrets to the keychain.
func (a *App) saveLinked(ctx context.Context, l Linked) (model.Account, error) {
	acct := l.Account
	acct.WorkspaceID, acct.Status = a.workspace.ID, model.AccountOK
	existing, err := a.store.FindAccount(ctx, a.workspace.ID, acct.Platform, acct.RemoteID, acct.InstanceURL)
	switch {
	case err == nil:
		acct.ID, acct.CreatedAt = existing.ID, existing.CreatedAt
		err = a.store.UpdateAccount(ctx, &acct)
	case errors.Is(err, model.ErrNotFound):
		err = a.store.CreateAccount(ctx, &acct)
	}
	if err != nil {
		return model.Account{}, fmt.Errorf("save account: %w", err)
	}
	if err := a.writeSecrets(acct.ID, l.Secrets); err != nil {
		if existing.ID == 0 {
			_ = a.store.DeleteAccount(ctx, acct.ID)
		}
		return model.Account{}, err
	}
	return acct, nil
}

func (a *App) writeSecrets(accountID int64, values map[string]string) error {
	for _, kind := range secretKinds {
		v, ok := values[kind]
		if !ok || v == "" {
			continue
		}
		if err := a.secrets.Set(model.SecretKey(accountID, kind), v); err != nil {
			return fmt.Errorf("store the account's %s in the keychain: %w", kind, err)
		}
	}
	return nil
}

// DisconnectAccount revokes the account where the network allows it, deletes its
// keychain entries and its row (its posts' targets go with it).
func (a *App) DisconnectAccount(ctx context.Context, id int64) error {
	acct, err := a.store.GetAccount(ctx, id)
	if err != nil {
		return err
	}
	values := a.readSecrets(id)
	if linker, ok := a.linkers[acct.Platform]; ok {
		if err := linker.Unlink(ctx, acct, values); err != nil {
			// The user wants the account gone: revocation failing must not keep it.
			a.log.Warn("revoke failed; removing the account anyway", "account_id", id, "err", err)
		}
	}
	for _, kind := range secretKinds {
		if err := a.secrets.Delete(model.SecretKey(id, kind)); err != nil && !errors.Is(err, model.ErrNotFound) {
			return fmt.Errorf("remove the account's %s from the keychain: %w", kind, err)
		}
	}
	if err := a.store.DeleteAccount(ctx, id); err != nil {
		return fmt.Errorf("delete account %d: %w", id, err)
	}
	a.events.Accounts.Publish(ctx, AccountChanged{AccountID: id, Removed: true})
	a.events.Posts.Publish(ctx, PostChanged{})
	return nil
}

func (a *App) readSecrets(id int64) map[string]string {
	out := map[string]string{}
	for _, kind := range secretKinds {
		if v, err := a.secrets.Get(model.SecretKey(id, kind)); err == nil {
			out[kind] = v
		}
	}
	return out
}

// normalizeInstance turns "mastodon.social" or "https://mastodon.social/" into
// "https://mastodon.social".
func normalizeInstance(s string) (string, error) {
	s = strings.TrimRight(strings.TrimSpace(s), "/")
	if s == "" {
		return "", invalid("Enter your Mastodon server's address, for example mastodon.social.")
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
		return "", invalid(fmt.Sprintf("%q is not a web address; enter something like mastodon.social.", s))
	}
	return s, nil
}
