package xcom

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"golang.org/x/oauth2"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

func TestAPIErrorMapping(t *testing.T) {
	resp := func(status int, hdr http.Header) *http.Response {
		return &http.Response{StatusCode: status, Header: hdr}
	}
	e := apiError(resp(429, http.Header{"X-Rate-Limit-Reset": {"1795000000"}}), []byte(`{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}`))
	assert.Equal(t, platforms.Transient, e.Kind)
	assert.Equal(t, time.Unix(1795000000, 0), e.RetryAt)
	assert.ErrorIs(t, e, model.ErrRateLimited)

	e = apiError(resp(503, nil), []byte("<html>Over capacity</html>"))
	assert.Equal(t, platforms.Transient, e.Kind)
	assert.True(t, e.Uncertain)
	assert.Equal(t, "X said: 503 Service Unavailable", e.Message)

	e = apiError(resp(400, nil), []byte(`{"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request","errors":[{"message":"The query parameter [x] is not one of [y]"}]}`))
	assert.Equal(t, platforms.Permanent, e.Kind)
	assert.Equal(t, "https://api.twitter.com/2/problems/invalid-request", e.Code)
	assert.Equal(t, "X said: One or more parameters to your request was invalid. The query parameter [x] is not one of [y]", e.Message)

	e = apiError(resp(401, nil), []byte(`{"title":"Unauthorized","detail":"Unauthorized","type":"about:blank","status":401}`))
	assert.Equal(t, platforms.Auth, e.Kind)
}

func TestTokenErrorMapping(t *testing.T) {
	re := func(status int, code, desc string) *oauth2.RetrieveError {
		return &oauth2.RetrieveError{Response: &http.Response{StatusCode: status, Header: http.Header{}}, ErrorCode: code, ErrorDescription: desc}
	}
	e := tokenError(re(500, "", ""), true)
	assert.Equal(t, platforms.Transient, e.Kind)
	assert.True(t, e.Uncertain, "X may have rotated the refresh token before failing")
	assert.Equal(t, "X could not answer just now: 500 Internal Server Error", e.Message)

	e = tokenError(re(400, "invalid_request", "Value passed for the token was invalid."), true)
	assert.Equal(t, platforms.Auth, e.Kind)
	e = tokenError(re(400, "invalid_request", "Value passed for the authorization code was invalid."), false)
	assert.Equal(t, platforms.Permanent, e.Kind)
	assert.Equal(t, "X refused the sign-in: Value passed for the authorization code was invalid.", e.Message)
	e = tokenError(re(429, "", ""), true)
	assert.Equal(t, platforms.Transient, e.Kind)
}
