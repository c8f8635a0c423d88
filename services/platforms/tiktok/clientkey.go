package tiktok

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// services/oauth speaks standard OAuth 2.0 (client_id, base64url PKCE). TikTok wants
// client_key and, on desktop, reportedly a hex challenge, so the authorization URL is
// rewritten before the browser opens it and the code exchange's form is rewritten on
// its way to the token endpoint. The verifier itself stays services/oauth's.

// openURL wraps the browser opener with rewriteAuthURL.
func (a *Authorizer) openURL(open func(string) error) func(string) error {
	if open == nil {
		return nil // services/oauth reports the missing opener
	}
	return func(raw string) error {
		u, err := a.rewriteAuthURL(raw)
		if err != nil {
			return err
		}
		return open(u)
	}
}

// rewriteAuthURL renames client_id to client_key and re-encodes the S256 challenge
// (base64url of the SHA-256) as hex when configured.
func (a *Authorizer) rewriteAuthURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("tiktok: read the authorization URL: %w", err)
	}
	q := u.Query()
	renameClientID(q)
	if a.challenge == ChallengeHex && q.Get("code_challenge") != "" {
		sum, err := base64.RawURLEncoding.DecodeString(q.Get("code_challenge"))
		if err != nil {
			return "", fmt.Errorf("tiktok: re-encode the PKCE challenge: %w", err)
		}
		q.Set("code_challenge", hex.EncodeToString(sum))
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func renameClientID(v url.Values) {
	if id := v.Get("client_id"); id != "" {
		v.Set("client_key", id)
		v.Del("client_id")
	}
}

// clientKeyClient is a.hc with clientKeyTransport for the code exchange.
func (a *Authorizer) clientKeyClient() *http.Client {
	base := a.hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	c := *a.hc
	c.Transport = clientKeyTransport{base: base, tokenURL: a.ep.TokenURL}
	return &c
}

// clientKeyTransport renames client_id to client_key in form posts to the token URL.
type clientKeyTransport struct {
	base     http.RoundTripper
	tokenURL string
}

// RoundTrip rewrites a token request's form and passes every request on.
func (t clientKeyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodPost || r.Body == nil || r.URL.String() != t.tokenURL {
		return t.base.RoundTrip(r)
	}
	body, err := io.ReadAll(r.Body)
	_ = r.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("tiktok: read the token request: %w", err)
	}
	v, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("tiktok: read the token request: %w", err)
	}
	renameClientID(v)
	enc := v.Encode()
	r2 := r.Clone(r.Context())
	r2.Body, r2.ContentLength, r2.GetBody = io.NopCloser(strings.NewReader(enc)), int64(len(enc)), nil
	return t.base.RoundTrip(r2)
}
