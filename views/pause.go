package views

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// pauseLabels returns the state sentence and the toggle label for a paused state.
func pauseLabels(paused bool) (state, action string) {
	if paused {
		return lang.L("Publishing is paused"), lang.L("Resume publishing")
	}
	return lang.L("Publishing is on"), lang.L("Pause publishing")
}

// togglePause pauses or resumes the publisher (both are cheap, in-memory calls).
func togglePause(core Core) {
	if core.Paused() {
		core.ResumePublishing()
		return
	}
	core.PausePublishing()
}

// newPauseFooter is the bottom of the navigation column: the publisher's state and a
// toggle, so publishing can be paused even where there is no tray.
func newPauseFooter(e *env) fyne.CanvasObject {
	state := widget.NewLabel("")
	state.Wrapping = fyne.TextWrapWord
	btn := widget.NewButton("", nil)
	update := func(paused bool) {
		s, a := pauseLabels(paused)
		state.SetText(s)
		state.Importance = widget.MediumImportance
		btn.SetIcon(theme.MediaPauseIcon())
		if paused {
			state.Importance = widget.WarningImportance
			btn.SetIcon(theme.MediaPlayIcon())
		}
		btn.SetText(a)
		state.Refresh()
	}
	btn.OnTapped = func() { togglePause(e.core); update(e.core.Paused()) }
	update(e.core.Paused())
	e.track(e.core.Events().Paused.Subscribe(func(_ context.Context, p bool) { fyne.Do(func() { update(p) }) }))
	return container.NewVBox(widget.NewSeparator(), state, btn)
}
