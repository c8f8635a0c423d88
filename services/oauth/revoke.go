package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
)

// maxErrorBody bounds how much of a refusal's body is read.
const maxErrorBody = 64 << 10

// RevokeError is a refusal from a revocation endpoint (RFC 7009 §2.2.1), with the
// provider's own words.
type RevokeError struct {
	Status      int    // HTTP status
	Code        string // e.g. invalid_client, unsupported_token_type
	Description string // the provider's error_description
}

// Error reads like "oauth: the network refused to revoke the token: invalid_client: ...".
func (e *RevokeError) Error() string {
	msg := fmt.Sprintf("oauth: the network refused to revoke the token (HTTP %d)", e.Status)
	if e.Code != "" {
		msg = "oauth: the network refused to revoke the token: " + e.Code
	}
	if e.Description != "" {
		msg += ": " + e.Description
	}
	return msg
}

// Revoke asks endpoint to revoke token (an access or a refresh token) per RFC 7009. A
// confidential client (clientSecret set) authenticates with HTTP Basic; a public client
// sends its client_id in the form. hc nil means http.DefaultClient. A provider that does
// not know the token answers 200, which is success. Refusals are *RevokeError.
func Revoke(ctx context.Context, hc *http.Client, endpoint, token, clientID, clientSecret string) error {
	if endpoint == "" || token == "" {
		return errors.New("oauth: revoke needs an endpoint and a token")
	}
	req, err := newRevokeRequest(ctx, endpoint, token, clientID, clientSecret)
	if err != nil {
		return err
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("oauth: revoke the token: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
		slog.Debug("oauth: token revoked", "endpoint", endpoint)
		return nil
	}
	return readRevokeError(resp)
}

func newRevokeRequest(ctx context.Context, endpoint, token, clientID, clientSecret string) (*http.Request, error) {
	form := url.Values{"token": {token}}
	if clientSecret == "" && clientID != "" {
		form.Set("client_id", clientID)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("oauth: revocation endpoint %q: %w", endpoint, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if clientSecret != "" {
		// RFC 6749 §2.3.1: both parts form-encoded before Basic encoding.
		req.SetBasicAuth(url.QueryEscape(clientID), url.QueryEscape(clientSecret))
	}
	return req, nil
}

// readRevokeError turns a non-200 answer into a *RevokeError with the provider's words.
func readRevokeError(resp *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	re := &RevokeError{Status: resp.StatusCode}
	var shape struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if json.Unmarshal(body, &shape) == nil {
		re.Code, re.Description = shape.Error, shape.Description
	}
	return re
}
