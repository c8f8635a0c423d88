package localapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
)

const testToken = "s3cret-token"

// call sends one request to a test server and decodes the JSON answer (nil when empty).
func call(t *testing.T, srv *httptest.Server, method, path, body string, hdr map[string]string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+testToken)
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	res, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	var out map[string]any
	if len(raw) > 0 {
		require.NoError(t, json.Unmarshal(raw, &out), string(raw))
	}
	return res.StatusCode, out
}

func start(t *testing.T, core Core) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(New(core, testToken))
	t.Cleanup(srv.Close)
	return srv
}

func errorCode(t *testing.T, body map[string]any) string {
	t.Helper()
	e, ok := body["error"].(map[string]any)
	require.True(t, ok, "error body: %v", body)
	assert.NotEmpty(t, e["message"])
	return e["code"].(string)
}

func TestAuthRequired(t *testing.T) {
	srv := start(t, newFake())
	for _, auth := range []string{"", "Bearer wrong", "Basic " + testToken, testToken} {
		status, body := call(t, srv, "GET", "/api/social/accounts", "", map[string]string{"Authorization": auth})
		assert.Equal(t, http.StatusUnauthorized, status, auth)
		assert.Equal(t, "unauthorized", errorCode(t, body))
	}
	status, _ := call(t, srv, "GET", "/api/openapi.json", "", map[string]string{"Authorization": ""})
	assert.Equal(t, http.StatusOK, status, "the OpenAPI document needs no token")
}

func TestEmptyTokenRefusesAll(t *testing.T) {
	srv := httptest.NewServer(New(newFake(), ""))
	defer srv.Close()
	req, err := http.NewRequest("GET", srv.URL+"/api/social/accounts", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer ")
	res, err := srv.Client().Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
}

func TestWrongHostForbidden(t *testing.T) {
	srv := start(t, newFake())
	port := srv.Listener.Addr().String()
	port = port[strings.LastIndex(port, ":")+1:]
	for _, host := range []string{"evil.example:" + port, "127.0.0.1", "localhost", "10.0.0.1:" + port} {
		status, body := call(t, srv, "GET", "/api/social/accounts", "", map[string]string{"Host": host})
		assert.Equal(t, http.StatusForbidden, status, host)
		assert.Equal(t, "forbidden_host", errorCode(t, body))
	}
	status, _ := call(t, srv, "GET", "/api/social/accounts", "", map[string]string{"Host": "localhost:" + port})
	assert.Equal(t, http.StatusOK, status)
}

func TestOversizedBody(t *testing.T) {
	srv := start(t, newFake())
	big := `{"content":"` + strings.Repeat("a", maxBody) + `"}`
	status, body := call(t, srv, "POST", "/api/social/posts", big, nil)
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
	assert.Equal(t, "body_too_large", errorCode(t, body))
}

func TestOversizedChunkedBody(t *testing.T) {
	h := New(newFake(), testToken)
	big := `{"content":"` + strings.Repeat("a", maxBody) + `"}`
	req := httptest.NewRequest("POST", "http://127.0.0.1:1/api/social/posts", io.NopCloser(strings.NewReader(big)))
	req.ContentLength = -1
	req.Header.Set("Authorization", "Bearer "+testToken)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
}

func TestHappyPaths(t *testing.T) {
	cases := []struct {
		method, path, body string
		status             int
		key                string // a key the answer must hold; "" for no body
	}{
		{"GET", "/api/social/accounts", "", 200, "accounts"},
		{"POST", "/api/social/accounts/1/refresh", "", 200, "account_name"},
		{"POST", "/api/social/disconnect/mastodon", `{"account_id":1}`, 204, ""},
		{"GET", "/api/social/posts?status=scheduled&limit=10", "", 200, "posts"},
		{"POST", "/api/social/posts", `{"content":"hi","account_ids":[1]}`, 201, "content"},
		{"GET", "/api/social/posts/7", "", 200, "scheduled_time"},
		{"PUT", "/api/social/posts/7", `{"content":"edited","account_ids":[1]}`, 200, "content"},
		{"DELETE", "/api/social/posts/7", "", 204, ""},
		{"POST", "/api/social/posts/7/publish", "", 200, "status"},
		{"POST", "/api/social/posts/7/schedule", `{"scheduled_time":"2026-06-01T10:00:00+02:00","zone":"Europe/Paris"}`, 200, "id"},
		{"POST", "/api/social/posts/7/cancel", "", 200, "status"},
		{"POST", "/api/social/generate/caption", `{"topic":"Go","platforms":["mastodon"]}`, 200, "captions"},
		{"POST", "/api/social/generate/hashtags", `{"content":"Go","platform":"mastodon","count":3}`, 200, "hashtags"},
		{"POST", "/api/social/suggest/times", `{"account_ids":[1]}`, 200, "scheduled_time"},
		{"POST", "/api/social/analyze/content", `{"content":"Go","account_ids":[1]}`, 200, "findings"},
		{"GET", "/api/social/stats/overview?period=30d", "", 200, "posts_published"},
		{"GET", "/api/social/stats/mastodon?period=7d", "", 200, "platform"},
		{"GET", "/api/social/stats/engagement?period=30d", "", 200, "points"},
		{"GET", "/api/social/stats/growth?period=90d", "", 200, "series"},
		{"GET", "/api/social/stats/best-posts", "", 200, "posts"},
		{"GET", "/api/openapi.json", "", 200, "paths"},
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			srv := start(t, newFake())
			status, body := callAny(t, srv, c.method, c.path, c.body)
			assert.Equal(t, c.status, status, "%v", body)
			if c.key != "" {
				obj, ok := body.(map[string]any)
				require.True(t, ok, "%v", body)
				assert.Contains(t, obj, c.key)
			}
		})
	}
}

// callAny is call for answers that may be JSON arrays.
func callAny(t *testing.T, srv *httptest.Server, method, path, body string) (int, any) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+testToken)
	res, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	var out any
	if len(raw) > 0 {
		require.NoError(t, json.Unmarshal(raw, &out), string(raw))
	}
	return res.StatusCode, out
}

func TestPostFieldNames(t *testing.T) {
	srv := start(t, newFake())
	_, body := call(t, srv, "GET", "/api/social/posts/7", "", nil)
	assert.Equal(t, "hello", body["content"])
	assert.Equal(t, "2026-05-01T09:00:00Z", body["scheduled_time"])
	assert.Equal(t, []any{"mastodon"}, body["platforms"])
	assert.Equal(t, "scheduled", body["status"])
}

func TestScheduleForwardsTime(t *testing.T) {
	core := newFake()
	srv := start(t, core)
	status, _ := call(t, srv, "POST", "/api/social/posts/7/schedule",
		`{"scheduled_time":"2026-06-01T10:00:00+02:00","zone":"Europe/Paris"}`, nil)
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, core.calls, "schedule 2026-06-01T10:00:00+02:00 Europe/Paris")
}

func TestErrorMapping(t *testing.T) {
	cases := []struct {
		name   string
		err    error
		path   string
		status int
		code   string
	}{
		{"missing post", nil, "/api/social/posts/99", 404, "not_found"},
		{"conflict", fmt.Errorf("app: cancel: %w", model.ErrConflict), "/api/social/posts/7", 409, "conflict"},
		{"invalid", fmt.Errorf("app: %w", model.ErrInvalid), "/api/social/posts/7", 400, "invalid"},
		{"unexpected", fmt.Errorf("disk on fire"), "/api/social/posts/7", 500, "internal"},
		{"cancelled", context.Canceled, "/api/social/posts/7", 503, "timeout"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			core := newFake()
			core.err = c.err
			status, body := call(t, start(t, core), "GET", c.path, "", nil)
			assert.Equal(t, c.status, status)
			assert.Equal(t, c.code, errorCode(t, body))
		})
	}
}

func TestBadInput(t *testing.T) {
	srv := start(t, newFake())
	cases := []struct{ method, path, body, code string }{
		{"GET", "/api/social/posts/abc", "", "bad_id"},
		{"POST", "/api/social/posts", `{"content":`, "bad_json"},
		{"POST", "/api/social/posts", `{"unknown":1}`, "bad_json"},
		{"POST", "/api/social/posts/7/schedule", `{}`, "missing_time"},
		{"GET", "/api/social/stats/overview?period=forever", "", "bad_period"},
		{"GET", "/api/social/posts?limit=0", "", "bad_limit"},
		{"POST", "/api/social/disconnect/bluesky", `{"account_id":1}`, "platform_mismatch"},
	}
	for _, c := range cases {
		status, body := call(t, srv, c.method, c.path, c.body, nil)
		assert.Equal(t, http.StatusBadRequest, status, c.path)
		assert.Equal(t, c.code, errorCode(t, body), c.path)
	}
	status, body := call(t, srv, "POST", "/api/social/disconnect/mastodon", `{"account_id":5}`, nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "not_found", errorCode(t, body))
	status, body = call(t, srv, "GET", "/api/social/stats/myspace", "", nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "unknown_platform", errorCode(t, body))
	status, body = call(t, srv, "GET", "/api/social/nothing", "", nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "no_route", errorCode(t, body))
}

func TestOpenAPIListsEveryRoute(t *testing.T) {
	srv := start(t, newFake())
	status, doc := call(t, srv, "GET", "/api/openapi.json", "", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "3.1.0", doc["openapi"])
	paths, ok := doc["paths"].(map[string]any)
	require.True(t, ok)
	var documented []string
	for p, ops := range paths {
		for m := range ops.(map[string]any) {
			documented = append(documented, strings.ToUpper(m)+" "+p)
		}
	}
	registered := registeredPatterns(t)
	sort.Strings(documented)
	sort.Strings(registered)
	assert.Equal(t, registered, documented)
}

// registeredPatterns asks the real mux which pattern serves each route of the table, so
// a route missing from the mux or shadowed by another would show up.
func registeredPatterns(t *testing.T) []string {
	t.Helper()
	mux := newMux(&server{core: newFake()})
	var out []string
	for _, rt := range routes() {
		req := httptest.NewRequest(rt.method, "http://127.0.0.1:1"+pathParamRE.ReplaceAllString(rt.path, "7"), nil)
		_, pattern := mux.Handler(req)
		out = append(out, pattern)
	}
	return out
}

func TestServeRefusesOtherHosts(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "localhost:0", "192.168.1.2:0", "nonsense"} {
		err := Serve(context.Background(), addr, http.NotFoundHandler())
		assert.Error(t, err, addr)
	}
	err := Serve(context.Background(), ":0", http.NotFoundHandler())
	assert.ErrorIs(t, err, ErrNotLoopback)
}

func TestServeStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, "127.0.0.1:0", New(newFake(), testToken)) }()
	cancel()
	assert.NoError(t, <-done)
}
