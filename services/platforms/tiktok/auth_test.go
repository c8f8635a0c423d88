package tiktok

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
	"webox-social/services/platforms/fakekit"
	"webox-social/services/platforms/tiktok/tiktokfake"
)

type clock = fakekit.Clock

// openInBrowser follows the authorization redirects like a browser; a page TikTok
// shows instead of redirecting becomes an error with its text.
func openInBrowser(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 400 {
		return fmt.Errorf("the browser shows: %s", body)
	}
	return nil
}

type env struct {
	fake  *tiktokfake.Server
	clock *clock
	app   platforms.AppCredentials
	addr  string
}

func newEnv(t *testing.T, opts tiktokfake.Options, redirects ...string) *env {
	t.Helper()
	c := fakekit.NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	opts.Now = c.Now
	fake := tiktokfake.New(opts)
	t.Cleanup(fake.Close)
	e := &env{fake: fake, clock: c, addr: fakekit.FreeAddr(t), app: platforms.AppCredentials{ClientID: "tt-key", ClientSecret: "tt-secret"}}
	if redirects == nil {
		redirects = []string{"http://" + e.addr + CallbackPath}
	}
	require.NoError(t, fake.RegisterApp(tiktokfake.App{ClientKey: "tt-key", ClientSecret: "tt-secret", RedirectURIs: redirects}))
	return e
}

func (e *env) authorizer(opts ...Option) *Authorizer {
	return NewAuthorizer(nil, append([]Option{WithBaseURL(e.fake.URL), WithClock(e.clock.Now), WithTimeout(time.Minute)}, opts...)...)
}

func (e *env) link(a *Authorizer) ([]platforms.Linked, error) {
	return a.Link(context.Background(), platforms.LinkRequest{App: e.app, OpenURL: openInBrowser, ListenAddr: e.addr})
}

func asPlatformError(t *testing.T, err error) *platforms.Error {
	t.Helper()
	var pe *platforms.Error
	require.True(t, errors.As(err, &pe), "want *platforms.Error, got %T: %v", err, err)
	assert.Equal(t, model.TikTok, pe.Platform)
	return pe
}

func TestLink(t *testing.T) {
	for _, ch := range []Challenge{ChallengeHex, ChallengeS256} {
		t.Run(string(ch), func(t *testing.T) {
			e := newEnv(t, tiktokfake.Options{Challenge: tiktokfake.Challenge(ch)})

			linked, err := e.link(e.authorizer(WithChallenge(ch)))

			require.NoError(t, err)
			require.Len(t, linked, 1)
			acct := linked[0].Account
			assert.Equal(t, tiktokfake.DefaultUser, acct.RemoteID)
			assert.Equal(t, "Boulangerie Martin", acct.Name)
			assert.Equal(t, "@boulangerie.martin", acct.Handle)
			assert.Equal(t, "https://p16-sign.tiktokcdn.com/avatar.jpeg", acct.AvatarURL)
			assert.Equal(t, Scopes, acct.Scopes)
			assert.Equal(t, e.clock.Now().Add(24*time.Hour), acct.ExpiresAt)
			assert.Equal(t, model.AccountOK, acct.Status)
			assert.True(t, e.fake.AccessTokenValid(linked[0].Secrets[platforms.SecretAccess]))
			assert.NotEmpty(t, linked[0].Secrets[platforms.SecretRefresh])
			assert.Equal(t, 1, e.fake.Calls("POST /v2/post/publish/creator_info/query/"))
		})
	}
}

func TestLinkWildcardPortRegistration(t *testing.T) {
	e := newEnv(t, tiktokfake.Options{}, "http://127.0.0.1:*"+CallbackPath)
	_, err := e.link(e.authorizer())
	require.NoError(t, err)
}

func TestLinkRefusals(t *testing.T) {
	tests := []struct {
		name  string
		opts  tiktokfake.Options
		redir []string
		setup func(*env)
		auth  []Option
		words string
	}{
		{name: "redirect not registered", redir: []string{"http://127.0.0.1:1" + CallbackPath}, words: "redirect_uri is not registered for this client_key."},
		{name: "base64url challenge where hex is wanted", auth: []Option{WithChallenge(ChallengeS256)},
			words: "code_challenge is malformed or code_challenge_method is not S256."},
		{name: "hex challenge where base64url is wanted", opts: tiktokfake.Options{Challenge: tiktokfake.ChallengeS256},
			words: "code_challenge is malformed or code_challenge_method is not S256."},
		{name: "user denies", setup: func(e *env) { e.fake.DenyAuthorization(true) }, words: "The resource owner or authorization server denied the request."},
		{name: "wrong client secret", setup: func(e *env) { e.app.ClientSecret = "wrong" }, words: "Client key or client secret is invalid."},
		{name: "wrong client secret, error with HTTP 200", opts: tiktokfake.Options{TokenErrorStatus: http.StatusOK},
			setup: func(e *env) { e.app.ClientSecret = "wrong" }, words: "Client key or client secret is invalid."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.opts, tc.redir...)
			if tc.setup != nil {
				tc.setup(e)
			}

			_, err := e.link(e.authorizer(tc.auth...))

			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.words)
			assert.Equal(t, platforms.Permanent, platforms.AsError(model.TikTok, err).Kind)
		})
	}
}

func TestLinkNeedsApp(t *testing.T) {
	_, err := NewAuthorizer(nil).Link(context.Background(), platforms.LinkRequest{OpenURL: openInBrowser})
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "client key and client secret")
}

func TestRefreshRotates(t *testing.T) {
	e := newEnv(t, tiktokfake.Options{})
	a := e.authorizer()
	linked, err := e.link(a)
	require.NoError(t, err)
	first := linked[0].Secrets

	e.clock.Advance(25 * time.Hour)
	got, err := a.Refresh(context.Background(), linked[0].Account, first, e.app)

	require.NoError(t, err)
	assert.NotEqual(t, first[platforms.SecretAccess], got.Secrets[platforms.SecretAccess])
	require.NotEmpty(t, got.Secrets[platforms.SecretRefresh], "the rotated refresh token is returned")
	assert.NotEqual(t, first[platforms.SecretRefresh], got.Secrets[platforms.SecretRefresh])
	assert.Equal(t, e.clock.Now().Add(24*time.Hour), got.ExpiresAt)
	assert.True(t, e.fake.AccessTokenValid(got.Secrets[platforms.SecretAccess]))

	_, err = a.Refresh(context.Background(), linked[0].Account, first, e.app)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind, "the old refresh token is dead")
	assert.Contains(t, pe.Message, "Refresh token is invalid or expired.")

	_, err = a.Refresh(context.Background(), linked[0].Account, got.Secrets, e.app)
	require.NoError(t, err, "the new one works")
}

func TestRefreshAfterDeadlineOrRevocation(t *testing.T) {
	tests := map[string]func(*env){
		"365 days after sign-in": func(e *env) { e.clock.Advance(366 * 24 * time.Hour) },
		"user removed the app":   func(e *env) { e.fake.RevokeUser(tiktokfake.DefaultUser) },
	}
	for name, spoil := range tests {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, tiktokfake.Options{})
			a := e.authorizer()
			linked, err := e.link(a)
			require.NoError(t, err)
			spoil(e)

			_, err = a.Refresh(context.Background(), linked[0].Account, linked[0].Secrets, e.app)

			assert.Equal(t, platforms.Auth, asPlatformError(t, err).Kind)
		})
	}
}

func TestRefreshWithoutToken(t *testing.T) {
	_, err := NewAuthorizer(nil).Refresh(context.Background(), model.Account{}, nil, platforms.AppCredentials{})
	assert.Equal(t, platforms.Auth, asPlatformError(t, err).Kind)
}

func TestRevoke(t *testing.T) {
	e := newEnv(t, tiktokfake.Options{})
	a := e.authorizer()
	linked, err := e.link(a)
	require.NoError(t, err)

	require.NoError(t, a.Revoke(context.Background(), linked[0].Account, linked[0].Secrets, e.app))

	assert.False(t, e.fake.AccessTokenValid(linked[0].Secrets[platforms.SecretAccess]))
	_, err = a.Refresh(context.Background(), linked[0].Account, linked[0].Secrets, e.app)
	assert.Equal(t, platforms.Auth, asPlatformError(t, err).Kind, "revoking ends the refresh token too")
	_, err = a.CreatorInfo(context.Background(), linked[0].Secrets[platforms.SecretAccess])
	pe := asPlatformError(t, err)
	assert.Equal(t, "access_token_invalid", pe.Code)
	assert.Equal(t, platforms.Auth, pe.Kind)
	require.NoError(t, a.Revoke(context.Background(), linked[0].Account, nil, e.app), "nothing to revoke")
}

func TestCreatorInfo(t *testing.T) {
	e := newEnv(t, tiktokfake.Options{})
	a := e.authorizer()
	linked, err := e.link(a)
	require.NoError(t, err)

	ci, err := a.CreatorInfo(context.Background(), linked[0].Secrets[platforms.SecretAccess])

	require.NoError(t, err)
	assert.Equal(t, []string{"PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"}, ci.PrivacyLevelOptions)
	assert.Equal(t, 600, ci.MaxVideoPostDurationSec)
}

func TestInfo(t *testing.T) {
	info := NewAuthorizer(nil).Info()
	assert.Equal(t, model.TikTok, info.Platform)
	assert.Equal(t, "http://127.0.0.1:53686/callback/tiktok", info.RedirectURI)
	assert.Equal(t, []string{"user.info.basic", "video.upload", "video.publish"}, info.Scopes)
	assert.True(t, info.NeedsClientID)
	assert.True(t, info.NeedsSecret)
	assert.Equal(t, "TIKTOK_CLIENT_KEY", info.ClientIDEnv)
	assert.Equal(t, "TIKTOK_CLIENT_SECRET", info.ClientSecretEnv)
	assert.Contains(t, info.Registration, "Desktop")
}
