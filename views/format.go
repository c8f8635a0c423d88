package views

import (
	"os"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2/lang"
	"github.com/rivo/uniseg"

	"webox-social/services/model"
)

// Layouts used to read and write dates and times in entries. Input is ISO so it is
// unambiguous in every locale; dates shown in sentences go through whenText and
// shortWhenText, which name days and months in the user's language.
const (
	dateInputLayout = "2006-01-02"
	timeInputLayout = "15:04"
)

// formatWhen shows t in the local zone, or a dash for the zero time.
func formatWhen(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return whenText(t.In(time.Local))
}

// whenText is a moment read in t's location, in the user's language: "Tue 24 Nov 2026,
// 09:30", « mar. 24 nov. 2026 à 09:30 ».
func whenText(t time.Time) string { return calWhen(t) }

// shortWhenText is a moment without the year: "Thu 26 Nov, 17:00".
func shortWhenText(t time.Time) string {
	return lang.L("{{.Day}}, {{.Time}}", map[string]any{"Day": calDayShort(civilOf(t)), "Time": t.Format(timeInputLayout)})
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

// statusTexts are the labels of post and target statuses, by their stored value, in
// English; statusText translates them.
var statusTexts = map[string]func() string{
	"draft":               func() string { return lang.L("Draft") },
	"scheduled":           func() string { return lang.L("Scheduled") },
	"pending":             func() string { return lang.L("Pending") },
	"publishing":          func() string { return lang.L("Publishing") },
	"published":           func() string { return lang.L("Published") },
	"partially_published": func() string { return lang.L("Partially published") },
	"failed":              func() string { return lang.L("Failed") },
	"cancelled":           func() string { return lang.L("Cancelled") },
	"missed":              func() string { return lang.L("Missed") },
	"unconfirmed":         func() string { return lang.L("Unconfirmed") },
}

// statusText is the label of a stored post or target status in the user's language;
// a status this version does not know is shown as stored, in sentence case.
func statusText(s string) string {
	if f, ok := statusTexts[s]; ok {
		return f()
	}
	return humanize(s)
}

// postStatusText is the label for a post status.
func postStatusText(s model.PostStatus) string { return statusText(string(s)) }

// targetStatusText is the label for a target status.
func targetStatusText(s model.TargetStatus) string { return statusText(string(s)) }

// accountStatusText is the label for an account status.
func accountStatusText(s model.AccountStatus) string {
	switch s {
	case model.AccountOK, "":
		return lang.L("Connected")
	case model.AccountReconnectNeeded:
		return lang.L("Reconnect needed")
	case model.AccountDisabled:
		return lang.L("Disabled")
	}
	return humanize(string(s))
}

// targetMessage is what went wrong with a target that needs the user: the engine's
// sentence (LastError, with the network's own words), or a plain one when there is none.
func targetMessage(t model.Target) string {
	if t.LastError != "" {
		return t.LastError
	}
	network := map[string]any{"Network": t.Platform.Title()}
	switch t.Status {
	case model.TargetFailed:
		return lang.L("Not published: {{.Network}} refused the post.", network)
	case model.TargetMissed:
		return lang.L("Missed: Webox Social was not running at the scheduled time. Choose Publish now or Cancel.")
	case model.TargetUnconfirmed:
		return lang.L("Unconfirmed: Webox Social could not tell whether the post went out on {{.Network}}.", network)
	}
	return ""
}

// targetHint is a short line on what the user can do about a target that needs them,
// naming only actions the post detail offers; "" when there is nothing to add.
func targetHint(t model.Target, reconnect, canEdit bool) string {
	switch t.Status {
	case model.TargetFailed:
		if reconnect {
			return lang.L("Reconnect the account in Accounts, then choose Publish now.")
		}
		if canEdit {
			return lang.L("Edit the post and publish again.")
		}
		return lang.L("Choose Publish now to try this account again.")
	case model.TargetMissed:
		if canEdit {
			return lang.L("To reschedule, choose Edit and pick a new time.")
		}
		return lang.L("This post cannot be rescheduled here: choose Publish now or Cancel.")
	case model.TargetUnconfirmed:
		return lang.L("Check the account on {{.Network}}: if the post is not there, choose Publish now.",
			map[string]any{"Network": t.Platform.Title()})
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
		return whenText(here)
	}
	there := at.In(loc)
	out := lang.L("{{.When}} {{.Zone}}", map[string]any{"When": whenText(there), "Zone": zone})
	var mine string
	switch {
	case whenText(there) == whenText(here):
		return out
	case there.YearDay() == here.YearDay() && there.Year() == here.Year():
		mine = here.Format(timeInputLayout)
	default:
		mine = shortWhenText(here)
	}
	return lang.L("{{.When}} ({{.Mine}} your time)", map[string]any{"When": out, "Mine": mine})
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
