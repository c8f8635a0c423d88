package tiktokfake

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/platforms/fakekit"
)

const redirect = "http://127.0.0.1:53686/callback/tiktok"

var verifier = strings.Repeat("v", 50)

type clock = fakekit.Clock

func newFake(t *testing.T) (*Server, *clock) {
	t.Helper()
	c := fakekit.NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	s := New(Options{Now: c.Now})
	t.Cleanup(s.Close)
	require.NoError(t, s.RegisterApp(App{ClientKey: "ck", ClientSecret: "cs", RedirectURIs: []string{redirect}}))
	return s, c
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func authQuery(scope string) url.Values {
	sum := sha256.Sum256([]byte(verifier))
	return url.Values{"client_key": {"ck"}, "response_type": {"code"}, "scope": {scope}, "redirect_uri": {redirect}, "state": {"st"},
		"code_challenge": {hex.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}
}

// authorize returns the redirect's query, or nil and the status of a page.
func authorize(t *testing.T, s *Server, q url.Values) (url.Values, int) {
	t.Helper()
	resp, err := noRedirects.Get(s.URL + "/v2/auth/authorize/?" + q.Encode())
	require.NoError(t, err)
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return nil, resp.StatusCode
	}
	u, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	return u.Query(), resp.StatusCode
}

func newCode(t *testing.T, s *Server, scope string) string {
	t.Helper()
	q, _ := authorize(t, s, authQuery(scope))
	require.NotEmpty(t, q.Get("code"), q)
	return q.Get("code")
}

func exchange(code string) url.Values {
	return url.Values{"client_key": {"ck"}, "client_secret": {"cs"}, "code": {code}, "grant_type": {"authorization_code"},
		"redirect_uri": {redirect}, "code_verifier": {verifier}}
}

func post(t *testing.T, s *Server, path string, form url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := http.PostForm(s.URL+path, form)
	require.NoError(t, err)
	return decode(t, resp)
}

func decode(t *testing.T, resp *http.Response) (int, map[string]any) {
	t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var m map[string]any
	if len(body) > 0 {
		require.NoError(t, json.Unmarshal(body, &m), string(body))
	}
	return resp.StatusCode, m
}

func api(t *testing.T, s *Server, method, path, token string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	return decode(t, resp)
}

func errCode(body map[string]any) any { return body["error"].(map[string]any)["code"] }

func TestRegisterAppRedirectRules(t *testing.T) {
	s, _ := newFake(t)
	for _, bad := range []string{"http://example.com:80/cb", "http://127.0.0.1/cb", "http://127.0.0.1:80/cb?x=1", "ftp://127.0.0.1:21/cb"} {
		assert.Error(t, s.RegisterApp(App{ClientKey: "x", RedirectURIs: []string{bad}}), bad)
	}
	assert.NoError(t, s.RegisterApp(App{ClientKey: "x", RedirectURIs: []string{"http://localhost:*/cb", "https://127.0.0.1:8443/cb"}}))
	assert.True(t, redirectMatches("http://127.0.0.1:*/cb", "http://127.0.0.1:41234/cb"))
	assert.False(t, redirectMatches("http://127.0.0.1:*/cb", "http://127.0.0.1:41234/other"))
	assert.False(t, redirectMatches("http://127.0.0.1:*/cb", "http://localhost:41234/cb"))
}

func TestAuthorizeNeedsClientKeyAndPKCE(t *testing.T) {
	s, _ := newFake(t)
	q := authQuery("user.info.basic")
	q.Set("client_id", q.Get("client_key"))
	q.Del("client_key")
	_, status := authorize(t, s, q)
	assert.Equal(t, http.StatusBadRequest, status, "client_id alone is refused")

	q = authQuery("user.info.basic")
	q.Del("code_challenge")
	got, _ := authorize(t, s, q)
	assert.Equal(t, "invalid_request", got.Get("error"))
	assert.Equal(t, descNoChallenge, got.Get("error_description"))

	q = authQuery("user.info.basic,video.delete")
	got, _ = authorize(t, s, q)
	assert.Equal(t, "invalid_scope", got.Get("error"))
}

func TestTokenRules(t *testing.T) {
	s, clk := newFake(t)

	f := exchange(newCode(t, s, "user.info.basic"))
	f.Set("client_id", "ck")
	f.Del("client_key")
	status, body := post(t, s, "/v2/oauth/token/", f)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "invalid_request", body["error"], "client_id instead of client_key")
	assert.NotEmpty(t, body["log_id"])

	f = exchange(newCode(t, s, "user.info.basic"))
	f.Set("code_verifier", strings.Repeat("w", 50))
	_, body = post(t, s, "/v2/oauth/token/", f)
	assert.Equal(t, "invalid_grant", body["error"], "wrong verifier")
	assert.Equal(t, descBadVerifier, body["error_description"])

	f = exchange(newCode(t, s, "user.info.basic"))
	f.Del("code_verifier")
	_, body = post(t, s, "/v2/oauth/token/", f)
	assert.Equal(t, "invalid_request", body["error"], "missing verifier")

	c := newCode(t, s, "user.info.basic,video.publish")
	status, body = post(t, s, "/v2/oauth/token/", exchange(c))
	require.Equal(t, http.StatusOK, status, body)
	assert.EqualValues(t, 86400, body["expires_in"])
	assert.EqualValues(t, 365*86400, body["refresh_expires_in"])
	assert.Equal(t, DefaultUser, body["open_id"])
	assert.Equal(t, "user.info.basic,video.publish", body["scope"])
	_, again := post(t, s, "/v2/oauth/token/", exchange(c))
	assert.Equal(t, "invalid_grant", again["error"], "codes are single use")

	c = newCode(t, s, "user.info.basic")
	clk.Advance(11 * time.Minute)
	_, body = post(t, s, "/v2/oauth/token/", exchange(c))
	assert.Equal(t, "invalid_grant", body["error"], "codes expire")
}

func TestRefreshRotationAndDeadline(t *testing.T) {
	s, clk := newFake(t)
	_, body := post(t, s, "/v2/oauth/token/", exchange(newCode(t, s, "user.info.basic")))
	first := body["refresh_token"].(string)
	refresh := func(rt string) (int, map[string]any) {
		return post(t, s, "/v2/oauth/token/", url.Values{"client_key": {"ck"}, "client_secret": {"cs"}, "grant_type": {"refresh_token"}, "refresh_token": {rt}})
	}

	clk.Advance(100 * 24 * time.Hour)
	status, body := refresh(first)
	require.Equal(t, http.StatusOK, status, body)
	second := body["refresh_token"].(string)
	assert.NotEqual(t, first, second)
	assert.EqualValues(t, 265*86400, body["refresh_expires_in"], "the 365-day deadline is not reset")

	_, body = refresh(first)
	assert.Equal(t, "invalid_grant", body["error"], "the old refresh token is dead")

	clk.Advance(266 * 24 * time.Hour)
	_, body = refresh(second)
	assert.Equal(t, "invalid_grant", body["error"], "past the deadline")
}

func TestAPIRules(t *testing.T) {
	s, clk := newFake(t)
	_, body := post(t, s, "/v2/oauth/token/", exchange(newCode(t, s, "user.info.basic")))
	token := body["access_token"].(string)

	status, body := api(t, s, http.MethodGet, "/v2/user/info/?fields=open_id,display_name", token)
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, "ok", errCode(body))
	assert.Equal(t, DefaultUser, body["data"].(map[string]any)["user"].(map[string]any)["open_id"])

	status, body = api(t, s, http.MethodGet, "/v2/user/info/?fields=open_id,follower_count", token)
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "scope_not_authorized", errCode(body))

	status, body = api(t, s, http.MethodPost, "/v2/post/publish/creator_info/query/", token)
	assert.Equal(t, http.StatusUnauthorized, status, "creator_info needs video.publish")
	assert.Equal(t, "scope_not_authorized", errCode(body))

	clk.Advance(24 * time.Hour)
	status, body = api(t, s, http.MethodGet, "/v2/user/info/?fields=open_id", token)
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "access_token_invalid", errCode(body))
	assert.Equal(t, map[string]any{}, body["data"])
}

func TestRevokeEndsTheAuthorization(t *testing.T) {
	s, _ := newFake(t)
	_, body := post(t, s, "/v2/oauth/token/", exchange(newCode(t, s, "user.info.basic")))
	token, rt := body["access_token"].(string), body["refresh_token"].(string)

	status, _ := post(t, s, "/v2/oauth/revoke/", url.Values{"client_key": {"ck"}, "client_secret": {"cs"}, "token": {token}})

	assert.Equal(t, http.StatusOK, status)
	assert.False(t, s.AccessTokenValid(token))
	_, body = post(t, s, "/v2/oauth/token/", url.Values{"client_key": {"ck"}, "client_secret": {"cs"}, "grant_type": {"refresh_token"}, "refresh_token": {rt}})
	assert.Equal(t, "invalid_grant", body["error"])
}
