package viewstest

import (
	"context"
	"strings"
	"sync"

	"webox-social/app"
)

// SettingsFake is the fake's state for the settings screen's theme, language, start at
// login and AI settings. Get it with Core.SettingsPart; lock nothing, its methods do.
type SettingsFake struct {
	mu sync.Mutex
	// Prefs is the stored theme and language.
	Prefs app.Preferences
	// Autostart is StartAtLogin's answer; SetStartAtLogin updates Enabled when Supported.
	Autostart app.AutostartStatus
	// AI is the stored AI settings (HasKey included); AIKey the stored key, kept apart
	// like the keychain keeps it.
	AI    app.AISettings
	AIKey string

	// PrefSaves, AutostartSets and AISaves record the calls; Restarts counts
	// RequestRestart calls.
	PrefSaves     []app.Preferences
	AutostartSets []bool
	AISaves       []app.AISettings
	Restarts      int
}

// settingsFakes holds each fake core's settings state: Core's fields are declared in
// fake.go, shared by every screen's tests.
var settingsFakes sync.Map // *Core → *SettingsFake

// SettingsPart returns the settings screen's part of the fake, created with the defaults
// (system theme and language, start at login supported and off, default AI endpoint and
// model, no key).
func (c *Core) SettingsPart() *SettingsFake {
	s, _ := settingsFakes.LoadOrStore(c, &SettingsFake{
		Prefs:     app.DefaultPreferences(),
		Autostart: app.AutostartStatus{Supported: true, Path: "/tmp/autostart/com.webox.social.desktop"},
		AI:        app.AISettings{Endpoint: app.DefaultAIEndpoint, Model: app.DefaultAIModel},
	})
	return s.(*SettingsFake)
}

// Snapshot returns a copy of the state, for assertions.
func (s *SettingsFake) Snapshot() SettingsFake {
	s.mu.Lock()
	defer s.mu.Unlock()
	return SettingsFake{Prefs: s.Prefs, Autostart: s.Autostart, AI: s.AI, AIKey: s.AIKey,
		PrefSaves: append([]app.Preferences(nil), s.PrefSaves...), AutostartSets: append([]bool(nil), s.AutostartSets...),
		AISaves: append([]app.AISettings(nil), s.AISaves...), Restarts: s.Restarts}
}

// settingsErr is Err, read under the lock.
func (c *Core) settingsErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Err
}

// Preferences returns the stored theme and language, or Err.
func (c *Core) Preferences(context.Context) (app.Preferences, error) {
	s := c.SettingsPart()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Prefs, c.settingsErr()
}

// SavePreferences records p and stores it, unless Err is set.
func (c *Core) SavePreferences(_ context.Context, p app.Preferences) error {
	if err := c.settingsErr(); err != nil {
		return err
	}
	s := c.SettingsPart()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.PrefSaves = append(s.PrefSaves, p)
	s.Prefs = p
	return nil
}

// RequestRestart counts the call.
func (c *Core) RequestRestart() {
	s := c.SettingsPart()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Restarts++
}

// StartAtLogin returns Autostart, or Err.
func (c *Core) StartAtLogin(context.Context) (app.AutostartStatus, error) {
	s := c.SettingsPart()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Autostart, c.settingsErr()
}

// SetStartAtLogin records on and updates Autostart like the core: refused when not
// supported, and with Err when set.
func (c *Core) SetStartAtLogin(_ context.Context, on bool) error {
	if err := c.settingsErr(); err != nil {
		return err
	}
	s := c.SettingsPart()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.AutostartSets = append(s.AutostartSets, on)
	if !s.Autostart.Supported {
		return sentenceError("Starting at login is not supported on this system yet.")
	}
	s.Autostart.Enabled = on
	return nil
}

// AISettings returns the stored AI settings without the key, or Err.
func (c *Core) AISettings(context.Context) (app.AISettings, error) {
	s := c.SettingsPart()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.AI, c.settingsErr()
}

// SaveAISettings records the call and stores the settings like the core: the key apart
// (AIKey), never in AI; an empty key keeps the stored one, ClearKey removes it.
func (c *Core) SaveAISettings(_ context.Context, in app.AISettings) error {
	if err := c.settingsErr(); err != nil {
		return err
	}
	s := c.SettingsPart()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.AISaves = append(s.AISaves, in)
	switch key := strings.TrimSpace(in.APIKey); {
	case key != "":
		s.AIKey = key
	case in.ClearKey:
		s.AIKey = ""
	}
	in.APIKey, in.ClearKey, in.HasKey = "", false, s.AIKey != ""
	s.AI = in
	return nil
}
