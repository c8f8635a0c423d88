package views

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/views/viewstest"
)

func TestComposeKeepsAccountsAndTheirTextsUnsent(t *testing.T) {
	c, u, s := overrideFixture(t)
	test.Type(s.over.entry(2), "Toot: ")
	u.stop()
	got := decodeUnsent(c.Unsent)
	assert.Equal(t, unsentDraft{Text: "Spring sale", Accounts: []int64{1, 2}, Customize: true,
		Texts: map[int64]string{1: "Spring sale", 2: "Toot: Spring sale"}}, got)

	c2 := viewstest.New()
	c2.AccountList = []model.Account{mastodonAccount(1, "@a@example.social"), mastodonAccount(2, "@b@example.social")}
	c2.Unsent = c.Unsent
	s2 := open[*composeScreen](t, newTestUI(t, c2), navCompose)
	assert.Equal(t, "Spring sale", s2.text.Text)
	for i := range 2 {
		assert.True(t, s2.checks.Objects[i].(*widget.Check).Checked, "account %d ticked again", i+1)
	}
	require.True(t, s2.over.toggle.Checked)
	assert.Equal(t, "Toot: Spring sale", s2.over.entry(2).Text)
	assert.Empty(t, c2.UnsentSaves, "restoring does not store it back")
}

func TestUnsentDraftEncoding(t *testing.T) {
	assert.Equal(t, "", unsentDraft{Accounts: []int64{1}}.encode(), "chosen accounts alone are not kept")
	assert.Equal(t, "Hello", unsentDraft{Text: "Hello"}.encode(), "a text alone is stored as text")
	assert.Equal(t, unsentDraft{Text: "Hello"}, decodeUnsent("Hello"), "what earlier versions stored")
	odd := unsentPrefix + "{not json"
	assert.Equal(t, unsentDraft{Text: odd}, decodeUnsent(odd))
	u := unsentDraft{Text: "Hi", Accounts: []int64{3}}
	assert.Equal(t, u, decodeUnsent(u.encode()))
}
