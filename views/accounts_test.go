package views

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/views/viewstest"
)

// fixedNow is the clock of the countdown tests.
var fixedNow = time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)

// networks is a Networks answer with one network of each connection method.
func networks() []app.AuthInfo {
	return []app.AuthInfo{
		{Platform: model.X, Method: methodOAuth2, NeedsClientID: true, ClientIDEnv: "TWITTER_CLIENT_ID"},
		{Platform: model.LinkedIn, Method: methodOAuth2, NeedsClientID: true, NeedsSecret: true},
		{Platform: model.Mastodon, Method: methodInstance},
		{Platform: model.Bluesky, Method: methodAppPassword},
	}
}

func account(id int64, p model.Platform, handle string) model.Account {
	return model.Account{ID: id, Platform: p, Name: "Name " + handle, Handle: handle, RemoteID: handle, Status: model.AccountOK}
}

// openAccounts opens Accounts on a fake with the networks above and the given accounts,
// with the countdowns' clock at fixedNow.
func openAccounts(t *testing.T, c *viewstest.Core, accs ...model.Account) (*UI, *accountsScreen) {
	t.Helper()
	c.NetworkList = networks()
	c.AccountList = accs
	u := newTestUI(t, c)
	s := open[*accountsScreen](t, u, navAccounts)
	s.now = func() time.Time { return fixedNow }
	s.reload()
	return u, s
}

// overlay is the dialog on top of the window.
func overlay(t *testing.T, u *UI) fyne.CanvasObject {
	t.Helper()
	top := u.env.win.Canvas().Overlays().Top()
	require.NotNil(t, top, "a dialog is shown")
	return top
}

// entries lists the visible entries under o, in order.
func entries(o fyne.CanvasObject) []*widget.Entry {
	var out []*widget.Entry
	walk(o, func(c fyne.CanvasObject) {
		if e, ok := c.(*widget.Entry); ok {
			out = append(out, e)
		}
	})
	return out
}

func pressEnter(e fyne.Focusable) { e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) }

func TestAccountsOneCardPerNetwork(t *testing.T) {
	x := account(1, model.X, "@shop")
	x.ExpiresAt = fixedNow.Add(80 * time.Minute)
	li := account(2, model.LinkedIn, "Shop Ltd")
	li.ExpiresAt = fixedNow.Add(12 * 24 * time.Hour)
	bsky := account(3, model.Bluesky, "@shop.bsky.social")
	bsky.Status = model.AccountReconnectNeeded
	off := account(4, model.Mastodon, "@old@example.social")
	off.Status = model.AccountDisabled
	_, s := openAccounts(t, viewstest.New(), x, li, bsky, account(5, model.Mastodon, "@shop@example.social"), off)

	require.Len(t, s.cards, len(model.Platforms))
	assert.Contains(t, texts(s.cards[model.X].root), "Renews automatically · expires in 1 h 20 min")
	assert.Contains(t, texts(s.cards[model.LinkedIn].root), "Expires in 12 days — reconnect before then")
	masto := texts(s.cards[model.Mastodon].root)
	for _, want := range []string{"Mastodon", "@shop@example.social", "Connected", "Sign-in does not expire", "Disabled"} {
		assert.Contains(t, masto, want)
	}
	assert.Equal(t, widget.DangerImportance, label(t, s.cards[model.Bluesky].root, "Reconnect needed").Importance)
	assert.Equal(t, widget.HighImportance, button(t, s.cards[model.Bluesky].root, "Reconnect").Importance)
	button(t, s.cards[model.X].root, "Disconnect")
	assert.Contains(t, texts(s.cards[model.Instagram].root), "Not available in this version yet")
	assert.Nil(t, s.cards[model.Instagram].connect, "no Connect where the network is not available")
	assert.Contains(t, texts(s.cards[model.YouTube].root), "Not available in this version yet")
	assert.Contains(t, texts(s.cards[model.X].root), "Sign in with X, in the browser")
}

func TestAccountsEmptyCardInvitesToConnect(t *testing.T) {
	_, s := openAccounts(t, viewstest.New())
	assert.Contains(t, texts(s.cards[model.Mastodon].root), "No account connected yet · sign in on your server, in the browser")
	assert.True(t, s.cards[model.Mastodon].connect.Visible())
}

func TestAccountsConnectMastodonAsksTheInstance(t *testing.T) {
	c := viewstest.New()
	c.Linked = []model.Account{account(7, model.Mastodon, "@new@example.social")}
	u, s := openAccounts(t, c)
	card := s.cards[model.Mastodon]
	test.Tap(card.connect)
	es := entries(overlay(t, u))
	require.Len(t, es, 1)
	assert.Equal(t, es[0], u.env.win.Canvas().Focused(), "the server field has the focus")
	test.Type(es[0], " example.social/ ")
	pressEnter(es[0])

	require.Len(t, c.Connects, 1)
	assert.Equal(t, model.Mastodon, c.Connects[0].Platform)
	assert.Equal(t, "https://example.social", c.Connects[0].Options.InstanceURL)
	assert.Equal(t, "Connected @new@example.social. You can now choose it in Compose.", card.status.Text)
	assert.Equal(t, widget.SuccessImportance, card.status.Importance)
	assert.False(t, card.connect.Disabled())
	assert.Nil(t, s.progress, "the progress dialog is closed")
	assert.Contains(t, texts(card.root), "@new@example.social")
}

func TestAccountsReconnectMastodonUsesItsInstance(t *testing.T) {
	c := viewstest.New()
	a := account(1, model.Mastodon, "@shop@example.social")
	a.InstanceURL, a.Status = "https://example.social", model.AccountReconnectNeeded
	c.Linked = []model.Account{a}
	_, s := openAccounts(t, c, a)
	test.Tap(button(t, s.cards[model.Mastodon].root, "Reconnect"))
	require.Len(t, c.Connects, 1)
	assert.Equal(t, "https://example.social", c.Connects[0].Options.InstanceURL)
}

func TestAccountsConnectBlueskyAsksHandleAndAppPassword(t *testing.T) {
	c := viewstest.New()
	c.Linked = []model.Account{account(8, model.Bluesky, "@shop.bsky.social")}
	u, s := openAccounts(t, c)
	test.Tap(s.cards[model.Bluesky].connect)
	dlg := overlay(t, u)
	assert.Contains(t, strings.Join(hints(dlg), "\n"), "App passwords", "the hint says where to create an app password")
	es := entries(dlg)
	require.Len(t, es, 3)
	id, pw, srv := es[0], es[1], es[2]
	assert.True(t, pw.Password, "the app password is typed in a password field")
	assert.Equal(t, "https://bsky.social", srv.PlaceHolder)

	pressEnter(id)
	assert.Empty(t, c.Connects, "Enter does nothing while handle and password are empty")
	test.Type(id, "shop.bsky.social")
	test.Type(pw, "abcd-efgh-ijkl-mnop")
	pressEnter(pw)

	require.Len(t, c.Connects, 1)
	assert.Equal(t, app.ConnectOptions{Identifier: "shop.bsky.social", Password: "abcd-efgh-ijkl-mnop"},
		withoutChoose(c.Connects[0].Options), "an empty server lets the network use bsky.social")
	assert.Empty(t, pw.Text, "the password does not stay in the dialog")
	assert.Equal(t, "Connected @shop.bsky.social. You can now choose it in Compose.", s.cards[model.Bluesky].status.Text)
}

func TestAccountsConnectBlueskyOwnServer(t *testing.T) {
	c := viewstest.New()
	u, s := openAccounts(t, c)
	test.Tap(s.cards[model.Bluesky].connect)
	es := entries(overlay(t, u))
	test.Type(es[0], "me@example.com")
	test.Type(es[1], "pw")
	test.Type(es[2], "pds.example.com/")
	pressEnter(es[2])
	require.Len(t, c.Connects, 1)
	assert.Equal(t, "https://pds.example.com", c.Connects[0].Options.InstanceURL)
	assert.Equal(t, "me@example.com", c.Connects[0].Options.Identifier)
}

// withoutChoose drops the callbacks and the paste channel, which differ per connect.
func withoutChoose(o app.ConnectOptions) app.ConnectOptions {
	o.Choose, o.Pasted = nil, nil
	return o
}

func TestAccountsConnectOAuth2OpensTheBrowserAndAsksChoices(t *testing.T) {
	c := viewstest.New()
	c.Choices = []app.Choice{{ID: "p1", Name: "Shop", Kind: "page"}, {ID: "p2", Name: "Café", Kind: "page"}}
	c.Linked = []model.Account{account(1, model.X, "p1"), account(2, model.X, "p2")}
	_, s := openAccounts(t, c)
	var during string
	s.choose = func(_ context.Context, p model.Platform, choices []app.Choice) ([]app.Choice, error) {
		during = s.progressMsg.Text
		assert.Equal(t, model.X, p)
		return choices[1:], nil
	}
	card := s.cards[model.X]
	test.Tap(card.connect)

	require.Len(t, c.Connects, 1)
	assert.Equal(t, app.ConnectOptions{}, withoutChoose(c.Connects[0].Options), "nothing to ask before the browser")
	require.NotNil(t, c.Connects[0].Options.Choose)
	assert.Equal(t, "Waiting for you to approve in your browser…", during)
	assert.Equal(t, []app.Choice{{ID: "p2", Name: "Café", Kind: "page"}}, c.Connects[0].Picked)
	assert.Equal(t, "Connected p2. You can now choose it in Compose.", card.status.Text)
	assert.Nil(t, s.progress)
}

func TestAccountsNeedsDeveloperAppOffersSettings(t *testing.T) {
	c := viewstest.New()
	sentence := "Connecting X needs your own X developer app: enter its client ID and secret in Settings (or set TWITTER_CLIENT_ID)."
	c.ConnectErr = sentenceError{sentence}
	c.Creds = []app.AppCredentialsStatus{{Info: networks()[0]}}
	u, s := openAccounts(t, c)
	card := s.cards[model.X]
	test.Tap(card.connect)
	assert.Equal(t, sentence, card.status.Text)
	assert.Equal(t, widget.DangerImportance, card.status.Importance)
	require.True(t, card.fix.Visible())

	test.Tap(card.fix)
	set, ok := u.screens[u.current].(*settingsScreen)
	require.True(t, ok, "Settings is open")
	require.Contains(t, set.apps.byNet, model.X)
	assert.Equal(t, set.apps.byNet[model.X].id, u.env.win.Canvas().Focused(), "at X's client ID")
}

func TestAccountsConnectErrorIsASentence(t *testing.T) {
	c := viewstest.New()
	c.ConnectErr = &platforms.Error{Platform: model.Mastodon, Kind: platforms.Permanent, Message: "Client authentication failed"}
	_, s := openAccounts(t, c)
	card := s.cards[model.Mastodon]
	s.connectInstance(card, "https://example.social")
	assert.Equal(t, "Mastodon refused the request. Mastodon said: Client authentication failed.", card.status.Text)
	assert.Equal(t, widget.DangerImportance, card.status.Importance)
	assert.False(t, card.fix.Visible(), "no Settings button for other errors")
	assert.False(t, card.connect.Disabled())

	s.connectInstance(card, "   ")
	assert.Contains(t, card.status.Text, "Type your Mastodon server's address")
	assert.Len(t, c.Connects, 1, "an empty address is not sent")
}

func TestAccountsDisconnectConfirms(t *testing.T) {
	c := viewstest.New()
	u, s := openAccounts(t, c, account(1, model.Mastodon, "@shop@example.social"))
	card := s.cards[model.Mastodon]
	test.Tap(button(t, card.root, "Disconnect"))
	assert.Empty(t, c.Disconnected, "nothing happens before the confirmation")
	test.Tap(button(t, overlay(t, u), "Disconnect"))
	assert.Equal(t, []int64{1}, c.Disconnected)
	assert.Equal(t, "Disconnected @shop@example.social.", card.status.Text)
	assert.Contains(t, texts(card.root), "No account connected yet")
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

type sentenceError struct{ msg string }

func (e sentenceError) Error() string { return e.msg }
func (e sentenceError) Unwrap() error { return app.ErrNeedsDeveloperApp }

// avatarImages lists the account pictures under o (not the buttons' icons).
func avatarImages(o fyne.CanvasObject) []*canvas.Image {
	var out []*canvas.Image
	walk(o, func(c fyne.CanvasObject) {
		if img, ok := c.(*canvas.Image); ok && img.Resource != nil && strings.HasPrefix(img.Resource.Name(), "avatar-") {
			out = append(out, img)
		}
	})
	return out
}

// badgeLetters counts the network badges drawn under o by their letters.
func badgeLetters(o fyne.CanvasObject, letters string) int {
	n := 0
	walk(o, func(c fyne.CanvasObject) {
		if t, ok := c.(*canvas.Text); ok && t.Text == letters {
			n++
		}
	})
	return n
}

func TestAccountsShowAvatarsWithTheBadgeAsPlaceholder(t *testing.T) {
	c := viewstest.New()
	pic := pngPicture(t)
	c.Avatars = map[int64][]byte{1: pic, 3: []byte("<html>not a picture</html>")}
	_, s := openAccounts(t, c, account(1, model.Mastodon, "@shop@example.social"), account(2, model.Mastodon, "@cafe@example.social"),
		account(3, model.Mastodon, "@bar@example.social"))
	card := s.cards[model.Mastodon].root

	imgs := avatarImages(card)
	require.Len(t, imgs, 1, "only the account with a picture shows one")
	assert.Equal(t, "avatar-1", imgs[0].Resource.Name())
	assert.Equal(t, pic, imgs[0].Resource.Content())
	assert.Equal(t, canvas.ImageFillContain, imgs[0].FillMode)
	assert.Equal(t, fyne.NewSize(avatarSize, avatarSize), imgs[0].MinSize())
	assert.Equal(t, 3, badgeLetters(card, "M"), "the card's heading and the accounts without a (readable) picture show the badge")
	assert.Empty(t, s.cards[model.Mastodon].status.Text, "a missing picture is not an error")
	assert.Empty(t, s.status.Text)
}

func TestAccountsReloadKeepsAvatars(t *testing.T) {
	c := viewstest.New()
	c.Avatars = map[int64][]byte{1: pngPicture(t)}
	_, s := openAccounts(t, c, account(1, model.Mastodon, "@shop@example.social"))
	s.reload()
	assert.Len(t, avatarImages(s.cards[model.Mastodon].root), 1)
}

// pngPicture is a tiny PNG.
func pngPicture(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, image.NewNRGBA(image.Rect(0, 0, 2, 2))))
	return buf.Bytes()
}

func TestInstagramCanConnectThroughFacebook(t *testing.T) {
	c := viewstest.New()
	c.NetworkList = []app.AuthInfo{{Platform: model.Instagram, Method: "oauth2", NeedsClientID: true}}
	u := newTestUI(t, c)
	s := open[*accountsScreen](t, u, navAccounts)
	test.Tap(button(t, s.root, "Through Facebook"))
	require.NotEmpty(t, c.Connects)
	assert.True(t, c.Connects[len(c.Connects)-1].Options.ViaFacebook)
}
