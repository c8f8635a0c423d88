package views

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/views/viewstest"
)

func TestLocalAPICardTurnsItOnAndShowsTheTokenOnce(t *testing.T) {
	c := viewstest.New()
	u := newTestUI(t, c)
	s := open[*settingsScreen](t, u, navSettings).api
	assert.False(t, s.on.Checked, "off by default")
	assert.Equal(t, app.DefaultLocalAPIAddr, s.addr.Text)

	s.on.SetChecked(true)
	test.Tap(s.save)
	require.Len(t, c.LocalAPI().Saves, 1)
	assert.Equal(t, app.LocalAPISettings{Enabled: true, Addr: app.DefaultLocalAPIAddr}, c.LocalAPI().Saves[0])
	assert.Contains(t, texts(overlay(t, u)), "Local API token")
	assert.Contains(t, s.status.Text, "next time Webox Social starts")
}
