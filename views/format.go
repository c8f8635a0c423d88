package views

import (
	"os"
	"strings"
	"sync"
	"time"

	"github.com/rivo/uniseg"

	"webox-social/services/model"
)

// Layouts used to show and read times. Input is ISO so it is unambiguous in every locale.
const (
	dateInputLayout = "2006-01-02"
	timeInputLayout = "15:04"
	whenLayout      = "Mon 2 Jan 2006, 15:04"
	dayLayout       = "Monday 2 January"
)

// formatWhen shows t in the local zone, or a dash for the zero time.
func formatWhen(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(time.Local).Format(whenLayout)
}

// excerpt is the first line of s, cut to at most n user-perceived characters.
func excerpt(s string, n int) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = strings.TrimSpace(s[:i]) + " …"
	}
	if uniseg.GraphemeClusterCount(s) <= n {
		return s
	}
	var b strings.Builder
	g := uniseg.NewGraphemes(s)
	for i := 0; i < n-1 && g.Next(); i++ {
		b.WriteString(g.Str())
	}
	return strings.TrimSpace(b.String()) + "…"
}

// humanize turns a snake_case status into "Sentence case".
func humanize(s string) string {
	s = strings.ReplaceAll(s, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// postStatusText is the label for a post status.
func postStatusText(s model.PostStatus) string { return humanize(string(s)) }

// targetStatusText is the label for a target status.
func targetStatusText(s model.TargetStatus) string { return humanize(string(s)) }

// accountStatusText is the label for an account status.
func accountStatusText(s model.AccountStatus) string {
	switch s {
	case model.AccountOK, "":
		return "Connected"
	case model.AccountReconnectNeeded:
		return "Reconnect needed"
	case model.AccountDisabled:
		return "Disabled"
	}
	return humanize(string(s))
}

// targetProblem explains a target that needs the user's attention, or "" when it does not.
func targetProblem(t model.Target) string {
	switch t.Status {
	case model.TargetFailed:
		return "Not published: the network refused it. Fix the text and publish again."
	case model.TargetMissed:
		return "Missed: the computer was off or asleep at the scheduled time. Publish now, reschedule or cancel."
	case model.TargetUnconfirmed:
		return "Unconfirmed: Webox Social could not tell whether it went out. Check the account before publishing again."
	}
	return ""
}

// zoneLocation resolves an IANA zone name; "" and "Local" mean the system zone.
func zoneLocation(name string) (*time.Location, string) {
	if name == "" || name == "Local" {
		return time.Local, localZoneName()
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.Local, localZoneName()
	}
	return loc, name
}

// localZoneName is the system zone's name, e.g. "Europe/Paris" (or its abbreviation when
// the system does not say).
var localZoneName = sync.OnceValue(func() string {
	if n := time.Local.String(); n != "" && n != "Local" {
		return n
	}
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if _, name, ok := strings.Cut(target, "zoneinfo/"); ok {
			return name
		}
	}
	n, _ := time.Now().Zone()
	return n
})

// nextRoundHour is the next full hour after now, in loc.
func nextRoundHour(now time.Time, loc *time.Location) time.Time {
	t := now.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), 0, 0, 0, loc).Add(time.Hour)
}
