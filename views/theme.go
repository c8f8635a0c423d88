package views

import (
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"webox-social/app"
	"webox-social/assets"
)

// variantTheme is a theme that always draws one variant (light or dark), whatever the
// system prefers.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

// Color returns the base theme's colour for the forced variant.
func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// themeFor returns the theme of a choice (app.ThemeSystem, ThemeLight or ThemeDark);
// the system choice is Fyne's default theme, which follows the system's variant.
func themeFor(choice string) fyne.Theme {
	switch choice {
	case app.ThemeLight:
		return variantTheme{Theme: theme.DefaultTheme(), variant: theme.VariantLight}
	case app.ThemeDark:
		return variantTheme{Theme: theme.DefaultTheme(), variant: theme.VariantDark}
	}
	return theme.DefaultTheme()
}

// UseTheme applies a theme choice to the whole app at once. Call it on the UI goroutine
// (or before fa.Run).
func UseTheme(fa fyne.App, choice string) {
	fa.Settings().SetTheme(themeFor(choice))
}

// runningLanguage is the language choice this process started with (set once by
// UseLanguage before the window exists); Settings compares the saved choice with it
// to say whether a restart is needed.
var runningLanguage = app.LanguageSystem

// UseLanguage makes the app speak the language choice (app.LanguageSystem, English or
// French). Call it in main before the window is built: Fyne reads the language once,
// and the screens translate their text when they are built.
func UseLanguage(choice string) {
	if choice != app.LanguageEnglish && choice != app.LanguageFrench {
		choice = app.LanguageSystem
	}
	runningLanguage = choice
	app.ApplyLanguage(choice)
	reloadLocale()
}

var translationsOnce sync.Once

// loadTranslations registers the app's translations with Fyne once, when the first
// screen needs them rather than at package init: the command line shows no screen, and
// Fyne parses the user's locale again each time translations are added.
func loadTranslations() {
	translationsOnce.Do(func() {
		if err := lang.AddTranslationsFS(assets.Translations, assets.TranslationsDir); err != nil {
			fyne.LogError("Could not load the translations", err)
		}
	})
}

// reloadLocale makes Fyne read the user's language again. Fyne does it only when
// translations are added, so an empty English file is added (English is the fallback
// and the texts' own language, so nothing changes but the choice of language).
func reloadLocale() {
	loadTranslations()
	if err := lang.AddTranslationsForLocale([]byte("{}"), fyne.Locale("en")); err != nil {
		fyne.LogError("Could not reload the language", err)
	}
}
