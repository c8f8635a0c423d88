package oauth

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/oauth2"
)

// Refresh exchanges refreshToken for a new token at cfg's token endpoint (RFC 6749 §6).
// When the provider rotates refresh tokens the result carries the new one; when it does
// not, the result keeps refreshToken. The HTTP client in ctx under oauth2.HTTPClient is
// used, if any. A refusal is an *oauth2.RetrieveError with the provider's words inside
// (see IsInvalidGrant); the error never contains a token.
func Refresh(ctx context.Context, cfg *oauth2.Config, refreshToken string) (*oauth2.Token, error) {
	if cfg == nil {
		return nil, errors.New("oauth: no client configuration")
	}
	if refreshToken == "" {
		return nil, errors.New("oauth: no refresh token to refresh with")
	}
	tok, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: refreshToken}).Token()
	if err != nil {
		return nil, fmt.Errorf("oauth: refresh the token: %w", err)
	}
	return tok, nil
}

// IsInvalidGrant reports whether the provider refused a grant as invalid_grant: the
// refresh token (or code) is expired, revoked or already used, and only a new sign-in helps.
func IsInvalidGrant(err error) bool {
	var re *oauth2.RetrieveError
	return errors.As(err, &re) && re.ErrorCode == "invalid_grant"
}
