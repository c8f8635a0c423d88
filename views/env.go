package views

import (
	"context"
	"log/slog"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// env is what every screen shares: the Fyne app, the main window, the core and a way to
// run blocking work off the UI goroutine.
type env struct {
	fa   fyne.App
	win  fyne.Window
	core Core
	log  *slog.Logger
	ctx  context.Context
	// bg runs f off the UI goroutine. Tests replace it with a synchronous call so that
	// the test driver's immediate fyne.Do keeps everything on one goroutine.
	bg func(f func())
	// navigate switches the main window to the screen with the given title.
	navigate func(title string)
	// edit switches the main window to Compose, loaded with p for editing.
	edit func(p model.Post)
	// settingsAt switches the main window to Settings, at network p's developer app.
	settingsAt func(p model.Platform)
	// track remembers an event subscription's cancel func; Quit calls them all.
	track func(cancel func())
	// showPost selects a post on Posts; set by the Posts screen once it is built, so
	// callers navigate to Posts first (see openPostOnPosts).
	showPost func(id int64)
}

// openPostOnPosts switches to Posts and selects post id there.
func (e *env) openPostOnPosts(id int64) {
	e.navigate(navPosts)
	if e.showPost != nil {
		e.showPost(id)
	}
}

// goBG is the production bg: a plain goroutine.
func goBG(f func()) { go f() }

// work runs fn off the UI goroutine and then apply (if not nil) on it via fyne.Do.
func work[T any](e *env, fn func(ctx context.Context) (T, error), apply func(T, error)) {
	e.bg(func() {
		v, err := fn(e.ctx)
		if err != nil {
			e.log.Warn("views: background call failed", "err", err)
		}
		if apply != nil {
			fyne.Do(func() { apply(v, err) })
		}
	})
}

// latest drops stale reload results: each reload takes a ticket and only the newest one
// is applied. Reloads triggered by bursts of events may finish out of order.
type latest struct{ n atomic.Int64 }

func (l *latest) take() int64          { return l.n.Add(1) }
func (l *latest) current(t int64) bool { return l.n.Load() == t }

// reloadInto runs load off the UI goroutine and hands the newest result to apply.
func reloadInto[T any](e *env, l *latest, load func(ctx context.Context) (T, error), apply func(T, error)) {
	ticket := l.take()
	work(e, load, func(v T, err error) {
		if l.current(ticket) {
			apply(v, err)
		}
	})
}

// message sets lbl to the user sentence for err, or to ok when err is nil.
func message(lbl *widget.Label, err error, ok string) {
	if err != nil {
		say(lbl, widget.DangerImportance, app.UserMessage(err))
		return
	}
	say(lbl, widget.SuccessImportance, ok)
}

// say shows text in a status label with the given importance; empty text hides it.
func say(lbl *widget.Label, imp widget.Importance, text string) {
	lbl.Importance = imp
	lbl.SetText(text)
	if text == "" {
		lbl.Hide()
		return
	}
	lbl.Show()
}

// newStatusLabel returns a wrapping label for inline results and errors, hidden while empty.
func newStatusLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// heading is a screen title with a one-line explanation under it.
func heading(title, subtitle string) fyne.CanvasObject {
	t := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.SizeName = theme.SizeNameHeadingText
	s := widget.NewLabel(subtitle)
	s.Wrapping = fyne.TextWrapWord
	return container.NewVBox(t, s)
}

// subheading is a bold section title inside a screen.
func subheading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// page lays out a screen: heading on top, body filling the rest, with padding around.
func page(title, subtitle string, body fyne.CanvasObject) fyne.CanvasObject {
	return container.NewPadded(container.NewBorder(heading(title, subtitle), nil, nil, nil, body))
}

// emptyState is a centred message for screens with nothing to show yet.
func emptyState(title, hint string) fyne.CanvasObject {
	t := widget.NewLabelWithStyle(title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	h := widget.NewLabelWithStyle(hint, fyne.TextAlignCenter, fyne.TextStyle{})
	h.Wrapping = fyne.TextWrapWord
	return container.NewVBox(t, h)
}

// maxWidth lays its objects out at most w wide, aligned left; narrower windows shrink them.
type maxWidth struct{ w float32 }

// MinSize is the largest child's minimum size.
func (m maxWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// Layout gives every child the available size, capped at the maximum width.
func (m maxWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size.Width > m.w {
		size.Width = m.w
	}
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// capped wraps o so it is never wider than w.
func capped(w float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(maxWidth{w}, o)
}

// spin shows and runs an infinite progress bar while on, and stops and hides it after.
func spin(p *widget.ProgressBarInfinite, on bool) {
	if on {
		p.Show()
		p.Start()
		return
	}
	p.Stop()
	p.Hide()
}

// setEnabled turns buttons on or off together.
func setEnabled(on bool, buttons ...*widget.Button) {
	for _, b := range buttons {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}
