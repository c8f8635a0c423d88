package instagram

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

func TestAPIErrorMapping(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	c := &Connector{now: func() time.Time { return now }}
	usage := http.Header{"X-Business-Use-Case-Usage": {`{"1784":[{"type":"instagram","call_count":100,"estimated_time_to_regain_access":7}]}`}}
	tests := []struct {
		name      string
		ac        account
		body      string
		hdr       http.Header
		kind      platforms.Kind
		retryAt   time.Time
		uncertain bool
		sentinel  error
		words     string
	}{
		{"expired token", account{}, `{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463}}`,
			nil, platforms.Auth, time.Time{}, false, model.ErrUnauthorized, "Session has expired"},
		{"publish limit", account{}, `{"error":{"message":"Application request limit reached","type":"OAuthException","code":9,"error_subcode":2207042}}`,
			nil, platforms.Transient, now.Add(time.Hour), false, model.ErrRateLimited, "24 hours is used up"},
		{"not ready", account{}, `{"error":{"message":"Media ID is not available","type":"OAuthException","code":9007,"error_subcode":2207027}}`,
			nil, platforms.Transient, time.Time{}, false, nil, "not finished processing"},
		{"server error subcode", account{}, `{"error":{"message":"Server error","type":"OAuthException","code":-2,"error_subcode":2207001}}`,
			nil, platforms.Transient, time.Time{}, true, nil, "Server error"},
		{"app throttled", account{}, `{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","code":4}}`,
			usage, platforms.Transient, now.Add(7 * time.Minute), false, model.ErrRateLimited, "(#4)"},
		{"custom throttle", account{}, `{"error":{"message":"(#613) Calls to this api have exceeded the rate limit.","type":"OAuthException","code":613}}`,
			nil, platforms.Transient, time.Time{}, false, model.ErrRateLimited, "(#613)"},
		{"no permission (IG Login)", account{}, `{"error":{"message":"(#10) Application does not have permission for this action","type":"OAuthException","code":10}}`,
			nil, platforms.Permanent, time.Time{}, false, model.ErrInvalid, "instagram_business_content_publish"},
		{"no permission (FB Login)", account{facebook: true}, `{"error":{"message":"(#200) Permissions error","type":"OAuthException","code":200}}`,
			nil, platforms.Permanent, time.Time{}, false, model.ErrInvalid, "instagram_content_publish permission"},
		{"validation", account{}, `{"error":{"message":"Invalid parameter","type":"OAuthException","code":100,"error_subcode":2207010,"error_user_title":"Caption too long","error_user_msg":"The caption is longer than 2,200 characters."}}`,
			nil, platforms.Permanent, time.Time{}, false, model.ErrInvalid, "Caption too long The caption is longer than 2,200 characters."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := c.apiError(tc.ac, http.StatusBadRequest, tc.hdr, []byte(tc.body))
			assert.Equal(t, tc.kind, e.Kind, e.Message)
			assert.Equal(t, tc.retryAt, e.RetryAt)
			assert.Equal(t, tc.uncertain, e.Uncertain)
			if tc.sentinel != nil {
				assert.ErrorIs(t, e, tc.sentinel)
			}
			assert.Contains(t, e.Message, tc.words)
			assert.Equal(t, model.Instagram, e.Platform)
		})
	}
}

func TestViaFacebook(t *testing.T) {
	assert.True(t, viaFacebook(model.Account{Scopes: FacebookScopes}, "IGAA"))
	assert.False(t, viaFacebook(model.Account{Scopes: LoginScopes}, "EAA"))
	assert.True(t, viaFacebook(model.Account{}, "EAAP123"))
	assert.False(t, viaFacebook(model.Account{}, "IGAA123"))
}
