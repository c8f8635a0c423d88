// Package viewstest provides an in-memory fake of the core the views talk to, for the
// views' tests and for looking at the window without a database or network.
package viewstest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"webox-social/app"
	"webox-social/services/model"
)

// Core is an in-memory fake of views.Core. Set its exported fields before use; the
// record fields (Created, Published ...) tell tests what the views asked for. It is safe
// for concurrent use.
type Core struct {
	mu  sync.Mutex
	ev  app.Events
	seq int64

	Workspace   string
	AccountList []model.Account
	PostList    []model.Post
	Attempt     map[int64][]model.Attempt
	Sett        app.Settings
	Dir         string
	IsPaused    bool
	// Problems is what CheckDraft returns when at least one account is passed.
	Problems []string
	// NetworkList is Networks' answer (New: Mastodon only, like the first release).
	NetworkList []app.AuthInfo
	// Linked / ConnectErr are ConnectAccount's result. When Choices is set and the
	// caller passed a Choose func, ConnectAccount asks it first and keeps in AccountList
	// only the Linked accounts whose RemoteID was picked.
	Linked     []model.Account
	ConnectErr error
	Choices    []app.Choice
	// Creds is AppCredentialsStatus' answer; SaveAppCredentials and SaveRedirectURI
	// update it.
	Creds []app.AppCredentialsStatus
	// ReadPasted makes ConnectAccount wait for one address on o.Pasted (or the end of
	// ctx) and name the linked accounts after it (one account when Linked is empty).
	ReadPasted bool
	// Err, when set, is returned by every method that returns an error.
	Err error
	// Keychain is SecretsInKeychain's answer (New sets it to true).
	Keychain bool
	// Avatars are Avatar's answers by account ID; a missing ID gives model.ErrNotFound.
	Avatars map[int64][]byte
	// Unsent is the composer's stored unsaved text (ComposeDraft / SaveComposeDraft).
	Unsent string
	// Traits are NetworkTraits' answers by network; a network not listed gets DefaultTraits.
	Traits map[model.Platform]app.Traits
	// HostReady tells MediaHostMissing that a media host is set up.
	HostReady bool
	// Privacy are PrivacyChoices' answers by account ID; PrivacyErr, when set, is
	// returned instead.
	Privacy    map[int64][]string
	PrivacyErr error
	// Host is the stored media host (MediaHostSettings, SaveMediaHost); HostTestErr is
	// TestMediaHost's answer.
	Host        app.MediaHostSettings
	HostTestErr error
	// Remote is DeletePostEverywhere's answer; with RemoteErr set the post is kept and
	// RemoteErr returned.
	Remote    app.RemoteDeletion
	RemoteErr error

	Created      []app.Draft
	Updated      []Update
	UnsentSaves  []string
	Published    []int64
	Cancelled    []int64
	Deleted      []int64
	Disconnected []int64
	Saved        []app.Settings
	Connects     []Connect
	CredSaves    []CredSave
	// RedirectSaves are SaveRedirectURI's calls.
	RedirectSaves []RedirectSave
	// PrivacyAsked are PrivacyChoices' account IDs, HostSaves SaveMediaHost's settings,
	// HostTests the number of TestMediaHost calls, DeletedEverywhere
	// DeletePostEverywhere's post IDs.
	PrivacyAsked      []int64
	HostSaves         []app.MediaHostSettings
	HostTests         int
	DeletedEverywhere []int64
}

// RedirectSave is one SaveRedirectURI call.
type RedirectSave struct {
	Platform model.Platform
	URI      string
}

// Connect is one ConnectAccount call; Picked is what Choose returned.
type Connect struct {
	Platform model.Platform
	Options  app.ConnectOptions
	Picked   []app.Choice
}

// CredSave is one SaveAppCredentials call.
type CredSave struct {
	Platform               model.Platform
	ClientID, ClientSecret string
}

// Update is one UpdatePost call.
type Update struct {
	ID    int64
	Draft app.Draft
}

// New returns a fake with default settings and no data.
func New() *Core {
	return &Core{Workspace: "Test workspace", Sett: app.DefaultSettings(), Dir: "/tmp/webox-social",
		Attempt: map[int64][]model.Attempt{}, seq: 100, Keychain: true,
		NetworkList: []app.AuthInfo{{Platform: model.Mastodon, Method: "oauth2-instance",
			Registration: "Nothing to register: Webox Social registers itself with your instance when you connect."}}}
}

// Events returns the fake's topics.
func (c *Core) Events() *app.Events { return &c.ev }

// WorkspaceName returns Workspace.
func (c *Core) WorkspaceName() string { return c.Workspace }

// Accounts returns AccountList.
func (c *Core) Accounts(context.Context) ([]model.Account, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]model.Account(nil), c.AccountList...), c.Err
}

// Avatar returns Avatars[acct.ID], or an error wrapping model.ErrNotFound.
func (c *Core) Avatar(_ context.Context, acct model.Account) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	data, ok := c.Avatars[acct.ID]
	if !ok {
		return nil, fmt.Errorf("avatar of account %d: %w", acct.ID, model.ErrNotFound)
	}
	return data, nil
}

// Networks returns NetworkList.
func (c *Core) Networks() []app.AuthInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]app.AuthInfo(nil), c.NetworkList...)
}

// ConnectAccount records the call and returns Linked or ConnectErr; on success the
// accounts are added to AccountList. With Choices set it calls o.Choose first (without
// holding the lock) and keeps only the picked accounts.
func (c *Core) ConnectAccount(ctx context.Context, p model.Platform, o app.ConnectOptions) ([]model.Account, error) {
	c.mu.Lock()
	choices, linked, failure, paste := c.Choices, append([]model.Account(nil), c.Linked...), c.ConnectErr, c.ReadPasted
	c.mu.Unlock()
	call := Connect{Platform: p, Options: o}
	if failure == nil && paste {
		linked, failure = namePasted(ctx, p, o.Pasted, linked)
	}
	if failure == nil && len(choices) > 0 && o.Choose != nil {
		call.Picked, failure = o.Choose(ctx, choices)
		linked = keepPicked(linked, call.Picked)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Connects = append(c.Connects, call)
	if failure != nil {
		return nil, failure
	}
	c.AccountList = append(c.AccountList, linked...)
	return linked, nil
}

// namePasted waits for the pasted address and names the accounts after it.
func namePasted(ctx context.Context, p model.Platform, pasted <-chan string, accs []model.Account) ([]model.Account, error) {
	select {
	case addr := <-pasted:
		if len(accs) == 0 {
			accs = []model.Account{{Platform: p, RemoteID: addr}}
		}
		for i := range accs {
			accs[i].Name, accs[i].Handle = addr, ""
		}
		return accs, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("fake: wait for the pasted address: %w", ctx.Err())
	}
}

func keepPicked(accs []model.Account, picked []app.Choice) []model.Account {
	var out []model.Account
	for _, a := range accs {
		for _, ch := range picked {
			if ch.ID == a.RemoteID {
				out = append(out, a)
			}
		}
	}
	return out
}

// AppCredentialsStatus returns Creds.
func (c *Core) AppCredentialsStatus(context.Context) []app.AppCredentialsStatus {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]app.AppCredentialsStatus(nil), c.Creds...)
}

// SaveAppCredentials records the call and updates Creds like the core: an empty
// secret keeps the stored one.
func (c *Core) SaveAppCredentials(_ context.Context, p model.Platform, clientID, clientSecret string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Err != nil {
		return c.Err
	}
	c.CredSaves = append(c.CredSaves, CredSave{Platform: p, ClientID: clientID, ClientSecret: clientSecret})
	for i := range c.Creds {
		if c.Creds[i].Info.Platform == p {
			c.Creds[i].ClientID, c.Creds[i].Source = clientID, app.CredentialsSettings
			c.Creds[i].HasSecret = c.Creds[i].HasSecret || clientSecret != ""
		}
	}
	return nil
}

// SaveRedirectURI records the call and sets the network's CustomRedirect in Creds.
func (c *Core) SaveRedirectURI(_ context.Context, p model.Platform, uri string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Err != nil {
		return c.Err
	}
	c.RedirectSaves = append(c.RedirectSaves, RedirectSave{Platform: p, URI: uri})
	for i := range c.Creds {
		if c.Creds[i].Info.Platform == p {
			c.Creds[i].CustomRedirect = strings.TrimSpace(uri)
		}
	}
	return nil
}

// DisconnectAccount records id and removes the account.
func (c *Core) DisconnectAccount(_ context.Context, id int64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Disconnected = append(c.Disconnected, id)
	out := c.AccountList[:0]
	for _, a := range c.AccountList {
		if a.ID != id {
			out = append(out, a)
		}
	}
	c.AccountList = out
	return c.Err
}

// CreatePost records d and adds a post built from it.
func (c *Core) CreatePost(_ context.Context, d app.Draft) (model.Post, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Err != nil {
		return model.Post{}, c.Err
	}
	c.Created = append(c.Created, d)
	c.seq++
	p := c.postFrom(c.seq, d)
	c.PostList = append(c.PostList, p)
	return p, nil
}

func (c *Core) postFrom(id int64, d app.Draft) model.Post {
	st := model.TargetDraft
	if !d.ScheduledAt.IsZero() {
		st = model.TargetPending
	}
	p := model.Post{ID: id, Content: d.Content, Hashtags: d.Hashtags, ScheduledAt: d.ScheduledAt, Zone: d.Zone,
		CreatedAt: time.Now()}
	p.MediaIDs = d.MediaIDs
	var sts []model.TargetStatus
	for _, aid := range d.AccountIDs {
		p.Targets = append(p.Targets, model.Target{ID: id*10 + aid, PostID: id, AccountID: aid, Platform: c.platformOf(aid),
			Status: st, TextOverride: d.Overrides[aid], Options: d.Options[aid]})
		sts = append(sts, st)
	}
	p.Status = model.DeriveStatus(sts)
	return p
}

// platformOf is the network of account id, Mastodon when it is not listed.
func (c *Core) platformOf(id int64) model.Platform {
	for _, a := range c.AccountList {
		if a.ID == id {
			return a.Platform
		}
	}
	return model.Mastodon
}

// UpdatePost records the call and replaces the post, like the core: refused with
// model.ErrConflict once a target is published or being published.
func (c *Core) UpdatePost(_ context.Context, id int64, d app.Draft) (model.Post, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Err != nil {
		return model.Post{}, c.Err
	}
	c.Updated = append(c.Updated, Update{ID: id, Draft: d})
	for i := range c.PostList {
		if c.PostList[i].ID != id {
			continue
		}
		for _, t := range c.PostList[i].Targets {
			if t.Status == model.TargetPublished || t.Status == model.TargetPublishing {
				return model.Post{}, fmt.Errorf("fake: update post %d: %w", id, model.ErrConflict)
			}
		}
		c.PostList[i] = c.postFrom(id, d)
		return c.PostList[i], nil
	}
	return model.Post{}, fmt.Errorf("fake: update post %d: %w", id, model.ErrNotFound)
}

// ListPosts returns the posts matching f's time range, newest scheduled first.
func (c *Core) ListPosts(_ context.Context, f model.PostFilter) ([]model.Post, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []model.Post
	for _, p := range c.PostList {
		t := p.ScheduledAt
		if t.IsZero() {
			t = p.CreatedAt
		}
		if (!f.From.IsZero() && t.Before(f.From)) || (!f.To.IsZero() && !t.Before(f.To)) {
			continue
		}
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ScheduledAt.After(out[j].ScheduledAt) })
	return out, c.Err
}

// GetPost returns one post.
func (c *Core) GetPost(_ context.Context, id int64) (model.Post, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.PostList {
		if p.ID == id {
			return p, c.Err
		}
	}
	return model.Post{}, fmt.Errorf("fake: get post %d: %w", id, model.ErrNotFound)
}

// DeletePost records id and removes the post.
func (c *Core) DeletePost(_ context.Context, id int64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Deleted = append(c.Deleted, id)
	out := c.PostList[:0]
	for _, p := range c.PostList {
		if p.ID != id {
			out = append(out, p)
		}
	}
	c.PostList = out
	return c.Err
}

// PublishNow records id.
func (c *Core) PublishNow(_ context.Context, id int64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Published = append(c.Published, id)
	return c.Err
}

// SchedulePost sets the post's time.
func (c *Core) SchedulePost(_ context.Context, id int64, at time.Time, zone string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := range c.PostList {
		if c.PostList[i].ID == id {
			c.PostList[i].ScheduledAt, c.PostList[i].Zone = at, zone
		}
	}
	return c.Err
}

// CancelPost records id.
func (c *Core) CancelPost(_ context.Context, id int64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Cancelled = append(c.Cancelled, id)
	return c.Err
}

// Attempts returns Attempt[targetID].
func (c *Core) Attempts(_ context.Context, targetID int64) ([]model.Attempt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Attempt[targetID], c.Err
}

// CheckDraft returns Problems when accounts is not empty.
func (c *Core) CheckDraft(_ app.Draft, accounts []model.Account) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(accounts) == 0 {
		return nil
	}
	return c.Problems
}

// PausePublishing sets IsPaused.
func (c *Core) PausePublishing() { c.setPaused(true) }

// ResumePublishing clears IsPaused.
func (c *Core) ResumePublishing() { c.setPaused(false) }

func (c *Core) setPaused(p bool) {
	c.mu.Lock()
	c.IsPaused = p
	c.mu.Unlock()
}

// Paused returns IsPaused.
func (c *Core) Paused() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.IsPaused
}

// NextDue returns the earliest scheduled post in the future.
func (c *Core) NextDue(context.Context) (model.Post, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var best model.Post
	found := false
	for _, p := range c.PostList {
		if p.Status == model.PostScheduled && (!found || p.ScheduledAt.Before(best.ScheduledAt)) {
			best, found = p, true
		}
	}
	return best, found, c.Err
}

// Settings returns Sett.
func (c *Core) Settings(context.Context) (app.Settings, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Sett, c.Err
}

// SaveSettings records s and makes it current.
func (c *Core) SaveSettings(_ context.Context, s app.Settings) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Err != nil {
		return c.Err
	}
	c.Saved = append(c.Saved, s)
	c.Sett = s
	return nil
}

// DataDir returns Dir.
func (c *Core) DataDir() string { return c.Dir }

// SecretsInKeychain returns Keychain.
func (c *Core) SecretsInKeychain() bool { return c.Keychain }

// ComposeDraft returns Unsent.
func (c *Core) ComposeDraft(context.Context) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Unsent
}

// SaveComposeDraft records text and makes it Unsent.
func (c *Core) SaveComposeDraft(_ context.Context, text string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Err != nil {
		return c.Err
	}
	c.UnsentSaves = append(c.UnsentSaves, text)
	c.Unsent = text
	return nil
}
