package views

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
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
	assert.Equal(t, "The local API answers at http://127.0.0.1:8765/api/social/ (its description: /api/openapi.json).", s.status.Text)
}

func TestLocalAPICardSaysWhyItCouldNotStart(t *testing.T) {
	c := viewstest.New()
	c.LocalAPI().ListenErr = errors.New("localapi: listen 127.0.0.1:8765: address already in use")
	u := newTestUI(t, c)
	s := open[*settingsScreen](t, u, navSettings).api
	assert.Equal(t, "The local API is off.", s.status.Text)

	s.on.SetChecked(true)
	test.Tap(s.save)
	assert.Contains(t, s.status.Text, "The local API could not start:")
	assert.Contains(t, s.status.Text, "address already in use")
	assert.Equal(t, widget.DangerImportance, s.status.Importance)
}
