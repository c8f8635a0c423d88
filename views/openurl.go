package views

import (
	"fmt"
	"net/url"

	"fyne.io/fyne/v2"
)

// OpenURLFunc adapts fa.OpenURL for the core, which opens the browser for a sign-in from
// its own goroutine. fyne.App.OpenURL only starts a system command (and waits for it on
// macOS), so it is called directly, never on the UI goroutine.
func OpenURLFunc(fa fyne.App) func(string) error {
	return func(raw string) error {
		u, err := url.Parse(raw)
		if err != nil {
			return fmt.Errorf("views: open browser: %w", err)
		}
		if err := fa.OpenURL(u); err != nil {
			return fmt.Errorf("views: open browser: %w", err)
		}
		return nil
	}
}
