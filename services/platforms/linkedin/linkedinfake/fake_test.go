package linkedinfake

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

const redirect = "http://127.0.0.1:53685/callback/linkedin"

type clock = fakekit.Clock

func newFake(t *testing.T, app App) (*Server, *clock) {
	t.Helper()
	return newFakeWith(t, app, Options{})
}

// newFakeWith is newFake with options (their clock is the test's).
func newFakeWith(t *testing.T, app App, opts Options) (*Server, *clock) {
	t.Helper()
	c := fakekit.NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	opts.Now = c.Now
	s := New(opts)
	t.Cleanup(s.Close)
	app.ClientID, app.ClientSecret, app.RedirectURIs = "cid", "csecret", []string{redirect}
	s.RegisterApp(app)
	return s, c
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// authorize returns the Location the authorization page redirects to (or the status).
func authorize(t *testing.T, s *Server, q url.Values) (*url.URL, int) {
	t.Helper()
	resp, err := noRedirects.Get(s.URL + "/oauth/v2/authorization?" + q.Encode())
	require.NoError(t, err)
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return nil, resp.StatusCode
	}
	u, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	return u, resp.StatusCode
}

func authQuery(scope string) url.Values {
	return url.Values{"response_type": {"code"}, "client_id": {"cid"}, "redirect_uri": {redirect}, "state": {"st"}, "scope": {scope}}
}

func newCode(t *testing.T, s *Server, scope string) string {
	t.Helper()
	u, _ := authorize(t, s, authQuery(scope))
	require.NotNil(t, u)
	require.Equal(t, "st", u.Query().Get("state"))
	require.NotEmpty(t, u.Query().Get("code"), u.String())
	return u.Query().Get("code")
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

func exchange(c string) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "code": {c}, "client_id": {"cid"}, "client_secret": {"csecret"}, "redirect_uri": {redirect}}
}

func get(t *testing.T, s *Server, path, token string, header map[string]string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+path, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	return decode(t, resp)
}

var restHeaders = map[string]string{"LinkedIn-Version": "202601", "X-Restli-Protocol-Version": "2.0.0"}

func TestAuthorizeRedirectMustMatchExactly(t *testing.T) {
	s, _ := newFake(t, App{})
	q := authQuery("openid")
	q.Set("redirect_uri", "http://127.0.0.1:9999/callback/linkedin")
	_, status := authorize(t, s, q)
	assert.Equal(t, http.StatusBadRequest, status)
}

func TestAuthorizeScopeOutsideProducts(t *testing.T) {
	s, _ := newFake(t, App{Scopes: []string{"openid", "profile"}})
	u, _ := authorize(t, s, authQuery("openid w_member_social"))
	require.NotNil(t, u)
	assert.Equal(t, "unauthorized_scope_error", u.Query().Get("error"))
	assert.Equal(t, `Scope "w_member_social" is not authorized for your application`, u.Query().Get("error_description"))
}

func TestTokenCodeRules(t *testing.T) {
	s, clk := newFake(t, App{})
	c := newCode(t, s, "openid profile")

	status, body := post(t, s, "/oauth/v2/accessToken", exchange(c))
	require.Equal(t, http.StatusOK, status, body)
	assert.EqualValues(t, 5184000, body["expires_in"])
	assert.Equal(t, "openid,profile", body["scope"])
	assert.NotContains(t, body, "refresh_token", "not a partner app")

	status, body = post(t, s, "/oauth/v2/accessToken", exchange(c))
	assert.Equal(t, http.StatusBadRequest, status, "codes are single use")
	assert.Equal(t, "invalid_request", body["error"])
	assert.Equal(t, msgCodeMismatch, body["error_description"])

	c = newCode(t, s, "openid")
	clk.Advance(31 * time.Minute)
	status, _ = post(t, s, "/oauth/v2/accessToken", exchange(c))
	assert.Equal(t, http.StatusBadRequest, status, "codes expire after 30 minutes")

	c = newCode(t, s, "openid")
	f := exchange(c)
	f.Set("redirect_uri", "http://127.0.0.1:1/other")
	status, body = post(t, s, "/oauth/v2/accessToken", f)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, msgCodeMismatch, body["error_description"])
}

func TestTokenClientCredentialsInBodyOnly(t *testing.T) {
	s, _ := newFake(t, App{})
	f := exchange(newCode(t, s, "openid"))
	f.Del("client_id")
	f.Del("client_secret")
	req, err := http.NewRequest(http.MethodPost, s.URL+"/oauth/v2/accessToken", strings.NewReader(f.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("cid", "csecret")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	status, body := decode(t, resp)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, `A required parameter "client_id" is missing`, body["error_description"])

	f = exchange(newCode(t, s, "openid"))
	f.Set("client_secret", "nope")
	status, body = post(t, s, "/oauth/v2/accessToken", f)
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "invalid_client", body["error"])
}

func TestRefreshOnlyForPartnersAndNeverExtended(t *testing.T) {
	s, clk := newFake(t, App{})
	_, body := post(t, s, "/oauth/v2/accessToken", exchange(newCode(t, s, "openid")))
	assert.NotContains(t, body, "refresh_token")

	s.RegisterApp(App{ClientID: "cid", ClientSecret: "csecret", RedirectURIs: []string{redirect}, Partner: true})
	_, body = post(t, s, "/oauth/v2/accessToken", exchange(newCode(t, s, "openid")))
	rt, _ := body["refresh_token"].(string)
	require.NotEmpty(t, rt)
	assert.EqualValues(t, 31536000, body["refresh_token_expires_in"])

	clk.Advance(100 * 24 * time.Hour)
	refresh := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {"cid"}, "client_secret": {"csecret"}}
	status, body := post(t, s, "/oauth/v2/accessToken", refresh)
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, rt, body["refresh_token"])
	assert.EqualValues(t, 265*24*3600, body["refresh_token_expires_in"], "the deadline is not reset")

	clk.Advance(266 * 24 * time.Hour)
	status, body = post(t, s, "/oauth/v2/accessToken", refresh)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, msgRefreshBad, body["error_description"])
}

func TestAPITokenAndHeaderRules(t *testing.T) {
	s, clk := newFake(t, App{})
	_, body := post(t, s, "/oauth/v2/accessToken", exchange(newCode(t, s, "openid profile w_member_social")))
	token := body["access_token"].(string)

	status, body := get(t, s, "/v2/userinfo", token, nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, DefaultMember, body["sub"])

	status, body = get(t, s, "/rest/organizationAcls?q=roleAssignee", token, nil)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "VERSION_MISSING", body["code"])

	status, _ = get(t, s, "/rest/organizationAcls?q=roleAssignee", token, map[string]string{"LinkedIn-Version": "202601"})
	assert.Equal(t, http.StatusBadRequest, status, "X-Restli-Protocol-Version is required")

	status, body = get(t, s, "/rest/organizationAcls?q=roleAssignee", token, map[string]string{"LinkedIn-Version": "202201", "X-Restli-Protocol-Version": "2.0.0"})
	assert.Equal(t, http.StatusUpgradeRequired, status)
	assert.Equal(t, "NONEXISTENT_VERSION", body["code"])

	status, body = get(t, s, "/rest/organizationAcls?q=roleAssignee", token, restHeaders)
	assert.Equal(t, http.StatusForbidden, status, "a member token has no organization scope")
	assert.Equal(t, "ACCESS_DENIED", body["code"])

	clk.Advance(61 * 24 * time.Hour)
	status, body = get(t, s, "/v2/userinfo", token, nil)
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "EXPIRED_ACCESS_TOKEN", body["code"])
}

func TestRevoke(t *testing.T) {
	s, _ := newFake(t, App{})
	_, body := post(t, s, "/oauth/v2/accessToken", exchange(newCode(t, s, "openid profile")))
	token := body["access_token"].(string)

	status, _ := post(t, s, "/oauth/v2/revoke", url.Values{"client_id": {"cid"}, "client_secret": {"csecret"}, "token": {token}})

	assert.Equal(t, http.StatusOK, status)
	status, body = get(t, s, "/v2/userinfo", token, nil)
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "REVOKED_ACCESS_TOKEN", body["code"])
}

func TestOrganizationAclsFiltersAndPages(t *testing.T) {
	s, _ := newFake(t, App{})
	s.AddMember(Member{ID: DefaultMember, Name: "Alice", Roles: []Role{
		{OrganizationID: "1", Role: "ADMINISTRATOR", State: "APPROVED"},
		{OrganizationID: "2", Role: "ADMINISTRATOR", State: "APPROVED"},
		{OrganizationID: "3", Role: "ANALYST", State: "APPROVED"},
		{OrganizationID: "4", Role: "ADMINISTRATOR", State: "REQUESTED"},
	}})
	_, body := post(t, s, "/oauth/v2/accessToken", exchange(newCode(t, s, "rw_organization_admin")))
	token := body["access_token"].(string)

	status, body := get(t, s, "/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED&start=1&count=1", token, restHeaders)

	require.Equal(t, http.StatusOK, status, body)
	assert.EqualValues(t, 2, body["paging"].(map[string]any)["total"])
	els := body["elements"].([]any)
	require.Len(t, els, 1)
	assert.Equal(t, "urn:li:organization:2", els[0].(map[string]any)["organization"])
}
