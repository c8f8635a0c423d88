package views

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// composeEntry is an entry of the composer that lets the composer's keyboard shortcuts
// through: a plain entry keeps every shortcut it is given while it has the focus, and the
// focus is nearly always in one of the composer's entries.
type composeEntry struct {
	widget.Entry
	// onShortcut runs first; when it reports the shortcut handled, the entry ignores it.
	onShortcut func(fyne.Shortcut) bool
}

// newComposeEntry returns a single-line entry passing shortcuts to on first.
func newComposeEntry(on func(fyne.Shortcut) bool) *composeEntry {
	e := &composeEntry{onShortcut: on}
	e.ExtendBaseWidget(e)
	return e
}

// newComposeTextArea returns a word-wrapping multi-line entry passing shortcuts to on first.
func newComposeTextArea(on func(fyne.Shortcut) bool) *composeEntry {
	e := newComposeEntry(on)
	e.MultiLine, e.Wrapping = true, fyne.TextWrapWord
	return e
}

// TypedShortcut offers the shortcut to the composer, then to the entry.
func (e *composeEntry) TypedShortcut(s fyne.Shortcut) {
	if e.onShortcut != nil && e.onShortcut(s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// Compose's shortcuts: Ctrl+S saves a draft, Ctrl+Enter schedules, Ctrl+Shift+Enter
// publishes now (Cmd on macOS). Both Return and the keypad's Enter work.
var (
	keySaveDraft = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
	keySchedule  = []*desktop.CustomShortcut{
		{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault},
		{KeyName: fyne.KeyEnter, Modifier: fyne.KeyModifierShortcutDefault},
	}
	keyPublishNow = []*desktop.CustomShortcut{
		{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
		{KeyName: fyne.KeyEnter, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
	}
)

// shortcutAction returns the composer action for sc, nil when sc is not one of Compose's.
func (s *composeScreen) shortcutAction(sc fyne.Shortcut) func() {
	name := sc.ShortcutName()
	if name == keySaveDraft.ShortcutName() {
		return s.saveDraft
	}
	for i := range keySchedule {
		switch name {
		case keySchedule[i].ShortcutName():
			return s.schedule
		case keyPublishNow[i].ShortcutName():
			return s.publishNow
		}
	}
	return nil
}

// onShortcut runs Compose's action for sc while Compose is shown and no save is running;
// it reports whether sc is one of Compose's shortcuts.
func (s *composeScreen) onShortcut(sc fyne.Shortcut) bool {
	act := s.shortcutAction(sc)
	if act == nil {
		return false
	}
	if s.showing() && !s.busy {
		act()
	}
	return true
}

// addShortcuts registers Compose's shortcuts on the window canvas, for when no entry has
// the focus; they act only while Compose is the screen shown.
func (s *composeScreen) addShortcuts() {
	c := s.e.win.Canvas()
	all := append([]*desktop.CustomShortcut{keySaveDraft}, keySchedule...)
	for _, sc := range append(all, keyPublishNow...) {
		c.AddShortcut(sc, func(got fyne.Shortcut) { s.onShortcut(got) })
	}
}

// showing reports whether Compose is the screen in the window now.
func (s *composeScreen) showing() bool { return holds(s.e.win.Content(), s.root) }

// holds reports whether target is o or among the visible containers under o.
func holds(o, target fyne.CanvasObject) bool {
	if o == target {
		return true
	}
	c, ok := o.(*fyne.Container)
	if !ok || !c.Visible() {
		return false
	}
	for _, child := range c.Objects {
		if holds(child, target) {
			return true
		}
	}
	return false
}
