package oauth

import (
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/oauth2"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

func TestPlatformErrorWordsEachFailureWithTheNetworkName(t *testing.T) {
	refused := &oauth2.RetrieveError{Response: &http.Response{StatusCode: http.StatusUnauthorized}, ErrorCode: "invalid_client", Body: []byte(`{}`)}
	tests := []struct {
		name string
		err  error
		kind platforms.Kind
		msg  string
	}{
		{"refused exchange", refused, platforms.Permanent, "LinkedIn refused the sign-in: invalid_client"},
		{"exchange body only", &oauth2.RetrieveError{Response: &http.Response{StatusCode: 503}, Body: []byte(" busy \n")}, platforms.Transient, "LinkedIn refused the sign-in: busy"},
		{"refused redirect", &ProviderError{Code: "access_denied", Description: "The user said no"}, platforms.Permanent, "LinkedIn refused the sign-in: The user said no"},
		{"network", &url.Error{Op: "Post", URL: "https://x", Err: errors.New("connection refused")}, platforms.Transient, "Could not reach LinkedIn: connection refused"},
		{"other", ErrTimeout, platforms.Permanent, "The LinkedIn sign-in did not finish: " + ErrTimeout.Error()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := PlatformError(model.LinkedIn, tc.err)
			assert.Equal(t, model.LinkedIn, e.Platform)
			assert.Equal(t, tc.kind, e.Kind)
			assert.Equal(t, tc.msg, e.Message)
			assert.ErrorIs(t, e, tc.err)
		})
	}
}
