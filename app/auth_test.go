package app_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/secrets"
	"webox-social/services/store"
	"webox-social/services/store/storetest"
)

// stubAuth is an Authorizer for an OAuth network that needs the user's own developer
// app; it hands out two Pages and rotates its refresh token on every refresh.
type stubAuth struct {
	refreshes atomic.Int32
	fail      *platforms.Error
	gotApp    platforms.AppCredentials
}

func (s *stubAuth) Info() platforms.AuthInfo {
	return platforms.AuthInfo{Platform: model.Facebook, Method: "oauth2", NeedsClientID: true, NeedsSecret: true,
		ClientIDEnv: "FACEBOOK_APP_ID", ClientSecretEnv: "FACEBOOK_APP_SECRET"}
}

func (s *stubAuth) Link(_ context.Context, req platforms.LinkRequest) ([]platforms.Linked, error) {
	s.gotApp = req.App
	choices := []platforms.Choice{{ID: "p1", Name: "Bakery"}, {ID: "p2", Name: "Café"}}
	if req.Choose != nil {
		var err error
		if choices, err = req.Choose(context.Background(), choices); err != nil {
			return nil, err
		}
	}
	var out []platforms.Linked
	for _, c := range choices {
		out = append(out, platforms.Linked{
			Account: model.Account{Platform: model.Facebook, RemoteID: c.ID, Name: c.Name, ExpiresAt: time.Now().Add(time.Hour)},
			Secrets: map[string]string{platforms.SecretAccess: "page-" + c.ID, platforms.SecretRefresh: "r0"},
		})
	}
	return out, nil
}

func (s *stubAuth) Refresh(_ context.Context, _ model.Account, cur map[string]string, _ platforms.AppCredentials) (platforms.Refreshed, error) {
	if s.fail != nil {
		return platforms.Refreshed{}, s.fail
	}
	s.refreshes.Add(1)
	return platforms.Refreshed{ExpiresAt: time.Now().Add(2 * time.Hour).Truncate(time.Second),
		Secrets: map[string]string{platforms.SecretAccess: "fresh", platforms.SecretRefresh: cur[platforms.SecretRefresh] + "+"}}, nil
}

func (s *stubAuth) Revoke(context.Context, model.Account, map[string]string, platforms.AppCredentials) error {
	return nil
}

type authRig struct {
	core  *app.App
	store *store.Store
	auth  *stubAuth
	sec   *secrets.Memory
	env   map[string]string
}

func newAuthRig(t *testing.T) *authRig {
	r := &authRig{auth: &stubAuth{}, sec: secrets.NewMemory(), env: map[string]string{}}
	r.store = storetest.Open(t)
	core, err := app.New(t.Context(), app.Params{Store: r.store, Secrets: r.sec, DataDir: t.TempDir(),
		Authorizers: map[model.Platform]platforms.Authorizer{model.Facebook: r.auth},
		Connectors:  platforms.Registry{model.Facebook: idleConnector{}},
		Getenv:      func(k string) string { return r.env[k] }})
	require.NoError(t, err)
	r.core = core
	return r
}

func TestConnectNeedsTheUsersDeveloperApp(t *testing.T) {
	r := newAuthRig(t)
	_, err := r.core.ConnectAccount(t.Context(), model.Facebook, app.ConnectOptions{})
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.Contains(t, app.UserMessage(err), "enter its client ID and secret in Settings (or set FACEBOOK_APP_ID and FACEBOOK_APP_SECRET)")

	require.NoError(t, r.core.SaveAppCredentials(t.Context(), model.Facebook, " id-from-settings ", "s3cret"))
	_, err = r.core.ConnectAccount(t.Context(), model.Facebook, app.ConnectOptions{})
	require.NoError(t, err)
	assert.Equal(t, platforms.AppCredentials{ClientID: "id-from-settings", ClientSecret: "s3cret"}, r.auth.gotApp)
	status := r.core.AppCredentialsStatus(t.Context())
	require.Len(t, status, 1)
	assert.Equal(t, app.CredentialsSettings, status[0].Source)
	assert.True(t, status[0].HasSecret)

	r.env["FACEBOOK_APP_ID"], r.env["FACEBOOK_APP_SECRET"] = "env-id", "env-secret"
	_, err = r.core.ConnectAccount(t.Context(), model.Facebook, app.ConnectOptions{})
	require.NoError(t, err)
	assert.Equal(t, "env-id", r.auth.gotApp.ClientID, "the seed's environment variables override Settings")
}

func TestConnectAddsTheChosenPagesOnly(t *testing.T) {
	r := newAuthRig(t)
	require.NoError(t, r.core.SaveAppCredentials(t.Context(), model.Facebook, "id", "secret"))
	accounts, err := r.core.ConnectAccount(t.Context(), model.Facebook, app.ConnectOptions{
		Choose: func(_ context.Context, c []platforms.Choice) ([]platforms.Choice, error) { return c[1:], nil }})
	require.NoError(t, err)
	require.Len(t, accounts, 1)
	assert.Equal(t, "Café", accounts[0].Name)
	tok, err := r.sec.Get(model.SecretKey(accounts[0].ID, platforms.SecretAccess))
	require.NoError(t, err)
	assert.Equal(t, "page-p2", tok)
}

// Concurrent refreshes never lose a rotation: each one starts from the refresh token the
// previous one saved (single-flight itself is tested in tokens_internal_test.go).
func TestConcurrentRefreshesNeverLoseARotation(t *testing.T) {
	r := newAuthRig(t)
	require.NoError(t, r.core.SaveAppCredentials(t.Context(), model.Facebook, "id", "secret"))
	accounts, err := r.core.ConnectAccount(t.Context(), model.Facebook, app.ConnectOptions{})
	require.NoError(t, err)
	id := accounts[0].ID

	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			acct, err := r.core.RefreshAccount(t.Context(), id)
			assert.NoError(t, err)
			assert.Equal(t, model.AccountOK, acct.Status)
		})
	}
	wg.Wait()
	assert.LessOrEqual(t, r.auth.refreshes.Load(), int32(5))
	refresh, _ := r.sec.Get(model.SecretKey(id, platforms.SecretRefresh))
	assert.Equal(t, "r0"+strings.Repeat("+", int(r.auth.refreshes.Load())), refresh,
		"each refresh saw the token the previous one rotated")
	access, _ := r.sec.Get(model.SecretKey(id, platforms.SecretAccess))
	assert.Equal(t, "fresh", access)
}

func TestRefusedRefreshAsksToReconnect(t *testing.T) {
	r := newAuthRig(t)
	require.NoError(t, r.core.SaveAppCredentials(t.Context(), model.Facebook, "id", "secret"))
	accounts, err := r.core.ConnectAccount(t.Context(), model.Facebook, app.ConnectOptions{})
	require.NoError(t, err)
	r.auth.fail = &platforms.Error{Platform: model.Facebook, Kind: platforms.Auth, Message: "Error validating access token"}

	_, err = r.core.RefreshAccount(t.Context(), accounts[0].ID)
	require.Error(t, err)
	assert.Contains(t, app.UserMessage(err), "Error validating access token")
	all, err := r.core.Accounts(t.Context())
	require.NoError(t, err)
	for _, a := range all {
		if a.ID == accounts[0].ID {
			assert.Equal(t, model.AccountReconnectNeeded, a.Status)
		}
	}
}

// connectExpiring connects one Page whose token expires in a minute, so renewal is due.
func (r *authRig) connectExpiring(t *testing.T) model.Account {
	require.NoError(t, r.core.SaveAppCredentials(t.Context(), model.Facebook, "id", "secret"))
	accounts, err := r.core.ConnectAccount(t.Context(), model.Facebook, app.ConnectOptions{
		Choose: func(_ context.Context, c []platforms.Choice) ([]platforms.Choice, error) { return c[:1], nil }})
	require.NoError(t, err)
	acct := accounts[0]
	acct.ExpiresAt = time.Now().Add(time.Minute)
	require.NoError(t, r.store.UpdateAccount(t.Context(), &acct))
	return acct
}

func TestSignInsAreRenewedBeforeTheyExpire(t *testing.T) {
	r := newAuthRig(t)
	acct := r.connectExpiring(t)
	renewed := make(chan struct{}, 8)
	r.core.Events().Accounts.Subscribe(func(context.Context, app.AccountChanged) { renewed <- struct{}{} })
	r.core.Start(t.Context())
	defer r.core.Stop()

	deadline := time.After(10 * time.Second)
	for r.auth.refreshes.Load() == 0 {
		select {
		case <-renewed:
		case <-deadline:
			t.Fatal("the expiring sign-in was not renewed")
		}
	}
	r.core.Stop()
	got, err := r.store.GetAccount(t.Context(), acct.ID)
	require.NoError(t, err)
	assert.True(t, got.ExpiresAt.After(time.Now().Add(time.Hour)), "the new expiry is saved")
}

func TestARefusedRenewalWarnsBeforeScheduledPostsFail(t *testing.T) {
	r := newAuthRig(t)
	acct := r.connectExpiring(t)
	r.auth.fail = &platforms.Error{Platform: model.Facebook, Kind: platforms.Auth, Message: "Error validating access token"}
	_, err := r.core.CreatePost(t.Context(), app.Draft{Content: "Tomorrow", AccountIDs: []int64{acct.ID},
		ScheduledAt: time.Now().Add(24 * time.Hour)})
	require.NoError(t, err)
	events := make(chan app.DeliveryEvent, 4)
	r.core.Events().Delivery.Subscribe(func(_ context.Context, e app.DeliveryEvent) { events <- e })
	r.core.Start(t.Context())
	defer r.core.Stop()

	select {
	case e := <-events:
		assert.Equal(t, app.DeliveryReconnectNeeded, e.Kind)
		assert.Contains(t, e.Message, "Error validating access token")
		assert.Contains(t, e.Message, "1 scheduled post(s) on this account will not go out until you do.")
	case <-time.After(10 * time.Second):
		t.Fatal("no warning")
	}
}

func TestDisconnectKeepsASignInOtherPagesShare(t *testing.T) {
	r := newAuthRig(t)
	revoked := &countingRevoke{stubAuth: r.auth}
	core, err := app.New(t.Context(), app.Params{Store: r.store, Secrets: r.sec, DataDir: t.TempDir(),
		Authorizers: map[model.Platform]platforms.Authorizer{model.Facebook: revoked},
		Getenv:      func(string) string { return "" }})
	require.NoError(t, err)
	require.NoError(t, core.SaveAppCredentials(t.Context(), model.Facebook, "id", "secret"))
	pages, err := core.ConnectAccount(t.Context(), model.Facebook, app.ConnectOptions{})
	require.NoError(t, err)
	require.Len(t, pages, 2, "two Pages from one sign-in share its refresh token")

	require.NoError(t, core.DisconnectAccount(t.Context(), pages[0].ID))
	assert.Zero(t, revoked.n.Load(), "the other Page still needs the sign-in")
	require.NoError(t, core.DisconnectAccount(t.Context(), pages[1].ID))
	assert.Equal(t, int32(1), revoked.n.Load(), "the last one revokes it")
}

type countingRevoke struct {
	*stubAuth
	n atomic.Int32
}

func (c *countingRevoke) Revoke(context.Context, model.Account, map[string]string, platforms.AppCredentials) error {
	c.n.Add(1)
	return nil
}

// idleConnector lets posts be scheduled on the stub network; nothing in these tests
// comes due.
type idleConnector struct{}

func (idleConnector) Platform() model.Platform { return model.Facebook }
func (idleConnector) Publish(context.Context, platforms.Request) (platforms.Result, error) {
	return platforms.Result{}, errors.New("not in these tests")
}
func (idleConnector) Reconcile(context.Context, platforms.Request) (platforms.Result, bool, error) {
	return platforms.Result{}, false, nil
}
func (idleConnector) Delete(context.Context, model.Account, string, string) error { return nil }

func TestSchedulingRefusesNetworksWithoutPublishing(t *testing.T) {
	r := newAuthRig(t)
	core, err := app.New(t.Context(), app.Params{Store: r.store, Secrets: r.sec, DataDir: t.TempDir(),
		Authorizers: map[model.Platform]platforms.Authorizer{model.Facebook: r.auth}, Getenv: func(string) string { return "" }})
	require.NoError(t, err)
	require.NoError(t, core.SaveAppCredentials(t.Context(), model.Facebook, "id", "secret"))
	accounts, err := core.ConnectAccount(t.Context(), model.Facebook, app.ConnectOptions{})
	require.NoError(t, err)
	_, err = core.CreatePost(t.Context(), app.Draft{Content: "Hi", AccountIDs: []int64{accounts[0].ID},
		ScheduledAt: time.Now().Add(time.Hour)})
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.Contains(t, app.UserMessage(err), "Publishing to Facebook is not available in this version yet")
	draft, err := core.CreatePost(t.Context(), app.Draft{Content: "Hi", AccountIDs: []int64{accounts[0].ID}})
	require.NoError(t, err, "a draft can still be written for it")
	assert.ErrorIs(t, core.PublishNow(t.Context(), draft.ID), model.ErrInvalid)
}
