//go:build pds

package bluesky_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
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

// TestRealPDSPublish publishes through the Connector to the reference PDS: text with
// facets and an image, a retry with the same attempt key (no second post), Reconcile,
// a refused over-long text and Delete.
func TestRealPDSPublish(t *testing.T) {
	pds := pdstest.Start(t)
	ctx := context.Background()
	l, err := bluesky.NewAuthorizer(nil).Link(ctx, platforms.LinkRequest{InstanceURL: pds.URL, Identifier: pds.Account.Handle, Password: pds.Account.AppPassword})
	require.NoError(t, err)
	require.Len(t, l, 1)
	bob := pds.NewAccount(t)
	conn := bluesky.NewConnector(&http.Client{Timeout: 60 * time.Second})
	req := platforms.Request{Account: l[0].Account, Token: l[0].Secrets[platforms.SecretAccess], AttemptKey: "post-1/bluesky", StartedAt: time.Now(),
		Text:  "👩‍💻 café → https://example.com/a?b=1 hi @" + bob.Handle + " #webox",
		Media: []platforms.MediaFile{{Path: writePNG(t, 8, 6), Mime: "image/png", AltText: "a black square", Width: 8, Height: 6}}}

	res, err := conn.Publish(ctx, req)
	require.NoError(t, err)
	t.Logf("published %s (%s)", res.PlatformPostID, res.Permalink)
	assert.True(t, strings.HasPrefix(res.PlatformPostID, "at://"+pds.Account.DID+"/app.bsky.feed.post/"))
	assert.Equal(t, "https://bsky.app/profile/"+pds.Account.Handle+"/post/"+res.PlatformPostID[strings.LastIndex(res.PlatformPostID, "/")+1:], res.Permalink)
	rec := getRecord(t, pds.URL, res.PlatformPostID)
	assert.Equal(t, req.Text, rec["text"])
	facets, _ := json.Marshal(rec["facets"])
	for _, want := range []string{`"did":"` + bob.DID + `"`, `"tag":"webox"`, `"uri":"https://example.com/a?b=1"`,
		fmt.Sprintf(`"byteStart":%d`, strings.Index(req.Text, "https:"))} {
		assert.Contains(t, string(facets), want)
	}
	embed, _ := json.Marshal(rec["embed"])
	assert.Contains(t, string(embed), `"alt":"a black square"`)
	assert.Contains(t, string(embed), `"aspectRatio":{"height":6,"width":8}`)

	again, err := conn.Publish(ctx, req)
	require.NoError(t, err, "the PDS refuses the second record; the first is the result")
	assert.Equal(t, res.PlatformPostID, again.PlatformPostID)
	assert.Equal(t, 1, countPosts(t, pds.URL, pds.Account.DID))

	got, found, err := conn.Reconcile(ctx, req)
	require.NoError(t, err)
	assert.True(t, found)
	assert.Equal(t, res.PlatformPostID, got.PlatformPostID)
	other := req
	other.AttemptKey, other.Media = "post-2/bluesky", nil
	_, found, err = conn.Reconcile(ctx, other)
	require.NoError(t, err)
	assert.False(t, found)

	other.Text = strings.Repeat("é", 301)
	_, err = conn.Publish(ctx, other)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "grapheme too big (maximum 300, got 301)")
	t.Logf("over-long text: %s", pe.Message)

	require.NoError(t, conn.Delete(ctx, req.Account, req.Token, res.PlatformPostID))
	require.NoError(t, conn.Delete(ctx, req.Account, req.Token, res.PlatformPostID), "deleting twice is fine")
	_, found, err = conn.Reconcile(ctx, req)
	require.NoError(t, err)
	assert.False(t, found)
	assert.Equal(t, 0, countPosts(t, pds.URL, pds.Account.DID))
}

// getJSON GETs an XRPC query of the PDS.
func getJSON(t *testing.T, u string, out any) {
	t.Helper()
	resp, err := http.Get(u)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.NoError(t, json.NewDecoder(resp.Body).Decode(out))
}

func getRecord(t *testing.T, base, uri string) map[string]any {
	t.Helper()
	parts := strings.Split(strings.TrimPrefix(uri, "at://"), "/")
	require.Len(t, parts, 3)
	var out struct{ Value map[string]any }
	getJSON(t, base+"/xrpc/com.atproto.repo.getRecord?"+url.Values{"repo": {parts[0]}, "collection": {parts[1]}, "rkey": {parts[2]}}.Encode(), &out)
	return out.Value
}

// countPosts counts the repo's posts with com.atproto.repo.listRecords.
func countPosts(t *testing.T, base, did string) int {
	t.Helper()
	var out struct{ Records []json.RawMessage }
	getJSON(t, base+"/xrpc/com.atproto.repo.listRecords?"+url.Values{"repo": {did}, "collection": {"app.bsky.feed.post"}, "limit": {"100"}}.Encode(), &out)
	return len(out.Records)
}
