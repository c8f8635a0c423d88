package app_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
)

func TestAutostartWritesAndRemovesTheEntry(t *testing.T) {
	s := app.Autostart{Dir: filepath.Join(t.TempDir(), "autostart"), Command: []string{"/opt/Webox Social/webox-social", "--data-dir", "/data/50%"}}
	on, err := s.Enabled()
	require.NoError(t, err)
	assert.False(t, on)

	require.NoError(t, s.Enable())
	on, err = s.Enabled()
	require.NoError(t, err)
	assert.True(t, on)
	data, err := os.ReadFile(s.Path())
	require.NoError(t, err)
	assert.Contains(t, string(data), "[Desktop Entry]\nType=Application\nName=Webox Social\n")
	assert.Contains(t, string(data), "\nExec=\"/opt/Webox Social/webox-social\" --data-dir /data/50%%\n")
	assert.Equal(t, "com.webox.social.desktop", filepath.Base(s.Path()))
	entries, err := os.ReadDir(s.Dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left behind")

	require.NoError(t, s.Disable())
	_, err = os.Stat(s.Path())
	assert.ErrorIs(t, err, os.ErrNotExist)
	assert.NoError(t, s.Disable(), "removing a missing entry is fine")
}

func TestAutostartQuotesReservedCharacters(t *testing.T) {
	s := app.Autostart{Dir: t.TempDir(), Command: []string{`/home/o'neil/$bin/web"ox`}}
	require.NoError(t, s.Enable())
	data, err := os.ReadFile(s.Path())
	require.NoError(t, err)
	// Quoted, with " and $ escaped by a backslash, then each backslash doubled as a string.
	assert.Contains(t, string(data), "\nExec=\"/home/o'neil/\\\\$bin/web\\\\\"ox\"\n")
}

func TestAutostartTurnedOffByTheDesktopIsNotEnabled(t *testing.T) {
	s := app.Autostart{Dir: t.TempDir(), Command: []string{"/usr/bin/webox-social"}}
	require.NoError(t, os.WriteFile(s.Path(), []byte("[Desktop Entry]\nExec=webox-social\nHidden=true\n"), 0o644))
	on, err := s.Enabled()
	require.NoError(t, err)
	assert.False(t, on)
}

func TestStartAtLoginUsesTheUsersAutostartFolder(t *testing.T) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skip("XDG autostart is for Linux and the BSDs")
	}
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	r := newSettingsRig(t)

	st, err := r.core.StartAtLogin(t.Context())
	require.NoError(t, err)
	want := filepath.Join(cfg, "autostart", "com.webox.social.desktop")
	assert.Equal(t, app.AutostartStatus{Supported: true, Path: want}, st)

	require.NoError(t, r.core.SetStartAtLogin(t.Context(), true))
	data, err := os.ReadFile(want)
	require.NoError(t, err)
	exe, err := os.Executable()
	require.NoError(t, err)
	assert.Contains(t, string(data), "Exec="+exe+" --data-dir "+r.dir+" --minimized\n",
		"a data folder that is not the default is passed on, and it starts in the tray")
	st, err = r.core.StartAtLogin(t.Context())
	require.NoError(t, err)
	assert.True(t, st.Enabled)

	require.NoError(t, r.core.SetStartAtLogin(t.Context(), false))
	assert.NoFileExists(t, want)
}
