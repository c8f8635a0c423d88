package views

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
)

// errUnknownZone marks a time zone name the system's zone database does not have.
var errUnknownZone = errors.New("unknown time zone")

// generalCard edits the late-post limit, the default time zone and notifications.
type generalCard struct {
	e      *env
	loads  latest
	root   fyne.CanvasObject
	late   *widget.Entry
	notify *widget.Check
	zone   *widget.SelectEntry
	save   *widget.Button
	status *widget.Label
}

func newGeneralCard(e *env) *generalCard {
	c := &generalCard{e: e, late: widget.NewEntry(), zone: widget.NewSelectEntry(zoneChoices("")), status: newStatusLabel()}
	c.notify = widget.NewCheck(lang.L("Tell me when a post fails, is missed or needs me"), nil)
	c.zone.SetPlaceHolder(lang.L("Type a city to search, for example Paris"))
	c.zone.OnChanged = func(text string) { c.zone.SetOptions(zoneChoices(text)) }
	c.save = newSettingsSave(c.submit)
	lateItem := widget.NewFormItem(lang.L("Late-post limit (minutes)"), c.late)
	lateItem.HintText = lang.L("A post found later than this (computer off or asleep) waits for you instead of going out stale.")
	zoneItem := widget.NewFormItem(lang.L("Default time zone"), c.zone)
	zoneItem.HintText = lang.L("Compose schedules in this zone. “Local” follows this computer.")
	form := widget.NewForm(lateItem, zoneItem, widget.NewFormItem(lang.L("Notifications"), c.notify))
	c.root = settingsCard(lang.L("General"), "", form, settingsSaveRow(c.save, c.status))
	return c
}

// zoneChoices are the zones offered for what the user typed: every zone when the text
// is empty or already a zone, else the zones whose name holds it ("new york" finds
// America/New_York). "Local" and "UTC" come first.
func zoneChoices(text string) []string {
	all := append([]string{"Local", "UTC"}, ianaZones...)
	q := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(text), " ", "_"))
	if q == "" {
		return all
	}
	var out []string
	for _, z := range all {
		if z == text {
			return all
		}
		if strings.Contains(strings.ToLower(z), q) {
			out = append(out, z)
		}
	}
	return out
}

// reload reads the stored settings off the UI goroutine.
func (c *generalCard) reload() {
	reloadInto(c.e, &c.loads, c.e.core.Settings, func(set app.Settings, err error) {
		if err != nil {
			message(c.status, err, "")
			return
		}
		c.late.SetText(strconv.Itoa(int(set.LateThreshold / time.Minute)))
		c.notify.SetChecked(set.Notifications)
		c.zone.SetText(set.DefaultZone)
	})
}

// read turns the form into Settings, or returns a sentence for the user.
func (c *generalCard) read() (app.Settings, string) {
	mins, err := strconv.Atoi(strings.TrimSpace(c.late.Text))
	if err != nil || mins < 1 || mins > 7*24*60 {
		return app.Settings{}, lang.L("Type the late-post limit as a number of minutes between 1 and 10080 (one week).")
	}
	zone := strings.TrimSpace(c.zone.Text)
	if zone == "" {
		zone = "Local"
	}
	return app.Settings{LateThreshold: time.Duration(mins) * time.Minute, Notifications: c.notify.Checked, DefaultZone: zone}, ""
}

// submit checks the zone and saves, both off the UI goroutine (zone lookup reads files).
func (c *generalCard) submit() {
	set, bad := c.read()
	if bad != "" {
		say(c.status, widget.DangerImportance, bad)
		return
	}
	c.save.Disable()
	work(c.e, func(ctx context.Context) (struct{}, error) {
		if set.DefaultZone != "Local" {
			if _, err := time.LoadLocation(set.DefaultZone); err != nil {
				return struct{}{}, fmt.Errorf("views: zone %q: %w", set.DefaultZone, errUnknownZone)
			}
		}
		return struct{}{}, c.e.core.SaveSettings(ctx, set)
	}, func(_ struct{}, err error) {
		c.save.Enable()
		if errors.Is(err, errUnknownZone) {
			say(c.status, widget.DangerImportance, lang.L("“{{.Zone}}” is not a time zone this computer knows. Use a name like Europe/Paris.",
				map[string]any{"Zone": set.DefaultZone}))
			return
		}
		message(c.status, err, lang.L("Settings saved."))
	})
}
