package app_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/services/secrets"
	"webox-social/services/store"
	"webox-social/services/store/storetest"
)

// settingsRig is a core on a real store with in-memory secrets and no networks.
type settingsRig struct {
	core    *app.App
	store   *store.Store
	secrets *secrets.Memory
	dir     string
}

func newSettingsRig(t *testing.T) *settingsRig {
	t.Helper()
	st := storetest.Open(t)
	sec := secrets.NewMemory()
	dir := t.TempDir()
	core, err := app.New(t.Context(), app.Params{Store: st, Secrets: sec, DataDir: dir})
	require.NoError(t, err)
	return &settingsRig{core: core, store: st, secrets: sec, dir: dir}
}

func TestPreferencesDefaultToTheSystem(t *testing.T) {
	r := newSettingsRig(t)
	p, err := r.core.Preferences(t.Context())
	require.NoError(t, err)
	assert.Equal(t, app.Preferences{Theme: app.ThemeSystem, Language: app.LanguageSystem}, p)
}

func TestPreferencesRoundTripThroughTheStore(t *testing.T) {
	r := newSettingsRig(t)
	want := app.Preferences{Theme: app.ThemeDark, Language: app.LanguageFrench}
	require.NoError(t, r.core.SavePreferences(t.Context(), want))

	got, err := r.core.Preferences(t.Context())
	require.NoError(t, err)
	assert.Equal(t, want, got)
	all, err := r.store.AllSettings(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "dark", all["ui.theme"])
	assert.Equal(t, "fr", all["ui.language"])
}

func TestPreferencesRefuseUnknownChoices(t *testing.T) {
	r := newSettingsRig(t)
	err := r.core.SavePreferences(t.Context(), app.Preferences{Theme: "purple", Language: app.LanguageSystem})
	assert.ErrorIs(t, err, model.ErrInvalid)
	assert.Contains(t, app.UserMessage(err), "not a theme")
	err = r.core.SavePreferences(t.Context(), app.Preferences{Theme: app.ThemeLight, Language: "de"})
	assert.ErrorIs(t, err, model.ErrInvalid)

	require.NoError(t, r.store.SetSetting(t.Context(), "ui.theme", "purple"))
	p, err := r.core.Preferences(t.Context())
	require.NoError(t, err)
	assert.Equal(t, app.ThemeSystem, p.Theme, "a value the app does not know reads as the default")
}

func TestRestartIsRequestedPerCore(t *testing.T) {
	a, b := newSettingsRig(t), newSettingsRig(t)
	assert.False(t, a.core.RestartRequested())
	a.core.RequestRestart()
	assert.True(t, a.core.RestartRequested())
	assert.False(t, b.core.RestartRequested())
}

func TestApplyLanguageSetsAndRestoresLANGUAGE(t *testing.T) {
	t.Setenv("LANGUAGE", "de_DE:en")
	t.Setenv("WEBOX_SYSTEM_LANGUAGE", "")
	os.Unsetenv("WEBOX_SYSTEM_LANGUAGE")

	app.ApplyLanguage(app.LanguageSystem)
	assert.Equal(t, "de_DE:en", os.Getenv("LANGUAGE"), "system leaves the session's choice alone")

	app.ApplyLanguage(app.LanguageFrench)
	assert.Equal(t, "fr", os.Getenv("LANGUAGE"))

	// A restart inherits this environment; going back to system restores the session's.
	app.ApplyLanguage(app.LanguageSystem)
	assert.Equal(t, "de_DE:en", os.Getenv("LANGUAGE"))
}

func TestApplyLanguageUnsetsWhatItAdded(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	os.Unsetenv("LANGUAGE")
	t.Setenv("WEBOX_SYSTEM_LANGUAGE", "")
	os.Unsetenv("WEBOX_SYSTEM_LANGUAGE")

	app.ApplyLanguage(app.LanguageEnglish)
	assert.Equal(t, "en", os.Getenv("LANGUAGE"))
	app.ApplyLanguage(app.LanguageSystem)
	_, set := os.LookupEnv("LANGUAGE")
	assert.False(t, set)
}

// TestRelaunchStartsTheSameProgramAgain runs itself in a child process that relaunches:
// the relaunched program records the arguments it got.
func TestRelaunchStartsTheSameProgramAgain(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("on Windows Relaunch starts a second process")
	}
	if dir := os.Getenv("WEBOX_TEST_RELAUNCH"); dir != "" {
		if os.Getenv("WEBOX_TEST_RELAUNCHED") == "" {
			require.NoError(t, os.Setenv("WEBOX_TEST_RELAUNCHED", "1"))
			t.Fatal(app.Relaunch()) // only reached when it failed
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, "args"), []byte(strings.Join(os.Args[1:], " ")), 0o600))
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestRelaunchStartsTheSameProgramAgain$")
	cmd.Env = append(os.Environ(), "WEBOX_TEST_RELAUNCH="+dir)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	args, err := os.ReadFile(filepath.Join(dir, "args"))
	require.NoError(t, err)
	assert.Equal(t, "-test.run=^TestRelaunchStartsTheSameProgramAgain$", string(args))
}
