package instagram_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/facebook"
	"webox-social/services/platforms/facebook/facebookfake"
	"webox-social/services/platforms/fakekit"
	"webox-social/services/platforms/instagram"
	"webox-social/services/platforms/instagram/instagramfake"
)

type clock = fakekit.Clock

type env struct {
	fake *instagramfake.Server
	clk  *clock
	addr string
	app  platforms.AppCredentials
}

func newEnv(t *testing.T, opts instagramfake.Options) *env {
	t.Helper()
	clk := fakekit.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	opts.Now = clk.Now
	fake := instagramfake.New(opts)
	t.Cleanup(fake.Close)
	addr := fakekit.FreeAddr(t)
	redirect := "http://" + addr + instagram.CallbackPath
	fake.RegisterApp("ig-app", "ig-secret", redirect)
	fake.AddUser(instagramfake.User{ID: "app-scoped-1", UserID: "17841400000000001", Username: "bakery", Name: "The Bakery", ProfilePictureURL: "https://cdn.example/ig.jpg"})
	fake.FB.RegisterApp("ig-app", "ig-secret", redirect)
	fake.FB.AddUser(facebookfake.User{ID: "u1", Name: "Ada"},
		facebookfake.Page{ID: "p1", Name: "Bakery Page", Instagram: &facebookfake.InstagramAccount{ID: "17841400000000011", Username: "bakery", Name: "The Bakery", ProfilePictureURL: "https://cdn.example/b.jpg"}},
		facebookfake.Page{ID: "p2", Name: "No Instagram"},
		facebookfake.Page{ID: "p3", Name: "Bikes Page", Instagram: &facebookfake.InstagramAccount{ID: "17841400000000033", Username: "bikes", Name: "Bikes"}},
	)
	return &env{fake: fake, clk: clk, addr: addr, app: platforms.AppCredentials{ClientID: "ig-app", ClientSecret: "ig-secret"}}
}

func (e *env) auth(v instagram.Variant) *instagram.Authorizer {
	return instagram.NewAuthorizer(http.DefaultClient, instagram.WithVariant(v), instagram.WithClock(e.clk.Now),
		instagram.WithListenAddr(e.addr), instagram.WithTimeout(10*time.Second),
		instagram.WithEndpoints(instagram.Endpoints{
			AuthURL: e.fake.AuthURL(), TokenURL: e.fake.TokenURL(), GraphURL: e.fake.GraphURL(),
			Facebook: facebook.Endpoints{AuthURL: e.fake.FB.AuthURL(), GraphURL: e.fake.FB.GraphURL()},
		}))
}

// follow plays the browser: open the URL, follow the redirect to the loopback listener.
func follow(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("browser: %d: %s", resp.StatusCode, body)
	}
	return nil
}

func (e *env) req() platforms.LinkRequest { return platforms.LinkRequest{App: e.app, OpenURL: follow} }

func asPlatformError(t *testing.T, err error) *platforms.Error {
	t.Helper()
	var pe *platforms.Error
	require.True(t, errors.As(err, &pe), "want *platforms.Error, got %T: %v", err, err)
	return pe
}

const day = 24 * time.Hour

func TestInstagramLoginEndToEnd(t *testing.T) {
	for _, wrap := range []bool{false, true} {
		t.Run(fmt.Sprintf("wrapped=%v", wrap), func(t *testing.T) {
			e := newEnv(t, instagramfake.Options{WrapCodeResponse: wrap})
			linked, err := e.auth(instagram.InstagramLogin).Link(t.Context(), e.req())
			require.NoError(t, err)
			require.Len(t, linked, 1)
			acct := linked[0].Account
			assert.Equal(t, model.Instagram, acct.Platform)
			assert.Equal(t, "17841400000000001", acct.RemoteID, "the professional account id (user_id)")
			assert.Equal(t, "The Bakery", acct.Name)
			assert.Equal(t, "@bakery", acct.Handle)
			assert.Equal(t, "https://cdn.example/ig.jpg", acct.AvatarURL)
			assert.Equal(t, instagram.LoginScopes, acct.Scopes)
			assert.Equal(t, e.clk.Now().Add(60*day), acct.ExpiresAt)
			assert.Equal(t, model.AccountOK, acct.Status)
			tok, ok := e.fake.TokenInfo(linked[0].Secrets[platforms.SecretAccess])
			require.True(t, ok)
			assert.True(t, tok.LongLived)
			assert.Len(t, linked[0].Secrets, 1)
			assert.Equal(t, 1, e.fake.Calls("code"))
			assert.Equal(t, 1, e.fake.Calls("exchange"))
		})
	}
}

func TestInstagramLoginRefusals(t *testing.T) {
	tests := []struct {
		name  string
		setup func(e *env, r *platforms.LinkRequest)
		want  string
	}{
		{"wrong secret at the code exchange", func(_ *env, r *platforms.LinkRequest) { r.App.ClientSecret = "nope" }, "Error validating client secret."},
		{"user says not now", func(e *env, _ *platforms.LinkRequest) { e.fake.DenyNext() }, "The user denied your request."},
		{"unregistered redirect", func(_ *env, r *platforms.LinkRequest) { r.ListenAddr = "127.0.0.1:1" }, "Invalid redirect_uri"},
		{"no app", func(_ *env, r *platforms.LinkRequest) { r.App = platforms.AppCredentials{} }, "INSTAGRAM_CLIENT_ID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, instagramfake.Options{})
			r := e.req()
			tc.setup(e, &r)
			_, err := e.auth(instagram.InstagramLogin).Link(t.Context(), r)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func linkIG(t *testing.T, e *env) platforms.Linked {
	t.Helper()
	linked, err := e.auth(instagram.InstagramLogin).Link(t.Context(), e.req())
	require.NoError(t, err)
	return linked[0]
}

func TestInstagramRefreshWaitsForTheTokenToBeADayOld(t *testing.T) {
	e := newEnv(t, instagramfake.Options{})
	l := linkIG(t, e)
	a := e.auth(instagram.InstagramLogin)

	e.clk.Advance(23 * time.Hour)
	r, err := a.Refresh(t.Context(), l.Account, l.Secrets, e.app)
	require.NoError(t, err)
	assert.Empty(t, r.Secrets, "too new: nothing changes")
	assert.Equal(t, l.Account.ExpiresAt, r.ExpiresAt)
	assert.Zero(t, e.fake.Calls("refresh"), "no call is made")

	e.clk.Advance(time.Hour)
	r, err = a.Refresh(t.Context(), l.Account, l.Secrets, e.app)
	require.NoError(t, err)
	assert.NotEqual(t, l.Secrets[platforms.SecretAccess], r.Secrets[platforms.SecretAccess])
	assert.Equal(t, e.clk.Now().Add(60*day), r.ExpiresAt)
	assert.Equal(t, 1, e.fake.Calls("refresh"))
}

func TestInstagramRefreshDeadTokenIsAuth(t *testing.T) {
	tests := []struct {
		name     string
		kill     func(e *env, l platforms.Linked)
		wantCode string
	}{
		{"expired", func(e *env, l platforms.Linked) { e.fake.ExpireToken(l.Secrets[platforms.SecretAccess]) }, "190/463"},
		{"password changed", func(e *env, _ platforms.Linked) { e.fake.InvalidateSessions("app-scoped-1") }, "190/460"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, instagramfake.Options{})
			l := linkIG(t, e)
			e.clk.Advance(2 * day)
			tc.kill(e, l)
			_, err := e.auth(instagram.InstagramLogin).Refresh(t.Context(), l.Account, l.Secrets, e.app)
			pe := asPlatformError(t, err)
			assert.Equal(t, platforms.Auth, pe.Kind)
			assert.Equal(t, tc.wantCode, pe.Code)
			assert.Contains(t, pe.Message, "Error validating access token")
			assert.Equal(t, model.Instagram, pe.Platform)
		})
	}
}

func TestInstagramLoginRevokeIsANoOp(t *testing.T) {
	e := newEnv(t, instagramfake.Options{})
	l := linkIG(t, e)
	require.NoError(t, e.auth(instagram.InstagramLogin).Revoke(t.Context(), l.Account, l.Secrets, e.app))
}

func TestFacebookLoginEndToEndWithChoose(t *testing.T) {
	e := newEnv(t, instagramfake.Options{})
	var offered []platforms.Choice
	r := e.req()
	r.Choose = func(_ context.Context, c []platforms.Choice) ([]platforms.Choice, error) {
		offered = c
		return c[:1], nil
	}
	linked, err := e.auth(instagram.FacebookLogin).Link(t.Context(), r)
	require.NoError(t, err)
	assert.Equal(t, []platforms.Choice{
		{ID: "17841400000000011", Name: "@bakery (Bakery Page)", Kind: "instagram_account"},
		{ID: "17841400000000033", Name: "@bikes (Bikes Page)", Kind: "instagram_account"},
	}, offered, "the Page without Instagram is not offered")
	require.Len(t, linked, 1)
	acct := linked[0].Account
	assert.Equal(t, "17841400000000011", acct.RemoteID)
	assert.Equal(t, "@bakery", acct.Handle)
	assert.Equal(t, "https://cdn.example/b.jpg", acct.AvatarURL)
	assert.Equal(t, e.clk.Now().Add(60*day), acct.ExpiresAt)
	assert.ElementsMatch(t, instagram.FacebookScopes, acct.Scopes)
	page, ok := e.fake.FB.TokenInfo(linked[0].Secrets[platforms.SecretAccess])
	require.True(t, ok)
	assert.Equal(t, "p1", page.PageID)
	user, ok := e.fake.FB.TokenInfo(linked[0].Secrets[platforms.SecretUserAccess])
	require.True(t, ok)
	assert.True(t, user.LongLived)
}

func TestFacebookLoginRefreshAndRevoke(t *testing.T) {
	e := newEnv(t, instagramfake.Options{})
	a := e.auth(instagram.FacebookLogin)
	linked, err := a.Link(t.Context(), e.req())
	require.NoError(t, err)
	require.Len(t, linked, 2)
	l := linked[1]

	e.clk.Advance(5 * day)
	r, err := a.Refresh(t.Context(), l.Account, l.Secrets, e.app)
	require.NoError(t, err)
	assert.Equal(t, e.clk.Now().Add(60*day), r.ExpiresAt)
	page, ok := e.fake.FB.TokenInfo(r.Secrets[platforms.SecretAccess])
	require.True(t, ok)
	assert.Equal(t, "p3", page.PageID)
	assert.NotEmpty(t, r.Secrets[platforms.SecretUserAccess])

	require.NoError(t, a.Revoke(t.Context(), l.Account, r.Secrets, e.app))
	assert.False(t, e.fake.FB.Authorized("u1", "ig-app"))
	_, err = a.Refresh(t.Context(), l.Account, r.Secrets, e.app)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.Equal(t, "190/458", pe.Code)
	assert.Equal(t, model.Instagram, pe.Platform)
}

func TestFacebookLoginRefreshUnlinkedAccountIsAuth(t *testing.T) {
	e := newEnv(t, instagramfake.Options{})
	a := e.auth(instagram.FacebookLogin)
	linked, err := a.Link(t.Context(), e.req())
	require.NoError(t, err)
	acct := linked[0].Account
	acct.RemoteID = "17841499999999999"
	_, err = a.Refresh(t.Context(), acct, linked[0].Secrets, e.app)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.Contains(t, pe.Message, "no longer linked")
}

func TestFacebookLoginWithoutInstagramAccounts(t *testing.T) {
	e := newEnv(t, instagramfake.Options{})
	e.fake.FB.AddUser(facebookfake.User{ID: "u2", Name: "Bob"}, facebookfake.Page{ID: "p9", Name: "Plain"})
	e.fake.FB.SetAuthorizingUser("u2")
	_, err := e.auth(instagram.FacebookLogin).Link(t.Context(), e.req())
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "Instagram professional account")
}

func TestInfoPerVariant(t *testing.T) {
	ig := instagram.NewAuthorizer(nil).Info()
	assert.Equal(t, "http://127.0.0.1:53684/callback/instagram", ig.RedirectURI)
	assert.Equal(t, instagram.LoginScopes, ig.Scopes)
	assert.Equal(t, "INSTAGRAM_CLIENT_ID", ig.ClientIDEnv)
	assert.Equal(t, "INSTAGRAM_CLIENT_SECRET", ig.ClientSecretEnv)
	assert.True(t, ig.NeedsClientID && ig.NeedsSecret)
	assert.Contains(t, ig.Registration, "Instagram login")

	fb := instagram.NewAuthorizer(nil, instagram.WithVariant(instagram.FacebookLogin)).Info()
	assert.Equal(t, instagram.FacebookScopes, fb.Scopes)
	assert.Contains(t, fb.Registration, "Facebook Page")
	assert.Equal(t, model.Instagram, fb.Platform)
}
