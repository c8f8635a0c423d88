package views

import (
	"strconv"
	"time"

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
		return "Sign-in does not expire"
	}
	left := a.ExpiresAt.Sub(now)
	switch {
	case a.Status == model.AccountReconnectNeeded:
		return "Sign-in no longer accepted — choose Reconnect"
	case left <= 0 && renewsAutomatically(a.Platform):
		return "Renews automatically · renewal due now"
	case left <= 0:
		return "Sign-in expired — reconnect to publish again"
	case renewsAutomatically(a.Platform):
		return "Renews automatically · expires in " + countdown(left)
	}
	return "Expires in " + countdown(left) + " — reconnect before then"
}

// countdown writes a positive duration for people: "less than a minute", "45 min",
// "1 h 20 min", "1 day 3 h", "12 days".
func countdown(d time.Duration) string {
	mins := int(d / time.Minute)
	hours, days := mins/60, mins/(60*24)
	switch {
	case mins < 1:
		return "less than a minute"
	case hours < 1:
		return strconv.Itoa(mins) + " min"
	case days < 1:
		return join(strconv.Itoa(hours)+" h", mins%60, " min")
	case days < 2:
		return join("1 day", hours%24, " h")
	}
	return strconv.Itoa(days) + " days"
}

// join appends " n unit" to s unless n is zero.
func join(s string, n int, unit string) string {
	if n == 0 {
		return s
	}
	return s + " " + strconv.Itoa(n) + unit
}
