package views

import (
	"time"

	"fyne.io/fyne/v2/lang"

	"webox-social/services/model"
)

// renewsAutomatically tells whether Webox Social can renew a network's sign-ins by
// itself. LinkedIn grants refresh tokens only to approved partners, so its 60-day
// sign-ins must be renewed by reconnecting; the other networks renew (Mastodon and
// Facebook Page sign-ins do not expire at all).
func renewsAutomatically(p model.Platform) bool { return p != model.LinkedIn }

// expiryText is the sign-in countdown of an account at now: "Renews automatically ·
// expires in 1 h 20 min", "Expires in 12 days — reconnect before then", or "Sign-in does
// not expire".
func expiryText(a model.Account, now time.Time) string {
	if a.ExpiresAt.IsZero() {
		return lang.L("Sign-in does not expire")
	}
	left := a.ExpiresAt.Sub(now)
	switch {
	case a.Status == model.AccountReconnectNeeded:
		return lang.L("Sign-in no longer accepted — choose Reconnect")
	case left <= 0 && renewsAutomatically(a.Platform):
		return lang.L("Renews automatically · renewal due now")
	case left <= 0:
		return lang.L("Sign-in expired — reconnect to publish again")
	case renewsAutomatically(a.Platform):
		return lang.L("Renews automatically · expires in {{.Left}}", map[string]any{"Left": countdown(left)})
	}
	return lang.L("Expires in {{.Left}} — reconnect before then", map[string]any{"Left": countdown(left)})
}

// countdown writes a positive duration for people: "less than a minute", "45 min",
// "1 h 20 min", "1 day 3 h", "12 days".
func countdown(d time.Duration) string {
	mins := int(d / time.Minute)
	hours, days := mins/60, mins/(60*24)
	switch {
	case mins < 1:
		return lang.L("less than a minute")
	case hours < 1:
		return lang.L("{{.Minutes}} min", map[string]any{"Minutes": mins})
	case days < 1 && mins%60 == 0:
		return lang.L("{{.Hours}} h", map[string]any{"Hours": hours})
	case days < 1:
		return lang.L("{{.Hours}} h {{.Minutes}} min", map[string]any{"Hours": hours, "Minutes": mins % 60})
	case days < 2 && hours%24 == 0:
		return lang.L("1 day")
	case days < 2:
		return lang.L("1 day {{.Hours}} h", map[string]any{"Hours": hours % 24})
	}
	return lang.L("{{.Days}} days", map[string]any{"Days": days})
}
