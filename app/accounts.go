package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Accounts lists the accounts of the current workspace.
func (a *App) Accounts(ctx context.Context) ([]model.Account, error) {
	return a.store.ListAccounts(ctx, a.CurrentWorkspace().ID)
}

// ConnectOptions carries what some networks ask for when connecting.
type ConnectOptions struct {
	InstanceURL string // Mastodon instance or Bluesky PDS ("" for the network's default)
	Identifier  string // Bluesky handle or email
	Password    string // Bluesky app password: used once to sign in, never stored
	// Choose asks the user which Pages, organizations or channels to add; nil adds all.
	Choose func(ctx context.Context, choices []platforms.Choice) ([]platforms.Choice, error)
	// ListenAddr overrides the network's loopback address ("127.0.0.1:PORT"), for a
	// developer app registered with another port.
	ListenAddr string
	// ViaFacebook connects Instagram accounts through the Facebook Pages they are linked
	// to, with the Facebook developer app.
	ViaFacebook bool
	// Pasted carries the address the browser ended on when the user pastes it (the
	// fallback for networks that refuse loopback redirects, or a browser on another
	// machine).
	Pasted <-chan string
	// OpenURL receives the authorization address instead of the system browser (the
	// local API hands it to the script that asked); nil opens the browser.
	OpenURL func(string) error
}

// ConnectMastodon runs the browser authorization for a Mastodon instance and keeps the
// account: its token goes to the keychain, its profile to the database.
func (a *App) ConnectMastodon(ctx context.Context, instanceURL string) (model.Account, error) {
	instanceURL, err := normalizeInstance(instanceURL)
	if err != nil {
		return model.Account{}, err
	}
	accounts, err := a.ConnectAccount(ctx, model.Mastodon, ConnectOptions{InstanceURL: instanceURL})
	if err != nil {
		return model.Account{}, err
	}
	return accounts[0], nil
}

// ConnectAccount authorizes one or more accounts of a network (several when the user
// picks Pages, organizations or channels) and keeps them: tokens to the keychain,
// profiles to the database.
func (a *App) ConnectAccount(ctx context.Context, p model.Platform, o ConnectOptions) ([]model.Account, error) {
	auth, ok := a.authorizers[p]
	if !ok {
		return nil, invalid(fmt.Sprintf("Connecting %s accounts is not available yet.", p.Title()))
	}
	creds, err := a.appCredentials(ctx, appPlatform(p, o.ViaFacebook))
	if err != nil {
		return nil, err
	}
	open := a.openURL
	if o.OpenURL != nil {
		open = o.OpenURL
	}
	linked, err := auth.Link(ctx, platforms.LinkRequest{App: creds, InstanceURL: o.InstanceURL,
		Identifier: o.Identifier, Password: o.Password, OpenURL: open, Choose: o.Choose, ListenAddr: o.ListenAddr,
		RedirectURI: a.customRedirect(ctx, p), Pasted: o.Pasted, ViaFacebook: o.ViaFacebook})
	if err != nil {
		return nil, fmt.Errorf("connect %s: %w", p.Title(), err)
	}
	out := make([]model.Account, 0, len(linked))
	for _, l := range linked {
		acct, err := a.saveLinked(ctx, l)
		if err != nil {
			return nil, err
		}
		a.log.Info("account connected", "account_id", acct.ID, "platform", acct.Platform)
		a.events.Accounts.Publish(ctx, AccountChanged{AccountID: acct.ID})
		out = append(out, acct)
	}
	a.engine.Wake()
	return out, nil
}

// saveLinked stores a linked account, reusing the row of the same remote account so a
// reconnect keeps its posts, and writes its secrets to the keychain.
func (a *App) saveLinked(ctx context.Context, l platforms.Linked) (model.Account, error) {
	acct := l.Account
	ws := a.CurrentWorkspace().ID
	acct.WorkspaceID, acct.Status = ws, model.AccountOK
	existing, err := a.store.FindAccount(ctx, ws, acct.Platform, acct.RemoteID, acct.InstanceURL)
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
	for _, kind := range platforms.SecretKinds {
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
	if auth, ok := a.authorizers[acct.Platform]; ok && !a.grantShared(ctx, acct, values) {
		creds, _ := a.appCredentials(ctx, appPlatform(acct.Platform, values[platforms.SecretUserAccess] != ""))
		if err := auth.Revoke(ctx, acct, values, creds); err != nil {
			// The user wants the account gone: revocation failing must not keep it.
			a.log.Warn("revoke failed; removing the account anyway", "account_id", id, "err", err)
		}
	}
	for _, kind := range platforms.SecretKinds {
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

// appPlatform is the network whose developer app signs an account in: Instagram
// accounts reached through Facebook Pages use the Facebook app.
func appPlatform(p model.Platform, viaFacebook bool) model.Platform {
	if p == model.Instagram && viaFacebook {
		return model.Facebook
	}
	return p
}

// grantShared tells whether another connected account came from the same sign-in
// (Facebook Pages and Instagram accounts of one user, YouTube channels of one Google
// account): revoking would disconnect it too, so the grant is kept until the last one.
func (a *App) grantShared(ctx context.Context, acct model.Account, values map[string]string) bool {
	grant := cmp.Or(values[platforms.SecretUserAccess], values[platforms.SecretRefresh], values[platforms.SecretAccess])
	if grant == "" {
		return false
	}
	others, err := a.store.ListAccounts(ctx, 0)
	if err != nil {
		return true // when in doubt, do not cut other accounts off
	}
	for _, o := range others {
		if o.ID == acct.ID || o.Platform != acct.Platform {
			continue
		}
		s := a.readSecrets(o.ID)
		if s[platforms.SecretUserAccess] == grant || s[platforms.SecretRefresh] == grant || s[platforms.SecretAccess] == grant {
			a.log.Info("keeping a sign-in other accounts share", "account_id", acct.ID, "shared_with", o.ID)
			return true
		}
	}
	return false
}

func (a *App) readSecrets(id int64) map[string]string {
	out := map[string]string{}
	for _, kind := range platforms.SecretKinds {
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

// Choice is one Page, organization or channel the user may add (see ConnectOptions.Choose).
type Choice = platforms.Choice

// AuthInfo tells what a network needs to connect: method, redirect URI, scopes.
type AuthInfo = platforms.AuthInfo

// Networks lists the networks accounts can be connected to now, in display order.
func (a *App) Networks() []AuthInfo {
	var out []AuthInfo
	for _, p := range model.Platforms {
		if auth, ok := a.authorizers[p]; ok {
			out = append(out, auth.Info())
		}
	}
	return out
}
