package mastodonfake

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

type registered struct{ id, secret string }

func registerApp(t *testing.T, s *Server, redirect, scopes string) registered {
	t.Helper()
	a := postForm(t, s.URL+"/api/v1/apps", "", url.Values{"client_name": {"Test"}, "redirect_uris": {redirect}, "scopes": {scopes}}, nil)
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	m := a.JSON(t)
	assert.EqualValues(t, 0, m["client_secret_expires_at"])
	return registered{m["client_id"].(string), m["client_secret"].(string)}
}

func authorizeURL(s *Server, app registered, redirect, scope string, extra url.Values) string {
	q := url.Values{"response_type": {"code"}, "client_id": {app.id}, "redirect_uri": {redirect}, "scope": {scope}, "state": {"st"}}
	for k, v := range extra {
		q[k] = v
	}
	return s.URL + "/oauth/authorize?" + q.Encode()
}

func TestAppRegistrationRules(t *testing.T) {
	s := newFake(t, Options{})
	tests := []struct {
		name string
		form url.Values
		want string
	}{
		{"no name", url.Values{"redirect_uris": {"http://127.0.0.1/cb"}}, "Validation failed: Application name can't be blank"},
		{"no redirect", url.Values{"client_name": {"x"}}, "Validation failed: Redirect URI can't be blank"},
		{"relative redirect", url.Values{"client_name": {"x"}, "redirect_uris": {"/cb"}}, "Validation failed: Redirect URI must be an absolute URI."},
		{"unknown scope", url.Values{"client_name": {"x"}, "redirect_uris": {"http://127.0.0.1/cb"}, "scopes": {"read write:everything"}}, "Validation failed: Scopes doesn't match configured on the server."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := postForm(t, s.URL+"/api/v1/apps", "", tc.form, nil)
			assert.Equal(t, http.StatusUnprocessableEntity, a.Status)
			assert.Equal(t, tc.want, a.errorText(t))
		})
	}
}

func TestAuthorizeRedirectAndScopeRules(t *testing.T) {
	s := newFake(t, Options{})
	app := registerApp(t, s, "http://127.0.0.1/callback", "read:accounts write:statuses")
	tests := []struct {
		name, redirect, scope string
		wantStatus            int
		wantError             string // error param in the redirect
	}{
		{"loopback port ignored", "http://127.0.0.1:45678/callback", "write:statuses", http.StatusFound, ""},
		{"exact", "http://127.0.0.1/callback", "read:accounts write:statuses", http.StatusFound, ""},
		{"localhost is not a loopback IP", "http://localhost:45678/callback", "write:statuses", http.StatusBadRequest, ""},
		{"other path", "http://127.0.0.1:45678/other", "write:statuses", http.StatusBadRequest, ""},
		{"scope not registered", "http://127.0.0.1:1/callback", "write:statuses write:media", http.StatusFound, "invalid_scope"},
		{"default scope read not registered", "http://127.0.0.1:1/callback", "", http.StatusFound, "invalid_scope"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := get(t, authorizeURL(s, app, tc.redirect, tc.scope, nil), "")
			require.Equal(t, tc.wantStatus, a.Status, string(a.Body))
			if tc.wantStatus != http.StatusFound {
				assert.Contains(t, string(a.Body), "The redirect uri included is not valid.")
				return
			}
			loc, err := url.Parse(a.Header.Get("Location"))
			require.NoError(t, err)
			assert.Equal(t, "st", loc.Query().Get("state"))
			assert.Equal(t, tc.wantError, loc.Query().Get("error"))
			if tc.wantError == "" {
				assert.NotEmpty(t, loc.Query().Get("code"))
				assert.Equal(t, tc.redirect, loc.Scheme+"://"+loc.Host+loc.Path)
			}
		})
	}
}

func TestAuthorizeDenied(t *testing.T) {
	s := newFake(t, Options{})
	app := registerApp(t, s, "http://127.0.0.1/callback", "read")
	s.DenyAuthorization(true)
	a := get(t, authorizeURL(s, app, "http://127.0.0.1:9/callback", "read", nil), "")
	loc, _ := url.Parse(a.Header.Get("Location"))
	assert.Equal(t, "access_denied", loc.Query().Get("error"))
}

// codeFor authorizes with a PKCE challenge and returns the code.
func codeFor(t *testing.T, s *Server, app registered, redirect, verifier string) string {
	t.Helper()
	extra := url.Values{"code_challenge": {oauth2.S256ChallengeFromVerifier(verifier)}, "code_challenge_method": {"S256"}}
	a := get(t, authorizeURL(s, app, redirect, "read", extra), "")
	require.Equal(t, http.StatusFound, a.Status, string(a.Body))
	loc, _ := url.Parse(a.Header.Get("Location"))
	return loc.Query().Get("code")
}

func TestTokenRules(t *testing.T) {
	s := newFake(t, Options{})
	const redirect = "http://127.0.0.1:5555/callback"
	app := registerApp(t, s, "http://127.0.0.1/callback", "read write")
	verifier := oauth2.GenerateVerifier()
	code := codeFor(t, s, app, redirect, verifier)
	exchange := func(secret, verifier string) answer {
		return postForm(t, s.URL+"/oauth/token", "", url.Values{"grant_type": {"authorization_code"}, "code": {code},
			"client_id": {app.id}, "client_secret": {secret}, "redirect_uri": {redirect}, "code_verifier": {verifier}}, nil)
	}

	a := exchange("", verifier)
	assert.Equal(t, http.StatusUnauthorized, a.Status)
	assert.Equal(t, "invalid_client", a.errorText(t))

	a = exchange(app.secret, oauth2.GenerateVerifier())
	assert.Equal(t, http.StatusBadRequest, a.Status)
	assert.Equal(t, "invalid_grant", a.errorText(t))

	a = exchange(app.secret, "")
	assert.Equal(t, "invalid_grant", a.errorText(t), "a challenge was sent, so a verifier is required")

	a = exchange(app.secret, verifier)
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	tok := a.JSON(t)
	assert.Equal(t, "Bearer", tok["token_type"])
	assert.Equal(t, "read", tok["scope"])
	assert.NotContains(t, tok, "expires_in")
	assert.NotContains(t, tok, "refresh_token")
	assert.Equal(t, http.StatusOK, get(t, s.URL+"/api/v1/accounts/verify_credentials", tok["access_token"].(string)).Status)

	a = exchange(app.secret, verifier)
	assert.Equal(t, "invalid_grant", a.errorText(t), "codes are single-use")
}

func TestTokenRequiresSameRedirect(t *testing.T) {
	s := newFake(t, Options{})
	app := registerApp(t, s, "http://127.0.0.1/callback", "read")
	code := codeFor(t, s, app, "http://127.0.0.1:1111/callback", "v")
	a := postForm(t, s.URL+"/oauth/token", "", url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"client_id": {app.id}, "client_secret": {app.secret}, "redirect_uri": {"http://127.0.0.1:2222/callback"}, "code_verifier": {"v"}}, nil)
	assert.Equal(t, "invalid_grant", a.errorText(t))
}

func TestRevokedTokenIsRefused(t *testing.T) {
	s := newFake(t, Options{})
	tok := s.IssueToken("alice")
	require.Equal(t, http.StatusOK, get(t, s.URL+"/api/v1/accounts/verify_credentials", tok).Status)

	s.RevokeToken(tok)

	a := get(t, s.URL+"/api/v1/accounts/verify_credentials", tok)
	assert.Equal(t, http.StatusUnauthorized, a.Status)
	assert.Equal(t, "The access token is invalid", a.errorText(t))
}

func TestRevokeEndpoint(t *testing.T) {
	s := newFake(t, Options{})
	app := registerApp(t, s, "http://127.0.0.1/callback", "read")
	code := codeFor(t, s, app, "http://127.0.0.1:1/callback", "verifier")
	a := postForm(t, s.URL+"/oauth/token", "", url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"client_id": {app.id}, "client_secret": {app.secret}, "redirect_uri": {"http://127.0.0.1:1/callback"}, "code_verifier": {"verifier"}}, nil)
	tok := a.JSON(t)["access_token"].(string)

	bad := postForm(t, s.URL+"/oauth/revoke", "", url.Values{"client_id": {app.id}, "token": {tok}}, nil)
	assert.Equal(t, http.StatusUnauthorized, bad.Status)
	ok := postForm(t, s.URL+"/oauth/revoke", "", url.Values{"client_id": {app.id}, "client_secret": {app.secret}, "token": {tok}}, nil)
	assert.Equal(t, http.StatusOK, ok.Status)
	assert.Equal(t, http.StatusUnauthorized, get(t, s.URL+"/api/v1/accounts/verify_credentials", tok).Status)
}

func TestScopesAreEnforced(t *testing.T) {
	s := newFake(t, Options{})
	tok := s.IssueTokenScopes("alice", "read")
	a := postStatus(t, s, tok, url.Values{"status": {"hi"}}, "")
	assert.Equal(t, http.StatusForbidden, a.Status)
	assert.Equal(t, "This action is outside the authorized scopes", a.errorText(t))
}
