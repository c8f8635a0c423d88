package views

import (
	"context"
	"time"

	"webox-social/app"
	"webox-social/services/model"
)

// Core is everything the window, the screens and the tray need from the application core.
// *app.App implements it; tests use a fake. Every method that takes a context may block
// (database, network, browser) and is therefore only ever called off the UI goroutine;
// CheckDraft (for a draft without attachments), Paused, WorkspaceName, DataDir,
// SecretsInKeychain, Networks and NetworkTraits must be cheap and are called from callbacks.
type Core interface {
	// Each screen's own needs, declared beside the screen.
	calendarCore
	postsCore
	queueCore
	workspaceCore
	composeCore
	settingsCore
	statsCore
	importCore

	// Events returns the topics the views subscribe to.
	Events() *app.Events
	// WorkspaceName is the current workspace's display name, shown in the title bar.
	WorkspaceName() string
	// Accounts lists the connected accounts of the current workspace.
	Accounts(ctx context.Context) ([]model.Account, error)
	// Networks lists the networks accounts can be connected to in this version, with how
	// each one signs in (app.AuthInfo.Method). Cheap.
	Networks() []app.AuthInfo
	// Avatar returns the image of an account's avatar (PNG, JPEG, GIF or WebP), cached
	// in the data folder; an error wrapping model.ErrNotFound when it has none.
	Avatar(ctx context.Context, acct model.Account) ([]byte, error)
	// ConnectAccount authorizes one or more accounts of network p and keeps them. It opens
	// the browser itself when the network signs in there and blocks until the user
	// approved, refused, or the flow timed out; o.Choose is called (from the same
	// goroutine) when the user must pick Pages, organizations or channels.
	ConnectAccount(ctx context.Context, p model.Platform, o app.ConnectOptions) ([]model.Account, error)
	// AppCredentialsStatus describes each network's developer app for Settings: redirect
	// URI, scopes, client ID, whether a secret is stored, and where they come from.
	AppCredentialsStatus(ctx context.Context) []app.AppCredentialsStatus
	// SaveAppCredentials keeps a network's developer app (the secret goes to the keychain);
	// an empty clientSecret keeps the stored one.
	SaveAppCredentials(ctx context.Context, p model.Platform, clientID, clientSecret string) error
	// DisconnectAccount removes an account and its tokens.
	DisconnectAccount(ctx context.Context, id int64) error
	// CreatePost stores a new post; a non-zero d.ScheduledAt schedules it.
	CreatePost(ctx context.Context, d app.Draft) (model.Post, error)
	// UpdatePost replaces a post's content, accounts and time.
	UpdatePost(ctx context.Context, id int64, d app.Draft) (model.Post, error)
	// ListPosts lists posts matching f.
	ListPosts(ctx context.Context, f model.PostFilter) ([]model.Post, error)
	// GetPost returns one post with its targets.
	GetPost(ctx context.Context, id int64) (model.Post, error)
	// DeletePost removes a post that is not being published.
	DeletePost(ctx context.Context, id int64) error
	// PublishNow hands a post's unfinished targets to the publisher immediately.
	PublishNow(ctx context.Context, id int64) error
	// SchedulePost (re)schedules a post at a time chosen in zone.
	SchedulePost(ctx context.Context, id int64, at time.Time, zone string) error
	// CancelPost cancels a post's pending targets.
	CancelPost(ctx context.Context, id int64) error
	// Attempts lists the delivery attempts of one target, oldest first.
	Attempts(ctx context.Context, targetID int64) ([]model.Attempt, error)
	// CheckDraft returns live validation sentences for d on the given accounts (per network
	// limits); empty means the draft can be published everywhere.
	CheckDraft(d app.Draft, accounts []model.Account) []string
	// PausePublishing stops the publisher from starting new deliveries.
	PausePublishing()
	// ResumePublishing lets the publisher deliver again.
	ResumePublishing()
	// Paused reports whether publishing is paused.
	Paused() bool
	// NextDue returns the next scheduled post, if any.
	NextDue(ctx context.Context) (model.Post, bool, error)
	// Settings returns the user's settings.
	Settings(ctx context.Context) (app.Settings, error)
	// SaveSettings stores the user's settings.
	SaveSettings(ctx context.Context, s app.Settings) error
	// DataDir is the folder holding the database, media and logs.
	DataDir() string
	// SecretsInKeychain tells whether sign-in tokens are in the system keychain (true) or
	// in the encrypted file secrets.enc in the data folder (false). Cheap.
	SecretsInKeychain() bool
	// ComposeDraft returns the composer's unsaved text, "" when there is none.
	ComposeDraft(ctx context.Context) string
	// SaveComposeDraft keeps the composer's unsaved text in the data folder.
	SaveComposeDraft(ctx context.Context, text string) error
	// SaveRedirectURI keeps the redirect address the user registered at network p
	// instead of the loopback one ("" returns to the loopback redirect); connecting then
	// asks the user to paste the address the browser ended on.
	SaveRedirectURI(ctx context.Context, p model.Platform, uri string) error
	// NetworkTraits says what the composer offers for network p beyond the text (title,
	// privacy, formats, thread, native scheduling, media fetched by address). Cheap.
	NetworkTraits(p model.Platform) app.Traits
	// MediaHostMissing returns a sentence per chosen network that fetches media by address
	// when no media host is set up and d gives no addresses; it reads the settings.
	MediaHostMissing(ctx context.Context, d app.Draft, accounts []model.Account) []string
	// PrivacyChoices returns the privacy levels an account may publish with now (TikTok),
	// read live from the network: slow.
	PrivacyChoices(ctx context.Context, accountID int64) ([]string, error)
	// MediaHostSettings returns the stored media host (S3-compatible bucket), without its secret.
	MediaHostSettings(ctx context.Context) (app.MediaHostSettings, error)
	// SaveMediaHost checks and stores the media host; an empty secret keeps the stored one.
	SaveMediaHost(ctx context.Context, s app.MediaHostSettings) error
	// TestMediaHost uploads, fetches and deletes a small file in the stored bucket.
	TestMediaHost(ctx context.Context) error
	// DeletePostEverywhere deletes a post from every network it was published to, then here.
	DeletePostEverywhere(ctx context.Context, id int64) (app.RemoteDeletion, error)
}
