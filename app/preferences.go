package app

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"sync"
	"syscall"
)

// Where the window's look is kept in the settings table.
const (
	keyTheme    = "ui.theme"
	keyLanguage = "ui.language"
)

// Theme choices.
const (
	ThemeSystem = "system"
	ThemeLight  = "light"
	ThemeDark   = "dark"
)

// Language choices: LanguageSystem follows the system, the others are language codes.
const (
	LanguageSystem  = "system"
	LanguageEnglish = "en"
	LanguageFrench  = "fr"
)

// Preferences are how the window looks: its theme and its language.
type Preferences struct {
	// Theme is ThemeSystem, ThemeLight or ThemeDark.
	Theme string
	// Language is LanguageSystem, LanguageEnglish or LanguageFrench; a change applies at
	// the next start.
	Language string
}

// DefaultPreferences follow the system for both theme and language.
func DefaultPreferences() Preferences {
	return Preferences{Theme: ThemeSystem, Language: LanguageSystem}
}

// Preferences returns the stored theme and language; unknown or missing values are the
// defaults. On error the defaults come with it, so a start can go on with them.
func (a *App) Preferences(ctx context.Context) (Preferences, error) {
	p := DefaultPreferences()
	all, err := a.store.AllSettings(ctx)
	if err != nil {
		return p, fmt.Errorf("read the theme and language: %w", err)
	}
	if v := all[keyTheme]; validTheme(v) {
		p.Theme = v
	}
	if v := all[keyLanguage]; validLanguage(v) {
		p.Language = v
	}
	return p, nil
}

// SavePreferences checks and stores the theme and language.
func (a *App) SavePreferences(ctx context.Context, p Preferences) error {
	if !validTheme(p.Theme) {
		return invalid(fmt.Sprintf("%q is not a theme: choose system, light or dark.", p.Theme))
	}
	if !validLanguage(p.Language) {
		return invalid(fmt.Sprintf("%q is not a language Webox Social speaks: choose system, en or fr.", p.Language))
	}
	if err := a.store.SetSetting(ctx, keyTheme, p.Theme); err != nil {
		return fmt.Errorf("save the theme: %w", err)
	}
	if err := a.store.SetSetting(ctx, keyLanguage, p.Language); err != nil {
		return fmt.Errorf("save the language: %w", err)
	}
	a.log.Info("preferences saved", "theme", p.Theme, "language", p.Language)
	return nil
}

func validTheme(v string) bool {
	return slices.Contains([]string{ThemeSystem, ThemeLight, ThemeDark}, v)
}

func validLanguage(v string) bool {
	return slices.Contains([]string{LanguageSystem, LanguageEnglish, LanguageFrench}, v)
}

// restarts remembers which cores were asked to restart. App's fields live in app.go;
// this side table keeps the restart request beside the code that uses it.
var restarts sync.Map // *App → struct{}

// RequestRestart asks for the app to start again once it has quit (to switch the
// language): main reads RestartRequested after the window closed.
func (a *App) RequestRestart() {
	restarts.Store(a, struct{}{})
	a.log.Info("restart requested")
}

// RestartRequested reports whether RequestRestart was called.
func (a *App) RestartRequested() bool {
	_, ok := restarts.Load(a)
	return ok
}

// Environment variables of the language choice. Fyne's translations read LANGUAGE
// (through go-locale) on Linux and the BSDs; envSystemLanguage keeps the value the
// session had before ApplyLanguage replaced it, so that a restart after going back to
// "system" restores it.
const (
	envLanguage       = "LANGUAGE"
	envSystemLanguage = "WEBOX_SYSTEM_LANGUAGE"
)

// LanguageSwitchable reports whether the language can be chosen on this system: Fyne
// reads the environment on Linux and the BSDs, the system settings on macOS and Windows.
func LanguageSwitchable() bool {
	return runtime.GOOS != "darwin" && runtime.GOOS != "windows"
}

// ApplyLanguage makes the process follow the language choice: call it before any text
// is translated (and before Fyne reads the locale again). LanguageSystem restores the
// session's own LANGUAGE when an earlier start of this process chain replaced it.
func ApplyLanguage(choice string) {
	system, saved := os.LookupEnv(envSystemLanguage)
	if !saved {
		system = os.Getenv(envLanguage)
	}
	if choice == LanguageEnglish || choice == LanguageFrench {
		if !saved {
			_ = os.Setenv(envSystemLanguage, system)
		}
		_ = os.Setenv(envLanguage, choice)
		return
	}
	if !saved {
		return
	}
	if system == "" {
		_ = os.Unsetenv(envLanguage)
	} else {
		_ = os.Setenv(envLanguage, system)
	}
}

// Relaunch replaces the process with a new start of the same executable and arguments
// (on Windows it starts a new process, and the caller exits). Call it after a clean
// quit: the instance lock must already be released.
func Relaunch() error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("restart: find the executable: %w", err)
	}
	if runtime.GOOS == "windows" {
		return startDetached(exe, os.Args[1:])
	}
	if err := syscall.Exec(exe, append([]string{exe}, os.Args[1:]...), os.Environ()); err != nil {
		return fmt.Errorf("restart: run %s again: %w", exe, err)
	}
	return nil
}

// startDetached starts exe with args as a new process that outlives this one.
func startDetached(exe string, args []string) error {
	cmd := exec.Command(exe, args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("restart: start %s: %w", exe, err)
	}
	return cmd.Process.Release()
}
