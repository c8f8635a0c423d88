package mastodon

import (
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/platforms"
	"webox-social/services/platforms/mastodon/mastodonfake"
)

// openInBrowser follows the authorization redirects like a browser would.
func openInBrowser(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

func TestConnectFlow(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{AuthorizeUser: "carol"})

	c, err := e.conn.ConnectFlow(context.Background(), e.fake.URL, openInBrowser, nil)

	require.NoError(t, err)
	assert.Equal(t, "carol", c.Profile.Username)
	assert.Equal(t, e.fake.URL, c.InstanceURL)
	assert.NotEmpty(t, c.Token.AccessToken)
	assert.True(t, c.Token.Expiry.IsZero(), "Mastodon tokens never expire")
	apps := e.fake.Apps()
	require.Len(t, apps, 2) // the fake's own test app and ours
	for _, a := range apps {
		if a.ClientID == c.ClientID {
			assert.Equal(t, []string{RedirectURI}, a.RedirectURIs)
			assert.Equal(t, Scopes, a.Scopes)
			assert.Equal(t, a.ClientSecret, c.ClientSecret)
		}
	}
	acct := c.Profile.Account(c.InstanceURL)
	assert.Equal(t, "@carol@127.0.0.1", acct.Handle)

	_, err = e.conn.Publish(context.Background(), platforms.Request{Account: acct, Token: c.Token.AccessToken, Text: "connected", AttemptKey: "k"})
	require.NoError(t, err, "the granted scopes allow publishing")

	require.NoError(t, e.conn.Revoke(context.Background(), c.InstanceURL, c.ClientID, c.ClientSecret, c.Token.AccessToken))
	_, err = e.conn.VerifyCredentials(context.Background(), c.InstanceURL, c.Token.AccessToken)
	assert.Equal(t, platforms.Auth, asPlatformError(t, err).Kind)
}

func TestConnectFlowDenied(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{})
	e.fake.DenyAuthorization(true)

	_, err := e.conn.ConnectFlow(context.Background(), e.fake.URL, openInBrowser, nil)

	require.Error(t, err)
	assert.Contains(t, err.Error(), "The resource owner or authorization server denied the request.")
}

func TestVerifyCredentials(t *testing.T) {
	e := newEnv(t, mastodonfake.Options{})
	p, err := e.conn.VerifyCredentials(context.Background(), e.fake.URL, e.token)
	require.NoError(t, err)
	assert.Equal(t, "alice", p.Username)
	assert.Equal(t, "alice", p.Acct)
	assert.Equal(t, e.fake.AccountID("alice"), p.ID)
	assert.NotEmpty(t, p.AvatarURL)
}
