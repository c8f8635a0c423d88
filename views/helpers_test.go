package views

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/views/viewstest"
)

// newTestUI builds the whole window on the test driver with blocking work run inline,
// so every fyne.Do happens on the test goroutine.
func newTestUI(t *testing.T, c *viewstest.Core) *UI {
	t.Helper()
	fa := test.NewTempApp(t)
	u := newUI(fa, c, Options{}, func(f func()) { f() })
	u.start()
	t.Cleanup(u.stop)
	return u
}

// open navigates to the screen titled title and returns it.
func open[S screen](t *testing.T, u *UI, title string) S {
	t.Helper()
	u.navigate(title)
	s, ok := u.screens[u.current].(S)
	require.True(t, ok, "screen %q has type %T", title, u.screens[u.current])
	return s
}

// walk calls fn for every visible object under o, descending into containers and widgets.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			walk(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			walk(c, fn)
		}
	}
}

// texts returns the text of every visible label under o, joined by newlines.
func texts(o fyne.CanvasObject) string {
	var b strings.Builder
	walk(o, func(c fyne.CanvasObject) {
		if l, ok := c.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	})
	return b.String()
}

// button finds the visible button labelled text under o.
func button(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	walk(o, func(c fyne.CanvasObject) {
		if b, ok := c.(*widget.Button); ok && b.Text == text && found == nil {
			found = b
		}
	})
	require.NotNil(t, found, "no button %q", text)
	return found
}

func mastodonAccount(id int64, handle string) model.Account {
	return model.Account{ID: id, Platform: model.Mastodon, Name: "Name " + handle, Handle: handle, Status: model.AccountOK}
}
