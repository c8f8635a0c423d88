package views

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/views/viewstest"
)

func TestSettingsLoadAndSave(t *testing.T) {
	c := viewstest.New()
	u := newTestUI(t, c)
	s := open[*settingsScreen](t, u, navSettings)
	assert.Equal(t, "30", s.late.Text)
	assert.True(t, s.notify.Checked)
	assert.Equal(t, "Local", s.zone.Text)
	assert.Contains(t, texts(s.root), "/tmp/webox-social")

	s.late.SetText("45")
	s.notify.SetChecked(false)
	s.zone.SetText("UTC")
	test.Tap(s.save)
	require.Len(t, c.Saved, 1)
	assert.Equal(t, app.Settings{LateThreshold: 45 * time.Minute, Notifications: false, DefaultZone: "UTC"}, c.Saved[0])
	assert.Equal(t, "Settings saved.", s.status.Text)
}

func TestSettingsRefuseBadInput(t *testing.T) {
	c := viewstest.New()
	u := newTestUI(t, c)
	s := open[*settingsScreen](t, u, navSettings)
	s.late.SetText("soon")
	test.Tap(s.save)
	assert.Contains(t, s.status.Text, "number of minutes")

	s.late.SetText("10")
	s.zone.SetText("Mars/Olympus")
	test.Tap(s.save)
	assert.Equal(t, "“Mars/Olympus” is not a time zone this computer knows. Use a name like Europe/Paris.", s.status.Text)
	assert.Empty(t, c.Saved)
	assert.False(t, s.save.Disabled())
}

func TestSettingsSayWhereTokensAre(t *testing.T) {
	assert.Equal(t, "Database, media and logs. Sign-in tokens stay in your system keychain, not here.",
		dataFolderHint(viewstest.New()))
	c := viewstest.New()
	c.Keychain = false
	assert.Equal(t, "Database, media and logs. Sign-in tokens are kept encrypted in secrets.enc in this folder.",
		dataFolderHint(c))
}

func TestSettingsShowTheTokensHint(t *testing.T) {
	c := viewstest.New()
	c.Keychain = false
	u := newTestUI(t, c)
	s := open[*settingsScreen](t, u, navSettings)
	var hints []string
	walk(s.root, func(o fyne.CanvasObject) {
		if f, ok := o.(*widget.Form); ok {
			for _, it := range f.Items {
				hints = append(hints, it.HintText)
			}
		}
	})
	assert.Contains(t, hints, dataFolderHint(c))
}
