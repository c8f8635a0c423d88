//go:build pds

package bluesky_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/bluesky"
	"webox-social/services/platforms/bluesky/pdstest"
)

// realPDS is one started PDS and an Authorizer for it.
type realPDS struct {
	pds  *pdstest.PDS
	auth *bluesky.Authorizer
}

// TestRealPDS signs in to the atproto reference PDS (started by pdstest) with an app
// password, refreshes, revokes and checks the server's refusals.
func TestRealPDS(t *testing.T) {
	pds := pdstest.Start(t)
	t.Logf("PDS %s ready in %s", pds.URL, pds.Startup.Round(time.Millisecond))
	r := &realPDS{pds: pds, auth: bluesky.NewAuthorizer(nil)}
	t.Run("link with the app password", r.testLink)
	t.Run("link by email", r.testLinkByEmail)
	t.Run("refresh rotates, revoke ends the session", r.testRefreshRevoke)
	t.Run("wrong app password", r.testWrongPassword)
	t.Run("main password refused", r.testMainPassword)
	t.Run("taken down", r.testTakedown)
}

func (r *realPDS) link(t *testing.T, ident, password string) (platforms.Linked, error) {
	t.Helper()
	got, err := r.auth.Link(context.Background(), platforms.LinkRequest{InstanceURL: r.pds.URL, Identifier: ident, Password: password})
	if err != nil {
		return platforms.Linked{}, err
	}
	require.Len(t, got, 1)
	return got[0], nil
}

func (r *realPDS) testLink(t *testing.T) {
	acct := r.pds.Account
	before := time.Now()
	l, err := r.link(t, "@"+acct.Handle, acct.AppPassword)
	require.NoError(t, err)
	assert.Equal(t, model.Bluesky, l.Account.Platform)
	assert.Equal(t, acct.DID, l.Account.RemoteID)
	assert.Equal(t, "@"+acct.Handle, l.Account.Handle)
	assert.Equal(t, acct.Handle, l.Account.Name, "a bare PDS has no AppView: the handle is the name")
	assert.Equal(t, r.pds.URL, l.Account.InstanceURL, "the #atproto_pds endpoint of the didDoc")
	assert.Equal(t, []string{"com.atproto.appPass"}, l.Account.Scopes)
	assert.WithinDuration(t, before.Add(120*time.Minute), l.Account.ExpiresAt, 2*time.Minute)
	assert.NotEmpty(t, l.Secrets[platforms.SecretAccess])
	assert.NotEmpty(t, l.Secrets[platforms.SecretRefresh])
	for kind, v := range l.Secrets {
		assert.NotContains(t, v, acct.AppPassword, "the app password is never kept (%s)", kind)
	}
}

func (r *realPDS) testLinkByEmail(t *testing.T) {
	l, err := r.link(t, r.pds.Account.Email, r.pds.Account.AppPassword)
	require.NoError(t, err)
	assert.Equal(t, r.pds.Account.DID, l.Account.RemoteID)
}

func (r *realPDS) testRefreshRevoke(t *testing.T) {
	ctx, acct := context.Background(), r.pds.NewAccount(t)
	l, err := r.link(t, acct.Handle, acct.AppPassword)
	require.NoError(t, err)
	old := l.Secrets[platforms.SecretRefresh]
	rf, err := r.auth.Refresh(ctx, l.Account, l.Secrets, platforms.AppCredentials{})
	require.NoError(t, err)
	next := rf.Secrets[platforms.SecretRefresh]
	assert.NotEqual(t, old, next, "the refresh JWT is rotated")
	assert.NotEmpty(t, rf.Secrets[platforms.SecretAccess])
	assert.False(t, rf.ExpiresAt.IsZero())

	// The real server keeps the old refresh JWT for a 2 h grace period; reusing it
	// gives the same next token id (so a lost answer is safe to retry).
	again, err := r.auth.Refresh(ctx, l.Account, map[string]string{platforms.SecretRefresh: old}, platforms.AppCredentials{})
	require.NoError(t, err, "the old refresh JWT still works within the grace period")
	assert.Equal(t, jti(t, next), jti(t, again.Secrets[platforms.SecretRefresh]))

	require.NoError(t, r.auth.Revoke(ctx, l.Account, rf.Secrets, platforms.AppCredentials{}))
	_, err = r.auth.Refresh(ctx, l.Account, rf.Secrets, platforms.AppCredentials{})
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.Equal(t, "ExpiredToken", pe.Code)
	assert.Contains(t, pe.Message, "Token has been revoked")
	require.NoError(t, r.auth.Revoke(ctx, l.Account, rf.Secrets, platforms.AppCredentials{}), "revoking twice is fine")
}

func (r *realPDS) testWrongPassword(t *testing.T) {
	_, err := r.link(t, r.pds.Account.Handle, "aaaa-bbbb-cccc-dddd")
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.Equal(t, 401, pe.Status)
	assert.True(t, strings.HasPrefix(pe.Message, "Bluesky did not accept this handle and app password."), pe.Message)
	assert.Contains(t, pe.Message, "Bluesky said: “Invalid identifier or password”.")
}

func (r *realPDS) testMainPassword(t *testing.T) {
	_, err := r.link(t, r.pds.Account.Handle, r.pds.Account.Password)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "main Bluesky password")
}

func (r *realPDS) testTakedown(t *testing.T) {
	acct := r.pds.NewAccount(t)
	l, err := r.link(t, acct.Handle, acct.AppPassword)
	require.NoError(t, err)
	r.pds.Takedown(t, acct.DID)
	_, err = r.auth.Refresh(context.Background(), l.Account, l.Secrets, platforms.AppCredentials{})
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.Equal(t, "AccountTakedown", pe.Code)
	assert.Contains(t, pe.Message, "taken this account down")
	_, err = r.link(t, acct.Handle, acct.AppPassword)
	assert.Contains(t, asPlatformError(t, err).Message, "Invalid identifier or password", "app passwords of a taken-down account stop working")
}
