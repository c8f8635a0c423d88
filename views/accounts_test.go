package views

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/views/viewstest"
)

func TestAccountsListShowsStatusAndHandle(t *testing.T) {
	c := viewstest.New()
	broken := mastodonAccount(2, "@old@example.social")
	broken.Status = model.AccountReconnectNeeded
	c.AccountList = []model.Account{mastodonAccount(1, "@shop@example.social"), broken}
	u := newTestUI(t, c)
	s := open[*accountsScreen](t, u, navAccounts)
	got := texts(s.rows)
	assert.Contains(t, got, "@shop@example.social")
	assert.Contains(t, got, "Connected")
	assert.Contains(t, got, "Reconnect needed")
	assert.Contains(t, got, "Sign-in does not expire")
	button(t, s.rows, "Reconnect")
	assert.Contains(t, texts(s.root), "Not available in this version yet", "other networks are shown honestly")
}

func TestAccountsConnectSuccess(t *testing.T) {
	c := viewstest.New()
	c.ConnectAccount = mastodonAccount(3, "@new@example.social")
	u := newTestUI(t, c)
	s := open[*accountsScreen](t, u, navAccounts)
	assert.Contains(t, texts(s.rows), "No accounts connected yet")

	s.connectTo(" example.social/ ")
	assert.Equal(t, []string{"https://example.social"}, c.Connected)
	assert.Equal(t, "Connected @new@example.social. You can now choose it in Compose.", s.status.Text)
	assert.Equal(t, widget.SuccessImportance, s.status.Importance)
	assert.False(t, s.connect.Disabled())
	assert.Nil(t, s.progress, "the progress dialog is closed")
	assert.Contains(t, texts(s.rows), "@new@example.social")
}

func TestAccountsConnectErrorIsASentence(t *testing.T) {
	c := viewstest.New()
	c.ConnectErr = &platforms.Error{Platform: model.Mastodon, Kind: platforms.Permanent, Message: "Client authentication failed"}
	u := newTestUI(t, c)
	s := open[*accountsScreen](t, u, navAccounts)
	s.connectTo("https://example.social")
	assert.Equal(t, "Mastodon refused the request. Mastodon said: Client authentication failed.", s.status.Text)
	assert.Equal(t, widget.DangerImportance, s.status.Importance)
	assert.False(t, s.connect.Disabled())

	s.connectTo("   ")
	assert.Contains(t, s.status.Text, "Type your Mastodon server's address")
	assert.Len(t, c.Connected, 1, "an empty address is not sent")
}

func TestAccountsDisconnect(t *testing.T) {
	c := viewstest.New()
	c.AccountList = []model.Account{mastodonAccount(1, "@shop@example.social")}
	u := newTestUI(t, c)
	s := open[*accountsScreen](t, u, navAccounts)
	s.disconnect(c.AccountList[0])
	assert.Equal(t, []int64{1}, c.Disconnected)
	assert.Equal(t, "Disconnected @shop@example.social.", s.status.Text)
	assert.Contains(t, texts(s.rows), "No accounts connected yet")
}

func TestAccountsLoadError(t *testing.T) {
	c := viewstest.New()
	c.Err = errors.New("disk on fire")
	u := newTestUI(t, c)
	s := open[*accountsScreen](t, u, navAccounts)
	require.True(t, s.status.Visible())
	assert.Equal(t, "Something went wrong: disk on fire.", s.status.Text)
}

func TestAccountsSayWhereTokensAre(t *testing.T) {
	for _, tc := range []struct {
		keychain bool
		want     string
	}{
		{true, "Sign-in tokens stay in your system keychain."},
		{false, "Sign-in tokens are kept encrypted in secrets.enc in the data folder."},
	} {
		c := viewstest.New()
		c.Keychain = tc.keychain
		u := newTestUI(t, c)
		s := open[*accountsScreen](t, u, navAccounts)
		got := texts(s.root)
		assert.Contains(t, got, tc.want)
		if !tc.keychain {
			assert.NotContains(t, got, "keychain")
		}
	}
}
