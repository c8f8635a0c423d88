package facebookfake

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

const redirect = "http://127.0.0.1:53683/callback/facebook"

type clock = fakekit.Clock

// answer is a fake's answer, with this package's readers of its error shapes.
type answer struct{ fakekit.Answer }

func (a answer) graphError(t *testing.T) GraphError {
	t.Helper()
	var env struct{ Error GraphError }
	require.NoError(t, json.Unmarshal(a.Body, &env), string(a.Body))
	return env.Error
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

func newFake(t *testing.T) (*Server, *clock) {
	t.Helper()
	clk := fakekit.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	s := New(Options{Now: clk.Now})
	t.Cleanup(s.Close)
	s.RegisterApp("app", "secret", redirect)
	s.AddUser(User{ID: "u1", Name: "Ada"}, Page{ID: "p1", Name: "Bakery", Instagram: &InstagramAccount{ID: "ig1", Username: "bakery"}})
	s.AddUser(User{ID: "u2", Name: "Bob"}, Page{ID: "p2", Name: "Other"})
	return s, clk
}

func dialogURL(s *Server, q url.Values) string {
	base := url.Values{"client_id": {"app"}, "redirect_uri": {redirect}, "state": {"st"}, "scope": {"pages_show_list,pages_manage_posts,instagram_basic"}}
	for k, v := range q {
		base[k] = v
	}
	return s.AuthURL() + "?" + base.Encode()
}

// authorize approves the dialog and returns the code.
func authorize(t *testing.T, s *Server) string {
	t.Helper()
	a := do(t, http.MethodGet, dialogURL(s, nil), nil)
	require.Equal(t, http.StatusFound, a.Status, string(a.Body))
	loc, err := url.Parse(a.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "st", loc.Query().Get("state"))
	assert.Equal(t, "_=_", loc.Fragment)
	return loc.Query().Get("code")
}

func exchangeCode(t *testing.T, s *Server, cd string, override url.Values) answer {
	t.Helper()
	f := url.Values{"client_id": {"app"}, "client_secret": {"secret"}, "redirect_uri": {redirect}, "code": {cd}, "grant_type": {"authorization_code"}}
	for k, v := range override {
		f[k] = v
	}
	return do(t, http.MethodPost, s.GraphURL()+"/oauth/access_token", f)
}

func TestDialogRules(t *testing.T) {
	s, _ := newFake(t)
	tests := []struct {
		name string
		q    url.Values
		want string
	}{
		{"unknown app", url.Values{"client_id": {"nope"}}, "Invalid App ID"},
		{"other port", url.Values{"redirect_uri": {"http://127.0.0.1:9999/callback/facebook"}}, "URL blocked"},
		{"localhost", url.Values{"redirect_uri": {"http://localhost:53683/callback/facebook"}}, "URL blocked"},
		{"unknown scope", url.Values{"scope": {"pages_show_list,manage_pages"}}, "Invalid Scopes: manage_pages"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := do(t, http.MethodGet, dialogURL(s, tc.q), nil)
			assert.Equal(t, http.StatusBadRequest, a.Status)
			assert.Contains(t, string(a.Body), tc.want)
		})
	}
}

func TestDialogDenied(t *testing.T) {
	s, _ := newFake(t)
	s.DenyNext()
	a := do(t, http.MethodGet, dialogURL(s, nil), nil)
	require.Equal(t, http.StatusFound, a.Status)
	loc, err := url.Parse(a.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "access_denied", loc.Query().Get("error"))
	assert.Equal(t, "user_denied", loc.Query().Get("error_reason"))
	assert.Equal(t, "st", loc.Query().Get("state"))
}

func TestCodeExchangeRules(t *testing.T) {
	tests := []struct {
		name     string
		override url.Values
		advance  time.Duration
		code     int
		subcode  int
		msg      string
	}{
		{"unknown app", url.Values{"client_id": {"nope"}}, 0, 101, 0, "Invalid application ID"},
		{"wrong secret", url.Values{"client_secret": {"nope"}}, 0, 1, 0, "Error validating client secret."},
		{"missing redirect", url.Values{"redirect_uri": {""}}, 0, 191, 0, "Missing redirect_uri parameter."},
		{"other redirect", url.Values{"redirect_uri": {"http://127.0.0.1:1/callback/facebook"}}, 0, 100, 36008, "redirect_uri is identical"},
		{"unknown code", url.Values{"code": {"forged"}}, 0, 100, 36006, "Invalid verification code format."},
		{"expired code", nil, 10 * time.Minute, 100, 36007, "This authorization code has expired."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, clk := newFake(t)
			cd := authorize(t, s)
			clk.Advance(tc.advance)
			a := exchangeCode(t, s, cd, tc.override)
			assert.Equal(t, http.StatusBadRequest, a.Status)
			ge := a.graphError(t)
			assert.Equal(t, tc.code, ge.Code)
			assert.Equal(t, tc.subcode, ge.Subcode)
			assert.Equal(t, "OAuthException", ge.Type)
			assert.NotEmpty(t, ge.FBTraceID)
			assert.Contains(t, ge.Message, tc.msg)
		})
	}
}

func TestCodeIsSingleUseAndGivesAShortLivedToken(t *testing.T) {
	s, _ := newFake(t)
	cd := authorize(t, s)
	a := exchangeCode(t, s, cd, nil)
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	m := a.JSON(t)
	assert.Equal(t, "bearer", m["token_type"])
	assert.EqualValues(t, 7200, m["expires_in"])
	again := exchangeCode(t, s, cd, nil)
	ge := again.graphError(t)
	assert.Equal(t, 36009, ge.Subcode)
	assert.Equal(t, "This authorization code has been used.", ge.Message)
}

func TestLongLivedExchangeAndPageTokens(t *testing.T) {
	s, clk := newFake(t)
	short := exchangeCode(t, s, authorize(t, s), nil).JSON(t)["access_token"].(string)
	q := url.Values{"grant_type": {"fb_exchange_token"}, "client_id": {"app"}, "client_secret": {"secret"}, "fb_exchange_token": {short}}
	a := do(t, http.MethodGet, s.GraphURL()+"/oauth/access_token?"+q.Encode(), nil)
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	assert.EqualValues(t, 60*24*3600, a.JSON(t)["expires_in"])
	long := a.JSON(t)["access_token"].(string)

	q.Set("client_secret", "nope")
	assert.Equal(t, 1, do(t, http.MethodGet, s.GraphURL()+"/oauth/access_token?"+q.Encode(), nil).graphError(t).Code)

	acc := do(t, http.MethodGet, s.GraphURL()+"/me/accounts?"+url.Values{"access_token": {long}, "fields": {"id,access_token,instagram_business_account{id}"}}.Encode(), nil)
	require.Equal(t, http.StatusOK, acc.Status, string(acc.Body))
	data := acc.JSON(t)["data"].([]any)
	require.Len(t, data, 1, "only the user's own Pages")
	page := data[0].(map[string]any)
	assert.Equal(t, map[string]any{"id": "ig1"}, page["instagram_business_account"])
	info, ok := s.TokenInfo(page["access_token"].(string))
	require.True(t, ok)
	assert.True(t, info.Expires.IsZero())

	clk.Advance(61 * 24 * time.Hour)
	node := do(t, http.MethodGet, s.GraphURL()+"/ig1?"+url.Values{"access_token": {info.Value}, "fields": {"username"}}.Encode(), nil)
	require.Equal(t, http.StatusOK, node.Status, "a Page token outlives its user token")
	assert.Equal(t, "bakery", node.JSON(t)["username"])
	ge := do(t, http.MethodGet, s.GraphURL()+"/me/accounts?access_token="+long, nil).graphError(t)
	assert.Equal(t, 190, ge.Code)
	assert.Equal(t, 463, ge.Subcode)
}

func TestGraphTokenRules(t *testing.T) {
	s, _ := newFake(t)
	user := s.IssueUserToken("u1", "app", "pages_show_list")
	noList := s.IssueUserToken("u1", "app", "pages_manage_posts")
	tests := []struct {
		name, path, token string
		code, subcode     int
	}{
		{"no token", "/me/accounts", "", 2500, 0},
		{"garbage token", "/me/accounts", "EAAgarbage", 190, 0},
		{"no pages_show_list", "/me/accounts", noList, 200, 0},
		{"someone else's page", "/p2", user, 100, 33},
		{"unknown node", "/zzz", user, 100, 33},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := do(t, http.MethodGet, s.GraphURL()+tc.path+"?access_token="+tc.token, nil)
			assert.Equal(t, http.StatusBadRequest, a.Status)
			ge := a.graphError(t)
			assert.Equal(t, tc.code, ge.Code)
			assert.Equal(t, tc.subcode, ge.Subcode)
		})
	}
	a := do(t, http.MethodGet, s.URL+"/v2.0/me/accounts?access_token="+user, nil)
	assert.Equal(t, 2500, a.graphError(t).Code, "other API version")
}

func TestRevokeAndInvalidate(t *testing.T) {
	s, _ := newFake(t)
	user := s.IssueUserToken("u1", "app", "pages_show_list")
	other := s.IssueUserToken("u2", "app", "pages_show_list")
	a := do(t, http.MethodDelete, s.GraphURL()+"/me/permissions?access_token="+user, nil)
	require.Equal(t, http.StatusOK, a.Status)
	assert.Equal(t, true, a.JSON(t)["success"])
	ge := do(t, http.MethodGet, s.GraphURL()+"/me/accounts?access_token="+user, nil).graphError(t)
	assert.Equal(t, 458, ge.Subcode)
	assert.True(t, s.Authorized("u2", "app"))

	s.InvalidateSessions("u2")
	ge = do(t, http.MethodGet, s.GraphURL()+"/me/accounts?access_token="+other, nil).graphError(t)
	assert.Equal(t, 460, ge.Subcode)
	assert.Equal(t, 1, s.Calls("revoke"))
}

func TestSplitFields(t *testing.T) {
	assert.Equal(t, []string{"id", "picture", "instagram_business_account", "name"},
		splitFields("id,picture{url,width},instagram_business_account{id,username},name", nil))
	assert.Equal(t, []string{"x"}, splitFields("", []string{"x"}))
}
