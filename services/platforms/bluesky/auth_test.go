package bluesky_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/bluesky"
	"webox-social/services/platforms/bluesky/blueskyfake"
	"webox-social/services/platforms/fakekit"
)

type clock = fakekit.Clock

type env struct {
	fake  *blueskyfake.Server
	clk   *clock
	auth  *bluesky.Authorizer
	appPw string
	did   string
}

func setup(t *testing.T, opts blueskyfake.Options) *env {
	t.Helper()
	clk := fakekit.NewClock(time.Now().Truncate(time.Second))
	opts.Now = clk.Now
	fake := blueskyfake.New(opts)
	t.Cleanup(fake.Close)
	did := fake.AddAccount(blueskyfake.Account{Handle: "alice.test", Email: "alice@example.com", Password: "main-pw", DisplayName: "Alice A.", AvatarURL: "https://cdn.example/a.jpg"})
	e := &env{fake: fake, clk: clk, did: did, appPw: fake.CreateAppPassword("alice.test", "webox", false)}
	e.auth = bluesky.NewAuthorizer(&http.Client{Timeout: 10 * time.Second}, bluesky.WithDefaultService(fake.URL))
	return e
}

func (e *env) link(t *testing.T, ident, pw string) (platforms.Linked, error) {
	t.Helper()
	got, err := e.auth.Link(context.Background(), platforms.LinkRequest{Identifier: ident, Password: pw})
	if err != nil {
		return platforms.Linked{}, err
	}
	require.Len(t, got, 1)
	return got[0], nil
}

// jti reads a refresh JWT's token id.
func jti(t *testing.T, jwt string) string {
	t.Helper()
	parts := strings.Split(jwt, ".")
	require.Len(t, parts, 3)
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	var c struct{ Jti string }
	require.NoError(t, json.Unmarshal(raw, &c))
	return c.Jti
}

func TestInfo(t *testing.T) {
	info := bluesky.NewAuthorizer(nil).Info()
	assert.Equal(t, model.Bluesky, info.Platform)
	assert.Equal(t, "app-password", info.Method)
	assert.Empty(t, info.RedirectURI)
	assert.False(t, info.NeedsClientID)
	assert.False(t, info.NeedsSecret)
	assert.Contains(t, info.Registration, "App passwords")
}

func TestLink(t *testing.T) {
	e := setup(t, blueskyfake.Options{})
	l, err := e.link(t, " @alice.test ", e.appPw)
	require.NoError(t, err)
	a := l.Account
	assert.Equal(t, model.Account{
		Platform: model.Bluesky, RemoteID: e.did, Name: "Alice A.", Handle: "@alice.test", AvatarURL: "https://cdn.example/a.jpg",
		InstanceURL: e.fake.URL, Scopes: []string{"com.atproto.appPass"}, ExpiresAt: e.clk.Now().Add(120 * time.Minute), Status: model.AccountOK,
	}, a)
	assert.Len(t, l.Secrets, 2)
	assert.NotEmpty(t, l.Secrets[platforms.SecretAccess])
	assert.NotEmpty(t, l.Secrets[platforms.SecretRefresh])
	for _, v := range l.Secrets {
		assert.NotContains(t, v, e.appPw, "the app password is never kept")
	}
	assert.Equal(t, 1, e.fake.Calls("com.atproto.server.createSession"))
}

func TestLinkUsesTheDIDDocPDS(t *testing.T) {
	e := setup(t, blueskyfake.Options{})
	// The same fake under another name stands in for the PDS an entryway points to.
	pds := strings.Replace(e.fake.URL, "127.0.0.1", "localhost", 1)
	e.fake.SetServiceEndpoint(pds)
	l, err := e.link(t, "alice@example.com", e.appPw)
	require.NoError(t, err)
	assert.Equal(t, pds, l.Account.InstanceURL)
	assert.Equal(t, "Alice A.", l.Account.Name, "the profile is read from the PDS")
}

func TestLinkOnABarePDS(t *testing.T) {
	e := setup(t, blueskyfake.Options{NoAppView: true, OmitDIDDoc: true})
	l, err := e.link(t, e.did, e.appPw)
	require.NoError(t, err)
	assert.Equal(t, "alice.test", l.Account.Name, "no AppView: the handle is the name")
	assert.Equal(t, e.fake.URL, l.Account.InstanceURL, "no didDoc: the URL given")
	assert.Empty(t, l.Account.AvatarURL)
}

func TestLinkRefusals(t *testing.T) {
	e := setup(t, blueskyfake.Options{})
	e.fake.AddAccount(blueskyfake.Account{Handle: "bob.test", Password: "bob-main", SignInCode: "12345"})
	e.fake.AddAccount(blueskyfake.Account{Handle: "carol.test", Password: "carol-main", TakenDown: true})
	cases := []struct {
		name, ident, pw string
		kind            platforms.Kind
		code            string
		starts, words   string
	}{
		{"wrong password", "alice.test", "nope-nope-nope-nope", platforms.Auth, "AuthenticationRequired",
			"Bluesky did not accept this handle and app password.", "Bluesky said: “Invalid identifier or password”."},
		{"sign-in code", "bob.test", "bob-main", platforms.Auth, "AuthFactorTokenRequired",
			"Bluesky asks for a sign-in code", "Bluesky said: “A sign in code has been sent to your email address”."},
		{"takedown", "carol.test", "carol-main", platforms.Auth, "AccountTakedown",
			"Bluesky has taken this account down", "Bluesky said: “Account has been taken down”."},
		{"main password", "alice.test", "main-pw", platforms.Permanent, "",
			"That is your main Bluesky password.", "App passwords"},
		{"empty", "", "x", platforms.Permanent, "", "Enter your Bluesky handle", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.link(t, c.ident, c.pw)
			pe := asPlatformError(t, err)
			assert.Equal(t, c.kind, pe.Kind)
			assert.Equal(t, c.code, pe.Code)
			assert.True(t, strings.HasPrefix(pe.Message, c.starts), pe.Message)
			assert.Contains(t, pe.Message, c.words)
		})
	}
	assert.Equal(t, 0, e.fake.Sessions("alice.test"), "the main-password session was deleted again")
}

func TestLinkRateLimited(t *testing.T) {
	e := setup(t, blueskyfake.Options{SessionLimit: 2})
	for range 2 {
		_, err := e.link(t, "alice.test", e.appPw)
		require.NoError(t, err)
	}
	_, err := e.link(t, "alice.test", e.appPw)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.Equal(t, "RateLimitExceeded", pe.Code)
	assert.Equal(t, e.clk.Now().Add(5*time.Minute).Unix(), pe.RetryAt.Unix())
	assert.ErrorIs(t, err, model.ErrRateLimited)
	assert.Contains(t, pe.Message, "Bluesky is limiting sign-ins for this account for now; try again after ")
	assert.Contains(t, pe.Message, "Bluesky said: “Rate Limit Exceeded”.")
}

func TestLinkServerAndNetworkErrors(t *testing.T) {
	e := setup(t, blueskyfake.Options{})
	e.fake.FailNext(502)
	_, err := e.link(t, "alice.test", e.appPw)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.Contains(t, pe.Message, "had a problem (HTTP 502)")

	a := bluesky.NewAuthorizer(nil)
	_, err = a.Link(context.Background(), platforms.LinkRequest{InstanceURL: "http://127.0.0.1:1", Identifier: "alice.test", Password: "x"})
	pe = asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.True(t, strings.HasPrefix(pe.Message, "Could not reach the Bluesky server 127.0.0.1:1"), pe.Message)

	_, err = a.Link(context.Background(), platforms.LinkRequest{InstanceURL: "ftp://x", Identifier: "alice.test", Password: "x"})
	assert.Equal(t, platforms.Permanent, asPlatformError(t, err).Kind)
}

func TestRefreshRotates(t *testing.T) {
	e := setup(t, blueskyfake.Options{})
	l, err := e.link(t, "alice.test", e.appPw)
	require.NoError(t, err)
	e.clk.Advance(time.Hour)
	r, err := e.auth.Refresh(context.Background(), l.Account, l.Secrets, platforms.AppCredentials{})
	require.NoError(t, err)
	old, next := l.Secrets[platforms.SecretRefresh], r.Secrets[platforms.SecretRefresh]
	assert.NotEqual(t, jti(t, old), jti(t, next))
	assert.NotEqual(t, l.Secrets[platforms.SecretAccess], r.Secrets[platforms.SecretAccess])
	assert.Equal(t, e.clk.Now().Add(120*time.Minute), r.ExpiresAt)

	// Within the 2 h grace the old one still works; after it, ExpiredToken → Auth.
	e.clk.Advance(time.Hour)
	_, err = e.auth.Refresh(context.Background(), l.Account, l.Secrets, platforms.AppCredentials{})
	require.NoError(t, err)
	e.clk.Advance(time.Hour)
	_, err = e.auth.Refresh(context.Background(), l.Account, l.Secrets, platforms.AppCredentials{})
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.Equal(t, "ExpiredToken", pe.Code)
	assert.Equal(t, 400, pe.Status)
	assert.ErrorIs(t, err, model.ErrUnauthorized)
	assert.Equal(t, "The Bluesky session of this account has expired or was ended; reconnect the account with an app password. Bluesky said: “Token has been revoked”.", pe.Message)

	_, err = e.auth.Refresh(context.Background(), l.Account, r.Secrets, platforms.AppCredentials{})
	require.NoError(t, err, "the rotated token is the live one")
}

func TestRefreshFailures(t *testing.T) {
	e := setup(t, blueskyfake.Options{})
	l, err := e.link(t, "alice.test", e.appPw)
	require.NoError(t, err)
	ctx := context.Background()

	_, err = e.auth.Refresh(ctx, l.Account, map[string]string{platforms.SecretRefresh: l.Secrets[platforms.SecretAccess]}, platforms.AppCredentials{})
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind, "the access JWT cannot refresh")
	assert.Equal(t, "InvalidToken", pe.Code)

	_, err = e.auth.Refresh(ctx, l.Account, map[string]string{}, platforms.AppCredentials{})
	assert.Equal(t, platforms.Auth, asPlatformError(t, err).Kind)

	e.fake.FailNext(503)
	_, err = e.auth.Refresh(ctx, l.Account, l.Secrets, platforms.AppCredentials{})
	assert.Equal(t, platforms.Transient, asPlatformError(t, err).Kind)

	e.clk.Advance(91 * 24 * time.Hour)
	_, err = e.auth.Refresh(ctx, l.Account, l.Secrets, platforms.AppCredentials{})
	pe = asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.Contains(t, pe.Message, "Bluesky said: “Token has expired”.")
}

func TestRefreshAfterRevokedSessionsOrTakedown(t *testing.T) {
	e := setup(t, blueskyfake.Options{})
	l, err := e.link(t, "alice.test", e.appPw)
	require.NoError(t, err)
	e.fake.RevokeAppPassword("alice.test", "webox")
	_, err = e.auth.Refresh(context.Background(), l.Account, l.Secrets, platforms.AppCredentials{})
	assert.Equal(t, "ExpiredToken", asPlatformError(t, err).Code)

	pw := e.fake.CreateAppPassword("alice.test", "webox2", false)
	l, err = e.link(t, "alice.test", pw)
	require.NoError(t, err)
	e.fake.SetTakenDown("alice.test", true)
	_, err = e.auth.Refresh(context.Background(), l.Account, l.Secrets, platforms.AppCredentials{})
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.Equal(t, "AccountTakedown", pe.Code)
}

func TestRevoke(t *testing.T) {
	e := setup(t, blueskyfake.Options{})
	l, err := e.link(t, "alice.test", e.appPw)
	require.NoError(t, err)
	ctx := context.Background()
	require.Equal(t, 1, e.fake.Sessions("alice.test"))
	require.NoError(t, e.auth.Revoke(ctx, l.Account, l.Secrets, platforms.AppCredentials{}))
	assert.Equal(t, 0, e.fake.Sessions("alice.test"))
	_, err = e.auth.Refresh(ctx, l.Account, l.Secrets, platforms.AppCredentials{})
	assert.Equal(t, platforms.Auth, asPlatformError(t, err).Kind)

	require.NoError(t, e.auth.Revoke(ctx, l.Account, l.Secrets, platforms.AppCredentials{}), "twice")
	require.NoError(t, e.auth.Revoke(ctx, l.Account, map[string]string{}, platforms.AppCredentials{}), "nothing stored")
	require.NoError(t, e.auth.Revoke(ctx, l.Account, map[string]string{platforms.SecretRefresh: "x.y.z"}, platforms.AppCredentials{}), "unverifiable: already ended")

	e.fake.FailNext(500)
	err = e.auth.Revoke(ctx, l.Account, l.Secrets, platforms.AppCredentials{})
	assert.Equal(t, platforms.Transient, asPlatformError(t, err).Kind)
}

func asPlatformError(t *testing.T, err error) *platforms.Error {
	t.Helper()
	require.Error(t, err)
	var pe *platforms.Error
	require.True(t, errors.As(err, &pe), "%T: %v", err, err)
	return pe
}
