package xcomfake

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/platforms/fakekit"
)

const (
	publicID  = "public-client"
	confID    = "conf-client"
	confSec   = "conf-secret"
	redirect  = "http://127.0.0.1:53682/callback/twitter"
	verifier  = "a-verifier-of-at-least-43-characters-0123456789abcdef"
	allScopes = "tweet.read tweet.write users.read media.write offline.access"
)

type testClock = fakekit.Clock

func newFake(t *testing.T, opts Options) (*Server, *testClock) {
	t.Helper()
	clock := fakekit.NewClock(time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	opts.Now = clock.Now
	s := New(opts)
	t.Cleanup(s.Close)
	s.RegisterApp(App{ClientID: publicID, RedirectURIs: []string{redirect}})
	s.RegisterApp(App{ClientID: confID, ClientSecret: confSec, RedirectURIs: []string{redirect}})
	return s, clock
}

// answer is a fake's answer as the tests read it.
type answer struct{ fakekit.Answer }

func do(t *testing.T, req *http.Request) answer {
	t.Helper()
	return answer{fakekit.Do(t, req)}
}

func challenge(v string) string {
	sum := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func authQuery(clientID string) url.Values {
	return url.Values{"response_type": {"code"}, "client_id": {clientID}, "redirect_uri": {redirect},
		"scope": {allScopes}, "state": {"st"}, "code_challenge": {challenge(verifier)}, "code_challenge_method": {"S256"}}
}

func authorize(t *testing.T, s *Server, q url.Values) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+"/i/oauth2/authorize?"+q.Encode(), nil)
	require.NoError(t, err)
	return do(t, req)
}

// code authorizes and returns the code from the redirect.
func code(t *testing.T, s *Server, q url.Values) string {
	t.Helper()
	a := authorize(t, s, q)
	require.Equal(t, http.StatusFound, a.Status, string(a.Body))
	loc, err := url.Parse(a.Header.Get("Location"))
	require.NoError(t, err)
	require.NotEmpty(t, loc.Query().Get("code"), loc.String())
	return loc.Query().Get("code")
}

// post sends a form; basic is "id:secret" or "".
func post(t *testing.T, u string, form url.Values, basic string) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if id, sec, ok := strings.Cut(basic, ":"); ok {
		req.SetBasicAuth(id, sec)
	}
	return do(t, req)
}

func exchange(t *testing.T, s *Server, c string, extra url.Values, basic string) answer {
	t.Helper()
	form := url.Values{"grant_type": {"authorization_code"}, "code": {c}, "redirect_uri": {redirect}, "code_verifier": {verifier}}
	if basic == "" {
		form.Set("client_id", publicID)
	}
	for k, v := range extra {
		form[k] = v
	}
	return post(t, s.URL+"/2/oauth2/token", form, basic)
}

func refresh(t *testing.T, s *Server, rt string) answer {
	t.Helper()
	return post(t, s.URL+"/2/oauth2/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {publicID}}, "")
}

func me(t *testing.T, s *Server, token string) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+"/2/users/me?user.fields=profile_image_url", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	return do(t, req)
}

func assertOAuthError(t *testing.T, a answer, status int, code, desc string) {
	t.Helper()
	assert.Equal(t, status, a.Status, string(a.Body))
	assert.Equal(t, map[string]any{"error": code, "error_description": desc}, a.JSON(t))
}

func TestAuthorizeRefusesUnknownClientAndRedirect(t *testing.T) {
	s, _ := newFake(t, Options{})
	q := authQuery("nobody")
	a := authorize(t, s, q)
	assert.Equal(t, http.StatusBadRequest, a.Status)
	assert.Empty(t, a.Header.Get("Location"))

	for _, r := range []string{"http://127.0.0.1:53683/callback/twitter", "http://127.0.0.1:53682/callback/twitter/", "http://localhost:53682/callback/twitter"} {
		q = authQuery(publicID)
		q.Set("redirect_uri", r)
		a = authorize(t, s, q)
		assert.Equal(t, http.StatusBadRequest, a.Status, r)
		assert.Empty(t, a.Header.Get("Location"), "no redirect to an unregistered URI")
		assert.Contains(t, string(a.Body), "give access to the App")
	}
}

func TestAuthorizeValidation(t *testing.T) {
	s, _ := newFake(t, Options{})
	tests := []struct {
		name        string
		edit        func(url.Values)
		code, words string
	}{
		{"no PKCE", func(q url.Values) { q.Del("code_challenge") }, "invalid_request", "Missing required parameter [code_challenge]."},
		{"no method", func(q url.Values) { q.Del("code_challenge_method") }, "invalid_request", "Missing required parameter [code_challenge_method]."},
		{"bad method", func(q url.Values) { q.Set("code_challenge_method", "S512") }, "invalid_request", descBadMethod},
		{"no state", func(q url.Values) { q.Del("state") }, "invalid_request", "Missing required parameter [state]."},
		{"long state", func(q url.Values) { q.Set("state", strings.Repeat("s", 501)) }, "invalid_request", descBadState},
		{"unknown scope", func(q url.Values) { q.Set("scope", "tweet.read write") }, "invalid_scope", descBadScope},
		{"token response type", func(q url.Values) { q.Set("response_type", "token") }, "unsupported_response_type", descBadRespType},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := authQuery(publicID)
			tc.edit(q)
			a := authorize(t, s, q)
			require.Equal(t, http.StatusFound, a.Status)
			loc, err := url.Parse(a.Header.Get("Location"))
			require.NoError(t, err)
			assert.Equal(t, tc.code, loc.Query().Get("error"))
			assert.Equal(t, tc.words, loc.Query().Get("error_description"))
			assert.Empty(t, loc.Query().Get("code"))
		})
	}
	s.SetDeny(true)
	loc, _ := url.Parse(authorize(t, s, authQuery(publicID)).Header.Get("Location"))
	assert.Equal(t, "access_denied", loc.Query().Get("error"))
	assert.Equal(t, "st", loc.Query().Get("state"))
}

func TestCodeExchangeRules(t *testing.T) {
	s, clock := newFake(t, Options{})
	c := code(t, s, authQuery(publicID))
	assertOAuthError(t, exchange(t, s, c, url.Values{"code_verifier": {"wrong-verifier"}}, ""), 400, "invalid_request", descBadVerifier)
	assertOAuthError(t, exchange(t, s, c, url.Values{"code_verifier": {""}}, ""), 400, "invalid_request", "Missing required parameter [code_verifier].")
	assertOAuthError(t, exchange(t, s, c, url.Values{"redirect_uri": {redirect + "/"}}, ""), 400, "invalid_request", descBadRedirect)

	ok := exchange(t, s, c, nil, "")
	require.Equal(t, http.StatusOK, ok.Status, string(ok.Body))
	tok := ok.JSON(t)
	assert.Equal(t, "bearer", tok["token_type"])
	assert.EqualValues(t, 7200, tok["expires_in"])
	assert.Equal(t, allScopes, tok["scope"])
	assert.NotEmpty(t, tok["refresh_token"])
	assertOAuthError(t, exchange(t, s, c, nil, ""), 400, "invalid_request", descBadCode) // single use

	c = code(t, s, authQuery(publicID))
	clock.Advance(31 * time.Second)
	assertOAuthError(t, exchange(t, s, c, nil, ""), 400, "invalid_request", descBadCode) // 30 s

	c = code(t, s, authQuery(publicID))
	clock.Advance(29 * time.Second)
	assert.Equal(t, http.StatusOK, exchange(t, s, c, nil, "").Status)
}

func TestPlainPKCEAndNoOfflineAccess(t *testing.T) {
	s, _ := newFake(t, Options{})
	q := authQuery(publicID)
	q.Set("code_challenge_method", "plain")
	q.Set("code_challenge", verifier)
	q.Set("scope", "tweet.read users.read")
	a := exchange(t, s, code(t, s, q), nil, "")
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	assert.NotContains(t, a.JSON(t), "refresh_token", "refresh tokens only with offline.access")
}

func TestClientAuthentication(t *testing.T) {
	s, _ := newFake(t, Options{})
	form := func() url.Values {
		return url.Values{"grant_type": {"authorization_code"}, "code": {code(t, s, authQuery(confID))}, "redirect_uri": {redirect}, "code_verifier": {verifier}}
	}
	tokenURL := s.URL + "/2/oauth2/token"

	noBasic := form()
	noBasic.Set("client_id", confID)
	assertOAuthError(t, post(t, tokenURL, noBasic, ""), 401, "unauthorized_client", descNoBasic)
	assertOAuthError(t, post(t, tokenURL, form(), confID+":wrong"), 401, "unauthorized_client", descNoBasic)
	assert.Equal(t, http.StatusOK, post(t, tokenURL, form(), confID+":"+confSec).Status)

	pub := url.Values{"grant_type": {"authorization_code"}, "code": {code(t, s, authQuery(publicID))}, "redirect_uri": {redirect}, "code_verifier": {verifier}}
	assertOAuthError(t, post(t, tokenURL, pub, ""), 400, "invalid_request", "Missing required parameter [client_id].")
	assertOAuthError(t, post(t, tokenURL, pub, publicID+":"), 401, "unauthorized_client", descNoBasic)
	pub.Set("client_id", confID)
	assertOAuthError(t, post(t, tokenURL, pub, ""), 401, "unauthorized_client", descNoBasic)
	pub.Set("client_id", publicID)
	assert.Equal(t, http.StatusOK, post(t, tokenURL, pub, "").Status)

	req, err := http.NewRequest(http.MethodPost, tokenURL, strings.NewReader(`{"grant_type":"refresh_token"}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	assertOAuthError(t, do(t, req), 400, "invalid_request", descContentType)
	assertOAuthError(t, post(t, tokenURL, url.Values{"grant_type": {"password"}, "client_id": {publicID}}, ""), 400, "invalid_request", descBadGrantType)
}

func TestRefreshRotationAndFamilyRevocation(t *testing.T) {
	s, _ := newFake(t, Options{})
	access0, rt0 := s.IssueTokens(publicID, "alice", strings.Fields(allScopes)...)
	first := refresh(t, s, rt0)
	require.Equal(t, http.StatusOK, first.Status, string(first.Body))
	rt1, access1 := first.JSON(t)["refresh_token"].(string), first.JSON(t)["access_token"].(string)
	require.NotEqual(t, rt0, rt1)
	assert.Equal(t, http.StatusOK, me(t, s, access1).Status)

	assertOAuthError(t, refresh(t, s, rt0), 400, "invalid_request", descBadToken)
	assertOAuthError(t, refresh(t, s, rt1), 400, "invalid_request", descBadToken) // family dead
	assert.Equal(t, http.StatusUnauthorized, me(t, s, access1).Status)
	assert.Equal(t, http.StatusUnauthorized, me(t, s, access0).Status)
	assert.Equal(t, 3, s.Calls(RouteToken))
}

func TestRefreshReuseCanSpareFamily(t *testing.T) {
	s, _ := newFake(t, Options{SpareFamilyOnReuse: true})
	_, rt0 := s.IssueTokens(publicID, "alice", strings.Fields(allScopes)...)
	rt1 := refresh(t, s, rt0).JSON(t)["refresh_token"].(string)
	assertOAuthError(t, refresh(t, s, rt0), 400, "invalid_request", descBadToken)
	assert.Equal(t, http.StatusOK, refresh(t, s, rt1).Status)
}

func TestRefreshOtherClientAndExpiry(t *testing.T) {
	s, clock := newFake(t, Options{RefreshTTL: 24 * time.Hour})
	_, rt := s.IssueTokens(confID, "alice", strings.Fields(allScopes)...)
	assertOAuthError(t, refresh(t, s, rt), 400, "invalid_request", descBadToken) // issued to another client
	clock.Advance(25 * time.Hour)
	a := post(t, s.URL+"/2/oauth2/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}, confID+":"+confSec)
	assertOAuthError(t, a, 400, "invalid_request", descBadToken)
}

func TestAccessTokenExpiresAfterTwoHours(t *testing.T) {
	s, clock := newFake(t, Options{})
	access, _ := s.IssueTokens(publicID, "alice", strings.Fields(allScopes)...)
	clock.Advance(2*time.Hour - time.Second)
	assert.Equal(t, http.StatusOK, me(t, s, access).Status)
	clock.Advance(time.Second)
	a := me(t, s, access)
	assert.Equal(t, http.StatusUnauthorized, a.Status)
	assert.Equal(t, "application/problem+json", a.Header.Get("Content-Type"))
	assert.Equal(t, map[string]any{"title": "Unauthorized", "detail": "Unauthorized", "type": "about:blank", "status": 401.0}, a.JSON(t))
}

func TestRevoke(t *testing.T) {
	s, _ := newFake(t, Options{})
	access, rt := s.IssueTokens(publicID, "alice", strings.Fields(allScopes)...)
	revokeURL := s.URL + "/2/oauth2/revoke"
	a := post(t, revokeURL, url.Values{"token": {access}, "client_id": {publicID}}, "")
	require.Equal(t, http.StatusOK, a.Status)
	assert.Equal(t, map[string]any{"revoked": true}, a.JSON(t))
	assert.Equal(t, http.StatusUnauthorized, me(t, s, access).Status)
	assert.Equal(t, http.StatusOK, refresh(t, s, rt).Status, "revoking an access token leaves the refresh token")

	access, rt = s.IssueTokens(publicID, "alice", strings.Fields(allScopes)...)
	require.Equal(t, http.StatusOK, post(t, revokeURL, url.Values{"token": {rt}, "client_id": {publicID}}, "").Status)
	assert.Equal(t, http.StatusUnauthorized, me(t, s, access).Status, "revoking a refresh token ends the grant")
	assert.Equal(t, http.StatusOK, post(t, revokeURL, url.Values{"token": {"unknown"}, "client_id": {publicID}}, "").Status)
	assertOAuthError(t, post(t, revokeURL, url.Values{"token": {"x"}, "client_id": {confID}}, ""), 401, "unauthorized_client", descNoBasic)
}

func TestUsersMe(t *testing.T) {
	s, _ := newFake(t, Options{})
	u := s.AddUser(User{Username: "bob", Name: "Bob B."})
	access, _ := s.IssueTokens(publicID, "bob", strings.Fields(allScopes)...)
	a := me(t, s, access)
	require.Equal(t, http.StatusOK, a.Status)
	assert.Equal(t, map[string]any{"data": map[string]any{"id": u.ID, "name": "Bob B.", "username": "bob", "profile_image_url": u.ProfileImageURL}}, a.JSON(t))
	assert.Equal(t, "74", a.Header.Get("X-Rate-Limit-Remaining"))
	assert.NotEmpty(t, a.Header.Get("X-Rate-Limit-Reset"))

	noScope, _ := s.IssueTokens(publicID, "bob", "tweet.read")
	assert.Equal(t, http.StatusForbidden, me(t, s, noScope).Status)

	req, err := http.NewRequest(http.MethodGet, s.URL+"/2/users/me?user.fields=shoe_size", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+access)
	bad := do(t, req)
	assert.Equal(t, http.StatusBadRequest, bad.Status)
	assert.Equal(t, "Invalid Request", bad.JSON(t)["title"])
	assert.NotEmpty(t, bad.JSON(t)["errors"])
}

func TestUsersMeRateLimit(t *testing.T) {
	s, _ := newFake(t, Options{})
	access, _ := s.IssueTokens(publicID, "alice", strings.Fields(allScopes)...)
	for range usersMeLimit {
		require.Equal(t, http.StatusOK, me(t, s, access).Status)
	}
	a := me(t, s, access)
	assert.Equal(t, http.StatusTooManyRequests, a.Status)
	assert.Equal(t, "0", a.Header.Get("X-Rate-Limit-Remaining"))
}
