package views

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// chooseAnswer is the user's answer to the choice dialog.
type chooseAnswer struct {
	picked []app.Choice
	ok     bool
}

// chooseOnUI is ConnectOptions.Choose: called on the connecting goroutine, it shows the
// choice dialog on the UI goroutine and waits for the answer there, never blocking the
// UI. Cancel, or the connection being cancelled, ends it with a context error.
func (s *accountsScreen) chooseOnUI(ctx context.Context, p model.Platform, choices []app.Choice) ([]app.Choice, error) {
	answers := make(chan chooseAnswer, 1)
	var d dialog.Dialog
	fyne.Do(func() {
		d = s.askChoices(p, choices, func(picked []app.Choice, ok bool) { answers <- chooseAnswer{picked, ok} })
	})
	return awaitChoice(ctx, answers, func() { fyne.Do(func() { d.Hide() }) })
}

// awaitChoice waits for the user's answer or the end of ctx (then closes the dialog).
func awaitChoice(ctx context.Context, answers <-chan chooseAnswer, closeDialog func()) ([]app.Choice, error) {
	select {
	case a := <-answers:
		if !a.ok {
			return nil, fmt.Errorf("views: choose accounts: %w", context.Canceled)
		}
		return a.picked, nil
	case <-ctx.Done():
		closeDialog()
		return nil, fmt.Errorf("views: choose accounts: %w", ctx.Err())
	}
}

// askChoices shows a dialog with a tick box per choice, all ticked, and Cancel / Add
// (disabled while nothing is ticked); answer receives the ticked choices with ok true, or
// ok false when the dialog is cancelled or closed. Enter on a box adds.
func (s *accountsScreen) askChoices(p model.Platform, choices []app.Choice, answer func([]app.Choice, bool)) dialog.Dialog {
	if s.progressMsg != nil {
		s.progressMsg.SetText(lang.L("Approved. Choose what to add…"))
	}
	ticked := make([]bool, len(choices))
	answered := false
	reply := func(ok bool) {
		if !answered {
			answered = true
			answer(pickTicked(choices, ticked, ok), ok)
		}
	}
	var d *dialog.CustomDialog
	add := widget.NewButtonWithIcon(lang.L("Add"), theme.ConfirmIcon(), func() { reply(true); d.Hide() })
	add.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), func() { d.Hide() })
	boxes, first := choiceBoxes(choices, ticked, add)
	intro := widget.NewLabel(lang.L("Your sign-in gives access to these. Untick what Webox Social should not publish to."))
	intro.Wrapping = fyne.TextWrapWord
	content := container.NewBorder(intro, nil, nil, nil, container.NewVScroll(boxes))
	d = dialog.NewCustomWithoutButtons(lang.L("Choose the {{.Network}} accounts to add", map[string]any{"Network": p.Title()}),
		content, s.e.win)
	d.SetButtons([]fyne.CanvasObject{cancel, add})
	d.SetOnClosed(func() { reply(false) })
	d.Resize(fyne.NewSize(540, min(540, content.MinSize().Height+180)))
	d.Show()
	if first != nil {
		s.e.win.Canvas().Focus(first)
	}
	return d
}

// choiceBoxes builds the ticked boxes of askChoices; they keep ticked up to date and
// enable add while one is ticked. Enter on a box taps add.
func choiceBoxes(choices []app.Choice, ticked []bool, add *widget.Button) (*fyne.Container, fyne.Focusable) {
	boxes := container.NewVBox()
	var first fyne.Focusable
	for i, c := range choices {
		ticked[i] = true
		box := newSubmitCheck(choiceLabel(c), nil, func() {
			if !add.Disabled() {
				add.OnTapped()
			}
		})
		box.SetChecked(true)
		box.OnChanged = func(on bool) { ticked[i] = on; enableIfAny(add, ticked) }
		if first == nil {
			first = box
		}
		boxes.Add(box)
	}
	return boxes, first
}

// enableIfAny enables b while at least one box is ticked.
func enableIfAny(b *widget.Button, ticked []bool) {
	for _, t := range ticked {
		if t {
			b.Enable()
			return
		}
	}
	b.Disable()
}

// pickTicked returns the ticked choices, or nil when the dialog was cancelled.
func pickTicked(choices []app.Choice, ticked []bool, ok bool) []app.Choice {
	if !ok {
		return nil
	}
	var out []app.Choice
	for i, c := range choices {
		if ticked[i] {
			out = append(out, c)
		}
	}
	return out
}

// choiceLabel is "Atelier Lumière (Page)".
func choiceLabel(c app.Choice) string {
	if c.Kind == "" {
		return c.Name
	}
	return lang.L("{{.Name}} ({{.Kind}})", map[string]any{"Name": c.Name, "Kind": choiceKindText(c.Kind)})
}

// submitCheck is a tick box on which Enter submits its dialog.
type submitCheck struct {
	widget.Check
	submit func()
}

func newSubmitCheck(label string, changed func(bool), submit func()) *submitCheck {
	c := &submitCheck{submit: submit}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

// TypedKey submits on Enter and otherwise behaves like a check box.
func (c *submitCheck) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter {
		c.submit()
		return
	}
	c.Check.TypedKey(ev)
}

// choiceKindText names the kind of a choice ("page", "organization", …) in the user's
// language; kinds this version does not know are shown as the network says them.
func choiceKindText(kind string) string {
	switch kind {
	case "page":
		return lang.L("Page")
	case "organization":
		return lang.L("Organization")
	case "member":
		return lang.L("Member")
	case "channel":
		return lang.L("Channel")
	case "instagram_account":
		return lang.L("Instagram account")
	}
	return humanize(kind)
}
