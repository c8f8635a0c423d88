package blueskyfake

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/platforms/fakekit"
)

type clock = fakekit.Clock

type answer struct {
	status int
	header http.Header
	body   map[string]any
}

func (a answer) str(key string) string { s, _ := a.body[key].(string); return s }

func newFake(t *testing.T, opts Options) (*Server, *clock, string) {
	t.Helper()
	clk := fakekit.NewClock(time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC))
	opts.Now = clk.Now
	s := New(opts)
	t.Cleanup(s.Close)
	s.AddAccount(Account{Handle: "alice.test", Email: "alice@example.com", Password: "main-pw", DisplayName: "Alice"})
	return s, clk, s.CreateAppPassword("alice.test", "webox", false)
}

func do(t *testing.T, s *Server, method, nsid, token, body string) answer {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL+"/xrpc/"+nsid, rd)
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	a := answer{status: resp.StatusCode, header: resp.Header}
	if len(raw) > 0 {
		require.NoError(t, json.Unmarshal(raw, &a.body), string(raw))
	}
	return a
}

func login(t *testing.T, s *Server, ident, pw string) answer {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"identifier": ident, "password": pw})
	return do(t, s, http.MethodPost, "com.atproto.server.createSession", "", string(b))
}

func assertXRPCError(t *testing.T, a answer, status int, name, msg string) {
	t.Helper()
	assert.Equal(t, status, a.status)
	assert.Equal(t, name, a.str("error"))
	assert.Equal(t, msg, a.str("message"))
}

func payload(t *testing.T, jwt string) claims {
	t.Helper()
	parts := strings.Split(jwt, ".")
	require.Len(t, parts, 3)
	var c claims
	require.NoError(t, decodePart(parts[1], &c))
	return c
}

func TestCreateSessionIssuesTokensWithLifetimes(t *testing.T) {
	s, clk, appPw := newFake(t, Options{})
	for _, ident := range []string{"alice.test", "ALICE.test", "alice@example.com", s.find("alice.test").DID} {
		a := login(t, s, ident, appPw)
		require.Equal(t, http.StatusOK, a.status, ident)
		assert.Equal(t, "alice.test", a.str("handle"))
		acc, ref := payload(t, a.str("accessJwt")), payload(t, a.str("refreshJwt"))
		assert.Equal(t, ScopeAppPass, acc.Scope)
		assert.Equal(t, clk.Now().Add(120*time.Minute).Unix(), acc.Exp)
		assert.Equal(t, ScopeRefresh, ref.Scope)
		assert.Equal(t, clk.Now().Add(90*24*time.Hour).Unix(), ref.Exp)
		assert.NotEmpty(t, ref.Jti)
	}
	main := login(t, s, "alice.test", "main-pw")
	assert.Equal(t, ScopeAccess, payload(t, main.str("accessJwt")).Scope)
	doc, _ := login(t, s, "alice.test", appPw).body["didDoc"].(map[string]any)
	require.NotNil(t, doc)
	assert.Contains(t, doc["service"], map[string]any{"id": "#atproto_pds", "type": "AtprotoPersonalDataServer", "serviceEndpoint": s.URL})
}

func TestCreateSessionRefusals(t *testing.T) {
	s, _, _ := newFake(t, Options{})
	assertXRPCError(t, login(t, s, "alice.test", "wrong"), 401, "AuthenticationRequired", "Invalid identifier or password")
	assertXRPCError(t, login(t, s, "nobody.test", "x"), 401, "AuthenticationRequired", "Invalid identifier or password")
	assertXRPCError(t, do(t, s, http.MethodPost, "com.atproto.server.createSession", "", `{"identifier":"alice.test"}`),
		400, "InvalidRequest", `Missing required key "password" at $`)
	assertXRPCError(t, do(t, s, http.MethodPost, "com.atproto.server.createSession", "", ""),
		400, "InvalidRequest", "A request body is expected but none was provided")
	assertXRPCError(t, do(t, s, http.MethodGet, "com.atproto.server.createSession", "", ""),
		400, "InvalidRequest", "Incorrect HTTP method (GET) expected POST")
	assertXRPCError(t, do(t, s, http.MethodGet, "com.atproto.server.nope", "", ""),
		400, "InvalidRequest", "No service configured for com.atproto.server.nope")
}

func TestCreateSessionTakedownAndSignInCode(t *testing.T) {
	s, _, appPw := newFake(t, Options{})
	s.AddAccount(Account{Handle: "bob.test", Password: "bob-main", SignInCode: "ABCDE-12345"})
	assertXRPCError(t, login(t, s, "bob.test", "bob-main"), 401, "AuthFactorTokenRequired", "A sign in code has been sent to your email address")
	ok := do(t, s, http.MethodPost, "com.atproto.server.createSession", "", `{"identifier":"bob.test","password":"bob-main","authFactorToken":"ABCDE-12345"}`)
	assert.Equal(t, http.StatusOK, ok.status)

	s.SetTakenDown("alice.test", true)
	assertXRPCError(t, login(t, s, "alice.test", "main-pw"), 401, "AccountTakedown", "Account has been taken down")
	assertXRPCError(t, login(t, s, "alice.test", appPw), 401, "AuthenticationRequired", "Invalid identifier or password")
}

func TestCreateSessionRateLimit(t *testing.T) {
	s, clk, appPw := newFake(t, Options{})
	var last answer
	for range 30 {
		last = login(t, s, "alice.test", appPw)
		require.Equal(t, http.StatusOK, last.status)
	}
	assert.Equal(t, "0", last.header.Get("RateLimit-Remaining"))
	clk.Advance(time.Minute)
	limited := login(t, s, "alice.test", appPw)
	assertXRPCError(t, limited, 429, "RateLimitExceeded", "Rate Limit Exceeded")
	reset := clk.Now().Add(4 * time.Minute).Unix()
	assert.Equal(t, strconv.FormatInt(reset, 10), limited.header.Get("RateLimit-Reset"))
	assert.Equal(t, "30;w=300", limited.header.Get("RateLimit-Policy"))
	assert.Equal(t, "240", limited.header.Get("Retry-After"))
	assert.NotEqual(t, http.StatusTooManyRequests, login(t, s, "bob.test", "x").status, "another identifier has its own window")

	clk.Advance(4 * time.Minute)
	assert.Equal(t, http.StatusOK, login(t, s, "alice.test", appPw).status)
}

func TestExpiredAccessTokenIs400(t *testing.T) {
	s, clk, appPw := newFake(t, Options{})
	a := login(t, s, "alice.test", appPw)
	access := a.str("accessJwt")
	assert.Equal(t, http.StatusOK, do(t, s, http.MethodGet, "com.atproto.server.getSession", access, "").status)
	clk.Advance(120 * time.Minute)
	assertXRPCError(t, do(t, s, http.MethodGet, "com.atproto.server.getSession", access, ""), 400, "ExpiredToken", "Token has expired")
	assertXRPCError(t, do(t, s, http.MethodGet, "com.atproto.server.getSession", "", ""), 401, "AuthMissing", "Authentication Required")
	assertXRPCError(t, do(t, s, http.MethodGet, "com.atproto.server.getSession", "x.y.z", ""), 400, "InvalidToken", "Token could not be verified")
	assertXRPCError(t, do(t, s, http.MethodGet, "com.atproto.server.getSession", a.str("refreshJwt"), ""), 400, "InvalidToken", "Token could not be verified")
}

func TestRefreshSessionNeedsTheRefreshToken(t *testing.T) {
	s, _, appPw := newFake(t, Options{})
	a := login(t, s, "alice.test", appPw)
	assertXRPCError(t, do(t, s, http.MethodPost, "com.atproto.server.refreshSession", a.str("accessJwt"), ""), 400, "InvalidToken", "Token could not be verified")
	assertXRPCError(t, do(t, s, http.MethodPost, "com.atproto.server.refreshSession", "", ""), 401, "AuthMissing", "Authentication Required")
	assertXRPCError(t, do(t, s, http.MethodPost, "com.atproto.server.refreshSession", a.str("refreshJwt"), "{}"),
		400, "InvalidRequest", "A request body was provided when none was expected")
	assert.Equal(t, http.StatusOK, do(t, s, http.MethodPost, "com.atproto.server.refreshSession", a.str("refreshJwt"), "").status)
}

func TestRefreshRotationAndGrace(t *testing.T) {
	s, clk, appPw := newFake(t, Options{})
	old := login(t, s, "alice.test", appPw).str("refreshJwt")
	first := do(t, s, http.MethodPost, "com.atproto.server.refreshSession", old, "")
	require.Equal(t, http.StatusOK, first.status)
	next := first.str("refreshJwt")
	assert.NotEqual(t, payload(t, old).Jti, payload(t, next).Jti, "rotated")

	clk.Advance(time.Hour)
	again := do(t, s, http.MethodPost, "com.atproto.server.refreshSession", old, "")
	require.Equal(t, http.StatusOK, again.status, "the old refresh JWT works within the grace period")
	assert.Equal(t, payload(t, next).Jti, payload(t, again.str("refreshJwt")).Jti, "reuse yields the same next token id")

	clk.Advance(time.Hour)
	assertXRPCError(t, do(t, s, http.MethodPost, "com.atproto.server.refreshSession", old, ""), 400, "ExpiredToken", "Token has been revoked")
	assert.Equal(t, http.StatusOK, do(t, s, http.MethodPost, "com.atproto.server.refreshSession", next, "").status)
}

func TestRefreshExpiredRevokedAndTakenDown(t *testing.T) {
	s, clk, appPw := newFake(t, Options{})
	r1 := login(t, s, "alice.test", appPw).str("refreshJwt")
	r2 := login(t, s, "alice.test", appPw).str("refreshJwt")
	s.RevokeSessions("alice.test")
	assertXRPCError(t, do(t, s, http.MethodPost, "com.atproto.server.refreshSession", r1, ""), 400, "ExpiredToken", "Token has been revoked")

	r3 := login(t, s, "alice.test", appPw).str("refreshJwt")
	s.SetTakenDown("alice.test", true)
	assertXRPCError(t, do(t, s, http.MethodPost, "com.atproto.server.refreshSession", r3, ""), 401, "AccountTakedown", "Account has been taken down")
	s.SetTakenDown("alice.test", false)

	clk.Advance(90 * 24 * time.Hour)
	assertXRPCError(t, do(t, s, http.MethodPost, "com.atproto.server.refreshSession", r2, ""), 400, "ExpiredToken", "Token has expired")
}

func TestDeleteSession(t *testing.T) {
	s, clk, appPw := newFake(t, Options{})
	a := login(t, s, "alice.test", appPw)
	refresh := a.str("refreshJwt")
	assertXRPCError(t, do(t, s, http.MethodPost, "com.atproto.server.deleteSession", a.str("accessJwt"), ""), 400, "InvalidToken", "Token could not be verified")
	assert.Equal(t, 1, s.Sessions("alice.test"))
	assert.Equal(t, http.StatusOK, do(t, s, http.MethodPost, "com.atproto.server.deleteSession", refresh, "").status)
	assert.Equal(t, 0, s.Sessions("alice.test"))
	assert.Equal(t, http.StatusOK, do(t, s, http.MethodPost, "com.atproto.server.deleteSession", refresh, "").status, "idempotent")
	assertXRPCError(t, do(t, s, http.MethodPost, "com.atproto.server.refreshSession", refresh, ""), 400, "ExpiredToken", "Token has been revoked")

	expired := login(t, s, "alice.test", appPw).str("refreshJwt")
	clk.Advance(91 * 24 * time.Hour)
	assert.Equal(t, http.StatusOK, do(t, s, http.MethodPost, "com.atproto.server.deleteSession", expired, "").status, "an expired refresh JWT can be deleted")
	assert.Equal(t, 4, s.Calls("com.atproto.server.deleteSession"))
}

func TestRevokeAppPasswordEndsItsSessions(t *testing.T) {
	s, _, appPw := newFake(t, Options{})
	refresh := login(t, s, "alice.test", appPw).str("refreshJwt")
	s.RevokeAppPassword("alice.test", "webox")
	assertXRPCError(t, do(t, s, http.MethodPost, "com.atproto.server.refreshSession", refresh, ""), 400, "ExpiredToken", "Token has been revoked")
	assertXRPCError(t, login(t, s, "alice.test", appPw), 401, "AuthenticationRequired", "Invalid identifier or password")
}

func TestGetProfileAndNoAppView(t *testing.T) {
	s, _, appPw := newFake(t, Options{})
	access := login(t, s, "alice.test", appPw).str("accessJwt")
	p := do(t, s, http.MethodGet, "app.bsky.actor.getProfile?actor=alice.test", access, "")
	assert.Equal(t, "Alice", p.str("displayName"))

	bare, _, pw := newFake(t, Options{NoAppView: true, OmitDIDDoc: true})
	a := login(t, bare, "alice.test", pw)
	assert.NotContains(t, a.body, "didDoc")
	assertXRPCError(t, do(t, bare, http.MethodGet, "app.bsky.actor.getProfile?actor=alice.test", a.str("accessJwt"), ""),
		400, "InvalidRequest", "No service configured for app.bsky.actor.getProfile")
}

func TestFailNext(t *testing.T) {
	s, _, appPw := newFake(t, Options{})
	s.FailNext(502, 429)
	assertXRPCError(t, login(t, s, "alice.test", appPw), 502, "UpstreamFailure", "Upstream Failure")
	assertXRPCError(t, login(t, s, "alice.test", appPw), 429, "RateLimitExceeded", "Rate Limit Exceeded")
	assert.Equal(t, http.StatusOK, login(t, s, "alice.test", appPw).status)
	assert.Equal(t, 3, s.Calls("com.atproto.server.createSession"))
}
