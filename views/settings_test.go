package views

import (
	"fmt"
	"image/color"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/views/viewstest"
)

func TestSettingsLoadAndSave(t *testing.T) {
	c := viewstest.New()
	u := newTestUI(t, c)
	s := open[*settingsScreen](t, u, navSettings).general
	assert.Equal(t, "30", s.late.Text)
	assert.True(t, s.notify.Checked)
	assert.Equal(t, "Local", s.zone.Text)

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
	s := open[*settingsScreen](t, u, navSettings).general
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

func TestZoneSearch(t *testing.T) {
	assert.Equal(t, []string{"America/New_York"}, zoneChoices("new york"))
	assert.Contains(t, zoneChoices("paris"), "Europe/Paris")
	all := zoneChoices("")
	assert.Equal(t, []string{"Local", "UTC"}, all[:2])
	assert.Greater(t, len(all), 400)
	assert.Equal(t, all, zoneChoices("Europe/Paris"), "a chosen zone offers them all again")
	assert.Empty(t, zoneChoices("Atlantis"))
	for _, z := range ianaZones {
		_, err := time.LoadLocation(z)
		assert.NoError(t, err, z)
	}
}

func TestZoneSearchFiltersTheDropDown(t *testing.T) {
	c := viewstest.New()
	u := newTestUI(t, c)
	s := open[*settingsScreen](t, u, navSettings).general
	s.zone.SetText("")
	test.Type(s.zone, "tokyo")
	assert.Equal(t, "tokyo", s.zone.Text)
	assert.Equal(t, []string{"Asia/Tokyo"}, zoneChoices(s.zone.Text))
}

func TestSettingsSayWhereTokensAre(t *testing.T) {
	assert.Equal(t, "Database, media and logs. Sign-in tokens stay in your system keychain, not here.",
		dataFolderHint(viewstest.New()))
	c := viewstest.New()
	c.Keychain = false
	assert.Equal(t, "Database, media and logs. Sign-in tokens are kept encrypted in secrets.enc in this folder.",
		dataFolderHint(c))
}

func TestSettingsDataFolderCard(t *testing.T) {
	c := viewstest.New()
	c.Keychain = false
	u := newTestUI(t, c)
	s := open[*settingsScreen](t, u, navSettings)
	all := texts(s.data.root)
	assert.Contains(t, all, "/tmp/webox-social")
	assert.Contains(t, all, dataFolderHint(c))
	button(t, s.data.root, "Open folder")
}

func TestThemeChoiceAppliesTheVariantAtOnce(t *testing.T) {
	c := viewstest.New()
	u := newTestUI(t, c)
	s := open[*settingsScreen](t, u, navSettings).look
	assert.Equal(t, "Same as the system", s.theme.Selected)

	s.theme.SetSelected("Dark")
	test.Tap(s.save)
	assert.Equal(t, app.Preferences{Theme: app.ThemeDark, Language: app.LanguageSystem}, c.SettingsPart().Snapshot().Prefs)
	assert.Equal(t, "Appearance saved.", s.status.Text)
	bg := u.env.fa.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight)
	assert.Equal(t, theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark), bg,
		"the dark variant is drawn even when the system asks for light")

	s.theme.SetSelected("Light")
	test.Tap(s.save)
	bg = u.env.fa.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantDark)
	assert.Equal(t, theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight), bg)
}

func TestThemeFor(t *testing.T) {
	dark := themeFor(app.ThemeDark)
	light := themeFor(app.ThemeLight)
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		assert.Equal(t, theme.DefaultTheme().Color(theme.ColorNameForeground, theme.VariantDark), dark.Color(theme.ColorNameForeground, v))
		assert.Equal(t, theme.DefaultTheme().Color(theme.ColorNameForeground, theme.VariantLight), light.Color(theme.ColorNameForeground, v))
	}
	var sys color.Color = themeFor(app.ThemeSystem).Color(theme.ColorNameForeground, theme.VariantDark)
	assert.Equal(t, theme.DefaultTheme().Color(theme.ColorNameForeground, theme.VariantDark), sys, "system follows the asked variant")
	assert.Equal(t, theme.DefaultTheme().Size(theme.SizeNameText), dark.Size(theme.SizeNameText))
}

func TestLanguageChoiceIsStoredAndAsksForARestart(t *testing.T) {
	if !app.LanguageSwitchable() {
		t.Skip("the language follows the system here")
	}
	c := viewstest.New()
	u := newTestUI(t, c)
	s := open[*settingsScreen](t, u, navSettings).look
	assert.False(t, s.restart.Visible())

	s.language.SetSelected("Français")
	test.Tap(s.save)
	st := c.SettingsPart().Snapshot()
	assert.Equal(t, app.LanguageFrench, st.Prefs.Language)
	require.True(t, s.restart.Visible())
	assert.Contains(t, texts(s.restart), "Restart Webox Social to switch the language.")

	s.language.SetSelected("Same as the system")
	test.Tap(s.save)
	assert.False(t, s.restart.Visible(), "back to the language running now: no restart needed")
}

func TestRestartNowRequestsARestartAndQuitsCleanly(t *testing.T) {
	c := viewstest.New()
	c.SettingsPart().Prefs.Language = app.LanguageFrench
	u := newTestUI(t, c)
	s := open[*settingsScreen](t, u, navSettings).look
	require.True(t, s.restart.Visible(), "a stored language that is not the running one")

	test.Tap(button(t, s.restart, "Restart now"))
	assert.Equal(t, 1, c.SettingsPart().Snapshot().Restarts)
	assert.Error(t, u.env.ctx.Err(), "the window quit the way File ▸ Quit does")
}

func TestUseLanguageSwitchesFynesTranslations(t *testing.T) {
	if !app.LanguageSwitchable() {
		t.Skip("the language follows the system here")
	}
	t.Cleanup(func() { UseLanguage(app.LanguageSystem) })
	t.Setenv("LANG", "en_US.UTF-8")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANGUAGE", "en")
	t.Setenv("WEBOX_SYSTEM_LANGUAGE", "en")

	UseLanguage(app.LanguageFrench)
	assert.Equal(t, "Annuler", lang.L("Cancel"), "Fyne's own French strings apply")
	assert.Equal(t, app.LanguageFrench, runningLanguage)

	UseLanguage(app.LanguageSystem)
	assert.Equal(t, "Cancel", lang.L("Cancel"))
}

func TestStartAtLoginWritesThroughTheCore(t *testing.T) {
	c := viewstest.New()
	u := newTestUI(t, c)
	s := open[*settingsScreen](t, u, navSettings).login
	assert.False(t, s.check.Checked)
	assert.Contains(t, s.where.Text, "/tmp/autostart/com.webox.social.desktop")

	test.Tap(s.check)
	assert.Equal(t, []bool{true}, c.SettingsPart().Snapshot().AutostartSets)
	assert.Equal(t, "Webox Social will start when you log in.", s.status.Text)

	test.Tap(s.check)
	assert.Equal(t, []bool{true, false}, c.SettingsPart().Snapshot().AutostartSets)
	assert.False(t, c.SettingsPart().Snapshot().Autostart.Enabled)
}

func TestStartAtLoginNotSupported(t *testing.T) {
	c := viewstest.New()
	c.SettingsPart().Autostart = app.AutostartStatus{}
	u := newTestUI(t, c)
	s := open[*settingsScreen](t, u, navSettings).login
	assert.True(t, s.check.Disabled())
	assert.Equal(t, "Starting at login is not supported on this system yet.", s.where.Text)
}

func TestAISettingsSaveTheKeyApart(t *testing.T) {
	c := viewstest.New()
	u := newTestUI(t, c)
	s := open[*settingsScreen](t, u, navSettings).ai
	assert.Equal(t, "https://api.openai.com/v1", s.endpoint.Text)
	assert.Equal(t, "gpt-4o-mini", s.model.Text)
	assert.Empty(t, s.key.PlaceHolder)
	assert.False(t, s.forget.Visible())

	s.model.SetText("gpt-4o")
	test.Type(s.key, "sk-secret")
	s.budget.SetText("12,50")
	test.Tap(s.save)

	st := c.SettingsPart().Snapshot()
	require.Len(t, st.AISaves, 1)
	assert.Equal(t, app.AISettings{Endpoint: "https://api.openai.com/v1", Model: "gpt-4o", APIKey: "sk-secret", BudgetUSD: 12.5}, st.AISaves[0])
	assert.Equal(t, "sk-secret", st.AIKey)
	assert.Empty(t, st.AI.APIKey, "the stored settings never hold the key")
	assert.True(t, st.AI.HasKey)
	assert.Equal(t, "AI settings saved.", s.status.Text)
	assert.Empty(t, s.key.Text, "the key is not shown again")
	assert.Equal(t, "stored in the keychain", s.key.PlaceHolder)
	assert.True(t, s.forget.Visible())
	assert.Equal(t, "12.5", s.budget.Text)
}

func TestAISettingsRemoveKeyAndRefuseBadBudget(t *testing.T) {
	c := viewstest.New()
	c.SettingsPart().AI.HasKey = true
	c.SettingsPart().AIKey = "sk-old"
	u := newTestUI(t, c)
	s := open[*settingsScreen](t, u, navSettings).ai
	require.True(t, s.forget.Visible())

	s.budget.SetText("lots")
	test.Tap(s.save)
	assert.Contains(t, s.status.Text, "monthly budget")
	assert.Empty(t, c.SettingsPart().Snapshot().AISaves)

	s.budget.SetText("")
	test.Tap(s.forget)
	st := c.SettingsPart().Snapshot()
	assert.Empty(t, st.AIKey)
	assert.False(t, st.AI.HasKey)
	assert.Equal(t, "The API key was removed.", s.status.Text)
	assert.False(t, s.forget.Visible())
	assert.Empty(t, s.key.PlaceHolder)
}

func TestAISettingsShowTheCoresSentence(t *testing.T) {
	c := viewstest.New()
	u := newTestUI(t, c)
	s := open[*settingsScreen](t, u, navSettings).ai
	c.Err = fmt.Errorf("save: %w", model.ErrInvalid)
	test.Tap(s.save)
	assert.Equal(t, app.UserMessage(c.Err), s.status.Text)
	assert.Equal(t, widget.DangerImportance, s.status.Importance)
	assert.False(t, s.save.Disabled())
}

func TestSettingsMenuItemUsesCtrlComma(t *testing.T) {
	opened := 0
	it := settingsMenuItem(func() { opened++ })
	sc, ok := it.Shortcut.(fyne.KeyboardShortcut)
	require.True(t, ok)
	assert.Equal(t, fyne.KeyComma, sc.Key())
	assert.Equal(t, fyne.KeyModifierShortcutDefault, sc.Mod())
	it.Action()
	assert.Equal(t, 1, opened)
}

func TestSettingsFitTheWindow(t *testing.T) {
	c := viewstest.New()
	u := newTestUI(t, c)
	s := open[*settingsScreen](t, u, navSettings)
	assert.LessOrEqual(t, s.root.MinSize().Width, float32(windowWidth-navWidth))
	assert.LessOrEqual(t, s.root.MinSize().Height, float32(windowHeight))
}
