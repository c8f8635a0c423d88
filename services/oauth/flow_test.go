package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// authServer is a tiny authorization server: /authorize redirects at once (or with the
// configured error), /token checks the code, the redirect_uri and the PKCE verifier.
type authServer struct {
	*httptest.Server
	mu         sync.Mutex
	deny       string // when set, /authorize redirects with error=deny
	codes      map[string]grant
	challenged bool // an authorize request carried an S256 challenge
}

type grant struct{ redirect, challenge string }

func newAuthServer(t *testing.T) *authServer {
	t.Helper()
	a := &authServer{codes: map[string]grant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /authorize", a.authorize)
	mux.HandleFunc("POST /token", a.token)
	a.Server = httptest.NewServer(mux)
	t.Cleanup(a.Close)
	return a
}

func (a *authServer) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	back, _ := url.Parse(q.Get("redirect_uri"))
	out := url.Values{"state": {q.Get("state")}}
	a.mu.Lock()
	if a.deny != "" {
		out.Set("error", a.deny)
		out.Set("error_description", "The resource owner denied the request.")
	} else {
		code := "code-" + q.Get("state")[:6]
		a.codes[code] = grant{redirect: q.Get("redirect_uri"), challenge: q.Get("code_challenge")}
		a.challenged = q.Get("code_challenge_method") == "S256"
		out.Set("code", code)
	}
	a.mu.Unlock()
	back.RawQuery = out.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func (a *authServer) token(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	g, ok := a.codes[r.PostFormValue("code")]
	delete(a.codes, r.PostFormValue("code"))
	a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	verifierOK := g.challenge == "" || oauth2.S256ChallengeFromVerifier(r.PostFormValue("code_verifier")) == g.challenge
	if !ok || g.redirect != r.PostFormValue("redirect_uri") || !verifierOK {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"error":"invalid_grant","error_description":"The provided authorization grant is invalid."}`)
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]string{"access_token": "tok-1", "token_type": "Bearer"})
}

func (a *authServer) config() *oauth2.Config {
	return &oauth2.Config{
		ClientID:     "client",
		ClientSecret: "secret",
		Endpoint:     oauth2.Endpoint{AuthURL: a.URL + "/authorize", TokenURL: a.URL + "/token", AuthStyle: oauth2.AuthStyleInParams},
		Scopes:       []string{"read"},
	}
}

// browser follows redirects like a real one and records the last page it showed.
type browser struct {
	mu     sync.Mutex
	status int
	body   string
}

func (b *browser) open(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	b.mu.Lock()
	b.status, b.body = resp.StatusCode, string(body)
	b.mu.Unlock()
	return err
}

func TestRunExchangesCodeWithPKCE(t *testing.T) {
	as := newAuthServer(t)
	b := &browser{}
	f := &Flow{Config: as.config(), OpenURL: b.open, UsePKCE: true}

	tok, err := f.Run(context.Background())

	require.NoError(t, err)
	assert.Equal(t, "tok-1", tok.AccessToken)
	assert.True(t, as.challenged, "the authorization URL carries an S256 challenge")
	assert.Equal(t, http.StatusOK, b.status)
	assert.Contains(t, b.body, "You can close this tab")
	assert.Empty(t, f.Config.RedirectURL, "Run does not modify the caller's Config")
}

func TestRunRefusesWrongStateAndKeepsWaiting(t *testing.T) {
	as := newAuthServer(t)
	f := &Flow{Config: as.config(), UsePKCE: true, CallbackPath: "/cb"}
	p, err := f.Start()
	require.NoError(t, err)
	defer p.Close()
	assert.True(t, strings.HasPrefix(p.RedirectURL(), "http://127.0.0.1:"), p.RedirectURL())
	assert.True(t, strings.HasSuffix(p.RedirectURL(), "/cb"), p.RedirectURL())

	forged := &browser{}
	require.NoError(t, forged.open(p.RedirectURL()+"?code=evil&state=not-ours"))
	assert.Equal(t, http.StatusBadRequest, forged.status)
	assert.Contains(t, forged.body, "does not match")

	require.NoError(t, (&browser{}).open(p.AuthURL()))
	tok, err := p.Wait(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "tok-1", tok.AccessToken)
}

func TestWaitTimesOut(t *testing.T) {
	as := newAuthServer(t)
	f := &Flow{Config: as.config(), Timeout: 20 * time.Millisecond, OpenURL: func(string) error { return nil }}

	_, err := f.Run(context.Background())

	assert.ErrorIs(t, err, ErrTimeout)
}

func TestRunReturnsProviderError(t *testing.T) {
	as := newAuthServer(t)
	as.deny = "access_denied"
	b := &browser{}
	f := &Flow{Config: as.config(), OpenURL: b.open}

	_, err := f.Run(context.Background())

	var pe *ProviderError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "access_denied", pe.Code)
	assert.Contains(t, err.Error(), "The resource owner denied the request.")
	assert.Contains(t, b.body, "The resource owner denied the request.")
}

func TestRunReportsExchangeFailure(t *testing.T) {
	as := newAuthServer(t)
	f := &Flow{Config: as.config(), UsePKCE: true, OpenURL: (&browser{}).open}
	f.Config.Endpoint.TokenURL = as.URL + "/missing" // the token endpoint answers 404

	_, err := f.Run(context.Background())

	require.Error(t, err)
	assert.Contains(t, err.Error(), "exchange the authorization code")
}

func TestPastedRedirectURL(t *testing.T) {
	as := newAuthServer(t)
	cfg := as.config()
	cfg.RedirectURL = "https://app.example.invalid/oauth/done"
	f := &Flow{Config: cfg, UsePKCE: true}
	p, err := f.StartManual()
	require.NoError(t, err)

	location := authorizeWithoutFollowing(t, p.AuthURL())
	u, _ := url.Parse(location)
	wrong := *u
	wrong.RawQuery = url.Values{"code": {u.Query().Get("code")}, "state": {"other"}}.Encode()
	assert.ErrorIs(t, p.Complete(wrong.String()), ErrStateMismatch)
	assert.ErrorIs(t, p.Complete("https://app.example.invalid/oauth/done?state="+url.QueryEscape(u.Query().Get("state"))), ErrNoCode)

	tok, err := p.ExchangeRedirectURL(context.Background(), location)
	require.NoError(t, err)
	assert.Equal(t, "tok-1", tok.AccessToken)
}

func TestStartRejectsNonLoopbackAddress(t *testing.T) {
	f := &Flow{Config: &oauth2.Config{}, ListenAddr: "0.0.0.0:0"}
	_, err := f.Start()
	assert.ErrorContains(t, err, "not a loopback IP")
}

func TestCloseEndsWait(t *testing.T) {
	as := newAuthServer(t)
	p, err := (&Flow{Config: as.config()}).Start()
	require.NoError(t, err)
	p.Close()
	_, err = p.Wait(context.Background())
	assert.True(t, errors.Is(err, ErrClosed))
}

// authorizeWithoutFollowing returns the Location the authorization server redirects to.
func authorizeWithoutFollowing(t *testing.T, authURL string) string {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(authURL)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	return resp.Header.Get("Location")
}

// A network that refuses loopback redirects: Run sends the browser to the registered
// redirect and finishes with the address the user pastes (a wrong paste is refused and
// the flow waits on).
func TestRunWithRegisteredRedirectTakesThePastedAddress(t *testing.T) {
	as := newAuthServer(t)
	pasted := make(chan string, 2)
	f := &Flow{Config: as.config(), UsePKCE: true, RedirectURL: "https://app.example.invalid/oauth/done",
		Pasted: pasted, OpenURL: func(authURL string) error {
			location := authorizeWithoutFollowing(t, authURL)
			u, _ := url.Parse(location)
			wrong := *u
			wrong.RawQuery = url.Values{"code": {u.Query().Get("code")}, "state": {"forged"}}.Encode()
			pasted <- wrong.String()
			pasted <- location
			return nil
		}}
	tok, err := f.Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "tok-1", tok.AccessToken)
}

// With the loopback listener running, a pasted address finishes the sign-in too (a
// browser on another machine, or one that could not reach 127.0.0.1).
func TestRunAcceptsAPastedAddressBesideTheListener(t *testing.T) {
	as := newAuthServer(t)
	pasted := make(chan string, 1)
	f := &Flow{Config: as.config(), Pasted: pasted, OpenURL: func(authURL string) error {
		pasted <- authorizeWithoutFollowing(t, authURL)
		return nil
	}}
	tok, err := f.Run(context.Background())
	require.NoError(t, err)
	assert.NotEmpty(t, tok.AccessToken)
}
