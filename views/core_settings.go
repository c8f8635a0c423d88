package views

import (
	"context"

	"webox-social/app"
)

// settingsCore is what the settings screen needs from the core beyond Core's shared methods.
type settingsCore interface {
	// Preferences returns the stored theme and language.
	Preferences(ctx context.Context) (app.Preferences, error)
	// SavePreferences stores the theme and language (the window applies them).
	SavePreferences(ctx context.Context, p app.Preferences) error
	// RequestRestart asks main to start the app again after the window has quit.
	RequestRestart()
	// StartAtLogin says whether the app starts when the user logs in, and whether this
	// system supports it.
	StartAtLogin(ctx context.Context) (app.AutostartStatus, error)
	// SetStartAtLogin adds or removes the app's autostart entry.
	SetStartAtLogin(ctx context.Context, on bool) error
	// LocalAPISettings returns whether the local REST API is on and its address.
	LocalAPISettings(ctx context.Context) (app.LocalAPISettings, error)
	// SaveLocalAPI stores them; the first time the API is turned on it returns the new
	// token, to be shown once.
	SaveLocalAPI(ctx context.Context, s app.LocalAPISettings) (string, error)
	// LocalAPIState says whether the server listens, or why it could not.
	LocalAPIState() app.LocalAPIState
	// AISettings returns the AI endpoint, model and budget, and whether a key is stored.
	AISettings(ctx context.Context) (app.AISettings, error)
	// SaveAISettings checks and stores them; the key goes to the keychain.
	SaveAISettings(ctx context.Context, s app.AISettings) error
	// TestAI checks the saved AI settings: the endpoint answers and offers the model.
	TestAI(ctx context.Context) error
	// AIUsageThisMonth returns this month's AI calls, tokens and estimated cost.
	AIUsageThisMonth(ctx context.Context) (app.AIUsage, error)
}
