package instagramfake

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

	"webox-social/services/platforms/fakekit"
)

const redirect = "http://127.0.0.1:53684/callback/instagram"

type clock = fakekit.Clock

// answer is a fake's answer, with this package's readers of its error shapes.
type answer struct{ fakekit.Answer }

// graphError reads {"error":{...}}: code, subcode, message.
func (a answer) graphError(t *testing.T) (code, subcode int, msg string) {
	t.Helper()
	var env struct {
		Error struct {
			Code    int    `json:"code"`
			Subcode int    `json:"error_subcode"`
			Message string `json:"message"`
			Type    string `json:"type"`
		} `json:"error"`
	}
	require.NoError(t, json.Unmarshal(a.Body, &env), string(a.Body))
	require.Equal(t, "OAuthException", env.Error.Type, string(a.Body))
	return env.Error.Code, env.Error.Subcode, env.Error.Message
}

// igError reads the flat {"error_type","code","error_message"} shape.
func (a answer) igError(t *testing.T) string {
	t.Helper()
	m := a.JSON(t)
	assert.Equal(t, "OAuthException", m["error_type"])
	assert.EqualValues(t, 400, m["code"])
	return m["error_message"].(string)
}

func do(t *testing.T, method, u string, form url.Values) answer {
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
	return answer{fakekit.Do(t, req)}
}

func newFake(t *testing.T, opts Options) (*Server, *clock) {
	t.Helper()
	clk := fakekit.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	opts.Now = clk.Now
	s := New(opts)
	t.Cleanup(s.Close)
	s.RegisterApp("app", "secret", redirect)
	s.AddUser(User{ID: "a1", UserID: "17841400000000001", Username: "bakery", Name: "Bakery"})
	return s, clk
}

func authorizeURL(s *Server, q url.Values) string {
	base := url.Values{"client_id": {"app"}, "redirect_uri": {redirect}, "response_type": {"code"}, "state": {"st"},
		"scope": {"instagram_business_basic,instagram_business_content_publish"}}
	for k, v := range q {
		base[k] = v
	}
	return s.AuthURL() + "?" + base.Encode()
}

func authorize(t *testing.T, s *Server) string {
	t.Helper()
	a := do(t, http.MethodGet, authorizeURL(s, nil), nil)
	require.Equal(t, http.StatusFound, a.Status, string(a.Body))
	loc, err := url.Parse(a.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "st", loc.Query().Get("state"))
	return loc.Query().Get("code")
}

func exchangeCode(t *testing.T, s *Server, cd string, override url.Values) answer {
	t.Helper()
	f := url.Values{"client_id": {"app"}, "client_secret": {"secret"}, "redirect_uri": {redirect}, "code": {cd}, "grant_type": {"authorization_code"}}
	for k, v := range override {
		f[k] = v
	}
	return do(t, http.MethodPost, s.TokenURL(), f)
}

func TestAuthorizeRules(t *testing.T) {
	s, _ := newFake(t, Options{})
	tests := []struct {
		name string
		q    url.Values
		want string
	}{
		{"unknown app", url.Values{"client_id": {"nope"}}, "Invalid platform app"},
		{"other port", url.Values{"redirect_uri": {"http://127.0.0.1:1/callback/instagram"}}, "Invalid redirect_uri"},
		{"no response_type", url.Values{"response_type": {""}}, "Invalid response_type"},
		{"old scope name", url.Values{"scope": {"business_basic"}}, "Invalid scope: business_basic"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := do(t, http.MethodGet, authorizeURL(s, tc.q), nil)
			assert.Equal(t, http.StatusBadRequest, a.Status)
			assert.Equal(t, tc.want, a.igError(t))
		})
	}
}

func TestCodeExchangeRules(t *testing.T) {
	tests := []struct {
		name     string
		override url.Values
		advance  time.Duration
		want     string
	}{
		{"wrong secret", url.Values{"client_secret": {"x"}}, 0, "Error validating client secret."},
		{"other redirect", url.Values{"redirect_uri": {"http://127.0.0.1:1/callback/instagram"}}, 0, "redirect_uri is identical"},
		{"missing redirect", url.Values{"redirect_uri": {""}}, 0, "You must provide a redirect_uri"},
		{"wrong grant", url.Values{"grant_type": {"password"}}, 0, "Invalid grant_type"},
		{"forged code", url.Values{"code": {"forged"}}, 0, "Matching code was not found or was already used"},
		{"expired code", nil, time.Hour, "This authorization code has expired"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, clk := newFake(t, Options{})
			cd := authorize(t, s)
			clk.Advance(tc.advance)
			a := exchangeCode(t, s, cd, tc.override)
			assert.Equal(t, http.StatusBadRequest, a.Status)
			assert.Contains(t, a.igError(t), tc.want)
		})
	}
}

func TestCodeIsSingleUseAndShapes(t *testing.T) {
	s, _ := newFake(t, Options{})
	cd := authorize(t, s)
	a := exchangeCode(t, s, cd, nil)
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	assert.Contains(t, string(a.Body), `"user_id":17841400000000001`, "a JSON number, as Instagram sends it")
	assert.Equal(t, "instagram_business_basic,instagram_business_content_publish", a.JSON(t)["permissions"])
	assert.Equal(t, "Matching code was not found or was already used", exchangeCode(t, s, cd, nil).igError(t))

	w, _ := newFake(t, Options{WrapCodeResponse: true})
	wrapped := exchangeCode(t, w, authorize(t, w), nil).JSON(t)
	require.Len(t, wrapped["data"], 1)
	assert.Equal(t, http.StatusBadRequest, do(t, http.MethodGet, s.TokenURL(), nil).Status, "the code exchange is POST only")
}

func TestLongLivedAndRefreshRules(t *testing.T) {
	s, clk := newFake(t, Options{})
	short := exchangeCode(t, s, authorize(t, s), nil).JSON(t)["access_token"].(string)
	refresh := func(tok string) answer {
		return do(t, http.MethodGet, s.GraphURL()+"/refresh_access_token?"+url.Values{"grant_type": {"ig_refresh_token"}, "access_token": {tok}}.Encode(), nil)
	}
	_, _, msg := refresh(short).graphError(t)
	assert.Equal(t, "Only long-lived access tokens can be refreshed.", msg)

	ex := func(secret string) answer {
		return do(t, http.MethodGet, s.GraphURL()+"/access_token?"+url.Values{"grant_type": {"ig_exchange_token"}, "client_secret": {secret}, "access_token": {short}}.Encode(), nil)
	}
	code, _, _ := ex("nope").graphError(t)
	assert.Equal(t, 1, code)
	a := ex("secret")
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	assert.EqualValues(t, 60*24*3600, a.JSON(t)["expires_in"])
	long := a.JSON(t)["access_token"].(string)

	clk.Advance(23 * time.Hour)
	_, _, msg = refresh(long).graphError(t)
	assert.Contains(t, msg, "at least 24 hours old")
	clk.Advance(time.Hour)
	r := refresh(long)
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.NotEqual(t, long, r.JSON(t)["access_token"])

	clk.Advance(time.Hour)
	code, sub, _ := do(t, http.MethodGet, s.GraphURL()+"/me?access_token="+short, nil).graphError(t)
	assert.Equal(t, []int{190, 463}, []int{code, sub}, "the short-lived token lasted an hour")
}

func TestMeRules(t *testing.T) {
	s, _ := newFake(t, Options{})
	tok := s.IssueToken("a1", "app", "instagram_business_basic")
	a := do(t, http.MethodGet, s.GraphURL()+"/v23.0/me?"+url.Values{"access_token": {tok}, "fields": {"user_id,username"}}.Encode(), nil)
	require.Equal(t, http.StatusOK, a.Status)
	assert.Equal(t, map[string]any{"id": "a1", "user_id": "17841400000000001", "username": "bakery"}, a.JSON(t))

	noBasic := s.IssueToken("a1", "app", "instagram_business_content_publish")
	code, _, _ := do(t, http.MethodGet, s.GraphURL()+"/me?access_token="+noBasic, nil).graphError(t)
	assert.Equal(t, 10, code)

	s.InvalidateSessions("a1")
	code, sub, _ := do(t, http.MethodGet, s.GraphURL()+"/me?access_token="+tok, nil).graphError(t)
	assert.Equal(t, []int{190, 460}, []int{code, sub})
	code, _, _ = do(t, http.MethodGet, s.GraphURL()+"/me?access_token=IGAAgarbage", nil).graphError(t)
	assert.Equal(t, 190, code)
	assert.Equal(t, 4, s.Calls("me"))
}

func TestDeniedRedirect(t *testing.T) {
	s, _ := newFake(t, Options{})
	s.DenyNext()
	a := do(t, http.MethodGet, authorizeURL(s, nil), nil)
	require.Equal(t, http.StatusFound, a.Status)
	loc, err := url.Parse(a.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "access_denied", loc.Query().Get("error"))
	assert.Equal(t, "The user denied your request.", loc.Query().Get("error_description"))
}
