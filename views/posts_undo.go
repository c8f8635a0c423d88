package views

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// undoWindow is how long a delete, cancel or reschedule can be taken back.
const undoWindow = 6 * time.Second

// quitTimeout bounds the deletions still waiting for their undo window when the app quits.
const quitTimeout = 15 * time.Second

// undoable is a done action the user may take back while the Undo button shows.
type undoable struct {
	// undo takes the action back. It runs on the UI goroutine and starts its own
	// background work.
	undo func()
	// commit, when set, is work held back until the window closes (a deletion: nothing
	// is deleted before). It runs off the UI goroutine and returns what to show on it
	// afterwards (nil for nothing).
	commit func(ctx context.Context) func()
}

// undoBar is the Undo button beside the status line. One action at a time can be
// undone: offering a new one makes the previous one final.
type undoBar struct {
	e      *env
	button *widget.Button
	cur    *undoable
	gen    int         // bumped whenever cur changes, so a late timer does nothing
	stop   func() bool // stops the current window's timer
	// start runs f after d; tests replace it and close windows themselves with settle.
	start func(d time.Duration, f func()) (stop func() bool)
}

func newUndoBar(e *env) *undoBar {
	b := &undoBar{e: e, start: func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }}
	b.button = widget.NewButtonWithIcon(lang.L("Undo"), theme.ContentUndoIcon(), b.tapped)
	b.button.Hide()
	return b
}

// offer shows Undo for u for undoWindow; a previous action becomes final first.
func (b *undoBar) offer(u *undoable) {
	b.settle()
	b.cur = u
	g := b.gen
	b.stop = b.start(undoWindow, func() {
		fyne.Do(func() {
			if g == b.gen {
				b.settle()
			}
		})
	})
	b.button.Show()
}

// take removes the current action (nil when there is none) and hides the button.
func (b *undoBar) take() *undoable {
	u := b.cur
	b.cur = nil
	b.gen++
	if b.stop != nil {
		b.stop()
		b.stop = nil
	}
	b.button.Hide()
	return u
}

// settle closes the window: the current action becomes final and its held-back work
// runs off the UI goroutine.
func (b *undoBar) settle() {
	u := b.take()
	if u == nil || u.commit == nil {
		return
	}
	b.e.bg(func() {
		if show := u.commit(b.e.ctx); show != nil {
			fyne.Do(show)
		}
	})
}

func (b *undoBar) tapped() {
	if u := b.take(); u != nil {
		u.undo()
	}
}

// setEnabled locks the button while another action on posts runs.
func (b *undoBar) setEnabled(on bool) {
	if on {
		b.button.Enable()
		return
	}
	b.button.Disable()
}

// quit does the held-back work still waiting when the app quits, on the caller's
// goroutine: the UI's context is already cancelled then, so it gets its own, bounded.
func (b *undoBar) quit() {
	u := b.take()
	if u == nil || u.commit == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(b.e.ctx), quitTimeout)
	defer cancel()
	u.commit(ctx)
	b.e.log.Info("views: pending deletions done at quit")
}
