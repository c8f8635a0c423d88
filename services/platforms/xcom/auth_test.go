package xcom_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/fakekit"
	"webox-social/services/platforms/xcom"
	"webox-social/services/platforms/xcom/xcomfake"
)

const (
	publicID = "public-client"
	confID   = "conf-client"
	confSec  = "conf-secret"
)

// env is a fake X with a public and a confidential app registered for a free port.
type env struct {
	fake   *xcomfake.Server
	auth   *xcom.Authorizer
	listen string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	fake := xcomfake.New(xcomfake.Options{})
	t.Cleanup(fake.Close)
	listen := fakekit.FreeAddr(t)
	for _, app := range []xcomfake.App{
		{ClientID: publicID, RedirectURIs: []string{xcom.RedirectURI(listen)}},
		{ClientID: confID, ClientSecret: confSec, RedirectURIs: []string{xcom.RedirectURI(listen)}},
	} {
		fake.RegisterApp(app)
	}
	fake.AddUser(xcomfake.User{ID: "1234", Username: "alice", Name: "Alice A.", ProfileImageURL: "https://pbs.twimg.com/a.jpg"})
	return &env{fake: fake, auth: xcom.NewAuthorizer(nil, xcom.WithBaseURL(fake.URL)), listen: listen}
}

// browser follows the authorization URL like a browser would, after rewrite (if any)
// edits it.
func browser(rewrite func(url.Values)) func(string) error {
	return func(raw string) error {
		u, err := url.Parse(raw)
		if err != nil {
			return err
		}
		if rewrite != nil {
			q := u.Query()
			rewrite(q)
			u.RawQuery = q.Encode()
		}
		go func() {
			resp, err := http.Get(u.String())
			if err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
			}
		}()
		return nil
	}
}

func (e *env) link(t *testing.T, app platforms.AppCredentials, rewrite func(url.Values)) ([]platforms.Linked, error) {
	t.Helper()
	return e.auth.Link(context.Background(), platforms.LinkRequest{App: app, OpenURL: browser(rewrite), ListenAddr: e.listen})
}

func requirePlatformError(t *testing.T, err error) *platforms.Error {
	t.Helper()
	var pe *platforms.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, model.X, pe.Platform)
	return pe
}

func TestInfo(t *testing.T) {
	info := xcom.NewAuthorizer(nil).Info()
	assert.Equal(t, model.X, info.Platform)
	assert.Equal(t, "oauth2", info.Method)
	assert.Equal(t, "http://127.0.0.1:53682/callback/twitter", info.RedirectURI)
	assert.Equal(t, []string{"tweet.read", "tweet.write", "users.read", "media.write", "offline.access"}, info.Scopes)
	assert.True(t, info.NeedsClientID)
	assert.False(t, info.NeedsSecret)
	assert.Equal(t, "TWITTER_CLIENT_ID", info.ClientIDEnv)
	assert.Equal(t, "TWITTER_CLIENT_SECRET", info.ClientSecretEnv)
	assert.Contains(t, info.Registration, info.RedirectURI)
	assert.Equal(t, "http://127.0.0.1:9999/callback/twitter", xcom.NewAuthorizer(nil, xcom.WithListenAddr("127.0.0.1:9999")).Info().RedirectURI)
}

func TestLinkPublicClient(t *testing.T) {
	e := newEnv(t)
	linked, err := e.link(t, platforms.AppCredentials{ClientID: publicID}, nil)
	require.NoError(t, err)
	require.Len(t, linked, 1)
	acct := linked[0].Account
	assert.Equal(t, model.X, acct.Platform)
	assert.Equal(t, "1234", acct.RemoteID)
	assert.Equal(t, "Alice A.", acct.Name)
	assert.Equal(t, "@alice", acct.Handle)
	assert.Equal(t, "https://pbs.twimg.com/a.jpg", acct.AvatarURL)
	assert.Equal(t, xcom.Scopes, acct.Scopes)
	assert.Equal(t, model.AccountOK, acct.Status)
	assert.False(t, acct.ExpiresAt.IsZero())

	s := linked[0].Secrets
	assert.Equal(t, publicID, s[platforms.SecretClientID])
	assert.NotContains(t, s, platforms.SecretClientSecret)
	tok, ok := e.fake.TokenInfo(s[platforms.SecretAccess])
	require.True(t, ok)
	assert.Equal(t, "1234", tok.UserID)
	rt, ok := e.fake.TokenInfo(s[platforms.SecretRefresh])
	require.True(t, ok)
	assert.True(t, rt.Refresh)
	assert.Equal(t, 1, e.fake.Calls(xcomfake.RouteToken))
	assert.Equal(t, 1, e.fake.Calls(xcomfake.RouteUsersMe))
}

func TestLinkConfidentialClient(t *testing.T) {
	e := newEnv(t)
	linked, err := e.link(t, platforms.AppCredentials{ClientID: confID, ClientSecret: confSec}, nil)
	require.NoError(t, err)
	assert.Equal(t, confSec, linked[0].Secrets[platforms.SecretClientSecret])

	_, err = e.link(t, platforms.AppCredentials{ClientID: confID}, nil)
	pe := requirePlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Equal(t, http.StatusUnauthorized, pe.Status)
	assert.Equal(t, "unauthorized_client", pe.Code)
	assert.Equal(t, "X refused the sign-in: Missing valid authorization header", pe.Message)
}

func TestLinkNeedsClientID(t *testing.T) {
	e := newEnv(t)
	_, err := e.link(t, platforms.AppCredentials{}, nil)
	pe := requirePlatformError(t, err)
	assert.ErrorIs(t, err, model.ErrInvalid)
	assert.Contains(t, pe.Message, "TWITTER_CLIENT_ID")
	assert.Zero(t, e.fake.Calls(xcomfake.RouteAuthorize))
}

func TestLinkMissingPKCERefused(t *testing.T) {
	e := newEnv(t)
	_, err := e.link(t, platforms.AppCredentials{ClientID: publicID}, func(q url.Values) { q.Del("code_challenge") })
	pe := requirePlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Equal(t, "invalid_request", pe.Code)
	assert.Equal(t, "X refused the sign-in: Missing required parameter [code_challenge].", pe.Message)
	assert.Zero(t, e.fake.Calls(xcomfake.RouteToken))
}

func TestLinkWrongVerifierRefused(t *testing.T) {
	e := newEnv(t)
	sum := sha256.Sum256([]byte("some-other-verifier-some-other-verifier-123"))
	_, err := e.link(t, platforms.AppCredentials{ClientID: publicID}, func(q url.Values) {
		q.Set("code_challenge", base64.RawURLEncoding.EncodeToString(sum[:]))
	})
	pe := requirePlatformError(t, err)
	assert.Equal(t, http.StatusBadRequest, pe.Status)
	assert.Equal(t, "X refused the sign-in: Value passed for the code verifier was invalid.", pe.Message)
}

func TestLinkDenied(t *testing.T) {
	e := newEnv(t)
	e.fake.SetDeny(true)
	_, err := e.link(t, platforms.AppCredentials{ClientID: publicID}, nil)
	pe := requirePlatformError(t, err)
	assert.Equal(t, "access_denied", pe.Code)
	assert.Equal(t, "X refused the sign-in: The user denied the request.", pe.Message)
}

func TestLinkUnregisteredRedirect(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var page string
	var status int
	open := func(raw string) error {
		resp, err := http.Get(raw) // the fake answers with an error page, not a redirect
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		page, status = string(b), resp.StatusCode
		cancel() // the user gives up
		return nil
	}
	_, err := e.auth.Link(ctx, platforms.LinkRequest{App: platforms.AppCredentials{ClientID: publicID}, OpenURL: open, ListenAddr: fakekit.FreeAddr(t)})
	requirePlatformError(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, page, "You weren&#39;t able to give access to the App.")
}

func TestLinkProfileRefusedRevokesToken(t *testing.T) {
	e := newEnv(t)
	_, err := e.link(t, platforms.AppCredentials{ClientID: publicID}, func(q url.Values) {
		q.Set("scope", "tweet.read offline.access")
	})
	pe := requirePlatformError(t, err)
	assert.Equal(t, http.StatusForbidden, pe.Status)
	assert.Equal(t, "X said: Forbidden", pe.Message)
	assert.Equal(t, 2, e.fake.Calls(xcomfake.RouteRevoke), "the unusable refresh and access tokens are revoked")
}

func linkOne(t *testing.T, e *env, app platforms.AppCredentials) platforms.Linked {
	t.Helper()
	linked, err := e.link(t, app, nil)
	require.NoError(t, err)
	return linked[0]
}

func TestRefreshRotates(t *testing.T) {
	e := newEnv(t)
	l := linkOne(t, e, platforms.AppCredentials{ClientID: publicID})
	ctx := context.Background()

	r, err := e.auth.Refresh(ctx, l.Account, l.Secrets, platforms.AppCredentials{ClientID: "changed-in-settings"})
	require.NoError(t, err, "the client stored at link is used")
	newRT := r.Secrets[platforms.SecretRefresh]
	require.NotEmpty(t, newRT)
	assert.NotEqual(t, l.Secrets[platforms.SecretRefresh], newRT)
	assert.NotEqual(t, l.Secrets[platforms.SecretAccess], r.Secrets[platforms.SecretAccess])
	assert.False(t, r.ExpiresAt.IsZero())

	_, err = e.auth.Refresh(ctx, l.Account, l.Secrets, platforms.AppCredentials{})
	pe := requirePlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind, "the old refresh token is dead")
	assert.Equal(t, "X refused to renew the sign-in: Value passed for the token was invalid. Reconnect the account.", pe.Message)

	rotated := map[string]string{platforms.SecretRefresh: newRT, platforms.SecretClientID: publicID}
	_, err = e.auth.Refresh(ctx, l.Account, rotated, platforms.AppCredentials{})
	assert.Equal(t, platforms.Auth, requirePlatformError(t, err).Kind, "reusing the old token killed the family")
}

func TestRefreshConfidential(t *testing.T) {
	e := newEnv(t)
	l := linkOne(t, e, platforms.AppCredentials{ClientID: confID, ClientSecret: confSec})
	r, err := e.auth.Refresh(context.Background(), l.Account, l.Secrets, platforms.AppCredentials{})
	require.NoError(t, err)
	assert.NotEmpty(t, r.Secrets[platforms.SecretRefresh])
}

func TestRefreshRevokedOrMissing(t *testing.T) {
	e := newEnv(t)
	l := linkOne(t, e, platforms.AppCredentials{ClientID: publicID})
	e.fake.RevokeToken(l.Secrets[platforms.SecretRefresh])
	_, err := e.auth.Refresh(context.Background(), l.Account, l.Secrets, platforms.AppCredentials{})
	pe := requirePlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.Equal(t, http.StatusBadRequest, pe.Status)

	l = linkOne(t, e, platforms.AppCredentials{ClientID: publicID})
	e.fake.ExpireToken(l.Secrets[platforms.SecretRefresh])
	_, err = e.auth.Refresh(context.Background(), l.Account, l.Secrets, platforms.AppCredentials{})
	assert.Equal(t, platforms.Auth, requirePlatformError(t, err).Kind)

	_, err = e.auth.Refresh(context.Background(), l.Account, map[string]string{platforms.SecretAccess: "a"}, platforms.AppCredentials{ClientID: publicID})
	pe = requirePlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.Contains(t, pe.Message, "offline.access")
}

func TestRefreshNetworkErrorIsTransient(t *testing.T) {
	e := newEnv(t)
	l := linkOne(t, e, platforms.AppCredentials{ClientID: publicID})
	e.fake.Close()
	_, err := e.auth.Refresh(context.Background(), l.Account, l.Secrets, platforms.AppCredentials{})
	pe := requirePlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.False(t, pe.Uncertain, "a refused connection never reached X")
}

func TestRevoke(t *testing.T) {
	e := newEnv(t)
	for _, app := range []platforms.AppCredentials{{ClientID: publicID}, {ClientID: confID, ClientSecret: confSec}} {
		l := linkOne(t, e, app)
		require.NoError(t, e.auth.Revoke(context.Background(), l.Account, l.Secrets, platforms.AppCredentials{}))
		for _, kind := range []string{platforms.SecretAccess, platforms.SecretRefresh} {
			tok, ok := e.fake.TokenInfo(l.Secrets[kind])
			require.True(t, ok)
			assert.True(t, tok.Revoked, kind)
		}
	}
	assert.NoError(t, e.auth.Revoke(context.Background(), model.Account{}, map[string]string{}, platforms.AppCredentials{}))

	err := e.auth.Revoke(context.Background(), model.Account{}, map[string]string{platforms.SecretAccess: "x", platforms.SecretClientID: confID}, platforms.AppCredentials{})
	pe := requirePlatformError(t, err)
	assert.Equal(t, "X said: Missing valid authorization header", pe.Message)
	assert.True(t, errors.Is(err, model.ErrUnauthorized))
	assert.False(t, strings.Contains(pe.Error(), "conf-secret"))
}
