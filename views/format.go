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
	shortWhenLayout = "Mon 2 Jan, 15:04"
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

// targetMessage is what went wrong with a target that needs the user: the engine's
// sentence (LastError, with the network's own words), or a plain one when there is none.
func targetMessage(t model.Target) string {
	if t.LastError != "" {
		return t.LastError
	}
	switch t.Status {
	case model.TargetFailed:
		return "Not published: " + t.Platform.Title() + " refused the post."
	case model.TargetMissed:
		return "Missed: Webox Social was not running at the scheduled time. Choose Publish now or Cancel."
	case model.TargetUnconfirmed:
		return "Unconfirmed: Webox Social could not tell whether the post went out on " + t.Platform.Title() + "."
	}
	return ""
}

// targetHint is a short line on what the user can do about a target that needs them,
// naming only actions the post detail offers; "" when there is nothing to add.
func targetHint(t model.Target, reconnect, canEdit bool) string {
	switch t.Status {
	case model.TargetFailed:
		if reconnect {
			return "Reconnect the account in Accounts, then choose Publish now."
		}
		if canEdit {
			return "Edit the post and publish again."
		}
		return "Choose Publish now to try this account again."
	case model.TargetMissed:
		if canEdit {
			return "To reschedule, choose Edit and pick a new time."
		}
		return "This post cannot be rescheduled here: choose Publish now or Cancel."
	case model.TargetUnconfirmed:
		return "Check the account on " + t.Platform.Title() + ": if the post is not there, choose Publish now."
	}
	return ""
}

// editable reports whether a post can still be changed in Compose: no target is
// published or being published.
func editable(p model.Post) bool {
	for _, t := range p.Targets {
		if t.Status == model.TargetPublished || t.Status == model.TargetPublishing {
			return false
		}
	}
	return true
}

// zoneLocation resolves an IANA zone name; "" and "Local" mean the system zone.
func zoneLocation(name string) (*time.Location, string) {
	loc, ok := namedZone(name)
	if !ok {
		return time.Local, localZoneName()
	}
	return loc, name
}

// zoneCache keeps the zones already loaded: time.LoadLocation reads the zone database.
var zoneCache sync.Map // name → *time.Location

// namedZone resolves an IANA zone name; ok is false for "" and "Local" (the computer's
// zone) and for names the zone database does not know.
func namedZone(name string) (*time.Location, bool) {
	if name == "" || name == "Local" {
		return nil, false
	}
	if v, ok := zoneCache.Load(name); ok {
		return v.(*time.Location), true
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, false
	}
	zoneCache.Store(name, loc)
	return loc, true
}

// scheduledText shows at in the zone it was chosen in, named, and adds the computer's
// (local) time when it reads differently: "Thu 26 Nov 2026, 18:00 Europe/Paris
// (17:00 your time)". Without a zone ("" or "Local") it is the local time alone.
func scheduledText(at time.Time, zone string, local *time.Location) string {
	here := at.In(local)
	loc, ok := namedZone(zone)
	if !ok {
		return here.Format(whenLayout)
	}
	there := at.In(loc)
	out := there.Format(whenLayout) + " " + zone
	switch {
	case there.Format(whenLayout) == here.Format(whenLayout):
		return out
	case there.YearDay() == here.YearDay() && there.Year() == here.Year():
		return out + " (" + here.Format(timeInputLayout) + " your time)"
	}
	return out + " (" + here.Format(shortWhenLayout) + " your time)"
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
