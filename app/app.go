package app

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/publisher"
	"webox-social/services/secrets"
)

// Store is the persistence the core uses; services/store implements it.
type Store interface {
	publisher.Outbox
	aiStore
	statsStore
	EnsureDefaultWorkspace(ctx context.Context) (model.Workspace, error)
	ListWorkspaces(ctx context.Context) ([]model.Workspace, error)
	GetWorkspace(ctx context.Context, id int64) (model.Workspace, error)
	CreateWorkspace(ctx context.Context, name string) (model.Workspace, error)
	RenameWorkspace(ctx context.Context, id int64, name string) error
	DeleteWorkspace(ctx context.Context, id int64) error
	ListAccounts(ctx context.Context, workspaceID int64) ([]model.Account, error)
	GetAccount(ctx context.Context, id int64) (model.Account, error)
	CreateAccount(ctx context.Context, a *model.Account) error
	UpdateAccount(ctx context.Context, a *model.Account) error
	FindAccount(ctx context.Context, workspaceID int64, p model.Platform, remoteID, instanceURL string) (model.Account, error)
	DeleteAccount(ctx context.Context, id int64) error
	CreatePost(ctx context.Context, p *model.Post) error
	GetPost(ctx context.Context, id int64) (model.Post, error)
	ListPosts(ctx context.Context, f model.PostFilter) ([]model.Post, error)
	UpdatePost(ctx context.Context, p *model.Post) error
	DeletePost(ctx context.Context, id int64) error
	SetPostTargets(ctx context.Context, postID int64, from []model.TargetStatus, to model.TargetStatus,
		nextAttemptAt, scheduledAt time.Time, zone string) (int, error)
	ListAttempts(ctx context.Context, targetID int64) ([]model.Attempt, error)
	AddMedia(ctx context.Context, m *model.Media) error
	GetMedia(ctx context.Context, ids []int64) ([]model.Media, error)
	GetSetting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	AllSettings(ctx context.Context) (map[string]string, error)
	QueueSlots(ctx context.Context, accountID int64) ([]model.QueueSlot, string, error)
	SetQueueSlots(ctx context.Context, accountID int64, zone string, slots []model.QueueSlot) error
	QueueTaken(ctx context.Context, accountID int64, from, to time.Time) ([]time.Time, error)
}

// Params are the dependencies of New. Store, Secrets and DataDir are required.
type Params struct {
	Store   Store
	Secrets secrets.Store
	// SecretsBackend names where secrets are kept (secrets.BackendKeychain or
	// secrets.BackendEncryptedFile), for the views to say so.
	SecretsBackend string
	Connectors     platforms.Registry
	// Authorizers connect, refresh and revoke accounts, one per network.
	Authorizers map[model.Platform]platforms.Authorizer
	// Getenv reads the environment (the seed's client ID/secret variables); os.Getenv
	// when nil.
	Getenv func(string) string
	// OpenURL opens a URL in the user's browser (the window passes Fyne's OpenURL).
	OpenURL func(string) error
	DataDir string
	Logger  *slog.Logger
	Now     func() time.Time
	// Engine tuning; zero values take the publisher's defaults.
	Heartbeat time.Duration
	Lease     time.Duration
}

// App is the application core. Create it with New, then Start it once.
type App struct {
	store       Store
	secrets     secrets.Store
	backend     string
	authorizers map[model.Platform]platforms.Authorizer
	connectors  platforms.Registry
	getenv      func(string) string
	refreshes   flight
	openURL     func(string) error
	dataDir     string
	log         *slog.Logger
	now         func() time.Time
	events      Events
	engine      *publisher.Engine

	// workspace is the current workspace (never nil after New): read it with
	// CurrentWorkspace, since the user can switch at any time. workspaceMu serialises
	// switching and renaming.
	workspace   atomic.Pointer[model.Workspace]
	workspaceMu sync.Mutex
	// queueMu serialises AddToQueue, so two posts never take the same free slot.
	queueMu sync.Mutex

	started atomic.Bool
	cancel  context.CancelFunc
	done    sync.WaitGroup

	settingsMu sync.RWMutex
	settings   Settings

	// statsState is the statistics collector and its schedule (app/stats.go).
	statsState statsState
	// apiState is what the local API server last reported and apiApply the function
	// that starts, moves or stops it (app/localapi.go).
	apiState atomic.Pointer[LocalAPIState]
	apiApply atomic.Pointer[func()]
}

// New builds the core: it restores the workspace the user last worked in (the first one
// on a new data dir), loads the settings, and builds the delivery engine (not yet running).
func New(ctx context.Context, p Params) (*App, error) {
	if p.Store == nil || p.Secrets == nil || p.DataDir == "" {
		panic("app.New: Store, Secrets and DataDir are required")
	}
	a := &App{store: p.Store, secrets: p.Secrets, backend: p.SecretsBackend, authorizers: p.Authorizers, connectors: p.Connectors, getenv: p.Getenv, openURL: p.OpenURL,
		dataDir: p.DataDir, log: p.Logger, now: p.Now}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.getenv == nil {
		a.getenv = os.Getenv
	}
	if a.openURL == nil {
		a.openURL = func(string) error { return errors.New("no browser available") }
	}
	if err := a.restoreWorkspace(ctx); err != nil {
		return nil, err
	}
	if err := a.loadSettings(ctx); err != nil {
		return nil, err
	}
	a.engine = publisher.New(publisher.Params{
		Outbox: p.Store, Tokens: &tokens{app: a}, Connectors: p.Connectors,
		LateThreshold: func() time.Duration { return a.currentSettings().LateThreshold },
		OnEvent:       a.onDelivery, Logger: a.log, Now: a.now,
		Heartbeat: p.Heartbeat, Lease: p.Lease,
	})
	return a, nil
}

// Start runs the delivery engine in the background; later calls do nothing.
func (a *App) Start(ctx context.Context) {
	if !a.started.CompareAndSwap(false, true) {
		return
	}
	ctx, a.cancel = context.WithCancel(ctx)
	a.done.Go(func() { a.runRenewals(ctx) })
	a.done.Go(func() { a.runStats(ctx) })
	a.done.Add(1)
	go func() {
		defer a.done.Done()
		if err := a.engine.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
			a.log.Error("publisher stopped", "err", err)
		}
	}()
}

// Stop stops the engine and waits for deliveries in flight.
func (a *App) Stop() {
	if a.cancel != nil {
		a.cancel()
	}
	a.done.Wait()
}

// Events returns the core's event topics.
func (a *App) Events() *Events { return &a.events }

// DataDir is the folder holding the database, media and logs.
func (a *App) DataDir() string { return a.dataDir }

// SecretsInKeychain tells whether tokens are kept in the OS keychain (true) or in the
// encrypted file in the data dir (false).
func (a *App) SecretsInKeychain() bool { return a.backend != secrets.BackendEncryptedFile }

// WorkspaceName is the name of the current workspace.
func (a *App) WorkspaceName() string { return a.CurrentWorkspace().Name }

// PausePublishing stops new deliveries until ResumePublishing.
func (a *App) PausePublishing() {
	a.engine.Pause()
	a.events.Paused.Publish(context.Background(), true)
}

// ResumePublishing lets the engine deliver again.
func (a *App) ResumePublishing() {
	a.engine.Resume()
	a.events.Paused.Publish(context.Background(), false)
}

// Paused tells whether publishing is paused.
func (a *App) Paused() bool { return a.engine.Paused() }

func (a *App) onDelivery(e publisher.Event) {
	ctx := context.Background()
	ev := DeliveryEvent{Kind: DeliveryKind(e.Kind), PostID: e.PostID, TargetID: e.TargetID,
		AccountID: e.AccountID, Platform: e.Platform, Permalink: e.Permalink, Message: e.Message}
	a.log.Info("delivery", "kind", ev.Kind, "post_id", ev.PostID, "target_id", ev.TargetID, "platform", ev.Platform)
	a.events.Delivery.Publish(ctx, ev)
	a.events.Posts.Publish(ctx, PostChanged{PostID: e.PostID})
	if e.Kind == publisher.EventReconnectNeeded {
		a.events.Accounts.Publish(ctx, AccountChanged{AccountID: e.AccountID})
	}
}

// SetOpenURL sets how the core opens the browser (the window passes Fyne's OpenURL).
func (a *App) SetOpenURL(open func(string) error) { a.openURL = open }
