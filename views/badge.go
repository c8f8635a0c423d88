package views

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"webox-social/services/model"
)

// badgeSize is the diameter of a network badge.
const badgeSize = 30

// brand is a network's badge: its colour and the letters drawn on it.
type brand struct {
	fill    color.NRGBA
	letters string
}

// brands are the networks' badges; the colours are the networks' own.
var brands = map[model.Platform]brand{
	model.Instagram: {color.NRGBA{R: 0xE1, G: 0x30, B: 0x6C, A: 0xFF}, "IG"},
	model.Facebook:  {color.NRGBA{R: 0x18, G: 0x77, B: 0xF2, A: 0xFF}, "f"},
	model.X:         {color.NRGBA{R: 0x0F, G: 0x14, B: 0x19, A: 0xFF}, "X"},
	model.LinkedIn:  {color.NRGBA{R: 0x0A, G: 0x66, B: 0xC2, A: 0xFF}, "in"},
	model.TikTok:    {color.NRGBA{R: 0xFE, G: 0x2C, B: 0x55, A: 0xFF}, "TT"},
	model.YouTube:   {color.NRGBA{R: 0xFF, G: 0x00, B: 0x00, A: 0xFF}, "YT"},
	model.Mastodon:  {color.NRGBA{R: 0x63, G: 0x64, B: 0xFF, A: 0xFF}, "M"},
	model.Bluesky:   {color.NRGBA{R: 0x11, G: 0x85, B: 0xFE, A: 0xFF}, "B"},
}

// networkBadge is a small coloured disc with the network's initials, so networks can be
// told apart at a glance (the name is always written next to it).
func networkBadge(p model.Platform) fyne.CanvasObject {
	b, ok := brands[p]
	if !ok {
		b = brand{color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xFF}, "?"}
	}
	disc := canvas.NewCircle(b.fill)
	disc.StrokeColor = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0x40}
	disc.StrokeWidth = 1
	letters := canvas.NewText(b.letters, color.White)
	letters.TextStyle = fyne.TextStyle{Bold: true}
	letters.TextSize = theme.TextSize() * 0.85
	letters.Alignment = fyne.TextAlignCenter
	size := canvas.NewRectangle(color.Transparent)
	size.SetMinSize(fyne.NewSize(badgeSize, badgeSize))
	return container.NewCenter(container.NewStack(size, disc, container.NewCenter(letters)))
}

// networkTitle is a network's badge and name, for card headings.
func networkTitle(p model.Platform) fyne.CanvasObject {
	return container.NewHBox(networkBadge(p), subheading(p.Title()))
}
