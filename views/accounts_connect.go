package views

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// blueskyDefaultServer is where Bluesky accounts live unless they host their own PDS.
const blueskyDefaultServer = "https://bsky.social"

// startConnect asks what the network needs (server, handle and app password), or goes
// straight to the browser.
func (s *accountsScreen) startConnect(c *networkCard) {
	switch c.info.Method {
	case methodInstance:
		s.askInstance(c)
	case methodAppPassword:
		s.askAppPassword(c, "", "")
	default:
		s.runConnect(c, app.ConnectOptions{})
	}
}

// reconnect signs an account in again: same server, same handle.
func (s *accountsScreen) reconnect(c *networkCard, a model.Account) {
	switch c.info.Method {
	case methodInstance:
		s.runConnect(c, app.ConnectOptions{InstanceURL: a.InstanceURL})
	case methodAppPassword:
		s.askAppPassword(c, strings.TrimPrefix(a.Handle, "@"), a.InstanceURL)
	default:
		s.runConnect(c, app.ConnectOptions{})
	}
}

// askInstance asks for the Mastodon server address, then connects.
func (s *accountsScreen) askInstance(c *networkCard) {
	entry := widget.NewEntry()
	entry.SetPlaceHolder("mastodon.social")
	item := widget.NewFormItem("Server", entry)
	item.HintText = "The address of your " + c.p.Title() + " server"
	d := dialog.NewForm("Connect a "+c.p.Title()+" account", "Continue in browser", "Cancel",
		[]*widget.FormItem{item}, func(ok bool) {
			if ok {
				s.connectInstance(c, entry.Text)
			}
		}, s.e.win)
	entry.OnSubmitted = func(string) { d.Submit() }
	s.showForm(d, entry)
}

// connectInstance checks the typed server address and connects to it.
func (s *accountsScreen) connectInstance(c *networkCard, instance string) {
	instance = normalizeInstance(instance)
	if instance == "" {
		c.say(widget.DangerImportance, "Type your "+c.p.Title()+" server's address, for example mastodon.social.")
		return
	}
	s.runConnect(c, app.ConnectOptions{InstanceURL: instance})
}

// askAppPassword asks for a Bluesky handle, an app password and the server.
func (s *accountsScreen) askAppPassword(c *networkCard, handle, server string) {
	id := widget.NewEntry()
	id.SetPlaceHolder("you.bsky.social")
	id.SetText(handle)
	id.Validator = required("Type your handle")
	pw := widget.NewPasswordEntry()
	pw.Validator = required("Type an app password")
	srv := widget.NewEntry()
	srv.SetPlaceHolder(blueskyDefaultServer)
	if server != blueskyDefaultServer {
		srv.SetText(server)
	}
	items := []*widget.FormItem{widget.NewFormItem("Handle", id), widget.NewFormItem("App password", pw),
		widget.NewFormItem("Server (optional)", srv)}
	items[0].HintText = "Your handle or the email you sign in with"
	items[1].HintText = "Create one in " + c.p.Title() + ": Settings → Privacy and security → App passwords. Not your main password."
	items[2].HintText = "Leave empty for bsky.social; type your own server's address if you host one"
	d := dialog.NewForm("Connect a "+c.p.Title()+" account", "Connect", "Cancel", items, func(ok bool) {
		if ok {
			// An empty server lets the network use its default, bsky.social.
			s.runConnect(c, app.ConnectOptions{Identifier: strings.TrimSpace(id.Text), Password: pw.Text,
				InstanceURL: normalizeInstance(srv.Text)})
		}
		pw.SetText("")
	}, s.e.win)
	for _, e := range []*widget.Entry{id, pw, srv} {
		e.OnSubmitted = func(string) { d.Submit() }
	}
	first := id
	if handle != "" {
		first = pw
	}
	s.showForm(d, first)
}

// required is an entry validator refusing blank text with the given sentence.
func required(msg string) func(string) error {
	return func(text string) error {
		if strings.TrimSpace(text) == "" {
			return errors.New(msg)
		}
		return nil
	}
}

// showForm shows a form dialog at a comfortable width with focus in its first field.
func (s *accountsScreen) showForm(d *dialog.FormDialog, focus fyne.Focusable) {
	d.Resize(fyne.NewSize(max(620, d.MinSize().Width), d.MinSize().Height))
	d.Show()
	s.e.win.Canvas().Focus(focus)
}

func normalizeInstance(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), "/")
	if s != "" && !strings.Contains(s, "://") {
		s = "https://" + s
	}
	return s
}

// runConnect runs ConnectAccount off the UI goroutine behind a progress dialog whose
// Cancel stops the flow.
func (s *accountsScreen) runConnect(c *networkCard, o app.ConnectOptions) {
	ctx, cancel := context.WithCancel(s.e.ctx)
	o.Choose = func(ctx context.Context, choices []app.Choice) ([]app.Choice, error) {
		return s.choose(ctx, c.p, choices)
	}
	s.showProgress(c, o, cancel)
	c.connect.Disable()
	c.say(widget.MediumImportance, "")
	s.e.bg(func() {
		accs, err := s.e.core.ConnectAccount(ctx, c.p, o)
		fyne.Do(func() {
			cancel()
			s.hideProgress()
			c.connect.Enable()
			s.connected(c, accs, err)
		})
	})
}

// connected reports the outcome of a connection on the network's card.
func (s *accountsScreen) connected(c *networkCard, accs []model.Account, err error) {
	switch {
	case err == nil:
		c.say(widget.SuccessImportance, connectedText(accs))
		s.reload()
	case errors.Is(err, context.Canceled):
		c.say(widget.MediumImportance, "Connection cancelled; nothing was added.")
	case needsDeveloperApp(err, c.info):
		c.say(widget.DangerImportance, app.UserMessage(err))
		c.offerSettings()
	default:
		c.say(widget.DangerImportance, app.UserMessage(err))
	}
}

// connectedText names the accounts just connected.
func connectedText(accs []model.Account) string {
	if len(accs) == 0 {
		return "Nothing was added."
	}
	handles := make([]string, len(accs))
	for i, a := range accs {
		handles[i] = a.Handle
		if handles[i] == "" {
			handles[i] = a.Name
		}
	}
	if len(accs) == 1 {
		return "Connected " + handles[0] + ". You can now choose it in Compose."
	}
	return "Connected " + strings.Join(handles, ", ") + ". You can now choose them in Compose."
}

// needsDeveloperApp tells whether err says the network's developer app (client ID and
// secret) is not set yet, so the card can offer to open Settings.
func needsDeveloperApp(err error, info app.AuthInfo) bool {
	return info.NeedsClientID && errors.Is(err, app.ErrNeedsDeveloperApp)
}

// showProgress shows what the user has to do while the connection runs.
func (s *accountsScreen) showProgress(c *networkCard, o app.ConnectOptions, cancel context.CancelFunc) {
	act := widget.NewActivity()
	s.progressMsg = widget.NewLabel("Waiting for you to approve in your browser…")
	hint := widget.NewLabel(progressHint(c, o))
	hint.Wrapping = fyne.TextWrapWord
	if c.info.Method == methodAppPassword {
		s.progressMsg.SetText("Signing in to " + c.p.Title() + "…")
		hint.Hide()
	}
	content := container.NewVBox(container.NewHBox(act, s.progressMsg), hint)
	d := dialog.NewCustom("Connecting to "+c.p.Title(), "Cancel", content, s.e.win)
	d.SetOnClosed(func() { act.Stop(); cancel() })
	d.Resize(fyne.NewSize(540, d.MinSize().Height))
	s.progress = d
	d.Show()
	act.Start()
}

// progressHint explains where the browser went.
func progressHint(c *networkCard, o app.ConnectOptions) string {
	where := c.p.Title()
	if o.InstanceURL != "" {
		where = o.InstanceURL
	}
	return "A page from " + where + " opened in your browser. Sign in there and allow Webox Social; " +
		"this window continues by itself."
}

func (s *accountsScreen) hideProgress() {
	if s.progress != nil {
		s.progress.Hide()
		s.progress = nil
	}
}
