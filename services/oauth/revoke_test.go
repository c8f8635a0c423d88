package oauth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// revokeRequest is what a fake revocation endpoint saw.
type revokeRequest struct {
	token, formClientID, basicUser, basicPass string
	basic                                     bool
}

func fakeRevocation(t *testing.T, status int, body string) (*httptest.Server, chan revokeRequest) {
	t.Helper()
	seen := make(chan revokeRequest, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseForm())
		u, p, ok := r.BasicAuth()
		seen <- revokeRequest{r.PostForm.Get("token"), r.PostForm.Get("client_id"), u, p, ok}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv, seen
}

func TestRevokePublicClientSendsClientIDInForm(t *testing.T) {
	srv, seen := fakeRevocation(t, http.StatusOK, "")
	require.NoError(t, Revoke(context.Background(), srv.Client(), srv.URL, "tok-1", "app", ""))
	got := <-seen
	assert.Equal(t, revokeRequest{token: "tok-1", formClientID: "app"}, got)
}

func TestRevokeConfidentialClientUsesEncodedBasicAuth(t *testing.T) {
	srv, seen := fakeRevocation(t, http.StatusOK, "")
	require.NoError(t, Revoke(context.Background(), srv.Client(), srv.URL, "tok-2", "app id", "s:e/c"))
	got := <-seen
	assert.True(t, got.basic)
	assert.Equal(t, "app+id", got.basicUser, "RFC 6749 §2.3.1 form-encodes the parts")
	assert.Equal(t, "s%3Ae%2Fc", got.basicPass)
	assert.Empty(t, got.formClientID)
}

func TestRevokeReportsProviderWords(t *testing.T) {
	srv, _ := fakeRevocation(t, http.StatusBadRequest, `{"error":"unsupported_token_type","error_description":"The server does not support revocation of access tokens"}`)
	err := Revoke(context.Background(), nil, srv.URL, "secret-token", "app", "")
	var re *RevokeError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, http.StatusBadRequest, re.Status)
	assert.Equal(t, "oauth: the network refused to revoke the token: unsupported_token_type: The server does not support revocation of access tokens", err.Error())
	assert.NotContains(t, err.Error(), "secret-token")
}

func TestRevokeNonJSONRefusal(t *testing.T) {
	srv, _ := fakeRevocation(t, http.StatusServiceUnavailable, "<html>down</html>")
	err := Revoke(context.Background(), nil, srv.URL, "t", "app", "")
	assert.EqualError(t, err, "oauth: the network refused to revoke the token (HTTP 503)")
}

func TestRevokeNeedsEndpointAndToken(t *testing.T) {
	assert.Error(t, Revoke(context.Background(), nil, "", "t", "app", ""))
	assert.Error(t, Revoke(context.Background(), nil, "http://127.0.0.1:1/revoke", "", "app", ""))
}

func TestRefreshNeedsConfigAndToken(t *testing.T) {
	_, err := Refresh(context.Background(), nil, "r")
	assert.Error(t, err)
	_, err = Refresh(context.Background(), &oauth2.Config{}, "")
	assert.ErrorContains(t, err, "no refresh token")
}
