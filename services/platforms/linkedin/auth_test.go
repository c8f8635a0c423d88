package linkedin

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
	"webox-social/services/platforms/fakekit"
	"webox-social/services/platforms/linkedin/linkedinfake"
)

type clock = fakekit.Clock

// openInBrowser follows the authorization redirects like a browser; a page LinkedIn
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
	fake  *linkedinfake.Server
	clock *clock
	app   platforms.AppCredentials
	addr  string
}

func newEnv(t *testing.T, app linkedinfake.App) *env {
	t.Helper()
	return newEnvWith(t, app, linkedinfake.Options{})
}

// newEnvWith is newEnv with fake options (their clock is the env's).
func newEnvWith(t *testing.T, app linkedinfake.App, opts linkedinfake.Options) *env {
	t.Helper()
	c := fakekit.NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	opts.Now = c.Now
	fake := linkedinfake.New(opts)
	t.Cleanup(fake.Close)
	e := &env{fake: fake, clock: c, addr: fakekit.FreeAddr(t)}
	if app.ClientID == "" {
		app.ClientID, app.ClientSecret = "li-client", "li-secret"
	}
	if app.RedirectURIs == nil {
		app.RedirectURIs = []string{"http://" + e.addr + CallbackPath}
	}
	fake.RegisterApp(app)
	e.app = platforms.AppCredentials{ClientID: app.ClientID, ClientSecret: app.ClientSecret}
	return e
}

func (e *env) authorizer(opts ...Option) *Authorizer {
	return NewAuthorizer(nil, append([]Option{WithBaseURL(e.fake.URL), WithClock(e.clock.Now), WithTimeout(time.Minute)}, opts...)...)
}

func (e *env) link(a *Authorizer, choose func(context.Context, []platforms.Choice) ([]platforms.Choice, error)) ([]platforms.Linked, error) {
	return a.Link(context.Background(), platforms.LinkRequest{App: e.app, OpenURL: openInBrowser, ListenAddr: e.addr, Choose: choose})
}

func asPlatformError(t *testing.T, err error) *platforms.Error {
	t.Helper()
	var pe *platforms.Error
	require.True(t, errors.As(err, &pe), "want *platforms.Error, got %T: %v", err, err)
	assert.Equal(t, model.LinkedIn, pe.Platform)
	return pe
}

func TestLinkMember(t *testing.T) {
	e := newEnv(t, linkedinfake.App{})

	linked, err := e.link(e.authorizer(), nil)

	require.NoError(t, err)
	require.Len(t, linked, 1)
	acct := linked[0].Account
	assert.Equal(t, "urn:li:person:"+linkedinfake.DefaultMember, acct.RemoteID)
	assert.Equal(t, "Alice Martin", acct.Name)
	assert.Equal(t, "https://media.licdn.com/dms/image/alice.jpg", acct.AvatarURL)
	assert.Equal(t, model.LinkedIn, acct.Platform)
	assert.Equal(t, model.AccountOK, acct.Status)
	assert.Equal(t, MemberScopes, acct.Scopes)
	assert.Equal(t, e.clock.Now().Add(60*24*time.Hour), acct.ExpiresAt)
	assert.True(t, e.fake.AccessTokenValid(linked[0].Secrets[platforms.SecretAccess]))
	assert.NotContains(t, linked[0].Secrets, platforms.SecretRefresh, "only partners get refresh tokens")
	assert.Zero(t, e.fake.Calls("GET /rest/organizationAcls"), "no organization lookup without the option")
}

func TestLinkOrganizations(t *testing.T) {
	e := newEnv(t, linkedinfake.App{})
	e.fake.AddOrganization(linkedinfake.Organization{ID: "1001", Name: "Boulangerie Martin", VanityName: "boulangerie-martin"})
	e.fake.AddOrganization(linkedinfake.Organization{ID: "1002", Name: "Atelier Nord", VanityName: "atelier-nord"})
	e.fake.AddOrganization(linkedinfake.Organization{ID: "1003", Name: "Not Mine"})
	e.fake.AddMember(linkedinfake.Member{ID: "m42", Name: "Bea Durand", Roles: []linkedinfake.Role{
		{OrganizationID: "1001", Role: "ADMINISTRATOR", State: "APPROVED"},
		{OrganizationID: "1002", Role: "ADMINISTRATOR", State: "APPROVED"},
		{OrganizationID: "1003", Role: "ADMINISTRATOR", State: "REQUESTED"},
	}})
	e.fake.AuthorizeAs("m42")
	var offered []platforms.Choice
	pickMemberAndFirstOrg := func(_ context.Context, cs []platforms.Choice) ([]platforms.Choice, error) {
		offered = cs
		return []platforms.Choice{cs[0], cs[1]}, nil
	}

	linked, err := e.link(e.authorizer(WithOrganizations(true)), pickMemberAndFirstOrg)

	require.NoError(t, err)
	assert.Equal(t, []platforms.Choice{
		{ID: "urn:li:person:m42", Name: "Bea Durand", Kind: "member"},
		{ID: "urn:li:organization:1001", Name: "Boulangerie Martin", Kind: "organization"},
		{ID: "urn:li:organization:1002", Name: "Atelier Nord", Kind: "organization"},
	}, offered)
	require.Len(t, linked, 2)
	assert.Equal(t, "urn:li:person:m42", linked[0].Account.RemoteID)
	org := linked[1].Account
	assert.Equal(t, "urn:li:organization:1001", org.RemoteID)
	assert.Equal(t, "boulangerie-martin", org.Handle)
	assert.Contains(t, org.Scopes, "w_organization_social")
	assert.Equal(t, linked[0].Secrets, linked[1].Secrets, "both accounts share the sign-in's tokens")
}

func TestLinkChooseNothing(t *testing.T) {
	e := newEnv(t, linkedinfake.App{})
	none := func(context.Context, []platforms.Choice) ([]platforms.Choice, error) { return nil, nil }

	_, err := e.link(e.authorizer(), none)

	assert.Equal(t, platforms.Permanent, asPlatformError(t, err).Kind)
}

func TestLinkRefusals(t *testing.T) {
	tests := []struct {
		name  string
		app   linkedinfake.App
		setup func(*env)
		opts  []Option
		words string
	}{
		{name: "redirect not registered", app: linkedinfake.App{RedirectURIs: []string{"https://example.com/callback"}},
			words: "The redirect_uri does not match the registered value"},
		{name: "scope not in the app's products", app: linkedinfake.App{Scopes: []string{"openid", "profile", "w_member_social"}},
			opts: []Option{WithOrganizations(true)}, words: `Scope "r_organization_social" is not authorized for your application`},
		{name: "member cancels", setup: func(e *env) { e.fake.DenyAuthorization(true) }, words: "The user cancelled the authorization"},
		{name: "wrong client secret", setup: func(e *env) { e.app.ClientSecret = "wrong" }, words: "Client authentication failed"},
		{name: "sunset version", opts: []Option{WithOrganizations(true), WithVersion("202301")}, words: "Requested version 202301 is not active"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.app)
			if tc.setup != nil {
				tc.setup(e)
			}

			_, err := e.link(e.authorizer(tc.opts...), nil)

			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.words)
			assert.NotEqual(t, platforms.Transient, platforms.AsError(model.LinkedIn, err).Kind)
		})
	}
}

func TestLinkNeedsApp(t *testing.T) {
	a := NewAuthorizer(nil)
	_, err := a.Link(context.Background(), platforms.LinkRequest{OpenURL: openInBrowser})
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "client ID and client secret")
}

func TestRefreshWithoutRefreshToken(t *testing.T) {
	e := newEnv(t, linkedinfake.App{})
	linked, err := e.link(e.authorizer(), nil)
	require.NoError(t, err)

	_, err = e.authorizer().Refresh(context.Background(), linked[0].Account, linked[0].Secrets, e.app)

	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.Contains(t, pe.Message, "LinkedIn does not allow refreshing")
	assert.Contains(t, pe.Message, "before 30 January 2027 09:00 UTC")
	assert.Equal(t, 1, e.fake.Calls("POST /oauth/v2/accessToken"), "only the sign-in's exchange reached LinkedIn")
}

func TestRefreshPartner(t *testing.T) {
	e := newEnv(t, linkedinfake.App{Partner: true})
	a := e.authorizer()
	linked, err := e.link(a, nil)
	require.NoError(t, err)
	secrets := linked[0].Secrets
	require.NotEmpty(t, secrets[platforms.SecretRefresh])

	e.clock.Advance(50 * 24 * time.Hour)
	got, err := a.Refresh(context.Background(), linked[0].Account, secrets, e.app)

	require.NoError(t, err)
	assert.NotEqual(t, secrets[platforms.SecretAccess], got.Secrets[platforms.SecretAccess])
	assert.NotContains(t, got.Secrets, platforms.SecretRefresh, "LinkedIn keeps the same refresh token")
	assert.Equal(t, e.clock.Now().Add(60*24*time.Hour), got.ExpiresAt)
	assert.True(t, e.fake.AccessTokenValid(got.Secrets[platforms.SecretAccess]))

	e.clock.Advance(316 * 24 * time.Hour) // 366 days after the first sign-in: refreshing never extended it
	_, err = a.Refresh(context.Background(), linked[0].Account, secrets, e.app)

	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.Contains(t, pe.Message, "The provided refresh token is invalid or has expired")
}

func TestRefreshRevoked(t *testing.T) {
	e := newEnv(t, linkedinfake.App{Partner: true})
	a := e.authorizer()
	linked, err := e.link(a, nil)
	require.NoError(t, err)
	e.fake.RevokeMember(linkedinfake.DefaultMember)

	_, err = a.Refresh(context.Background(), linked[0].Account, linked[0].Secrets, e.app)

	assert.Equal(t, platforms.Auth, asPlatformError(t, err).Kind)
}

func TestRevoke(t *testing.T) {
	e := newEnv(t, linkedinfake.App{})
	a := e.authorizer()
	linked, err := e.link(a, nil)
	require.NoError(t, err)
	token := linked[0].Secrets[platforms.SecretAccess]

	require.NoError(t, a.Revoke(context.Background(), linked[0].Account, linked[0].Secrets, e.app))

	assert.False(t, e.fake.AccessTokenValid(token))
	require.NoError(t, a.Revoke(context.Background(), linked[0].Account, nil, e.app), "nothing to revoke")
	err = a.Revoke(context.Background(), linked[0].Account, linked[0].Secrets, platforms.AppCredentials{ClientID: e.app.ClientID, ClientSecret: "x"})
	assert.Contains(t, err.Error(), "Client authentication failed")
}

func TestUnreachable(t *testing.T) {
	a := NewAuthorizer(nil, WithBaseURL("http://"+fakekit.FreeAddr(t)))
	_, err := a.Refresh(context.Background(), model.Account{}, map[string]string{platforms.SecretRefresh: "r"}, platforms.AppCredentials{ClientID: "c", ClientSecret: "s"})
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.True(t, strings.HasPrefix(pe.Message, "Could not reach LinkedIn"))
}

func TestInfo(t *testing.T) {
	info := NewAuthorizer(nil, WithOrganizations(true)).Info()
	assert.Equal(t, model.LinkedIn, info.Platform)
	assert.Equal(t, "http://127.0.0.1:53685/callback/linkedin", info.RedirectURI)
	assert.Equal(t, []string{"openid", "profile", "w_member_social", "r_organization_social", "w_organization_social", "rw_organization_admin"}, info.Scopes)
	assert.True(t, info.NeedsClientID)
	assert.True(t, info.NeedsSecret)
	assert.Equal(t, "LINKEDIN_CLIENT_ID", info.ClientIDEnv)
	assert.Equal(t, "LINKEDIN_CLIENT_SECRET", info.ClientSecretEnv)
	assert.Contains(t, info.Registration, "HTTPS")
	assert.Contains(t, info.Registration, "Community Management API")
	assert.Equal(t, MemberScopes, NewAuthorizer(nil).Info().Scopes)
}
