package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Where a network's developer-app credentials came from.
const (
	CredentialsNone     = ""
	CredentialsEnv      = "environment"
	CredentialsSettings = "settings"
)

// ErrNeedsDeveloperApp says a network's developer app (client ID and secret) is not
// set yet; it is also a model.ErrInvalid.
var ErrNeedsDeveloperApp = fmt.Errorf("%w: the network's developer app is not set", model.ErrInvalid)

// AppCredentialsStatus is what Settings shows for one network's developer app.
type AppCredentialsStatus struct {
	Info      platforms.AuthInfo
	ClientID  string // never the secret
	HasSecret bool
	Source    string // CredentialsEnv, CredentialsSettings or CredentialsNone
	// CustomRedirect is the registered redirect address replacing the loopback one
	// ("" when the loopback redirect is used).
	CustomRedirect string
}

func clientIDKey(p model.Platform) string     { return "app." + string(p) + ".client_id" }
func redirectKey(p model.Platform) string     { return "app." + string(p) + ".redirect_uri" }
func clientSecretKey(p model.Platform) string { return "app/" + string(p) + "/client_secret" }

// AppCredentialsStatus describes each network's developer app for Settings: the redirect
// URI to register, the scopes, and whether a client ID and secret are set.
func (a *App) AppCredentialsStatus(ctx context.Context) []AppCredentialsStatus {
	var out []AppCredentialsStatus
	for _, p := range model.Platforms {
		auth, ok := a.authorizers[p]
		if !ok {
			continue
		}
		creds, source := a.lookupCredentials(ctx, p, auth.Info())
		out = append(out, AppCredentialsStatus{Info: auth.Info(), ClientID: creds.ClientID,
			HasSecret: creds.ClientSecret != "", Source: source, CustomRedirect: a.customRedirect(ctx, p)})
	}
	return out
}

// SaveAppCredentials keeps a network's developer app: the client ID in the settings
// table, the secret in the keychain. An empty secret keeps the stored one.
func (a *App) SaveAppCredentials(ctx context.Context, p model.Platform, clientID, clientSecret string) error {
	clientID = strings.TrimSpace(clientID)
	if err := a.store.SetSetting(ctx, clientIDKey(p), clientID); err != nil {
		return fmt.Errorf("save the %s client ID: %w", p.Title(), err)
	}
	if secret := strings.TrimSpace(clientSecret); secret != "" {
		if err := a.secrets.Set(clientSecretKey(p), secret); err != nil {
			return fmt.Errorf("store the %s client secret in the keychain: %w", p.Title(), err)
		}
	}
	return nil
}

// SaveRedirectURI keeps the redirect address the user registered at a network that
// refuses loopback redirects ("" returns to the loopback redirect). Connecting then
// asks the user to paste the address the browser ends on.
func (a *App) SaveRedirectURI(ctx context.Context, p model.Platform, uri string) error {
	uri = strings.TrimSpace(uri)
	if uri != "" && !strings.HasPrefix(uri, "https://") && !strings.HasPrefix(uri, "http://") {
		return invalid(fmt.Sprintf("%q is not a web address; enter the redirect URL exactly as registered at %s.", uri, p.Title()))
	}
	if err := a.store.SetSetting(ctx, redirectKey(p), uri); err != nil {
		return fmt.Errorf("save the %s redirect address: %w", p.Title(), err)
	}
	return nil
}

// customRedirect is the registered redirect that replaces the loopback one, or "".
func (a *App) customRedirect(ctx context.Context, p model.Platform) string {
	v, err := a.store.GetSetting(ctx, redirectKey(p))
	if err != nil {
		return ""
	}
	return v
}

// appCredentials returns the network's developer app, or a sentence saying what to set.
func (a *App) appCredentials(ctx context.Context, p model.Platform) (platforms.AppCredentials, error) {
	auth, ok := a.authorizers[p]
	if !ok {
		return platforms.AppCredentials{}, nil
	}
	info := auth.Info()
	creds, _ := a.lookupCredentials(ctx, p, info)
	if info.NeedsClientID && creds.ClientID == "" || info.NeedsSecret && creds.ClientSecret == "" {
		return creds, &userError{kind: ErrNeedsDeveloperApp, msg: fmt.Sprintf(
			"Connecting %s needs your own %s developer app: enter its client ID and secret in Settings (or set %s).",
			p.Title(), p.Title(), envNames(info))}
	}
	return creds, nil
}

// lookupCredentials prefers the seed's environment variables over Settings.
func (a *App) lookupCredentials(ctx context.Context, p model.Platform, info platforms.AuthInfo) (platforms.AppCredentials, string) {
	if info.ClientIDEnv != "" {
		if id := a.getenv(info.ClientIDEnv); id != "" {
			return platforms.AppCredentials{ClientID: id, ClientSecret: a.getenv(info.ClientSecretEnv)}, CredentialsEnv
		}
	}
	var creds platforms.AppCredentials
	if id, err := a.store.GetSetting(ctx, clientIDKey(p)); err == nil {
		creds.ClientID = id
	}
	secret, err := a.secrets.Get(clientSecretKey(p))
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		a.log.Warn("read a client secret", "platform", p, "err", err)
	}
	creds.ClientSecret = secret
	if creds.ClientID == "" {
		return creds, CredentialsNone
	}
	return creds, CredentialsSettings
}

func envNames(info platforms.AuthInfo) string {
	if info.ClientSecretEnv == "" {
		return info.ClientIDEnv
	}
	return info.ClientIDEnv + " and " + info.ClientSecretEnv
}
