package platforms

import (
	"context"
	"time"

	"webox-social/services/model"
)

// Secret kinds kept per account in the keychain under model.SecretKey(id, kind).
const (
	SecretAccess       = "access"
	SecretRefresh      = "refresh"
	SecretClientID     = "client_id"
	SecretClientSecret = "client_secret"
	// SecretUserAccess is the user token a Page or channel token was derived from
	// (Facebook, Instagram via Facebook Login), kept to renew the derived token.
	SecretUserAccess = "user_access"
)

// SecretKinds lists every kind an account may have, so disconnecting deletes them all.
var SecretKinds = []string{SecretAccess, SecretRefresh, SecretClientID, SecretClientSecret, SecretUserAccess}

// AppCredentials is the user's own developer app on a network ("bring your own app").
type AppCredentials struct {
	ClientID     string
	ClientSecret string
}

// AuthInfo tells the user what to register at the network to connect accounts.
type AuthInfo struct {
	Platform model.Platform
	// Method is "oauth2" (browser, loopback redirect), "oauth2-instance" (Mastodon: the
	// app registers itself per instance) or "app-password" (Bluesky).
	Method          string
	RedirectURI     string // the exact URI to register; "" when none is needed
	Scopes          []string
	NeedsClientID   bool
	NeedsSecret     bool
	ClientIDEnv     string // the seed's environment variable, e.g. TWITTER_CLIENT_ID
	ClientSecretEnv string
	// Registration is a sentence on what to create at the network: app type, review.
	Registration string
}

// Choice is one account an authorization gives access to: a Facebook Page, a LinkedIn
// organization, a YouTube channel, an Instagram professional account.
type Choice struct {
	ID   string
	Name string
	Kind string // "page", "organization", "member", "channel", ...
}

// LinkRequest is what an Authorizer needs to connect accounts.
type LinkRequest struct {
	App         AppCredentials
	InstanceURL string // Mastodon instance or Bluesky PDS; "" for the network's default
	Identifier  string // Bluesky handle, DID or email
	Password    string // Bluesky app password
	// OpenURL opens the authorization page in the user's browser.
	OpenURL func(string) error
	// Choose asks the user which of several accounts to add; nil takes all of them.
	Choose func(ctx context.Context, choices []Choice) ([]Choice, error)
	// ListenAddr overrides the loopback listener ("127.0.0.1:PORT") for networks that
	// match redirect URIs exactly; "" takes the network's default.
	ListenAddr string
	// RedirectURI, when set, replaces the loopback redirect with an address the user
	// registered at the network (for networks that refuse loopback redirects); the user
	// then pastes the address the browser ended on into Pasted.
	RedirectURI string
	// ViaFacebook connects Instagram professional accounts through the Facebook Pages
	// they are linked to (Facebook Login, with the Facebook app) instead of Instagram
	// Login; other networks ignore it.
	ViaFacebook bool
	// Pasted delivers the address the browser ended on, pasted by the user: the
	// "paste the redirect URL" fallback. It completes the sign-in like the loopback
	// callback would; nil when the UI offers no paste.
	Pasted <-chan string
}

// Linked is one authorized account and the secrets to keep for it, keyed by the
// Secret* kinds. Account.ExpiresAt is when the access token expires (zero: never).
type Linked struct {
	Account model.Account
	Secrets map[string]string
}

// Refreshed is the outcome of a refresh: the secrets that changed (a rotated refresh
// token must be saved before the new access token is used) and the new expiry.
type Refreshed struct {
	Secrets   map[string]string
	ExpiresAt time.Time
}

// Authorizer connects, refreshes and revokes the accounts of one network. Errors are
// *Error values: Kind Auth from Refresh means the user must reconnect.
type Authorizer interface {
	Info() AuthInfo
	Link(ctx context.Context, req LinkRequest) ([]Linked, error)
	Refresh(ctx context.Context, acct model.Account, secrets map[string]string, app AppCredentials) (Refreshed, error)
	Revoke(ctx context.Context, acct model.Account, secrets map[string]string, app AppCredentials) error
}
