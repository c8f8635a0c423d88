package views

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
)

// loginCard turns starting at login on and off; a change applies at once.
type loginCard struct {
	e     *env
	loads latest
	root  fyne.CanvasObject
	check *widget.Check
	where *widget.Label
	// status says what the last change did.
	status *widget.Label
	// shown is the state last read from or written to the core: setting the check to it
	// is not a change of the user's.
	shown bool
}

func newLoginCard(e *env) *loginCard {
	c := &loginCard{e: e, where: widget.NewLabel(""), status: newStatusLabel()}
	c.check = widget.NewCheck(lang.L("Start Webox Social when I log in"), c.changed)
	c.where.Wrapping = fyne.TextWrapWord
	c.where.SizeName = theme.SizeNameCaptionText
	c.root = settingsCard(lang.L("Start at login"),
		lang.L("Scheduled posts go out only while Webox Social runs: starting it at login keeps it in the tray, ready."),
		c.check, c.where, c.status)
	return c
}

// reload reads whether the app starts at login, off the UI goroutine.
func (c *loginCard) reload() {
	reloadInto(c.e, &c.loads, c.e.core.StartAtLogin, func(st app.AutostartStatus, err error) {
		if err != nil {
			message(c.status, err, "")
			return
		}
		c.show(st)
	})
}

func (c *loginCard) show(st app.AutostartStatus) {
	c.shown = st.Enabled
	c.check.SetChecked(st.Enabled)
	if !st.Supported {
		c.check.Disable()
		c.where.SetText(lang.L("Starting at login is not supported on this system yet."))
		return
	}
	c.check.Enable()
	c.where.SetText(lang.L("Adds {{.Path}} to the programs your desktop starts when you log in.",
		map[string]any{"Path": st.Path}))
}

// changed writes or removes the autostart entry off the UI goroutine; on failure the
// check goes back to what is really set.
func (c *loginCard) changed(on bool) {
	if on == c.shown {
		return
	}
	c.check.Disable()
	work(c.e, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, c.e.core.SetStartAtLogin(ctx, on)
	}, func(_ struct{}, err error) {
		c.check.Enable()
		if err != nil {
			message(c.status, err, "")
			c.check.SetChecked(c.shown)
			return
		}
		c.shown = on
		if on {
			say(c.status, widget.SuccessImportance, lang.L("Webox Social will start when you log in."))
		} else {
			say(c.status, widget.SuccessImportance, lang.L("Webox Social will no longer start when you log in."))
		}
	})
}
