package facebook_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/facebook"
	"webox-social/services/platforms/facebook/facebookfake"
	"webox-social/services/platforms/fakekit"
)

type clock = fakekit.Clock

type env struct {
	fake *facebookfake.Server
	auth *facebook.Authorizer
	clk  *clock
	addr string
	app  platforms.AppCredentials
}

func newEnv(t *testing.T, pages ...facebookfake.Page) *env {
	t.Helper()
	clk := fakekit.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	fake := facebookfake.New(facebookfake.Options{Now: clk.Now})
	t.Cleanup(fake.Close)
	addr := fakekit.FreeAddr(t)
	fake.RegisterApp("app-1", "s3cret", "http://"+addr+facebook.CallbackPath)
	fake.AddUser(facebookfake.User{ID: "u1", Name: "Ada"}, pages...)
	auth := facebook.NewAuthorizer(http.DefaultClient, facebook.WithClock(clk.Now), facebook.WithListenAddr(addr),
		facebook.WithTimeout(10*time.Second), facebook.WithEndpoints(facebook.Endpoints{AuthURL: fake.AuthURL(), GraphURL: fake.GraphURL()}))
	return &env{fake: fake, auth: auth, clk: clk, addr: addr, app: platforms.AppCredentials{ClientID: "app-1", ClientSecret: "s3cret"}}
}

// follow plays the browser: it opens the authorization URL and follows the redirect
// to the loopback listener; a page that is not the listener's success is an error.
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

func (e *env) req() platforms.LinkRequest {
	return platforms.LinkRequest{App: e.app, OpenURL: follow}
}

func twoPages() []facebookfake.Page {
	return []facebookfake.Page{
		{ID: "p1", Name: "Bakery", PictureURL: "https://cdn.example/p1.jpg"},
		{ID: "p2", Name: "Bike Shop"},
		{ID: "p3", Name: "Analyst Only", Tasks: []string{"ANALYZE"}},
	}
}

func asPlatformError(t *testing.T, err error) *platforms.Error {
	t.Helper()
	var pe *platforms.Error
	require.True(t, errors.As(err, &pe), "want *platforms.Error, got %T: %v", err, err)
	return pe
}

func TestLinkEndToEndWithChoose(t *testing.T) {
	e := newEnv(t, twoPages()...)
	var offered []platforms.Choice
	req := e.req()
	req.Choose = func(_ context.Context, c []platforms.Choice) ([]platforms.Choice, error) {
		offered = c
		return c[1:], nil
	}
	linked, err := e.auth.Link(t.Context(), req)
	require.NoError(t, err)
	assert.Equal(t, []platforms.Choice{{ID: "p1", Name: "Bakery", Kind: "page"}, {ID: "p2", Name: "Bike Shop", Kind: "page"}}, offered,
		"a Page without CREATE_CONTENT is not offered")
	require.Len(t, linked, 1)
	acct := linked[0].Account
	assert.Equal(t, model.Facebook, acct.Platform)
	assert.Equal(t, "p2", acct.RemoteID)
	assert.Equal(t, "Bike Shop", acct.Name)
	assert.Equal(t, model.AccountOK, acct.Status)
	assert.Equal(t, e.clk.Now().Add(60*24*time.Hour), acct.ExpiresAt, "the long-lived user token's expiry")
	assert.ElementsMatch(t, facebook.Scopes, acct.Scopes)

	page, ok := e.fake.TokenInfo(linked[0].Secrets[platforms.SecretAccess])
	require.True(t, ok)
	assert.Equal(t, facebookfake.KindPage, page.Kind)
	assert.Equal(t, "p2", page.PageID)
	assert.True(t, page.Expires.IsZero(), "a Page token from a long-lived user token does not expire")
	user, ok := e.fake.TokenInfo(linked[0].Secrets[platforms.SecretUserAccess])
	require.True(t, ok)
	assert.True(t, user.LongLived)
	assert.Equal(t, 1, e.fake.Calls("exchange"))
}

func TestLinkNilChooseTakesAllAcrossListingPages(t *testing.T) {
	var pages []facebookfake.Page
	for i := range 130 {
		pages = append(pages, facebookfake.Page{ID: fmt.Sprintf("p%03d", i), Name: fmt.Sprintf("Page %d", i), PictureURL: fmt.Sprintf("https://cdn.example/p%03d.jpg", i)})
	}
	e := newEnv(t, pages...)
	linked, err := e.auth.Link(t.Context(), e.req())
	require.NoError(t, err)
	require.Len(t, linked, 130)
	assert.Equal(t, "https://cdn.example/p000.jpg", linked[0].Account.AvatarURL)
	assert.Equal(t, 2, e.fake.Calls("accounts"), "the listing was followed to its second page")
}

func TestLinkRefusals(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(e *env)
		wantKind platforms.Kind
		want     string
	}{
		{"wrong app secret", func(e *env) { e.app.ClientSecret = "nope" }, platforms.Permanent, "Error validating client secret."},
		{"user cancels", func(e *env) { e.fake.DenyNext() }, platforms.Permanent, "Permissions error"},
		{"permission unticked", func(e *env) { e.fake.Decline("u1", "pages_manage_posts") }, platforms.Permanent, "pages_manage_posts"},
		{"no app configured", func(e *env) { e.app = platforms.AppCredentials{} }, platforms.Permanent, "FACEBOOK_APP_ID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, twoPages()...)
			tc.setup(e)
			_, err := e.auth.Link(t.Context(), e.req())
			pe := asPlatformError(t, err)
			assert.Equal(t, tc.wantKind, pe.Kind)
			assert.Contains(t, pe.Message, tc.want)
			assert.Equal(t, model.Facebook, pe.Platform)
		})
	}
}

func TestLinkNoPostablePage(t *testing.T) {
	e := newEnv(t, facebookfake.Page{ID: "p3", Name: "Analyst Only", Tasks: []string{"ANALYZE"}})
	_, err := e.auth.Link(t.Context(), e.req())
	pe := asPlatformError(t, err)
	assert.Contains(t, pe.Message, "no Facebook Page")
}

func TestLinkUnregisteredRedirectRefusedByTheDialog(t *testing.T) {
	e := newEnv(t, twoPages()...)
	req := e.req()
	req.ListenAddr = fakekit.FreeAddr(t) // not the registered port
	_, err := e.auth.Link(t.Context(), req)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "URL blocked: This redirect failed because the redirect URI is not white-listed")
}

func link(t *testing.T, e *env) platforms.Linked {
	t.Helper()
	linked, err := e.auth.Link(t.Context(), e.req())
	require.NoError(t, err)
	require.NotEmpty(t, linked)
	return linked[0]
}

func TestRefreshRenewsUserAndPageTokens(t *testing.T) {
	e := newEnv(t, twoPages()...)
	l := link(t, e)
	e.clk.Advance(10 * 24 * time.Hour)
	r, err := e.auth.Refresh(t.Context(), l.Account, l.Secrets, e.app)
	require.NoError(t, err)
	assert.Equal(t, e.clk.Now().Add(60*24*time.Hour), r.ExpiresAt)
	require.NotEmpty(t, r.Secrets[platforms.SecretAccess])
	assert.NotEqual(t, l.Secrets[platforms.SecretUserAccess], r.Secrets[platforms.SecretUserAccess])
	page, ok := e.fake.TokenInfo(r.Secrets[platforms.SecretAccess])
	require.True(t, ok)
	assert.Equal(t, l.Account.RemoteID, page.PageID)
	assert.Equal(t, 2, e.fake.Calls("exchange"))
}

func TestRefreshDeadUserTokenIsAuth(t *testing.T) {
	tests := []struct {
		name     string
		kill     func(e *env, l platforms.Linked)
		wantCode string
		want     string
	}{
		{"password changed", func(e *env, _ platforms.Linked) { e.fake.InvalidateSessions("u1") }, "190/460", "user changed their password"},
		{"expired", func(e *env, l platforms.Linked) { e.fake.ExpireToken(l.Secrets[platforms.SecretUserAccess]) }, "190/463", "Session has expired"},
		{"garbage", func(_ *env, l platforms.Linked) { l.Secrets[platforms.SecretUserAccess] = "EAAnope" }, "190", "Invalid OAuth access token"},
		{"missing", func(_ *env, l platforms.Linked) { delete(l.Secrets, platforms.SecretUserAccess) }, "", "connect the account again"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, twoPages()...)
			l := link(t, e)
			tc.kill(e, l)
			_, err := e.auth.Refresh(t.Context(), l.Account, l.Secrets, e.app)
			pe := asPlatformError(t, err)
			assert.Equal(t, platforms.Auth, pe.Kind)
			assert.Equal(t, tc.wantCode, pe.Code)
			assert.Contains(t, pe.Message, tc.want)
			assert.NotContains(t, pe.Error(), l.Secrets[platforms.SecretAccess], "no token in error text")
		})
	}
}

func TestRefreshLostPageAccessIsAuth(t *testing.T) {
	e := newEnv(t, twoPages()...)
	l := link(t, e)
	acct := l.Account
	acct.RemoteID = "someone-elses-page"
	_, err := e.auth.Refresh(t.Context(), acct, l.Secrets, e.app)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind, "Graph's 100/33 for an object out of reach")
	assert.Equal(t, "100/33", pe.Code)
}

func TestRevokeDeauthorizesTheApp(t *testing.T) {
	e := newEnv(t, twoPages()...)
	l := link(t, e)
	require.True(t, e.fake.Authorized("u1", "app-1"))
	require.NoError(t, e.auth.Revoke(t.Context(), l.Account, l.Secrets, e.app))
	assert.False(t, e.fake.Authorized("u1", "app-1"))
	_, err := e.auth.Refresh(t.Context(), l.Account, l.Secrets, e.app)
	pe := asPlatformError(t, err)
	assert.Equal(t, "190/458", pe.Code)
	assert.NoError(t, e.auth.Revoke(t.Context(), l.Account, l.Secrets, e.app), "a dead token counts as revoked")
	assert.Equal(t, 2, e.fake.Calls("revoke"))
}

func TestInfo(t *testing.T) {
	info := facebook.NewAuthorizer(nil).Info()
	assert.Equal(t, model.Facebook, info.Platform)
	assert.Equal(t, "oauth2", info.Method)
	assert.Equal(t, "http://127.0.0.1:53683/callback/facebook", info.RedirectURI)
	assert.True(t, info.NeedsClientID)
	assert.True(t, info.NeedsSecret)
	assert.Equal(t, "FACEBOOK_APP_ID", info.ClientIDEnv)
	assert.Equal(t, "FACEBOOK_APP_SECRET", info.ClientSecretEnv)
	assert.Contains(t, info.Scopes, "pages_manage_posts")
	assert.True(t, strings.HasSuffix(info.Registration, "."))
}
