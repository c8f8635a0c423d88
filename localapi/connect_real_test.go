package localapi

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// connectAndWait starts a Mastodon connection over the API, lets browse play the user's
// browser on the authorization address, and returns the finished connection.
func (r *realRig) connectAndWait(t *testing.T, browse func(authURL, connID string)) map[string]any {
	t.Helper()
	status, body := r.do(t, "GET", "/api/social/connect/mastodon?instance_url="+r.fake.URL, nil)
	require.Equal(t, http.StatusAccepted, status, body)
	assert.Equal(t, "waiting", body["status"])
	authURL := body["authorization_url"].(string)
	require.Contains(t, authURL, r.fake.URL+"/oauth/authorize")
	browse(authURL, body["connection_id"].(string))
	path := body["status_url"].(string)
	require.Eventually(t, func() bool {
		_, body = r.do(t, "GET", path, nil)
		return body["status"] != "waiting"
	}, 10*time.Second, 5*time.Millisecond)
	return body
}

func TestRealConnectThroughTheLoopbackRedirect(t *testing.T) {
	r := newRealRig(t)
	body := r.connectAndWait(t, func(authURL, _ string) {
		res, err := http.Get(authURL) // the fake approves and redirects to the app's loopback listener
		require.NoError(t, err)
		res.Body.Close()
	})
	require.Equal(t, "connected", body["status"], body)
	accounts := body["accounts"].([]any)
	require.Len(t, accounts, 1)
	assert.EqualValues(t, r.account.ID, accounts[0].(map[string]any)["id"], "the same remote account keeps its row")
}

func TestRealConnectWithThePastedAddress(t *testing.T) {
	r := newRealRig(t)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	body := r.connectAndWait(t, func(authURL, id string) {
		res, err := noFollow.Get(authURL)
		require.NoError(t, err)
		res.Body.Close()
		landed := res.Header.Get("Location") // where the browser would have gone
		require.NotEmpty(t, landed)
		status, _ := r.do(t, "POST", "/api/social/callback/mastodon", map[string]string{"connection_id": id, "url": landed})
		require.Equal(t, http.StatusAccepted, status)
	})
	assert.Equal(t, "connected", body["status"], body)
}

func TestRealConnectRefusesAnUnreachableInstance(t *testing.T) {
	r := newRealRig(t)
	status, body := r.do(t, "GET", "/api/social/connect/mastodon?instance_url=http://127.0.0.1:1", nil)
	assert.GreaterOrEqual(t, status, 400)
	code, msg := errorOf(t, body)
	assert.NotEqual(t, "internal", code, msg)
}
