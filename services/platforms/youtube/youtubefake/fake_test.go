package youtubefake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"webox-social/services/platforms/fakekit"
)

const (
	upload   = "https://www.googleapis.com/auth/youtube.upload"
	readonly = "https://www.googleapis.com/auth/youtube.readonly"
	loopback = "http://127.0.0.1:53682/"
)

type testClock = fakekit.Clock

func newFake(t *testing.T, opts Options) (*Server, *testClock) {
	t.Helper()
	c := fakekit.NewClock(time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	opts.Now = c.Now
	s := New(opts)
	t.Cleanup(s.Close)
	return s, c
}

// answer is a fake's answer, with this package's readers of its error shapes.
type answer struct{ fakekit.Answer }

// oauthError returns error and error_description of a token endpoint answer.
func (a answer) oauthError(t *testing.T) (string, string) {
	t.Helper()
	m := a.JSON(t)
	code, _ := m["error"].(string)
	desc, _ := m["error_description"].(string)
	return code, desc
}

// apiReason returns error.errors[0].reason and error.message of an API answer.
func (a answer) apiReason(t *testing.T) (string, string) {
	t.Helper()
	var g struct {
		Error struct {
			Code    int
			Message string
			Status  string
			Errors  []struct{ Reason, Domain, Message string }
		}
	}
	require.NoError(t, json.Unmarshal(a.Body, &g), string(a.Body))
	require.Equal(t, a.Status, g.Error.Code)
	require.NotEmpty(t, g.Error.Errors)
	return g.Error.Errors[0].Reason, g.Error.Message
}

func do(t *testing.T, method, u, token string, form url.Values) answer {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	require.NoError(t, err)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return answer{fakekit.Do(t, req)}
}

func authParams(app App, redirect string, extra url.Values) url.Values {
	q := url.Values{"response_type": {"code"}, "client_id": {app.ClientID}, "redirect_uri": {redirect},
		"scope": {upload + " " + readonly}, "state": {"st"}, "access_type": {"offline"}}
	for k, v := range extra {
		q[k] = v
	}
	return q
}

func authorize(t *testing.T, s *Server, q url.Values) answer {
	t.Helper()
	return do(t, http.MethodGet, s.URL+AuthPath+"?"+q.Encode(), "", nil)
}

// codeFor authorizes with an S256 challenge for verifier and returns the code.
func codeFor(t *testing.T, s *Server, app App, redirect, verifier string, extra url.Values) string {
	t.Helper()
	if extra == nil {
		extra = url.Values{}
	}
	extra.Set("code_challenge", oauth2.S256ChallengeFromVerifier(verifier))
	extra.Set("code_challenge_method", "S256")
	a := authorize(t, s, authParams(app, redirect, extra))
	require.Equal(t, http.StatusFound, a.Status, string(a.Body))
	loc, err := url.Parse(a.Header.Get("Location"))
	require.NoError(t, err)
	return loc.Query().Get("code")
}

func exchange(t *testing.T, s *Server, app App, code, redirect, verifier string) answer {
	t.Helper()
	return do(t, http.MethodPost, s.URL+TokenPath, "", url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"client_id": {app.ClientID}, "client_secret": {app.ClientSecret}, "redirect_uri": {redirect}, "code_verifier": {verifier}})
}

func refresh(t *testing.T, s *Server, app App, token string) answer {
	t.Helper()
	return do(t, http.MethodPost, s.URL+TokenPath, "", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {token},
		"client_id": {app.ClientID}, "client_secret": {app.ClientSecret}})
}

// tokens runs a whole authorization and returns the token answer's fields.
func tokens(t *testing.T, s *Server, app App, extra url.Values) map[string]any {
	t.Helper()
	code := codeFor(t, s, app, loopback, "verifier-123", extra)
	a := exchange(t, s, app, code, loopback, "verifier-123")
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	return a.JSON(t)
}

func TestAuthorizeRules(t *testing.T) {
	s, _ := newFake(t, Options{RequirePKCE: true})
	desktop := s.RegisterApp(App{})
	web := s.RegisterApp(App{Type: Web, RedirectURIs: []string{"https://app.example.com/cb"}})
	pkce := url.Values{"code_challenge": {"abc"}, "code_challenge_method": {"S256"}}
	with := func(k, v string) url.Values {
		q := url.Values{"code_challenge": {"abc"}, "code_challenge_method": {"S256"}}
		q.Set(k, v)
		return q
	}
	tests := []struct {
		name     string
		q        url.Values
		status   int
		wantPage string // on the error page
	}{
		{"desktop, loopback any port", authParams(desktop, "http://127.0.0.1:40001/", pkce), http.StatusFound, ""},
		{"desktop, other path", authParams(desktop, "http://127.0.0.1:40002/callback/youtube", pkce), http.StatusFound, ""},
		{"desktop, IPv6 loopback", authParams(desktop, "http://[::1]:40003/", pkce), http.StatusFound, ""},
		{"desktop, localhost", authParams(desktop, "http://localhost:40004/", pkce), http.StatusFound, ""},
		{"desktop, https", authParams(desktop, "https://127.0.0.1:40005/", pkce), http.StatusBadRequest, "redirect_uri_mismatch"},
		{"desktop, not loopback", authParams(desktop, "http://192.168.1.2:40006/", pkce), http.StatusBadRequest, "redirect_uri_mismatch"},
		{"desktop, no port", authParams(desktop, "http://127.0.0.1/", pkce), http.StatusFound, ""},
		{"desktop, fragment", authParams(desktop, "http://127.0.0.1:40007/#x", pkce), http.StatusBadRequest, "redirect_uri_mismatch"},
		{"web, exact", authParams(web, "https://app.example.com/cb", pkce), http.StatusFound, ""},
		{"web, loopback", authParams(web, loopback, pkce), http.StatusBadRequest, "redirect_uri_mismatch"},
		{"unknown client", authParams(App{ClientID: "nope"}, loopback, pkce), http.StatusUnauthorized, "The OAuth client was not found."},
		{"no redirect", authParams(desktop, "", pkce), http.StatusBadRequest, "Missing required parameter: redirect_uri"},
		{"no scope", authParams(desktop, loopback, with("scope", "")), http.StatusBadRequest, "Missing required parameter: scope"},
		{"unknown scope", authParams(desktop, loopback, with("scope", upload+" youtube.everything")), http.StatusBadRequest, "invalid_scope"},
		{"token response type", authParams(desktop, loopback, with("response_type", "token")), http.StatusBadRequest, "Invalid response_type"},
		{"bad access_type", authParams(desktop, loopback, with("access_type", "forever")), http.StatusBadRequest, "Invalid access_type"},
		{"bad challenge method", authParams(desktop, loopback, with("code_challenge_method", "S512")), http.StatusBadRequest, "Invalid code_challenge_method"},
		{"no challenge", authParams(desktop, loopback, nil), http.StatusBadRequest, "Missing required parameter: code_challenge"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := authorize(t, s, tc.q)
			require.Equal(t, tc.status, a.Status, string(a.Body))
			if tc.status != http.StatusFound {
				assert.Contains(t, string(a.Body), tc.wantPage)
				assert.Empty(t, a.Header.Get("Location"), "request errors are shown, not redirected")
				return
			}
			loc, err := url.Parse(a.Header.Get("Location"))
			require.NoError(t, err)
			assert.Equal(t, tc.q.Get("redirect_uri"), loc.Scheme+"://"+loc.Host+loc.Path)
			assert.Equal(t, "st", loc.Query().Get("state"))
			assert.NotEmpty(t, loc.Query().Get("code"))
			assert.Equal(t, upload+" "+readonly, loc.Query().Get("scope"))
		})
	}
	assert.Equal(t, len(tests), s.Calls("authorize"))
}

func TestAuthorizeDeniedRedirectsWithError(t *testing.T) {
	s, _ := newFake(t, Options{})
	app := s.RegisterApp(App{})
	s.DenyAuthorization(true)
	a := authorize(t, s, authParams(app, loopback, nil))
	require.Equal(t, http.StatusFound, a.Status)
	loc, _ := url.Parse(a.Header.Get("Location"))
	assert.Equal(t, "access_denied", loc.Query().Get("error"))
	assert.Equal(t, "st", loc.Query().Get("state"))
	assert.Empty(t, loc.Query().Get("code"))
}

func TestTokenExchangeRules(t *testing.T) {
	s, clock := newFake(t, Options{})
	app := s.RegisterApp(App{})
	const verifier = "a-verifier-long-enough-for-pkce-0123456789abcdef"
	tests := []struct {
		name       string
		mutate     func(form url.Values)
		advance    time.Duration
		status     int
		code, desc string
	}{
		{"missing secret", func(f url.Values) { f.Del("client_secret") }, 0, 400, "invalid_request", "client_secret is missing."},
		{"wrong secret", func(f url.Values) { f.Set("client_secret", "GOCSPX-x") }, 0, 401, "invalid_client", "Unauthorized"},
		{"unknown client", func(f url.Values) { f.Set("client_id", "x.apps.googleusercontent.com") }, 0, 401, "invalid_client", "The OAuth client was not found."},
		{"missing verifier", func(f url.Values) { f.Del("code_verifier") }, 0, 400, "invalid_grant", "Missing code verifier."},
		{"wrong verifier", func(f url.Values) { f.Set("code_verifier", "another-verifier") }, 0, 400, "invalid_grant", "Invalid code verifier."},
		{"other redirect", func(f url.Values) { f.Set("redirect_uri", "http://127.0.0.1:1/") }, 0, 400, "redirect_uri_mismatch", "Bad Request"},
		{"expired code", nil, 11 * time.Minute, 400, "invalid_grant", "Bad Request"},
		{"missing code", func(f url.Values) { f.Del("code") }, 0, 400, "invalid_request", "Missing required parameter: code"},
		{"bad grant type", func(f url.Values) { f.Set("grant_type", "password") }, 0, 400, "unsupported_grant_type", "Invalid grant_type: password"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code := codeFor(t, s, app, loopback, verifier, nil)
			clock.Advance(tc.advance)
			form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {app.ClientID},
				"client_secret": {app.ClientSecret}, "redirect_uri": {loopback}, "code_verifier": {verifier}}
			if tc.mutate != nil {
				tc.mutate(form)
			}
			a := do(t, http.MethodPost, s.URL+TokenPath, "", form)
			assert.Equal(t, tc.status, a.Status, string(a.Body))
			code2, desc := a.oauthError(t)
			assert.Equal(t, tc.code, code2)
			assert.Equal(t, tc.desc, desc)
		})
	}
}

func TestTokenExchangeSuccessAndSingleUse(t *testing.T) {
	s, _ := newFake(t, Options{})
	app := s.RegisterApp(App{})
	code := codeFor(t, s, app, loopback, "v-1", nil)

	a := exchange(t, s, app, code, loopback, "v-1")
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	tok := a.JSON(t)
	assert.Equal(t, "Bearer", tok["token_type"])
	assert.EqualValues(t, 3599, tok["expires_in"])
	assert.Equal(t, upload+" "+readonly, tok["scope"])
	assert.NotEmpty(t, tok["refresh_token"], "access_type=offline on the first consent")
	assert.NotContains(t, tok, "refresh_token_expires_in")
	assert.True(t, s.AccessTokenValid(tok["access_token"].(string)))

	again := exchange(t, s, app, code, loopback, "v-1")
	assert.Equal(t, http.StatusBadRequest, again.Status)
	c, d := again.oauthError(t)
	assert.Equal(t, "invalid_grant", c)
	assert.Equal(t, "Bad Request", d)
}

func TestPlainPKCEAndBasicAuth(t *testing.T) {
	s, _ := newFake(t, Options{})
	app := s.RegisterApp(App{})
	a := authorize(t, s, authParams(app, loopback, url.Values{"code_challenge": {"plain-verifier"}, "code_challenge_method": {"plain"}}))
	loc, _ := url.Parse(a.Header.Get("Location"))
	req, _ := http.NewRequest(http.MethodPost, s.URL+TokenPath, strings.NewReader(url.Values{"grant_type": {"authorization_code"},
		"code": {loc.Query().Get("code")}, "redirect_uri": {loopback}, "code_verifier": {"plain-verifier"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(app.ClientID, app.ClientSecret)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestRefreshTokenIssuance(t *testing.T) {
	s, _ := newFake(t, Options{})
	app := s.RegisterApp(App{})

	online := tokens(t, s, app, url.Values{"access_type": {"online"}})
	assert.NotContains(t, online, "refresh_token", "no offline access, no refresh token")
	second := tokens(t, s, app, nil)
	assert.NotContains(t, second, "refresh_token", "offline, but the user consented before and consent was not forced")
	forced := tokens(t, s, app, url.Values{"prompt": {"consent"}})
	assert.NotEmpty(t, forced["refresh_token"])
}

func TestIncludeGrantedScopes(t *testing.T) {
	s, _ := newFake(t, Options{})
	app := s.RegisterApp(App{})
	tokens(t, s, app, url.Values{"scope": {readonly}})
	got := tokens(t, s, app, url.Values{"scope": {upload}, "include_granted_scopes": {"true"}})
	assert.Equal(t, readonly+" "+upload, got["scope"])
	got = tokens(t, s, app, url.Values{"scope": {upload}})
	assert.Equal(t, upload, got["scope"])
}

func TestGranularConsent(t *testing.T) {
	s, _ := newFake(t, Options{})
	app := s.RegisterApp(App{})
	s.GrantOnly([]string{upload})
	got := tokens(t, s, app, nil)
	assert.Equal(t, upload, got["scope"])
}

func TestRefreshGrant(t *testing.T) {
	s, clock := newFake(t, Options{})
	app := s.RegisterApp(App{})
	rt := tokens(t, s, app, nil)["refresh_token"].(string)

	a := refresh(t, s, app, rt)
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	m := a.JSON(t)
	assert.NotContains(t, m, "refresh_token", "Google does not rotate by default")
	assert.EqualValues(t, 3599, m["expires_in"])
	access := m["access_token"].(string)
	assert.True(t, s.AccessTokenValid(access))
	clock.Advance(time.Hour)
	assert.False(t, s.AccessTokenValid(access), "access tokens live one hour")
	assert.Equal(t, http.StatusOK, refresh(t, s, app, rt).Status, "the refresh token is reusable")

	other := s.RegisterApp(App{})
	a = refresh(t, s, other, rt)
	assert.Equal(t, http.StatusUnauthorized, a.Status)
	c, _ := a.oauthError(t)
	assert.Equal(t, "unauthorized_client", c)

	a = refresh(t, s, app, "1//0unknown")
	assert.Equal(t, http.StatusBadRequest, a.Status)
	c, d := a.oauthError(t)
	assert.Equal(t, "invalid_grant", c)
	assert.Equal(t, "Token has been expired or revoked.", d)
}

func TestRefreshRotationOption(t *testing.T) {
	s, _ := newFake(t, Options{RotateRefreshTokens: true})
	app := s.RegisterApp(App{})
	rt := tokens(t, s, app, nil)["refresh_token"].(string)
	a := refresh(t, s, app, rt)
	require.Equal(t, http.StatusOK, a.Status)
	next := a.JSON(t)["refresh_token"].(string)
	assert.NotEqual(t, rt, next)
	assert.Equal(t, http.StatusBadRequest, refresh(t, s, app, rt).Status, "the old one is dead after use")
	assert.Equal(t, http.StatusOK, refresh(t, s, app, next).Status)
}

func TestRefreshLifetimes(t *testing.T) {
	t.Run("testing mode: 7 days", func(t *testing.T) {
		s, clock := newFake(t, Options{TestingMode: true})
		app := s.RegisterApp(App{})
		tok := tokens(t, s, app, nil)
		assert.EqualValues(t, 604799, tok["refresh_token_expires_in"])
		rt := tok["refresh_token"].(string)
		clock.Advance(7*24*time.Hour - time.Second)
		assert.Equal(t, http.StatusOK, refresh(t, s, app, rt).Status)
		clock.Advance(time.Second)
		assert.Equal(t, http.StatusBadRequest, refresh(t, s, app, rt).Status)
	})
	t.Run("unused for 6 months", func(t *testing.T) {
		s, clock := newFake(t, Options{})
		app := s.RegisterApp(App{})
		rt := tokens(t, s, app, nil)["refresh_token"].(string)
		clock.Advance(150 * 24 * time.Hour)
		assert.Equal(t, http.StatusOK, refresh(t, s, app, rt).Status, "use resets the idle clock")
		clock.Advance(150 * 24 * time.Hour)
		assert.Equal(t, http.StatusOK, refresh(t, s, app, rt).Status)
		clock.Advance(183 * 24 * time.Hour)
		assert.Equal(t, http.StatusBadRequest, refresh(t, s, app, rt).Status)
	})
	t.Run("too many refresh tokens", func(t *testing.T) {
		s, clock := newFake(t, Options{MaxRefreshTokens: 2})
		app := s.RegisterApp(App{})
		var rts []string
		for range 3 {
			rts = append(rts, tokens(t, s, app, url.Values{"prompt": {"consent"}})["refresh_token"].(string))
			clock.Advance(time.Second)
		}
		assert.False(t, s.RefreshTokenValid(rts[0]), "the oldest is pushed out")
		assert.True(t, s.RefreshTokenValid(rts[1]))
		assert.True(t, s.RefreshTokenValid(rts[2]))
	})
}

func TestRevokeEndpoint(t *testing.T) {
	s, _ := newFake(t, Options{})
	app := s.RegisterApp(App{})
	tok := tokens(t, s, app, nil)
	access, rt := tok["access_token"].(string), tok["refresh_token"].(string)

	a := do(t, http.MethodPost, s.URL+RevokePath+"?token="+url.QueryEscape(access), "", url.Values{})
	assert.Equal(t, http.StatusOK, a.Status, string(a.Body))
	assert.False(t, s.RefreshTokenValid(rt), "revoking the access token ends the whole grant")

	a = do(t, http.MethodPost, s.URL+RevokePath, "", url.Values{"token": {rt}})
	assert.Equal(t, http.StatusBadRequest, a.Status)
	c, d := a.oauthError(t)
	assert.Equal(t, "invalid_token", c)
	assert.Equal(t, "Token expired or revoked", d)

	again := tokens(t, s, app, nil)
	assert.NotEmpty(t, again["refresh_token"], "after a revoke the next consent is a first consent again")
}

func TestChannelsEndpoint(t *testing.T) {
	s, clock := newFake(t, Options{})
	app := s.RegisterApp(App{})
	access := tokens(t, s, app, nil)["access_token"].(string)
	list := s.URL + ChannelsPath + "?part=snippet&mine=true"

	a := do(t, http.MethodGet, list, access, nil)
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	var got struct {
		Kind  string
		Items []struct {
			ID      string
			Snippet struct {
				Title, CustomURL string
				Thumbnails       map[string]struct{ URL string }
			}
		}
	}
	require.NoError(t, json.Unmarshal(a.Body, &got))
	assert.Equal(t, "youtube#channelListResponse", got.Kind)
	require.Len(t, got.Items, 1)
	assert.Equal(t, "UCaliceAAAAAAAAAAAAAAAAA", got.Items[0].ID)
	assert.Equal(t, "@alicemakesthings", got.Items[0].Snippet.CustomURL)
	assert.NotEmpty(t, got.Items[0].Snippet.Thumbnails["medium"].URL)

	tests := []struct {
		name, url, token string
		advance          time.Duration
		status           int
		reason, message  string
	}{
		{"no part", s.URL + ChannelsPath + "?mine=true", access, 0, 400, "required", "Required parameter: part"},
		{"unknown part", s.URL + ChannelsPath + "?part=snippets&mine=true", access, 0, 400, "unknownPart", "'snippets'"},
		{"no filter", s.URL + ChannelsPath + "?part=snippet", access, 0, 400, "missingRequiredParameter", msgNoFilter},
		{"no token", list, "", 0, 401, "required", msgNoCredentials},
		{"bad token", list, "ya29.nope", 0, 401, "authError", msgBadCredential},
		{"expired token", list, access, time.Hour, 401, "authError", msgBadCredential},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clock.Advance(tc.advance)
			a := do(t, http.MethodGet, tc.url, tc.token, nil)
			require.Equal(t, tc.status, a.Status, string(a.Body))
			reason, msg := a.apiReason(t)
			assert.Equal(t, tc.reason, reason)
			assert.Equal(t, tc.message, msg)
			if tc.status == http.StatusUnauthorized {
				assert.Contains(t, a.Header.Get("WWW-Authenticate"), `error="invalid_token"`)
			}
		})
	}
}

func TestChannelsNeedsAReadScope(t *testing.T) {
	s, _ := newFake(t, Options{})
	app := s.RegisterApp(App{})
	access := tokens(t, s, app, url.Values{"scope": {upload}})["access_token"].(string)
	a := do(t, http.MethodGet, s.URL+ChannelsPath+"?part=snippet&mine=true", access, nil)
	assert.Equal(t, http.StatusForbidden, a.Status)
	reason, msg := a.apiReason(t)
	assert.Equal(t, "insufficientPermissions", reason)
	assert.Equal(t, "Request had insufficient authentication scopes.", msg)
}

func TestFailNext(t *testing.T) {
	s, _ := newFake(t, Options{})
	app := s.RegisterApp(App{})
	rt := tokens(t, s, app, nil)["refresh_token"].(string)
	s.FailNext(1, http.StatusServiceUnavailable)
	a := refresh(t, s, app, rt)
	assert.Equal(t, http.StatusServiceUnavailable, a.Status)
	assert.Equal(t, http.StatusOK, refresh(t, s, app, rt).Status)
	assert.Equal(t, 2, s.Calls("token"), "one exchange and one refresh reached the endpoint")
}
