package views

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// commonZones are offered in the zone picker; any IANA name can be typed.
var commonZones = []string{
	"Local", "UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "America/New_York",
	"America/Chicago", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Tokyo", "Asia/Kolkata",
	"Australia/Sydney",
}

// errUnknownZone marks a time zone name the system's zone database does not have.
var errUnknownZone = errors.New("unknown time zone")

// settingsScreen edits the user's settings.
type settingsScreen struct {
	e      *env
	loads  latest
	root   fyne.CanvasObject
	late   *widget.Entry
	notify *widget.Check
	zone   *widget.SelectEntry
	save   *widget.Button
	status *widget.Label
	apps   *devApps
	host   *mediaHostCard
}

func newSettingsScreen(e *env) *settingsScreen {
	s := &settingsScreen{e: e, late: widget.NewEntry(), zone: widget.NewSelectEntry(commonZones), status: newStatusLabel()}
	s.notify = widget.NewCheck("Tell me when a post fails, is missed or needs me", nil)
	s.save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), s.submit)
	s.save.Importance = widget.HighImportance
	lateItem := widget.NewFormItem("Late-post limit (minutes)", s.late)
	lateItem.HintText = "A post found later than this (computer off or asleep) waits for you instead of going out stale."
	zoneItem := widget.NewFormItem("Default time zone", s.zone)
	zoneItem.HintText = "Compose schedules in this zone. “Local” follows this computer."
	dir := widget.NewLabel(e.core.DataDir())
	dir.Truncation = fyne.TextTruncateEllipsis
	open := widget.NewButtonWithIcon("Open folder", theme.FolderOpenIcon(), s.openDataDir)
	dataItem := widget.NewFormItem("Data folder", container.NewBorder(nil, nil, nil, open, dir))
	dataItem.HintText = dataFolderHint(e.core)
	form := widget.NewForm(lateItem, widget.NewFormItem("Notifications", s.notify), zoneItem, dataItem)
	s.apps = newDevApps(e)
	s.host = newMediaHostCard(e)
	body := container.NewVBox(form, container.NewHBox(s.save), s.status, s.host.root, s.apps.root)
	scroll := container.NewVScroll(capped(820, body))
	s.apps.scroll = scroll
	s.root = page(navSettings, "How Webox Social publishes and tells you about it.", scroll)
	return s
}

// dataFolderHint says what the data folder holds, tokens included when they are there.
func dataFolderHint(core Core) string {
	if core.SecretsInKeychain() {
		return "Database, media and logs. Sign-in tokens stay in your system keychain, not here."
	}
	return "Database, media and logs. Sign-in tokens are kept encrypted in secrets.enc in this folder."
}

func (s *settingsScreen) view() fyne.CanvasObject { return s.root }

// showNetwork scrolls to network p's developer app.
func (s *settingsScreen) showNetwork(p model.Platform) { s.apps.show(p) }

func (s *settingsScreen) reload() {
	s.apps.reload()
	s.host.reload()
	reloadInto(s.e, &s.loads, s.e.core.Settings, func(set app.Settings, err error) {
		if err != nil {
			message(s.status, err, "")
			return
		}
		s.late.SetText(strconv.Itoa(int(set.LateThreshold / time.Minute)))
		s.notify.SetChecked(set.Notifications)
		s.zone.SetText(set.DefaultZone)
	})
}

// read turns the form into Settings, or returns a sentence for the user.
func (s *settingsScreen) read() (app.Settings, string) {
	mins, err := strconv.Atoi(strings.TrimSpace(s.late.Text))
	if err != nil || mins < 1 || mins > 7*24*60 {
		return app.Settings{}, "Type the late-post limit as a number of minutes between 1 and 10080 (one week)."
	}
	zone := strings.TrimSpace(s.zone.Text)
	if zone == "" {
		zone = "Local"
	}
	return app.Settings{LateThreshold: time.Duration(mins) * time.Minute, Notifications: s.notify.Checked, DefaultZone: zone}, ""
}

// submit checks the zone and saves, both off the UI goroutine (zone lookup reads files).
func (s *settingsScreen) submit() {
	set, bad := s.read()
	if bad != "" {
		say(s.status, widget.DangerImportance, bad)
		return
	}
	s.save.Disable()
	work(s.e, func(ctx context.Context) (struct{}, error) {
		if set.DefaultZone != "Local" {
			if _, err := time.LoadLocation(set.DefaultZone); err != nil {
				return struct{}{}, fmt.Errorf("views: zone %q: %w", set.DefaultZone, errUnknownZone)
			}
		}
		return struct{}{}, s.e.core.SaveSettings(ctx, set)
	}, func(_ struct{}, err error) {
		s.save.Enable()
		if errors.Is(err, errUnknownZone) {
			say(s.status, widget.DangerImportance, "“"+set.DefaultZone+"” is not a time zone this computer knows. Use a name like Europe/Paris.")
			return
		}
		message(s.status, err, "Settings saved.")
	})
}

// openDataDir shows the data folder in the file manager, off the UI goroutine (the
// system command is waited for on macOS).
func (s *settingsScreen) openDataDir() {
	u := &url.URL{Scheme: "file", Path: s.e.core.DataDir()}
	work(s.e, func(context.Context) (struct{}, error) {
		if err := s.e.fa.OpenURL(u); err != nil {
			return struct{}{}, fmt.Errorf("views: open data folder: %w", err)
		}
		return struct{}{}, nil
	}, func(_ struct{}, err error) {
		if err != nil {
			message(s.status, err, "")
		}
	})
}
