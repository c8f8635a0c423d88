package youtube

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/fakekit"
	"webox-social/services/platforms/youtube/youtubefake"
)

type clock = fakekit.Clock

type env struct {
	fake  *youtubefake.Server
	auth  *Authorizer
	app   platforms.AppCredentials
	clock *clock
}

func newEnv(t *testing.T, opts youtubefake.Options) *env {
	t.Helper()
	c := fakekit.NewClock(time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	if opts.Now == nil {
		opts.Now = c.Now
	}
	f := youtubefake.New(opts)
	t.Cleanup(f.Close)
	reg := f.RegisterApp(youtubefake.App{})
	return &env{fake: f, auth: NewAuthorizer(nil, WithBaseURL(f.URL)), clock: c,
		app: platforms.AppCredentials{ClientID: reg.ClientID, ClientSecret: reg.ClientSecret}}
}

// browser follows the authorization redirects like a real one; edit, when set,
// tampers with the authorization URL first.
type browser struct {
	edit func(url.Values)
	// strict makes an error page (status >= 400) an error of OpenURL, so a test ends
	// at once instead of waiting for the flow's timeout.
	strict bool
}

func (b browser) open(raw string) error {
	if b.edit != nil {
		u, err := url.Parse(raw)
		if err != nil {
			return err
		}
		q := u.Query()
		b.edit(q)
		u.RawQuery = q.Encode()
		raw = u.String()
	}
	resp, err := http.Get(raw)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if b.strict && resp.StatusCode >= 400 {
		return fmt.Errorf("the browser showed %d: %s", resp.StatusCode, body)
	}
	return err
}

func (e *env) link(t *testing.T, b browser, choose func(context.Context, []platforms.Choice) ([]platforms.Choice, error)) ([]platforms.Linked, error) {
	t.Helper()
	return e.auth.Link(context.Background(), platforms.LinkRequest{App: e.app, OpenURL: b.open, Choose: choose})
}

func asPlatformError(t *testing.T, err error) *platforms.Error {
	t.Helper()
	var pe *platforms.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, model.YouTube, pe.Platform)
	return pe
}

func TestLinkEndToEnd(t *testing.T) {
	e := newEnv(t, youtubefake.Options{RequirePKCE: true})

	got, err := e.link(t, browser{}, nil)

	require.NoError(t, err)
	require.Len(t, got, 1)
	acct := got[0].Account
	assert.Equal(t, model.YouTube, acct.Platform)
	assert.Equal(t, "UCaliceAAAAAAAAAAAAAAAAA", acct.RemoteID)
	assert.Equal(t, "Alice Makes Things", acct.Name)
	assert.Equal(t, "@alicemakesthings", acct.Handle)
	assert.Equal(t, "https://yt3.ggpht.example/alice=s240", acct.AvatarURL)
	assert.Equal(t, Scopes, acct.Scopes)
	assert.Equal(t, model.AccountOK, acct.Status)
	assert.WithinDuration(t, time.Now().Add(time.Hour), acct.ExpiresAt, time.Minute)
	s := got[0].Secrets
	assert.True(t, e.fake.AccessTokenValid(s[platforms.SecretAccess]))
	assert.True(t, e.fake.RefreshTokenValid(s[platforms.SecretRefresh]))
	assert.Equal(t, e.app.ClientID, s[platforms.SecretClientID])
	assert.Equal(t, e.app.ClientSecret, s[platforms.SecretClientSecret])

	q := url.Values(e.fake.LastAuthorize())
	assert.Equal(t, "offline", q.Get("access_type"))
	assert.Equal(t, "consent", q.Get("prompt"))
	assert.Equal(t, "true", q.Get("include_granted_scopes"))
	assert.Equal(t, "S256", q.Get("code_challenge_method"))
	assert.Equal(t, strings.Join(Scopes, " "), q.Get("scope"))
	redirect, err := url.Parse(q.Get("redirect_uri"))
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1", redirect.Hostname())
	assert.NotEmpty(t, redirect.Port())
	assert.Equal(t, "/", redirect.Path)
	assert.Equal(t, 1, e.fake.Calls("channels"))
	assert.Zero(t, e.fake.Calls("revoke"))
}

func TestLinkAgainStillGetsRefreshToken(t *testing.T) {
	e := newEnv(t, youtubefake.Options{})
	_, err := e.link(t, browser{}, nil)
	require.NoError(t, err)

	got, err := e.link(t, browser{}, nil)

	require.NoError(t, err, "prompt=consent makes Google issue a refresh token on every connect")
	assert.NotEmpty(t, got[0].Secrets[platforms.SecretRefresh])
}

func TestLinkWithoutForcedConsentGetsNoRefreshToken(t *testing.T) {
	e := newEnv(t, youtubefake.Options{})
	_, err := e.link(t, browser{}, nil)
	require.NoError(t, err)

	_, err = e.link(t, browser{edit: func(q url.Values) { q.Del("prompt") }}, nil)

	pe := asPlatformError(t, err)
	assert.Contains(t, pe.Message, "Google did not issue a refresh token")
	assert.Equal(t, 1, e.fake.Calls("revoke"), "the half-made connection is revoked")
}

func TestLinkChoosesChannels(t *testing.T) {
	e := newEnv(t, youtubefake.Options{})
	e.fake.AddUser(youtubefake.User{ID: "bob", Channels: []youtubefake.Channel{
		{ID: "UCbob1", Title: "Bob", CustomURL: "bobcooks"},
		{ID: "UCbob2", Title: "Bob's Brand", CustomURL: "@bobsbrand"},
	}})
	e.fake.AuthorizeAs("bob")

	t.Run("nil Choose takes all", func(t *testing.T) {
		got, err := e.link(t, browser{}, nil)
		require.NoError(t, err)
		require.Len(t, got, 2)
		assert.Equal(t, "@bobcooks", got[0].Account.Handle, "old custom URLs get their @")
		assert.Equal(t, got[0].Secrets, got[1].Secrets, "one grant for both channels")
	})
	t.Run("the user picks one", func(t *testing.T) {
		var offered []platforms.Choice
		got, err := e.link(t, browser{}, func(_ context.Context, c []platforms.Choice) ([]platforms.Choice, error) {
			offered = c
			return c[1:], nil
		})
		require.NoError(t, err)
		assert.Equal(t, []platforms.Choice{{ID: "UCbob1", Name: "Bob", Kind: "channel"}, {ID: "UCbob2", Name: "Bob's Brand", Kind: "channel"}}, offered)
		require.Len(t, got, 1)
		assert.Equal(t, "UCbob2", got[0].Account.RemoteID)
	})
	t.Run("picking none revokes", func(t *testing.T) {
		before := e.fake.Calls("revoke")
		got, err := e.link(t, browser{}, func(context.Context, []platforms.Choice) ([]platforms.Choice, error) { return nil, nil })
		require.NoError(t, err)
		assert.Empty(t, got)
		assert.Equal(t, before+1, e.fake.Calls("revoke"))
	})
	t.Run("a cancelled chooser is an error", func(t *testing.T) {
		stop := errors.New("closed the dialog")
		_, err := e.link(t, browser{}, func(context.Context, []platforms.Choice) ([]platforms.Choice, error) { return nil, stop })
		assert.ErrorIs(t, err, stop)
	})
}

func TestLinkRefusals(t *testing.T) {
	tests := []struct {
		name    string
		opts    youtubefake.Options
		setup   func(*env)
		browser browser
		want    string // in the error's message
	}{
		{"wrong PKCE verifier", youtubefake.Options{},
			nil, browser{edit: func(q url.Values) {
				q.Set("code_challenge", oauth2.S256ChallengeFromVerifier(oauth2.GenerateVerifier()))
			}},
			`Google refused to accept the sign-in: "Invalid code verifier." (invalid_grant).`},
		{"PKCE stripped", youtubefake.Options{RequirePKCE: true},
			nil, browser{strict: true, edit: func(q url.Values) { q.Del("code_challenge"); q.Del("code_challenge_method") }},
			"Missing required parameter: code_challenge"},
		{"web client, loopback redirect not registered", youtubefake.Options{},
			func(e *env) {
				reg := e.fake.RegisterApp(youtubefake.App{Type: youtubefake.Web, RedirectURIs: []string{"https://example.com/cb"}})
				e.app = platforms.AppCredentials{ClientID: reg.ClientID, ClientSecret: reg.ClientSecret}
			}, browser{strict: true}, "Error 400: redirect_uri_mismatch"},
		{"consent denied", youtubefake.Options{},
			func(e *env) { e.fake.DenyAuthorization(true) }, browser{},
			"Access was not allowed on Google's consent screen (access_denied)."},
		{"upload unticked", youtubefake.Options{},
			func(e *env) { e.fake.GrantOnly([]string{ScopeReadOnly, ScopeAnalytics}) }, browser{},
			"did not grant permission to upload videos (youtube.upload)"},
		{"no channel", youtubefake.Options{},
			func(e *env) { e.fake.AddUser(youtubefake.User{ID: "nochan"}); e.fake.AuthorizeAs("nochan") }, browser{},
			"has no YouTube channel"},
		{"wrong secret", youtubefake.Options{},
			func(e *env) { e.app.ClientSecret = "GOCSPX-wrong" }, browser{},
			`Google refused to accept the sign-in: "Unauthorized" (invalid_client).`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.opts)
			if tc.setup != nil {
				tc.setup(e)
			}
			_, err := e.link(t, tc.browser, nil)
			pe := asPlatformError(t, err)
			assert.Equal(t, platforms.Permanent, pe.Kind)
			assert.Contains(t, pe.Message, tc.want)
		})
	}
}

func TestLinkTimeoutExplainsRedirectMismatch(t *testing.T) {
	e := newEnv(t, youtubefake.Options{})
	e.auth = NewAuthorizer(nil, WithBaseURL(e.fake.URL), WithFlowTimeout(50*time.Millisecond))
	reg := e.fake.RegisterApp(youtubefake.App{Type: youtubefake.Web, RedirectURIs: []string{"https://example.com/cb"}})
	e.app = platforms.AppCredentials{ClientID: reg.ClientID, ClientSecret: reg.ClientSecret}

	_, err := e.link(t, browser{}, nil) // the user sees Google's error page and the app waits

	pe := asPlatformError(t, err)
	assert.Contains(t, pe.Message, `"Error 400: redirect_uri_mismatch"`)
	assert.Contains(t, pe.Message, `"Desktop app"`)
}

func TestLinkNeedsClientCredentials(t *testing.T) {
	a := NewAuthorizer(nil)
	_, err := a.Link(context.Background(), platforms.LinkRequest{App: platforms.AppCredentials{ClientID: "id"}, OpenURL: browser{}.open})
	pe := asPlatformError(t, err)
	assert.ErrorIs(t, err, model.ErrInvalid)
	assert.Contains(t, pe.Message, "GOOGLE_CLIENT_SECRET")
}

func linkOne(t *testing.T, e *env) platforms.Linked {
	t.Helper()
	got, err := e.link(t, browser{}, nil)
	require.NoError(t, err)
	require.Len(t, got, 1)
	return got[0]
}

func TestRefresh(t *testing.T) {
	e := newEnv(t, youtubefake.Options{})
	l := linkOne(t, e)

	r, err := e.auth.Refresh(context.Background(), l.Account, l.Secrets, e.app)

	require.NoError(t, err)
	assert.NotEqual(t, l.Secrets[platforms.SecretAccess], r.Secrets[platforms.SecretAccess])
	assert.True(t, e.fake.AccessTokenValid(r.Secrets[platforms.SecretAccess]))
	assert.NotContains(t, r.Secrets, platforms.SecretRefresh, "Google keeps the refresh token; nothing to save")
	assert.WithinDuration(t, time.Now().Add(time.Hour), r.ExpiresAt, time.Minute)

	_, err = e.auth.Refresh(context.Background(), l.Account, l.Secrets, e.app)
	assert.NoError(t, err, "the same refresh token keeps working")
}

func TestRefreshRotation(t *testing.T) {
	e := newEnv(t, youtubefake.Options{RotateRefreshTokens: true})
	l := linkOne(t, e)

	r, err := e.auth.Refresh(context.Background(), l.Account, l.Secrets, e.app)
	require.NoError(t, err)
	rotated := r.Secrets[platforms.SecretRefresh]
	require.NotEmpty(t, rotated, "a rotated refresh token is returned to be saved")
	assert.NotEqual(t, l.Secrets[platforms.SecretRefresh], rotated)

	_, err = e.auth.Refresh(context.Background(), l.Account, l.Secrets, e.app)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind, "the old refresh token is dead")
	assert.Equal(t, "invalid_grant", pe.Code)

	l.Secrets[platforms.SecretRefresh] = rotated
	_, err = e.auth.Refresh(context.Background(), l.Account, l.Secrets, e.app)
	assert.NoError(t, err)
}

func TestRefreshDeadToken(t *testing.T) {
	tests := []struct {
		name string
		opts youtubefake.Options
		kill func(*env, platforms.Linked)
	}{
		{"testing mode, 7 days", youtubefake.Options{TestingMode: true}, func(e *env, _ platforms.Linked) { e.clock.Advance(7 * 24 * time.Hour) }},
		{"unused for 6 months", youtubefake.Options{}, func(e *env, _ platforms.Linked) { e.clock.Advance(184 * 24 * time.Hour) }},
		{"revoked by the user", youtubefake.Options{}, func(e *env, _ platforms.Linked) { e.fake.RevokeUserGrants("alice") }},
		{"expired", youtubefake.Options{}, func(e *env, l platforms.Linked) { e.fake.ExpireRefreshToken(l.Secrets[platforms.SecretRefresh]) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.opts)
			l := linkOne(t, e)
			tc.kill(e, l)

			_, err := e.auth.Refresh(context.Background(), l.Account, l.Secrets, e.app)

			pe := asPlatformError(t, err)
			assert.Equal(t, platforms.Auth, pe.Kind)
			assert.Equal(t, http.StatusBadRequest, pe.Status)
			assert.ErrorIs(t, err, model.ErrUnauthorized)
			assert.Equal(t, `Google refused to renew access to the channel: "Token has been expired or revoked." (invalid_grant). Connect the channel again.`, pe.Message)
		})
	}
}

func TestRefreshTestingModeLastsSevenDays(t *testing.T) {
	e := newEnv(t, youtubefake.Options{TestingMode: true})
	l := linkOne(t, e)
	e.clock.Advance(7*24*time.Hour - time.Minute)
	_, err := e.auth.Refresh(context.Background(), l.Account, l.Secrets, e.app)
	assert.NoError(t, err)
}

func TestRefreshTransientAndConfigErrors(t *testing.T) {
	e := newEnv(t, youtubefake.Options{})
	l := linkOne(t, e)

	e.fake.FailNext(1, http.StatusServiceUnavailable)
	_, err := e.auth.Refresh(context.Background(), l.Account, l.Secrets, e.app)
	assert.Equal(t, platforms.Transient, asPlatformError(t, err).Kind)

	_, err = e.auth.Refresh(context.Background(), l.Account, map[string]string{}, e.app)
	assert.Equal(t, platforms.Auth, asPlatformError(t, err).Kind, "no refresh token stored")

	down := NewAuthorizer(nil, WithBaseURL("http://127.0.0.1:1"))
	_, err = down.Refresh(context.Background(), l.Account, l.Secrets, e.app)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.False(t, pe.Uncertain)
	assert.NotContains(t, err.Error(), l.Secrets[platforms.SecretRefresh])
}

func TestRefreshUsesTheClientTheTokenBelongsTo(t *testing.T) {
	e := newEnv(t, youtubefake.Options{})
	l := linkOne(t, e)
	other := e.fake.RegisterApp(youtubefake.App{})
	newSettings := platforms.AppCredentials{ClientID: other.ClientID, ClientSecret: other.ClientSecret}

	_, err := e.auth.Refresh(context.Background(), l.Account, l.Secrets, newSettings)
	require.NoError(t, err, "the stored client is used, not the one now in Settings")

	delete(l.Secrets, platforms.SecretClientID)
	_, err = e.auth.Refresh(context.Background(), l.Account, l.Secrets, newSettings)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.Equal(t, "unauthorized_client", pe.Code)
}

func TestRevoke(t *testing.T) {
	e := newEnv(t, youtubefake.Options{})
	l := linkOne(t, e)

	require.NoError(t, e.auth.Revoke(context.Background(), l.Account, l.Secrets, e.app))

	assert.False(t, e.fake.RefreshTokenValid(l.Secrets[platforms.SecretRefresh]))
	assert.False(t, e.fake.AccessTokenValid(l.Secrets[platforms.SecretAccess]), "revoking the refresh token ends the grant")
	_, err := e.auth.Refresh(context.Background(), l.Account, l.Secrets, e.app)
	assert.Equal(t, platforms.Auth, asPlatformError(t, err).Kind)
	assert.NoError(t, e.auth.Revoke(context.Background(), l.Account, l.Secrets, e.app), "already revoked counts as done")
	assert.NoError(t, e.auth.Revoke(context.Background(), l.Account, nil, e.app), "nothing stored, nothing to revoke")

	e.fake.FailNext(1, http.StatusInternalServerError)
	err = e.auth.Revoke(context.Background(), l.Account, l.Secrets, e.app)
	assert.Equal(t, platforms.Transient, asPlatformError(t, err).Kind)
}

func TestInfo(t *testing.T) {
	info := NewAuthorizer(nil).Info()
	assert.Equal(t, model.YouTube, info.Platform)
	assert.Equal(t, "oauth2", info.Method)
	assert.Empty(t, info.RedirectURI, "a Desktop app client registers no redirect URI")
	assert.Equal(t, []string{
		"https://www.googleapis.com/auth/youtube.upload",
		"https://www.googleapis.com/auth/youtube.readonly",
		"https://www.googleapis.com/auth/yt-analytics.readonly",
		"https://www.googleapis.com/auth/youtube.force-ssl",
	}, info.Scopes)
	assert.True(t, info.NeedsClientID)
	assert.True(t, info.NeedsSecret)
	assert.Equal(t, "GOOGLE_CLIENT_ID", info.ClientIDEnv)
	assert.Equal(t, "GOOGLE_CLIENT_SECRET", info.ClientSecretEnv)
	assert.Contains(t, info.Registration, "Desktop app")
	assert.Contains(t, info.Registration, "7 days")
}

func TestAPIErrorMapping(t *testing.T) {
	body := func(code int, reason, msg string) []byte {
		return fmt.Appendf(nil, `{"error":{"code":%d,"message":%q,"errors":[{"message":%q,"domain":"global","reason":%q}],"status":"X"}}`, code, msg, msg, reason)
	}
	tests := []struct {
		status int
		reason string
		kind   platforms.Kind
	}{
		{http.StatusUnauthorized, "authError", platforms.Auth},
		{http.StatusForbidden, "quotaExceeded", platforms.Transient},
		{http.StatusForbidden, "userRateLimitExceeded", platforms.Transient},
		{http.StatusForbidden, "insufficientPermissions", platforms.Permanent},
		{http.StatusBadRequest, "uploadLimitExceeded", platforms.Permanent},
		{http.StatusServiceUnavailable, "backendError", platforms.Transient},
	}
	for _, tc := range tests {
		t.Run(tc.reason, func(t *testing.T) {
			e := apiError(tc.status, body(tc.status, tc.reason, "Words."))
			assert.Equal(t, tc.kind, e.Kind)
			assert.Equal(t, tc.reason, e.Code)
			assert.Equal(t, `YouTube said: "Words." (`+tc.reason+`).`, e.Message)
		})
	}
	e := apiError(http.StatusBadGateway, []byte("<html>bad gateway</html>"))
	assert.Equal(t, "YouTube answered 502 Bad Gateway.", e.Message)
	assert.Equal(t, platforms.Transient, e.Kind)
}

func TestLinkChannelsAPIError(t *testing.T) {
	e := newEnv(t, youtubefake.Options{})
	_, err := e.auth.listMyChannels(context.Background(), "not-a-token")
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.Equal(t, "authError", pe.Code)
	assert.Contains(t, pe.Message, "Request had invalid authentication credentials.")
}
