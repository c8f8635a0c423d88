// Package assets embeds the files Webox Social ships with: the application icon and the
// translations of the interface (English and French). Resources are plain
// fyne.StaticResource values and an embed.FS, so no generated bundle file has to be
// kept in sync.
package assets

import (
	"embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the application icon (256×256 PNG), used for the window, the tray and packaging.
var Icon = &fyne.StaticResource{StaticName: "icon.png", StaticContent: iconPNG}

// TranslationsDir is the folder of Translations holding one go-i18n JSON file per
// language (en.json, fr.json), as fyne.io/fyne/v2/lang.AddTranslationsFS reads them.
const TranslationsDir = "translations"

// Translations holds the interface's texts by language. The keys are the English
// sentences the views pass to lang.L (or lang.N, with plural forms).
//
//go:embed translations/*.json
var Translations embed.FS
