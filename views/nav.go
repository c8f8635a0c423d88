package views

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Screen titles, also the labels of the navigation entries. They stay English inside
// the program (env.navigate takes them) and are translation keys: screens show
// lang.L(title).
const (
	navAccounts = "Accounts"
	navCompose  = "Compose"
	navCalendar = "Calendar"
	navPosts    = "Posts"
	navStats    = "Stats"
	navSettings = "Settings"
)

// navWidth is the width of the navigation column in device-independent pixels.
const navWidth = 210

// screen is one page of the main window.
type screen interface {
	// view returns the screen's content; it is built once.
	view() fyne.CanvasObject
	// reload refreshes the screen's data; it is called each time the screen is shown.
	reload()
}

// navItem is one entry of the data-driven navigation table.
type navItem struct {
	title string
	icon  fyne.Resource
	key   fyne.KeyName
	build func(e *env) screen
}

// navItems is the navigation, in display order; Ctrl+1..6 follow this order.
func navItems() []navItem {
	return []navItem{
		{navAccounts, theme.AccountIcon(), fyne.Key1, func(e *env) screen { return newAccountsScreen(e) }},
		{navCompose, theme.DocumentCreateIcon(), fyne.Key2, func(e *env) screen { return newComposeScreen(e) }},
		{navCalendar, theme.CalendarIcon(), fyne.Key3, func(e *env) screen { return newCalendarScreen(e) }},
		{navPosts, theme.ListIcon(), fyne.Key4, func(e *env) screen { return newPostsScreen(e) }},
		{navStats, theme.GridIcon(), fyne.Key5, func(e *env) screen { return newStatsScreen(e) }},
		{navSettings, theme.SettingsIcon(), fyne.Key6, func(e *env) screen { return newSettingsScreen(e) }},
	}
}

// newNavList builds the navigation list; onSelect receives the item's index.
func newNavList(items []navItem, onSelect func(int)) *widget.List {
	l := widget.NewList(
		func() int { return len(items) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.AccountIcon()), widget.NewLabel("Settings"))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Icon).SetResource(items[id].icon)
			row.Objects[1].(*widget.Label).SetText(lang.L(items[id].title))
		},
	)
	l.OnSelected = func(id widget.ListItemID) { onSelect(id) }
	return l
}

// navColumn is the left column: product name, workspace switcher, the list and a footer.
func navColumn(switcher fyne.CanvasObject, list *widget.List, footer fyne.CanvasObject) fyne.CanvasObject {
	name := widget.NewLabelWithStyle("Webox Social", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameSubHeadingText
	top := container.NewVBox(name, switcher, widget.NewSeparator())
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(navWidth, 0))
	col := container.NewBorder(top, footer, nil, nil, list)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameMenuBackground))
	if a := fyne.CurrentApp(); a != nil { // a theme switch in Settings repaints the column
		a.Settings().AddListener(func(fyne.Settings) {
			fyne.Do(func() {
				bg.FillColor = theme.Color(theme.ColorNameMenuBackground)
				bg.Refresh()
			})
		})
	}
	return container.NewStack(bg, width, col)
}
