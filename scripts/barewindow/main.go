// Command barewindow is the baseline of make bench: a bare Fyne window built the way
// Webox Social builds its own (fyneapp.NewWithID, one window of the same size), holding
// a single label. Startup time and idle memory of the app are compared against it.
package main

import (
	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

// Same geometry as the app's main window (views/run.go).
const (
	width  = 1280
	height = 800
)

func main() {
	a := fyneapp.NewWithID("com.webox.barewindow")
	w := a.NewWindow("Bare Fyne window")
	w.SetContent(widget.NewLabel("A bare Fyne window: the baseline of make bench."))
	w.Resize(fyne.NewSize(width, height))
	w.ShowAndRun()
}
