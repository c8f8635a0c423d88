package views

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
)

// lookOption is one option of a radio group or select: what is shown and what is stored.
type lookOption struct{ label, value string }

// themeChoices and languageChoices are the appearance options in display order.
// Languages are named in their own language, as language menus do.
func themeChoices() []lookOption {
	return []lookOption{{lang.L("Same as the system"), app.ThemeSystem}, {lang.L("Light"), app.ThemeLight},
		{lang.L("Dark"), app.ThemeDark}}
}

func languageChoices() []lookOption {
	return []lookOption{{lang.L("Same as the system"), app.LanguageSystem}, {"English", app.LanguageEnglish},
		{"Français", app.LanguageFrench}}
}

func lookLabels(cs []lookOption) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.label
	}
	return out
}

// lookValue returns the value of the option shown as label ("" when none).
func lookValue(cs []lookOption, label string) string {
	for _, c := range cs {
		if c.label == label {
			return c.value
		}
	}
	return ""
}

// lookLabel returns the label of value, or the first option's.
func lookLabel(cs []lookOption, value string) string {
	for _, c := range cs {
		if c.value == value {
			return c.label
		}
	}
	return cs[0].label
}

// appearanceCard chooses the theme (applied at once on Save) and the language (applied
// at the next start, with a button to restart now).
type appearanceCard struct {
	e        *env
	loads    latest
	root     fyne.CanvasObject
	theme    *widget.RadioGroup
	language *widget.Select
	save     *widget.Button
	status   *widget.Label
	// restart asks to restart to switch the language; hidden until the saved language
	// differs from the one this process started with.
	restart *fyne.Container
}

func newAppearanceCard(e *env) *appearanceCard {
	c := &appearanceCard{e: e, status: newStatusLabel()}
	c.theme = widget.NewRadioGroup(lookLabels(themeChoices()), nil)
	c.theme.Horizontal = true
	c.theme.Required = true
	c.language = widget.NewSelect(lookLabels(languageChoices()), nil)
	c.save = newSettingsSave(c.submit)
	langItem := widget.NewFormItem(lang.L("Language"), c.language)
	if !app.LanguageSwitchable() {
		c.language.Disable()
		langItem.HintText = lang.L("On this system Webox Social speaks the system's language; change it in the system settings.")
	}
	form := widget.NewForm(widget.NewFormItem(lang.L("Theme"), c.theme), langItem)
	note := widget.NewLabel(lang.L("Restart Webox Social to switch the language."))
	now := widget.NewButtonWithIcon(lang.L("Restart now"), theme.ViewRefreshIcon(), c.restartNow)
	c.restart = container.NewBorder(nil, nil, nil, now, note)
	c.restart.Hide()
	c.root = settingsCard(lang.L("Appearance"), "", form, settingsSaveRow(c.save, c.status), c.restart)
	return c
}

// reload reads the stored theme and language off the UI goroutine.
func (c *appearanceCard) reload() {
	reloadInto(c.e, &c.loads, c.e.core.Preferences, func(p app.Preferences, err error) {
		if err != nil {
			message(c.status, err, "")
			return
		}
		c.show(p)
	})
}

func (c *appearanceCard) show(p app.Preferences) {
	c.theme.SetSelected(lookLabel(themeChoices(), p.Theme))
	c.language.SetSelected(lookLabel(languageChoices(), p.Language))
	c.showRestart(p.Language)
}

// showRestart shows the restart prompt when saved is not the language this process speaks.
func (c *appearanceCard) showRestart(saved string) {
	if saved != runningLanguage {
		c.restart.Show()
	} else {
		c.restart.Hide()
	}
}

func (c *appearanceCard) read() app.Preferences {
	p := app.Preferences{Theme: lookValue(themeChoices(), c.theme.Selected), Language: lookValue(languageChoices(), c.language.Selected)}
	if p.Theme == "" {
		p.Theme = app.ThemeSystem
	}
	if p.Language == "" {
		p.Language = app.LanguageSystem
	}
	return p
}

// submit stores the choices off the UI goroutine, then applies the theme at once.
func (c *appearanceCard) submit() {
	p := c.read()
	c.save.Disable()
	work(c.e, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, c.e.core.SavePreferences(ctx, p)
	}, func(_ struct{}, err error) {
		c.save.Enable()
		message(c.status, err, lang.L("Appearance saved."))
		if err == nil {
			UseTheme(c.e.fa, p.Theme)
			c.showRestart(p.Language)
		}
	})
}

// restartNow asks the core to start again, then quits the way File ▸ Quit does, so the
// window, the tray and the engine stop cleanly before the new start.
func (c *appearanceCard) restartNow() {
	c.e.core.RequestRestart()
	quitViaMenu(c.e)
}

// quitViaMenu runs the main menu's Quit item (the window's full clean quit); without
// one it quits Fyne directly.
func quitViaMenu(e *env) {
	if m := e.win.MainMenu(); m != nil {
		for _, menu := range m.Items {
			for _, it := range menu.Items {
				if it.IsQuit && it.Action != nil {
					it.Action()
					return
				}
			}
		}
	}
	e.fa.Quit()
}
