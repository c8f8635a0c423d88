package app

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// Setting keys in the settings table.
const (
	keyLateThreshold = "late_threshold_minutes"
	keyNotifications = "notifications"
	keyDefaultZone   = "default_zone"
)

// Settings returns the current settings.
func (a *App) Settings(ctx context.Context) (Settings, error) {
	return a.currentSettings(), nil
}

// SaveSettings validates and stores the settings.
func (a *App) SaveSettings(ctx context.Context, s Settings) error {
	if s.LateThreshold < time.Minute || s.LateThreshold > 7*24*time.Hour {
		return invalid("The late-post threshold must be between 1 minute and 7 days.")
	}
	if _, err := loadZone(s.DefaultZone); err != nil {
		return err
	}
	values := map[string]string{
		keyLateThreshold: strconv.Itoa(int(s.LateThreshold / time.Minute)),
		keyNotifications: strconv.FormatBool(s.Notifications),
		keyDefaultZone:   s.DefaultZone,
	}
	for k, v := range values {
		if err := a.store.SetSetting(ctx, k, v); err != nil {
			return fmt.Errorf("save setting %s: %w", k, err)
		}
	}
	a.settingsMu.Lock()
	a.settings = s
	a.settingsMu.Unlock()
	a.engine.Wake()
	return nil
}

func (a *App) currentSettings() Settings {
	a.settingsMu.RLock()
	defer a.settingsMu.RUnlock()
	return a.settings
}

func (a *App) loadSettings(ctx context.Context) error {
	all, err := a.store.AllSettings(ctx)
	if err != nil {
		return fmt.Errorf("load settings: %w", err)
	}
	s := DefaultSettings()
	if v, err := strconv.Atoi(all[keyLateThreshold]); err == nil && v > 0 {
		s.LateThreshold = time.Duration(v) * time.Minute
	}
	if v, err := strconv.ParseBool(all[keyNotifications]); err == nil {
		s.Notifications = v
	}
	if v := all[keyDefaultZone]; v != "" {
		s.DefaultZone = v
	}
	a.settings = s
	return nil
}

// loadZone resolves an IANA zone name; "" and "Local" are the system zone.
func loadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return time.Local, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, invalid(fmt.Sprintf("%q is not a time zone this computer knows (use a name such as Europe/Paris).", name))
	}
	return loc, nil
}

// keyComposeDraft holds the composer's unsaved text, so it survives closing the window.
const keyComposeDraft = "compose_draft"

// ComposeDraft returns the composer's unsaved text ("" when none).
func (a *App) ComposeDraft(ctx context.Context) string {
	v, err := a.store.GetSetting(ctx, keyComposeDraft)
	if err != nil {
		return ""
	}
	return v
}

// SaveComposeDraft keeps the composer's unsaved text in the data dir.
func (a *App) SaveComposeDraft(ctx context.Context, text string) error {
	if err := a.store.SetSetting(ctx, keyComposeDraft, text); err != nil {
		return fmt.Errorf("save the unsaved draft: %w", err)
	}
	return nil
}
