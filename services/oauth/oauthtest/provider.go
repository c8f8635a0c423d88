// Package oauthtest starts a real OpenID Provider for tests: zitadel/oidc's op package
// with its example in-memory storage and username/password login form, in-process on
// 127.0.0.1. It checks PKCE, rotates refresh tokens and revokes tokens (RFC 7009).
// Browser signs in on its form the way a person's browser would.
package oauthtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"golang.org/x/oauth2"
)

// The registered client and the example storage's test user.
const (
	ClientID = "webox-desktop"
	Username = "test-user2"
	Password = "verysecure"
)

// Provider is a running OpenID Provider with one native (public, PKCE) client that may
// use the authorization code and refresh token grants.
type Provider struct {
	Issuer        string // http://127.0.0.1:PORT/
	AuthURL       string // from the discovery document
	TokenURL      string
	RevocationURL string

	srv *http.Server
}

// Start runs the provider on a free 127.0.0.1 port until the test ends. redirectURIs are
// the client's registered redirect URIs (e.g. the loopback listener's exact URL).
func Start(t testing.TB, redirectURIs ...string) *Provider {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("oauthtest: listen: %v", err)
	}
	p := &Provider{Issuer: "http://" + ln.Addr().String() + "/"}
	clients := map[string]*storage.Client{ClientID: storage.NativeClient(ClientID, redirectURIs...)}
	store := storage.NewStorageWithClients(storage.NewUserStore(p.Issuer), clients)
	p.srv = &http.Server{
		Handler:           exampleop.SetupServer(p.Issuer, store, nil, false),
		ReadHeaderTimeout: 5 * time.Second,
	}
	served := make(chan struct{})
	go func() {
		defer close(served)
		if err := p.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("oauthtest: provider stopped: %v", err)
		}
	}()
	t.Cleanup(func() {
		_ = p.srv.Close()
		<-served
	})
	if err := p.discover(); err != nil {
		t.Fatalf("oauthtest: %v", err)
	}
	return p
}

// discover reads the endpoints from the provider's discovery document.
func (p *Provider) discover() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.Issuer+".well-known/openid-configuration", nil)
	if err != nil {
		return fmt.Errorf("discovery request: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("discovery: %w", err)
	}
	defer resp.Body.Close()
	var doc struct {
		Auth   string `json:"authorization_endpoint"`
		Token  string `json:"token_endpoint"`
		Revoke string `json:"revocation_endpoint"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		return fmt.Errorf("discovery document (HTTP %d): %w", resp.StatusCode, err)
	}
	p.AuthURL, p.TokenURL, p.RevocationURL = doc.Auth, doc.Token, doc.Revoke
	return nil
}

// Config is the client's configuration: a public client (no secret, client_id in the
// form) asking for openid and offline_access, so the provider issues a refresh token.
func (p *Provider) Config(redirectURL string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:    ClientID,
		RedirectURL: redirectURL,
		Scopes:      []string{"openid", "offline_access"},
		Endpoint: oauth2.Endpoint{
			AuthURL:   p.AuthURL,
			TokenURL:  p.TokenURL,
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}
