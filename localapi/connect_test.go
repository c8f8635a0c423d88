package localapi

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConnectGivesTheAddressThenFinishesThroughTheCallback(t *testing.T) {
	srv := start(t, newFake())
	status, body := call(t, srv, "GET", "/api/social/connect/mastodon?instance_url=example.social", "", nil)
	require.Equal(t, http.StatusAccepted, status, body)
	assert.Equal(t, "waiting", body["status"])
	assert.Equal(t, "https://example.social/oauth/authorize?state=s", body["authorization_url"])
	id := body["connection_id"].(string)
	statusURL := body["status_url"].(string)
	assert.Equal(t, "/api/social/connect/mastodon/"+id, statusURL)

	status, body = call(t, srv, "GET", statusURL, "", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "waiting", body["status"])

	status, _ = call(t, srv, "POST", "/api/social/callback/mastodon", `{"connection_id":"`+id+`","url":"ok"}`, nil)
	require.Equal(t, http.StatusAccepted, status)
	body = waitConnection(t, srv, statusURL)
	assert.Equal(t, "connected", body["status"])
	accounts := body["accounts"].([]any)
	require.Len(t, accounts, 1)
	assert.Equal(t, "mastodon", accounts[0].(map[string]any)["platform"])

	status, body = call(t, srv, "POST", "/api/social/callback/mastodon", `{"connection_id":"`+id+`","url":"ok"}`, nil)
	assert.Equal(t, http.StatusConflict, status)
	assert.Equal(t, "finished", errorCode(t, body))
}

// waitConnection polls a connection until it is no longer waiting.
func waitConnection(t *testing.T, srv *httptest.Server, path string) map[string]any {
	t.Helper()
	var body map[string]any
	require.Eventually(t, func() bool {
		_, body = call(t, srv, "GET", path, "", nil)
		return body["status"] != "waiting"
	}, 10*time.Second, 5*time.Millisecond, "the connection never finished")
	return body
}

func TestConnectRefusalsAndCancel(t *testing.T) {
	srv := start(t, newFake())
	status, body := call(t, srv, "GET", "/api/social/connect/myspace", "", nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "unknown_platform", errorCode(t, body))
	status, body = call(t, srv, "GET", "/api/social/connect/bluesky", "", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, status)
	assert.Equal(t, "use_post", errorCode(t, body))
	status, body = call(t, srv, "POST", "/api/social/connect/mastodon", `{}`, nil)
	assert.Equal(t, http.StatusMethodNotAllowed, status)
	assert.Equal(t, "use_get", errorCode(t, body))
	status, body = call(t, srv, "GET", "/api/social/connect/mastodon/nope", "", nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "not_found", errorCode(t, body))

	_, body = call(t, srv, "GET", "/api/social/connect/mastodon?instance_url=example.social", "", nil)
	path := body["status_url"].(string)
	status, _ = call(t, srv, "DELETE", path, "", nil)
	assert.Equal(t, http.StatusNoContent, status)
	_, body = call(t, srv, "GET", path, "", nil)
	assert.Equal(t, "cancelled", body["status"])
	assert.Equal(t, "timeout", errorCode(t, body))
}

func TestConnectBlueskyWithAnAppPassword(t *testing.T) {
	srv := start(t, newFake())
	status, body := call(t, srv, "POST", "/api/social/connect/bluesky", `{"identifier":"ann.bsky.social","password":"app-pass"}`, nil)
	require.Equal(t, http.StatusCreated, status, body)
	assert.Len(t, body["accounts"], 1)
	status, body = call(t, srv, "POST", "/api/social/connect/bluesky", `{"identifier":"ann.bsky.social","password":"nope"}`, nil)
	assert.Equal(t, http.StatusInternalServerError, status)
	assert.NotContains(t, body["error"].(map[string]any)["message"], "nope")
}
