package views

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
)

// apiCard turns the local REST API on or off and sets its address; the token appears
// once, when the API is first turned on.
type apiCard struct {
	e      *env
	loads  latest
	root   fyne.CanvasObject
	on     *widget.Check
	addr   *widget.Entry
	save   *widget.Button
	status *widget.Label
}

func newAPICard(e *env) *apiCard {
	c := &apiCard{e: e, addr: widget.NewEntry(), status: newStatusLabel()}
	c.on = widget.NewCheck(lang.L("Turn on the local API"), nil)
	c.save = widget.NewButtonWithIcon(lang.L("Save"), theme.DocumentSaveIcon(), c.submit)
	form := widget.NewForm(widget.NewFormItem(lang.L("Address"), c.addr))
	c.root = settingsCard(lang.L("Local API"),
		lang.L("Scripts and tools on this computer can use Webox Social's routes (/api/social/…) with a token. Changes apply at once."),
		c.on, form, container.NewHBox(c.save), c.status)
	return c
}

// reload reads the stored settings off the UI goroutine.
func (c *apiCard) reload() {
	reloadInto(c.e, &c.loads, c.e.core.LocalAPISettings, func(s app.LocalAPISettings, err error) {
		if err != nil {
			message(c.status, err, "")
			return
		}
		c.on.SetChecked(s.Enabled)
		c.addr.SetText(s.Addr)
		c.showState(c.e.core.LocalAPIState())
	})
}

// showState says whether the server listens, and where, or why it could not.
func (c *apiCard) showState(st app.LocalAPIState) {
	switch {
	case st.Err != nil:
		say(c.status, widget.DangerImportance, lang.L("The local API could not start: {{.Reason}}",
			map[string]any{"Reason": app.UserMessage(st.Err)}))
	case st.Listening != "":
		say(c.status, widget.SuccessImportance, lang.L("The local API answers at http://{{.Addr}}/api/social/ (its description: /api/openapi.json).",
			map[string]any{"Addr": st.Listening}))
	default:
		say(c.status, widget.MediumImportance, lang.L("The local API is off."))
	}
}

// submit saves off the UI goroutine and shows a new token once.
func (c *apiCard) submit() {
	c.save.Disable()
	s := app.LocalAPISettings{Enabled: c.on.Checked, Addr: c.addr.Text}
	work(c.e, func(ctx context.Context) (string, error) {
		return c.e.core.SaveLocalAPI(ctx, s)
	}, func(token string, err error) {
		c.save.Enable()
		if err != nil {
			message(c.status, err, "")
			return
		}
		c.showState(c.e.core.LocalAPIState())
		if token != "" {
			c.showToken(token)
		}
	})
}

// showToken shows the new token with a copy button: it is not shown again.
func (c *apiCard) showToken(token string) {
	entry := widget.NewEntry()
	entry.SetText(token)
	copyBtn := widget.NewButtonWithIcon(lang.L("Copy"), theme.ContentCopyIcon(), func() {
		c.e.win.Clipboard().SetContent(token)
	})
	body := container.NewVBox(widget.NewLabel(lang.L("Send this token as “Authorization: Bearer …”. It is kept in the keychain and shown only now.")),
		container.NewBorder(nil, nil, nil, copyBtn, entry))
	dialog.ShowCustom(lang.L("Local API token"), lang.L("Close"), body, c.e.win)
}
