package app_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/mastodon"
	"webox-social/services/platforms/mastodon/mastodonfake"
	"webox-social/services/secrets"
	"webox-social/services/store"
	"webox-social/services/store/storetest"
)

// rig is a real core on a real store in a temp dir, with in-memory secrets and the
// strict Mastodon fake standing in for the network.
type rig struct {
	core    *app.App
	store   *store.Store
	secrets *secrets.Memory
	fake    *mastodonfake.Server
	dir     string
}

func newRig(t *testing.T) *rig {
	t.Helper()
	fake := mastodonfake.New(mastodonfake.Options{})
	t.Cleanup(fake.Close)
	st := storetest.Open(t)
	sec := secrets.NewMemory()
	mc := mastodon.New(&http.Client{Timeout: 10 * time.Second})
	dir := t.TempDir()
	core, err := app.New(t.Context(), app.Params{
		Store: st, Secrets: sec, DataDir: dir,
		Connectors:  platforms.Registry{model.Mastodon: mc},
		Authorizers: map[model.Platform]platforms.Authorizer{model.Mastodon: mastodon.NewAuthorizer(mc)},
		OpenURL:     approveInBrowser,
	})
	require.NoError(t, err)
	return &rig{core: core, store: st, secrets: sec, fake: fake, dir: dir}
}

// approveInBrowser plays the user's browser: it follows the authorization URL, which
// the fake approves and redirects to the app's loopback listener.
func approveInBrowser(u string) error {
	go func() {
		resp, err := http.Get(u)
		if err == nil {
			resp.Body.Close()
		}
	}()
	return nil
}

func (r *rig) connect(t *testing.T) model.Account {
	t.Helper()
	acct, err := r.core.ConnectMastodon(t.Context(), r.fake.URL)
	require.NoError(t, err)
	return acct
}

func TestConnectMastodonKeepsTheTokenInTheKeychainOnly(t *testing.T) {
	r := newRig(t)
	acct := r.connect(t)

	assert.Equal(t, model.Mastodon, acct.Platform)
	assert.Equal(t, model.AccountOK, acct.Status)
	assert.Contains(t, acct.Handle, "@alice@")
	token, err := r.secrets.Get(model.SecretKey(acct.ID, platforms.SecretAccess))
	require.NoError(t, err)
	require.NotEmpty(t, token)

	path := r.dbPath(t)
	_, err = r.store.DB().Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	require.NoError(t, err)
	for _, f := range []string{path, path + "-wal"} {
		data, err := os.ReadFile(f)
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		assert.NotContains(t, string(data), token, "the token must never reach SQLite (%s)", filepath.Base(f))
	}
}

func (r *rig) dbPath(t *testing.T) string {
	t.Helper()
	var path string
	require.NoError(t, r.store.DB().QueryRow(`SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&path))
	return path
}

func TestReconnectReusesTheAccountRow(t *testing.T) {
	r := newRig(t)
	first := r.connect(t)
	second := r.connect(t)
	assert.Equal(t, first.ID, second.ID)
	accounts, err := r.core.Accounts(t.Context())
	require.NoError(t, err)
	assert.Len(t, accounts, 1)
}

func TestDisconnectRevokesAndForgetsSecrets(t *testing.T) {
	r := newRig(t)
	acct := r.connect(t)
	token, _ := r.secrets.Get(model.SecretKey(acct.ID, platforms.SecretAccess))

	require.NoError(t, r.core.DisconnectAccount(t.Context(), acct.ID))

	assert.Empty(t, r.secrets.Keys(), "every keychain entry of the account is deleted")
	_, err := r.store.GetAccount(t.Context(), acct.ID)
	assert.ErrorIs(t, err, model.ErrNotFound)
	req, _ := http.NewRequest(http.MethodGet, r.fake.URL+"/api/v1/accounts/verify_credentials", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the token was revoked at the instance")
}

func TestCreatePostValidation(t *testing.T) {
	r := newRig(t)
	acct := r.connect(t)
	future := time.Now().Add(time.Hour)
	cases := []struct {
		name  string
		draft app.Draft
		want  string
	}{
		{"empty text", app.Draft{Content: "  ", AccountIDs: []int64{acct.ID}, ScheduledAt: future}, "Write something"},
		{"no account", app.Draft{Content: "Hi", ScheduledAt: future}, "Pick at least one account"},
		{"in the past", app.Draft{Content: "Hi", AccountIDs: []int64{acct.ID}, ScheduledAt: time.Now().Add(-time.Hour)}, "is in the past"},
		{"too long for Mastodon", app.Draft{Content: strings.Repeat("a", 501), AccountIDs: []int64{acct.ID}, ScheduledAt: future}, "Mastodon"},
		{"unknown zone", app.Draft{Content: "Hi", AccountIDs: []int64{acct.ID}, ScheduledAt: future, Zone: "Mars/Olympus"}, "time zone"},
		{"unreadable media", app.Draft{Content: "Hi", MediaPaths: []string{"/nonexistent/cat.png"}}, "cannot be read"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := r.core.CreatePost(t.Context(), tc.draft)
			require.ErrorIs(t, err, model.ErrInvalid)
			msg := app.UserMessage(err)
			assert.Contains(t, msg, tc.want)
			assert.True(t, strings.HasSuffix(msg, "."), "a sentence: %q", msg)
		})
	}
}

func TestDraftScheduleCancelLifecycle(t *testing.T) {
	r := newRig(t)
	acct := r.connect(t)
	p, err := r.core.CreatePost(t.Context(), app.Draft{Content: "Draft first", AccountIDs: []int64{acct.ID}})
	require.NoError(t, err)
	assert.Equal(t, model.PostDraft, p.Status)

	at := time.Now().Add(2 * time.Hour).Truncate(time.Second)
	require.NoError(t, r.core.SchedulePost(t.Context(), p.ID, at, "Europe/Paris"))
	p, err = r.core.GetPost(t.Context(), p.ID)
	require.NoError(t, err)
	assert.Equal(t, model.PostScheduled, p.Status)
	assert.True(t, at.Equal(p.ScheduledAt))
	assert.Equal(t, "Europe/Paris", p.Zone)

	require.NoError(t, r.core.CancelPost(t.Context(), p.ID))
	p, _ = r.core.GetPost(t.Context(), p.ID)
	assert.Equal(t, model.PostCancelled, p.Status)

	err = r.core.CancelPost(t.Context(), p.ID)
	assert.ErrorIs(t, err, model.ErrInvalid, "nothing left to cancel is said, not ignored")
}

func TestListPostsFilters(t *testing.T) {
	r := newRig(t)
	acct := r.connect(t)
	base := time.Now().Add(24 * time.Hour).Truncate(time.Second)
	for i := range 3 {
		_, err := r.core.CreatePost(t.Context(), app.Draft{Content: "Post", AccountIDs: []int64{acct.ID},
			ScheduledAt: base.Add(time.Duration(i) * 24 * time.Hour)})
		require.NoError(t, err)
	}
	_, err := r.core.CreatePost(t.Context(), app.Draft{Content: "Just a draft"})
	require.NoError(t, err)

	scheduled, err := r.core.ListPosts(t.Context(), model.PostFilter{Status: model.PostScheduled})
	require.NoError(t, err)
	assert.Len(t, scheduled, 3)
	window, err := r.core.ListPosts(t.Context(), model.PostFilter{From: base, To: base.Add(36 * time.Hour)})
	require.NoError(t, err)
	assert.Len(t, window, 2)
	byAccount, err := r.core.ListPosts(t.Context(), model.PostFilter{AccountID: acct.ID})
	require.NoError(t, err)
	assert.Len(t, byAccount, 3)
}

func TestPublishNowGoesOutOnceAndReports(t *testing.T) {
	r := newRig(t)
	acct := r.connect(t)
	events := make(chan app.DeliveryEvent, 4)
	r.core.Events().Delivery.Subscribe(func(_ context.Context, e app.DeliveryEvent) { events <- e })
	r.core.Start(t.Context())
	defer r.core.Stop()

	p, err := r.core.CreatePost(t.Context(), app.Draft{Content: "Hello fediverse", Hashtags: []string{"webox"},
		AccountIDs: []int64{acct.ID}})
	require.NoError(t, err)
	require.NoError(t, r.core.PublishNow(t.Context(), p.ID))

	e := waitEvent(t, events)
	assert.Equal(t, app.DeliveryPublished, e.Kind)
	assert.NotEmpty(t, e.Permalink)
	statuses := r.fake.Statuses()
	require.Len(t, statuses, 1)
	assert.Contains(t, statuses[0].Text, "#webox")
	p, _ = r.core.GetPost(t.Context(), p.ID)
	assert.Equal(t, model.PostPublished, p.Status)
	assert.Equal(t, e.Permalink, p.Targets[0].Permalink)
}

func TestRevokedTokenAsksToReconnect(t *testing.T) {
	r := newRig(t)
	acct := r.connect(t)
	token, _ := r.secrets.Get(model.SecretKey(acct.ID, platforms.SecretAccess))
	r.fake.RevokeToken(token)
	events := make(chan app.DeliveryEvent, 4)
	r.core.Events().Delivery.Subscribe(func(_ context.Context, e app.DeliveryEvent) { events <- e })
	r.core.Start(t.Context())
	defer r.core.Stop()

	p, err := r.core.CreatePost(t.Context(), app.Draft{Content: "Will not go out", AccountIDs: []int64{acct.ID}})
	require.NoError(t, err)
	require.NoError(t, r.core.PublishNow(t.Context(), p.ID))

	e := waitEvent(t, events)
	assert.Equal(t, app.DeliveryReconnectNeeded, e.Kind)
	assert.Contains(t, e.Message, "The access token is invalid", "the platform's own words are attached")
	acct, _ = r.store.GetAccount(t.Context(), acct.ID)
	assert.Equal(t, model.AccountReconnectNeeded, acct.Status)
	_, err = r.core.CreatePost(t.Context(), app.Draft{Content: "Next", AccountIDs: []int64{acct.ID},
		ScheduledAt: time.Now().Add(time.Hour)})
	assert.ErrorContains(t, err, "needs to be reconnected")
}

func TestEditingAPublishedPostIsRefused(t *testing.T) {
	r := newRig(t)
	acct := r.connect(t)
	events := make(chan app.DeliveryEvent, 4)
	r.core.Events().Delivery.Subscribe(func(_ context.Context, e app.DeliveryEvent) { events <- e })
	r.core.Start(t.Context())
	defer r.core.Stop()
	p, err := r.core.CreatePost(t.Context(), app.Draft{Content: "Out", AccountIDs: []int64{acct.ID}})
	require.NoError(t, err)
	require.NoError(t, r.core.PublishNow(t.Context(), p.ID))
	waitEvent(t, events)

	_, err = r.core.UpdatePost(t.Context(), p.ID, app.Draft{Content: "Changed", AccountIDs: []int64{acct.ID}})
	require.ErrorIs(t, err, model.ErrConflict)
	assert.Contains(t, app.UserMessage(err), "can no longer be edited")
}

func TestSettingsRoundTripAndValidation(t *testing.T) {
	r := newRig(t)
	s := app.Settings{LateThreshold: 2 * time.Hour, Notifications: false, DefaultZone: "Europe/Paris"}
	require.NoError(t, r.core.SaveSettings(t.Context(), s))
	got, err := r.core.Settings(t.Context())
	require.NoError(t, err)
	assert.Equal(t, s, got)

	err = r.core.SaveSettings(t.Context(), app.Settings{LateThreshold: time.Second, DefaultZone: "Local"})
	assert.ErrorIs(t, err, model.ErrInvalid)
}

func TestMediaIsCopiedIntoTheDataDir(t *testing.T) {
	r := newRig(t)
	src := filepath.Join(t.TempDir(), "pixel.png")
	require.NoError(t, os.WriteFile(src, onePixelPNG, 0o600))
	p, err := r.core.CreatePost(t.Context(), app.Draft{Content: "With a picture", MediaPaths: []string{src}})
	require.NoError(t, err)
	require.Len(t, p.MediaIDs, 1)
	media, err := r.store.GetMedia(t.Context(), p.MediaIDs)
	require.NoError(t, err)
	assert.Equal(t, "image/png", media[0].Mime)
	assert.Equal(t, 1, media[0].Width)
	assert.True(t, strings.HasPrefix(media[0].Path, r.dir), "copied into the data dir")
	require.NoError(t, os.Remove(src))
	_, err = os.Stat(media[0].Path)
	assert.NoError(t, err, "the copy survives the original")
}

func waitEvent(t *testing.T, ch <-chan app.DeliveryEvent) app.DeliveryEvent {
	t.Helper()
	select {
	case e := <-ch:
		return e
	case <-time.After(20 * time.Second):
		t.Fatal("no delivery event")
		return app.DeliveryEvent{}
	}
}

// onePixelPNG is a valid 1×1 PNG.
var onePixelPNG = []byte{
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
	0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
	0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
	0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
}

func TestComposeDraftSurvivesARestart(t *testing.T) {
	r := newRig(t)
	assert.Empty(t, r.core.ComposeDraft(t.Context()))
	require.NoError(t, r.core.SaveComposeDraft(t.Context(), "Half-written thought"))
	again, err := app.New(t.Context(), app.Params{Store: r.store, Secrets: r.secrets, DataDir: r.dir})
	require.NoError(t, err)
	assert.Equal(t, "Half-written thought", again.ComposeDraft(t.Context()))
	assert.True(t, again.SecretsInKeychain(), "the keychain is the default backend")
}

func TestEditingKeepsAttachments(t *testing.T) {
	r := newRig(t)
	src := filepath.Join(t.TempDir(), "pixel.png")
	require.NoError(t, os.WriteFile(src, onePixelPNG, 0o600))
	p, err := r.core.CreatePost(t.Context(), app.Draft{Content: "With a picture", MediaPaths: []string{src}})
	require.NoError(t, err)

	edited, err := r.core.UpdatePost(t.Context(), p.ID, app.Draft{Content: "Better words", MediaIDs: p.MediaIDs})
	require.NoError(t, err)
	assert.Equal(t, p.MediaIDs, edited.MediaIDs)
	assert.Equal(t, "Better words", edited.Content)
}

func TestDuplicatePostIsADraftWithEverythingButTheTime(t *testing.T) {
	r := newRig(t)
	acct := r.connect(t)
	orig, err := r.core.CreatePost(t.Context(), app.Draft{Content: "Menu of the day", Hashtags: []string{"lunch"},
		AccountIDs: []int64{acct.ID}, Overrides: map[int64]string{acct.ID: "Menu du jour"},
		Options:     map[int64]model.TargetOptions{acct.ID: {Native: true}},
		ScheduledAt: time.Now().Add(time.Hour), Zone: "UTC"})
	require.NoError(t, err)
	cp, err := r.core.DuplicatePost(t.Context(), orig.ID)
	require.NoError(t, err)
	assert.NotEqual(t, orig.ID, cp.ID)
	assert.Equal(t, model.PostDraft, cp.Status)
	assert.Equal(t, "Menu of the day", cp.Content)
	assert.Equal(t, []string{"lunch"}, cp.Hashtags)
	require.Len(t, cp.Targets, 1)
	assert.Equal(t, "Menu du jour", cp.Targets[0].TextOverride)
	assert.True(t, cp.Targets[0].Options.Native)
	assert.True(t, cp.ScheduledAt.IsZero())
}
