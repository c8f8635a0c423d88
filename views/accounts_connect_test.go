package views

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/views/viewstest"
)

// holdBG makes the screens' background work wait until the test runs it, so a test can
// use the progress dialog while the connection is "running".
func holdBG(u *UI) *[]func() {
	var queued []func()
	u.env.bg = func(f func()) { queued = append(queued, f) }
	return &queued
}

func TestConnectPastedAddressReachesTheSignIn(t *testing.T) {
	c := viewstest.New()
	c.ReadPasted = true
	u, s := openAccounts(t, c)
	queued := holdBG(u)
	card := s.cards[model.X]
	test.Tap(card.connect)
	require.Len(t, *queued, 1, "the connection waits in the background")

	dlg := overlay(t, u)
	assert.Contains(t, texts(dlg), "Waiting for you to approve in your browser…")
	assert.Empty(t, entries(dlg), "the paste part starts collapsed")
	test.Tap(button(t, dlg, pasteQuestion))
	es := entries(dlg)
	require.Len(t, es, 1)
	assert.Contains(t, texts(dlg), pasteAsk)
	assert.Equal(t, es[0], u.env.win.Canvas().Focused(), "the focus is in the paste entry")

	pressEnter(es[0])
	assert.Contains(t, texts(dlg), "Paste the whole address from your browser's address bar first.", "empty is refused inline")
	test.Type(es[0], "  https://example.com/cb?code=abc&state=xyz ")
	test.Tap(button(t, dlg, "Use this address"))
	assert.Equal(t, "Finishing the sign-in…", s.progressMsg.Text)
	test.Type(es[0], "x")
	pressEnter(es[0])
	assert.Contains(t, texts(dlg), "Still working on the address you pasted before.", "a full channel never blocks")

	(*queued)[0]()
	require.Len(t, c.Connects, 1)
	assert.NotNil(t, c.Connects[0].Options.Pasted)
	assert.Equal(t, "Connected https://example.com/cb?code=abc&state=xyz. You can now choose it in Compose.", card.status.Text,
		"the sign-in got the first pasted address, trimmed, and not the empty one")
	assert.Nil(t, s.progress, "the progress dialog is closed")
}

func TestConnectEachConnectionHasItsOwnPasteChannel(t *testing.T) {
	c := viewstest.New()
	_, s := openAccounts(t, c)
	test.Tap(s.cards[model.X].connect)
	test.Tap(s.cards[model.X].connect)
	require.Len(t, c.Connects, 2)
	assert.NotNil(t, c.Connects[0].Options.Pasted)
	assert.NotEqual(t, c.Connects[0].Options.Pasted, c.Connects[1].Options.Pasted)

	s.runConnect(s.cards[model.Bluesky], app.ConnectOptions{Identifier: "me", Password: "pw"})
	require.Len(t, c.Connects, 3)
	assert.Nil(t, c.Connects[2].Options.Pasted, "no browser, nothing to paste")
}

func TestConnectWithARegisteredRedirectAsksToPaste(t *testing.T) {
	c := viewstest.New()
	c.Creds = []app.AppCredentialsStatus{{Info: networks()[0], CustomRedirect: "https://example.com/x/cb"}}
	c.Choices = []app.Choice{{ID: "p1", Name: "Shop"}}
	c.Linked = []model.Account{account(1, model.X, "p1")}
	u, s := openAccounts(t, c)
	var during string
	var pasteEntries int
	s.choose = func(_ context.Context, _ model.Platform, choices []app.Choice) ([]app.Choice, error) {
		dlg := overlay(t, u)
		during, pasteEntries = texts(dlg), len(entries(dlg))
		return choices, nil
	}
	test.Tap(s.cards[model.X].connect)
	assert.Contains(t, during, "Your browser then ends on https://example.com/x/cb, the redirect address you registered")
	assert.Contains(t, during, "Paste the address your browser ended on:")
	assert.Equal(t, 1, pasteEntries, "the paste part is open")
	assert.Equal(t, "Connected p1. You can now choose it in Compose.", s.cards[model.X].status.Text)
}

func TestConnectWithoutARegisteredRedirectKeepsThePastePartClosed(t *testing.T) {
	c := viewstest.New()
	c.Creds = []app.AppCredentialsStatus{{Info: networks()[0]}, {Info: networks()[2], CustomRedirect: "https://ignored"}}
	c.Choices = []app.Choice{{ID: "p1", Name: "Shop"}}
	u, s := openAccounts(t, c)
	var during string
	s.choose = func(_ context.Context, _ model.Platform, choices []app.Choice) ([]app.Choice, error) {
		during = texts(overlay(t, u))
		return choices, nil
	}
	test.Tap(s.cards[model.X].connect)
	assert.Contains(t, during, "this window continues by itself")
	assert.NotContains(t, during, "Paste the address")
	assert.Empty(t, s.customRedirect(t.Context(), s.cards[model.Mastodon]), "only OAuth 2 networks use a registered redirect")
}
