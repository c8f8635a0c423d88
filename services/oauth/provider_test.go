package oauth_test

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"webox-social/services/oauth"
	"webox-social/services/oauth/oauthtest"
)

// realProvider is the zitadel/oidc OpenID Provider plus a Flow whose loopback listener
// uses the exact redirect URI registered for the client.
type realProvider struct {
	*oauthtest.Provider
	flow     *oauth.Flow
	redirect string
	ctx      context.Context
}

func startRealProvider(t *testing.T) *realProvider {
	t.Helper()
	addr := freeLoopbackAddr(t)
	redirect := "http://" + addr + "/callback"
	p := oauthtest.Start(t, redirect)
	hc := &http.Client{Timeout: 10 * time.Second}
	ctx, cancel := context.WithTimeout(context.WithValue(context.Background(), oauth2.HTTPClient, hc), 15*time.Second)
	t.Cleanup(cancel)
	flow := &oauth.Flow{
		Config:     p.Config(""),
		ListenAddr: addr,
		UsePKCE:    true,
		Timeout:    10 * time.Second,
		OpenURL:    p.NewBrowser().Open,
	}
	return &realProvider{Provider: p, flow: flow, redirect: redirect, ctx: ctx}
}

// freeLoopbackAddr picks a free 127.0.0.1 port for the Flow's listener, so the redirect
// URI can be registered exactly as networks like X require.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

func (rp *realProvider) signIn(t *testing.T) *oauth2.Token {
	t.Helper()
	tok, err := rp.flow.Run(rp.ctx)
	require.NoError(t, err)
	require.NotEmpty(t, tok.AccessToken)
	require.NotEmpty(t, tok.RefreshToken, "offline_access must yield a refresh token")
	return tok
}

func TestRealProviderCodeWithPKCE(t *testing.T) {
	rp := startRealProvider(t)
	tok := rp.signIn(t)
	assert.Equal(t, "Bearer", tok.Type())
	assert.False(t, tok.Expiry.IsZero(), "the provider states an expiry")
	assert.NotEmpty(t, tok.Extra("id_token"), "openid scope yields an ID token")
}

func TestRealProviderRefusesWrongVerifier(t *testing.T) {
	rp := startRealProvider(t)
	cfg := rp.Config(rp.redirect)
	verifier := oauth2.GenerateVerifier()
	authURL := cfg.AuthCodeURL("state-1", oauth2.S256ChallengeOption(verifier))
	cb, err := rp.NewBrowser().Authorize(authURL)
	require.NoError(t, err)
	require.Equal(t, "state-1", cb.Query().Get("state"))
	code := cb.Query().Get("code")
	require.NotEmpty(t, code)

	_, err = cfg.Exchange(rp.ctx, code, oauth2.VerifierOption(oauth2.GenerateVerifier()))
	var re *oauth2.RetrieveError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "invalid_grant", re.ErrorCode)
	assert.Contains(t, re.ErrorDescription, "code_verifier")
	t.Logf("provider's words: %s: %s", re.ErrorCode, re.ErrorDescription)
}

func TestRealProviderWrongStateRefusedThenFlowCompletes(t *testing.T) {
	rp := startRealProvider(t)
	b := rp.NewBrowser()
	var forgedStatus int
	var forgedPage string
	b.BeforeCallback = func(cb *url.URL) error {
		forged := *cb
		q := forged.Query()
		q.Set("state", "not-the-state-we-sent")
		forged.RawQuery = q.Encode()
		var err error
		forgedStatus, forgedPage, err = b.Get(forged.String())
		return err
	}
	rp.flow.OpenURL = b.Open
	tok := rp.signIn(t)
	assert.NotEmpty(t, tok.AccessToken)
	assert.Equal(t, http.StatusBadRequest, forgedStatus)
	assert.Contains(t, forgedPage, "does not match the sign-in")
}

func TestRealProviderRefreshRotates(t *testing.T) {
	rp := startRealProvider(t)
	first := rp.signIn(t)
	cfg := rp.Config(rp.redirect)

	second, err := oauth.Refresh(rp.ctx, cfg, first.RefreshToken)
	require.NoError(t, err)
	assert.NotEqual(t, first.AccessToken, second.AccessToken)
	require.NotEmpty(t, second.RefreshToken)
	assert.NotEqual(t, first.RefreshToken, second.RefreshToken, "the provider rotates refresh tokens")

	_, err = oauth.Refresh(rp.ctx, cfg, first.RefreshToken)
	require.Error(t, err, "the old refresh token is single-use")
	assert.True(t, oauth.IsInvalidGrant(err), "got %v", err)
	assert.NotContains(t, err.Error(), first.RefreshToken)

	third, err := oauth.Refresh(rp.ctx, cfg, second.RefreshToken)
	require.NoError(t, err)
	assert.NotEqual(t, second.RefreshToken, third.RefreshToken)
}

func TestRealProviderRevoke(t *testing.T) {
	rp := startRealProvider(t)
	tok := rp.signIn(t)
	cfg := rp.Config(rp.redirect)
	hc := &http.Client{Timeout: 5 * time.Second}

	require.NoError(t, oauth.Revoke(rp.ctx, hc, rp.RevocationURL, tok.RefreshToken, oauthtest.ClientID, ""))
	_, err := oauth.Refresh(rp.ctx, cfg, tok.RefreshToken)
	require.Error(t, err)
	assert.True(t, oauth.IsInvalidGrant(err), "a revoked refresh token no longer refreshes: %v", err)

	// Revoking an unknown token is success (RFC 7009 §2.2); an unknown client is refused.
	require.NoError(t, oauth.Revoke(rp.ctx, hc, rp.RevocationURL, tok.RefreshToken, oauthtest.ClientID, ""))
	err = oauth.Revoke(rp.ctx, hc, rp.RevocationURL, "whatever", "no-such-client", "")
	var re *oauth.RevokeError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "invalid_client", re.Code)
	t.Logf("provider's words: %v", err)
}

func TestRealProviderLoginFormRefusesWrongPassword(t *testing.T) {
	rp := startRealProvider(t)
	b := rp.NewBrowser()
	b.Password = "wrong"
	_, err := b.Authorize(rp.Config(rp.redirect).AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
	assert.ErrorContains(t, err, "username or password wrong")
}
