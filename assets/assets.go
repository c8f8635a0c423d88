// Package assets embeds the images Webox Social ships with: the application icon today,
// platform badges later. Resources are plain fyne.StaticResource values, so no generated
// bundle file has to be kept in sync.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the application icon (256×256 PNG), used for the window, the tray and packaging.
var Icon = &fyne.StaticResource{StaticName: "icon.png", StaticContent: iconPNG}
