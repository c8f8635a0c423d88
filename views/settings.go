package views

import (
	"context"
	"fmt"
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/services/model"
)

// settingsWidth caps the settings column so forms stay readable on wide windows.
const settingsWidth = 820

// settingsScreen is a scrollable column of cards, each saving on its own: general,
// appearance, start at login, data folder, AI, media host and developer apps.
type settingsScreen struct {
	e       *env
	root    fyne.CanvasObject
	general *generalCard
	look    *appearanceCard
	login   *loginCard
	data    *dataCard
	ai      *aiCard
	apps    *devApps
	host    *mediaHostCard
	api     *apiCard
}

func newSettingsScreen(e *env) *settingsScreen {
	s := &settingsScreen{e: e, general: newGeneralCard(e), look: newAppearanceCard(e), login: newLoginCard(e),
		data: newDataCard(e), ai: newAICard(e), apps: newDevApps(e), host: newMediaHostCard(e), api: newAPICard(e)}
	body := container.NewVBox(s.general.root, s.look.root, s.login.root, s.data.root, s.ai.root, s.host.root,
		s.api.root, s.apps.root)
	scroll := container.NewVScroll(capped(settingsWidth, body))
	s.apps.scroll = scroll
	s.root = page(lang.L(navSettings), lang.L("How Webox Social publishes and tells you about it."), scroll)
	return s
}

func (s *settingsScreen) view() fyne.CanvasObject { return s.root }

// showNetwork scrolls to network p's developer app.
func (s *settingsScreen) showNetwork(p model.Platform) { s.apps.show(p) }

// reload reads every card's stored values off the UI goroutine.
func (s *settingsScreen) reload() {
	s.general.reload()
	s.look.reload()
	s.login.reload()
	s.ai.reload()
	s.apps.reload()
	s.host.reload()
	s.api.reload()
}

// settingsShortcut is Ctrl+, (Cmd+, on macOS), the usual shortcut for an app's settings.
func settingsShortcut() fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: fyne.KeyComma, Modifier: fyne.KeyModifierShortcutDefault}
}

// settingsMenuItem is the "Settings…" menu entry with Ctrl+,; open shows the screen.
// Menu shortcuts work even while a text field has focus.
func settingsMenuItem(open func()) *fyne.MenuItem {
	it := fyne.NewMenuItem(lang.L("Settings…"), open)
	it.Icon = theme.SettingsIcon()
	it.Shortcut = settingsShortcut()
	return it
}

// settingsCard lays out one settings section: a separator, its title, a sentence saying what
// it is for (when intro is not empty), then its body.
func settingsCard(title, intro string, body ...fyne.CanvasObject) *fyne.Container {
	objs := []fyne.CanvasObject{widget.NewSeparator(), subheading(title)}
	if intro != "" {
		l := widget.NewLabel(intro)
		l.Wrapping = fyne.TextWrapWord
		objs = append(objs, l)
	}
	return container.NewVBox(append(objs, body...)...)
}

// settingsSaveRow is a card's Save button with its status sentence beside it.
func settingsSaveRow(save *widget.Button, status *widget.Label, more ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(nil, nil, container.NewHBox(append([]fyne.CanvasObject{save}, more...)...), nil, status)
}

// newSettingsSave is a card's primary Save button.
func newSettingsSave(onTap func()) *widget.Button {
	b := widget.NewButtonWithIcon(lang.L("Save"), theme.DocumentSaveIcon(), onTap)
	b.Importance = widget.HighImportance
	return b
}

// dataCard shows where the data folder is and opens it.
type dataCard struct {
	e      *env
	root   fyne.CanvasObject
	status *widget.Label
}

func newDataCard(e *env) *dataCard {
	c := &dataCard{e: e, status: newStatusLabel()}
	dir := widget.NewLabel(e.core.DataDir())
	dir.Truncation = fyne.TextTruncateEllipsis
	dir.TextStyle = fyne.TextStyle{Monospace: true}
	open := widget.NewButtonWithIcon(lang.L("Open folder"), theme.FolderOpenIcon(), c.openDataDir)
	c.root = settingsCard(lang.L("Data folder"), dataFolderHint(e.core),
		container.NewBorder(nil, nil, nil, open, dir), c.status)
	return c
}

// dataFolderHint says what the data folder holds, tokens included when they are there.
func dataFolderHint(core Core) string {
	if core.SecretsInKeychain() {
		return lang.L("Database, media and logs. Sign-in tokens stay in your system keychain, not here.")
	}
	return lang.L("Database, media and logs. Sign-in tokens are kept encrypted in secrets.enc in this folder.")
}

// openDataDir shows the data folder in the file manager, off the UI goroutine (the
// system command is waited for on macOS).
func (c *dataCard) openDataDir() {
	u := &url.URL{Scheme: "file", Path: c.e.core.DataDir()}
	work(c.e, func(context.Context) (struct{}, error) {
		if err := c.e.fa.OpenURL(u); err != nil {
			return struct{}{}, fmt.Errorf("views: open data folder: %w", err)
		}
		return struct{}{}, nil
	}, func(_ struct{}, err error) {
		if err != nil {
			message(c.status, err, "")
		}
	})
}
