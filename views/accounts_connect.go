package views

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
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
	network := map[string]any{"Network": c.p.Title()}
	item := widget.NewFormItem(lang.L("Server"), entry)
	item.HintText = lang.L("The address of your {{.Network}} server", network)
	d := dialog.NewForm(lang.L("Connect a {{.Network}} account", network), lang.L("Continue in browser"), lang.L("Cancel"),
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
		c.say(widget.DangerImportance, lang.L("Type your {{.Network}} server's address, for example mastodon.social.",
			map[string]any{"Network": c.p.Title()}))
		return
	}
	s.runConnect(c, app.ConnectOptions{InstanceURL: instance})
}

// askAppPassword asks for a Bluesky handle, an app password and the server.
func (s *accountsScreen) askAppPassword(c *networkCard, handle, server string) {
	id := widget.NewEntry()
	id.SetPlaceHolder("you.bsky.social")
	id.SetText(handle)
	id.Validator = required(lang.L("Type your handle"))
	pw := widget.NewPasswordEntry()
	pw.Validator = required(lang.L("Type an app password"))
	srv := widget.NewEntry()
	srv.SetPlaceHolder(blueskyDefaultServer)
	if server != blueskyDefaultServer {
		srv.SetText(server)
	}
	network := map[string]any{"Network": c.p.Title()}
	items := []*widget.FormItem{widget.NewFormItem(lang.L("Handle"), id), widget.NewFormItem(lang.L("App password"), pw),
		widget.NewFormItem(lang.L("Server (optional)"), srv)}
	items[0].HintText = lang.L("Your handle or the email you sign in with")
	items[1].HintText = lang.L("Create one in {{.Network}}: Settings → Privacy and security → App passwords. "+
		"Not your main password.", network)
	items[2].HintText = lang.L("Leave empty for bsky.social; type your own server's address if you host one")
	d := dialog.NewForm(lang.L("Connect a {{.Network}} account", network), lang.L("Connect"), lang.L("Cancel"), items, func(ok bool) {
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
// Cancel stops the flow. Browser sign-ins get a fresh channel for a pasted address.
func (s *accountsScreen) runConnect(c *networkCard, o app.ConnectOptions) {
	ctx, cancel := context.WithCancel(s.e.ctx)
	o.Choose = func(ctx context.Context, choices []app.Choice) ([]app.Choice, error) {
		return s.choose(ctx, c.p, choices)
	}
	pg := s.showProgress(c, o, cancel)
	if pg.pasted != nil {
		o.Pasted = pg.pasted
	}
	c.connect.Disable()
	c.say(widget.MediumImportance, "")
	s.e.bg(func() {
		if uri := s.customRedirect(ctx, c); uri != "" {
			fyne.Do(func() { pg.expectRedirect(c.p, uri) })
		}
		accs, err := s.e.core.ConnectAccount(ctx, c.p, o)
		fyne.Do(func() {
			cancel()
			s.hideProgress()
			c.connect.Enable()
			s.connected(c, accs, err)
		})
	})
}

// customRedirect is the redirect address the user registered for the network instead
// of the loopback one, or "". It reads the settings, so it runs off the UI goroutine.
func (s *accountsScreen) customRedirect(ctx context.Context, c *networkCard) string {
	if c.info.Method != methodOAuth2 {
		return ""
	}
	for _, st := range s.e.core.AppCredentialsStatus(ctx) {
		if st.Info.Platform == c.p {
			return st.CustomRedirect
		}
	}
	return ""
}

// connected reports the outcome of a connection on the network's card.
func (s *accountsScreen) connected(c *networkCard, accs []model.Account, err error) {
	switch {
	case err == nil:
		c.say(widget.SuccessImportance, connectedText(accs))
		s.reload()
	case errors.Is(err, context.Canceled):
		c.say(widget.MediumImportance, lang.L("Connection cancelled; nothing was added."))
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
		return lang.L("Nothing was added.")
	}
	handles := make([]string, len(accs))
	for i, a := range accs {
		handles[i] = a.Handle
		if handles[i] == "" {
			handles[i] = a.Name
		}
	}
	return lang.N("Connected {{.Handles}}. You can now choose them in Compose.", len(accs),
		map[string]any{"Handles": strings.Join(handles, ", ")})
}

// needsDeveloperApp tells whether err says the network's developer app (client ID and
// secret) is not set yet, so the card can offer to open Settings.
func needsDeveloperApp(err error, info app.AuthInfo) bool {
	return info.NeedsClientID && errors.Is(err, app.ErrNeedsDeveloperApp)
}

// showProgress shows what the user has to do while the connection runs.
func (s *accountsScreen) showProgress(c *networkCard, o app.ConnectOptions, cancel context.CancelFunc) *connectProgress {
	act := widget.NewActivity()
	s.progressMsg = widget.NewLabel(lang.L("Waiting for you to approve in your browser…"))
	pg := &connectProgress{msg: s.progressMsg, win: s.e.win, hint: widget.NewLabel(progressHint(c, o))}
	pg.hint.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(container.NewHBox(act, s.progressMsg), pg.hint)
	if c.info.Method == methodAppPassword {
		s.progressMsg.SetText(lang.L("Signing in to {{.Network}}…", map[string]any{"Network": c.p.Title()}))
		pg.hint.Hide()
	} else {
		content.Add(pg.pastePart())
	}
	d := dialog.NewCustom(lang.L("Connecting to {{.Network}}", map[string]any{"Network": c.p.Title()}), lang.L("Cancel"), content, s.e.win)
	d.SetOnClosed(func() { act.Stop(); cancel() })
	pg.d = d
	pg.fit()
	s.progress = d
	d.Show()
	act.Start()
	return pg
}

// progressHint explains where the browser went.
func progressHint(c *networkCard, o app.ConnectOptions) string {
	return lang.L("A page from {{.Where}} opened in your browser. Sign in there and allow Webox Social; "+
		"this window continues by itself.", map[string]any{"Where": progressWhere(c, o)})
}

func progressWhere(c *networkCard, o app.ConnectOptions) string {
	if o.InstanceURL != "" {
		return o.InstanceURL
	}
	return c.p.Title()
}

// connectProgress is the progress dialog of a browser sign-in: the message, the hint and
// the secondary part where the user pastes the address the browser ended on when it
// could not come back to Webox Social. Used on the UI goroutine only.
type connectProgress struct {
	d    dialog.Dialog
	win  fyne.Window
	msg  *widget.Label
	hint *widget.Label
	// more opens the paste part; ask, entry, use and status make it up.
	more   *widget.Button
	part   *fyne.Container
	ask    *widget.Label
	entry  *widget.Entry
	status *widget.Label
	// pasted carries the pasted address to ConnectAccount (buffered, never blocks the
	// UI); nil for sign-ins without a browser.
	pasted chan string
}

// pasteQuestion opens the paste part; pasteAsk heads it. Both are translation keys.
const (
	pasteQuestion = "Browser could not come back to Webox Social?"
	pasteAsk      = "Browser could not come back to Webox Social? Paste the address it ended on:"
)

// pastePart builds the collapsed paste part and its channel.
func (pg *connectProgress) pastePart() fyne.CanvasObject {
	pg.pasted = make(chan string, 1)
	pg.ask = widget.NewLabel(lang.L(pasteAsk))
	pg.ask.Wrapping = fyne.TextWrapWord
	pg.entry = widget.NewEntry()
	pg.entry.SetPlaceHolder("https://…")
	pg.entry.OnSubmitted = func(string) { pg.submit() }
	use := widget.NewButton(lang.L("Use this address"), pg.submit)
	pg.status = newStatusLabel()
	pg.part = container.NewVBox(pg.ask, container.NewBorder(nil, nil, nil, use, pg.entry), pg.status)
	pg.part.Hide()
	pg.more = widget.NewButtonWithIcon(lang.L(pasteQuestion), theme.MenuExpandIcon(), pg.expand)
	pg.more.Importance = widget.LowImportance
	return container.NewVBox(container.NewHBox(pg.more), pg.part)
}

// expand shows the paste part with the focus in its entry.
func (pg *connectProgress) expand() {
	pg.more.Hide()
	pg.part.Show()
	pg.fit()
	pg.win.Canvas().Focus(pg.entry)
}

// expectRedirect says the browser will end on uri, the address registered at network p
// instead of Webox Social's own, and opens the paste part.
func (pg *connectProgress) expectRedirect(p model.Platform, uri string) {
	pg.hint.SetText(lang.L("A page from {{.Network}} opened in your browser. Sign in there and allow Webox Social. "+
		"Your browser then ends on {{.Address}}, the redirect address you registered: copy the whole address "+
		"from the browser's address bar and paste it below.", map[string]any{"Network": p.Title(), "Address": uri}))
	if pg.part == nil {
		return
	}
	pg.ask.SetText(lang.L("Paste the address your browser ended on:"))
	if !pg.part.Visible() {
		pg.expand()
	}
}

// submit sends the pasted address to the waiting sign-in without ever blocking.
func (pg *connectProgress) submit() {
	text := strings.TrimSpace(pg.entry.Text)
	if text == "" {
		say(pg.status, widget.DangerImportance, lang.L("Paste the whole address from your browser's address bar first."))
		pg.fit()
		return
	}
	select {
	case pg.pasted <- text:
		pg.msg.SetText(lang.L("Finishing the sign-in…"))
		say(pg.status, widget.MediumImportance, lang.L("Address received; finishing the sign-in with it."))
	default:
		say(pg.status, widget.MediumImportance, lang.L("Still working on the address you pasted before."))
	}
	pg.fit()
}

// fit sizes the dialog to its content at a comfortable width.
func (pg *connectProgress) fit() {
	if pg.d != nil {
		pg.d.Resize(fyne.NewSize(540, pg.d.MinSize().Height))
	}
}

func (s *accountsScreen) hideProgress() {
	if s.progress != nil {
		s.progress.Hide()
		s.progress = nil
	}
}
