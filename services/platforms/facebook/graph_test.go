package facebook

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

func TestParseError(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		body      string
		kind      platforms.Kind
		code, msg string
	}{
		{"expired token", 400, `{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"x"}}`, platforms.Auth, "190/463", "Error validating access token: Session has expired"},
		{"401 without body", 401, `oops`, platforms.Auth, "", "the Graph API answered 401 Unauthorized"},
		{"app throttled", 400, `{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","code":4}}`, platforms.Transient, "4", "(#4) Application request limit reached"},
		{"page throttled", 400, `{"error":{"message":"(#32) Page request limit reached","code":32}}`, platforms.Transient, "32", "(#32) Page request limit reached"},
		{"transient flag", 400, `{"error":{"message":"Service temporarily unavailable","code":2,"is_transient":true}}`, platforms.Transient, "2", "Service temporarily unavailable"},
		{"server error", 500, `{"error":{"message":"An unknown error has occurred.","type":"OAuthException","code":1}}`, platforms.Transient, "1", "An unknown error has occurred."},
		{"bad secret", 400, `{"error":{"message":"Error validating client secret.","type":"OAuthException","code":1}}`, platforms.Permanent, "1", "Error validating client secret."},
		{"duplicate", 400, `{"error":{"message":"Duplicate status message","code":506}}`, platforms.Permanent, "506", "Duplicate status message"},
		{"user message preferred", 400, `{"error":{"message":"Invalid parameter","code":100,"error_subcode":2207010,"error_user_title":"Caption too long","error_user_msg":"Shorten the caption."}}`, platforms.Permanent, "100/2207010", "Caption too long Shorten the caption."},
		{"instagram flat shape", 400, `{"error_type":"OAuthException","code":400,"error_message":"Matching code was not found or was already used"}`, platforms.Permanent, "400", "Matching code was not found or was already used"},
		{"oauth string shape", 400, `{"error":"invalid_request","error_description":"bad"}`, platforms.Permanent, "", "bad"},
		{"html proxy page", 502, `<html>Bad Gateway</html>`, platforms.Transient, "", "the Graph API answered 502 Bad Gateway"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := ParseError(model.Facebook, tc.status, []byte(tc.body))
			assert.Equal(t, tc.kind, e.Kind)
			assert.Equal(t, tc.code, e.Code)
			assert.Equal(t, tc.msg, e.Message)
			assert.Equal(t, tc.status, e.Status)
		})
	}
}
