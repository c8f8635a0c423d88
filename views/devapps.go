package views

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// devApps is the "Developer apps" section of Settings: per network, what to register
// (redirect URI, scopes) and the client ID and secret of the user's own app.
type devApps struct {
	e     *env
	loads latest
	root  *fyne.Container
	cards *fyne.Container
	byNet map[model.Platform]*devAppCard
	// scroll is the Settings scroller, moved to a network's card by show.
	scroll *container.Scroll
	// want is the network to show once the cards are built; "" for none.
	want model.Platform
}

// devAppCard is one network's developer app.
type devAppCard struct {
	st     app.AppCredentialsStatus
	id     *widget.Entry
	secret *widget.Entry
	// redirect is the optional redirect registered instead of the loopback one (nil
	// unless the network signs in with OAuth 2); note says what it changes.
	redirect *widget.Entry
	note     *widget.Label
	save     *widget.Button
	status   *widget.Label
	root     fyne.CanvasObject
}

func newDevApps(e *env) *devApps {
	d := &devApps{e: e, cards: container.NewVBox(), byNet: map[model.Platform]*devAppCard{}}
	intro := widget.NewLabel(lang.L("Instagram, Facebook, X, LinkedIn, TikTok and YouTube let desktop apps in only through a "+
		"developer app you create at the network. Register the redirect address shown below there, then enter the "+
		"app's client ID and secret here. {{.Secrets}}", map[string]any{"Secrets": secretWhere(e.core)}))
	intro.Wrapping = fyne.TextWrapWord
	d.root = container.NewVBox(widget.NewSeparator(), subheading(lang.L("Developer apps")), intro, d.cards)
	return d
}

// secretWhere says where client secrets are kept.
func secretWhere(core Core) string {
	if core.SecretsInKeychain() {
		return lang.L("Secrets go to your system keychain and are never shown again.")
	}
	return lang.L("Secrets are kept encrypted in secrets.enc in the data folder and are never shown again.")
}

// reload reads the networks' developer apps off the UI goroutine and rebuilds the cards.
func (d *devApps) reload() {
	reloadInto(d.e, &d.loads, func(ctx context.Context) ([]app.AppCredentialsStatus, error) {
		return d.e.core.AppCredentialsStatus(ctx), nil
	}, func(sts []app.AppCredentialsStatus, _ error) { d.build(sts) })
}

func (d *devApps) build(sts []app.AppCredentialsStatus) {
	d.byNet = map[model.Platform]*devAppCard{}
	objs := make([]fyne.CanvasObject, 0, len(sts))
	for _, st := range sts {
		c := d.newCard(st)
		d.byNet[st.Info.Platform] = c
		objs = append(objs, c.root)
	}
	d.cards.Objects = objs
	d.cards.Refresh()
	d.showWanted()
}

// show scrolls to network p's card and focuses its client ID, now or once built.
func (d *devApps) show(p model.Platform) {
	d.want = p
	d.showWanted()
}

func (d *devApps) showWanted() {
	c, ok := d.byNet[d.want]
	if !ok {
		return
	}
	d.want = ""
	if d.scroll != nil {
		d.scroll.Refresh() // lay out the new cards before measuring
		drv := fyne.CurrentApp().Driver()
		top := drv.AbsolutePositionForObject(c.root).Y - drv.AbsolutePositionForObject(d.scroll.Content).Y
		d.scroll.ScrollToOffset(fyne.NewPos(0, max(0, top-theme.Padding())))
	}
	if c.id != nil && !c.id.Disabled() {
		d.e.win.Canvas().Focus(c.id)
	}
}

// newCard builds a network's card: what to register and, when the network needs a
// developer app, the fields for it.
func (d *devApps) newCard(st app.AppCredentialsStatus) *devAppCard {
	c := &devAppCard{st: st, status: newStatusLabel(), note: newStatusLabel()}
	reg := widget.NewLabel(st.Info.Registration)
	reg.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(networkTitle(st.Info.Platform))
	if !st.Info.NeedsClientID {
		body.Add(reg)
	} else {
		body.Add(d.credentialsForm(c, reg))
		body.Add(c.note)
		showRedirectNote(c)
		if label := saveLabel(c); label != "" {
			c.save = widget.NewButtonWithIcon(label, theme.DocumentSaveIcon(), func() { d.submit(c) })
			body.Add(container.NewBorder(nil, nil, c.save, nil, c.status))
		}
	}
	c.root = widget.NewCard("", "", body)
	return c
}

// credentialsForm shows the redirect URI and scopes to register, how to register them
// (reg), and the client ID and secret entries; read-only when the environment sets them.
func (d *devApps) credentialsForm(c *devAppCard, reg *widget.Label) fyne.CanvasObject {
	info := c.st.Info
	uri := copyable(info.RedirectURI)
	copyBtn := widget.NewButtonWithIcon(lang.L("Copy"), theme.ContentCopyIcon(), func() {
		d.e.fa.Clipboard().SetContent(info.RedirectURI)
		say(c.status, widget.MediumImportance, lang.L("Redirect address copied."))
	})
	uriItem := widget.NewFormItem(lang.L("Redirect URI"), container.NewBorder(nil, nil, nil, copyBtn, uri))
	uriItem.HintText = lang.L("Register exactly this address in your {{.Network}} app", map[string]any{"Network": info.Platform.Title()})
	scopes := copyable(strings.Join(info.Scopes, " "))
	scopes.Truncation, scopes.Wrapping = fyne.TextTruncateOff, fyne.TextWrapWord
	scopeItem := widget.NewFormItem(lang.L("Scopes"), scopes)
	scopeItem.HintText = lang.L("Ask for these permissions (some need the network's review)")
	c.id = widget.NewEntry()
	c.id.SetText(c.st.ClientID)
	c.id.SetPlaceHolder(idLabel(info.Platform))
	c.secret = widget.NewPasswordEntry()
	c.secret.SetPlaceHolder(d.secretPlaceholder(c.st))
	idItem := widget.NewFormItem(idLabel(info.Platform), c.id)
	secretItem := widget.NewFormItem(secretLabel(info.Platform), c.secret)
	d.describeSource(c, idItem, secretItem)
	c.id.OnSubmitted = func(string) { d.submit(c) }
	c.secret.OnSubmitted = func(string) { d.submit(c) }
	form := widget.NewForm(uriItem, scopeItem, widget.NewFormItem(lang.L("How to"), reg), idItem, secretItem)
	if info.Method == methodOAuth2 {
		form.AppendItem(d.redirectItem(c))
	}
	return form
}

// redirectItem is the optional redirect the user registered because the network
// refuses the loopback one.
func (d *devApps) redirectItem(c *devAppCard) *widget.FormItem {
	c.redirect = widget.NewEntry()
	c.redirect.SetText(c.st.CustomRedirect)
	c.redirect.SetPlaceHolder(lang.L("https://… (optional)"))
	c.redirect.OnSubmitted = func(string) { d.submit(c) }
	item := widget.NewFormItem(lang.L("Registered redirect"), c.redirect)
	item.HintText = lang.L("Only if {{.Network}} refuses the Redirect URI above: the address you "+
		"registered instead. Leave empty to use the Redirect URI", map[string]any{"Network": c.st.Info.Platform.Title()})
	return item
}

// showRedirectNote says, when a registered redirect replaces the loopback one, that
// connecting will ask for the address the browser ends on.
func showRedirectNote(c *devAppCard) {
	text := ""
	if c.st.CustomRedirect != "" {
		text = lang.L("Your browser will end on {{.Address}} after signing in to {{.Network}}, "+
			"so connecting asks you to paste the final address from its address bar.",
			map[string]any{"Address": c.st.CustomRedirect, "Network": c.st.Info.Platform.Title()})
	}
	say(c.note, widget.MediumImportance, text)
}

// saveLabel names the card's Save button: the whole app, only the registered redirect
// when the environment sets the app, or "" when there is nothing to save.
func saveLabel(c *devAppCard) string {
	network := map[string]any{"Network": c.st.Info.Platform.Title()}
	switch {
	case c.st.Source != app.CredentialsEnv:
		return lang.L("Save {{.Network}} app", network)
	case c.redirect != nil:
		return lang.L("Save {{.Network}} redirect", network)
	}
	return ""
}

// describeSource fills the hints of the ID and secret fields and locks them when the
// environment sets the developer app.
func (d *devApps) describeSource(c *devAppCard, idItem, secretItem *widget.FormItem) {
	info := c.st.Info
	if c.st.Source == app.CredentialsEnv {
		c.id.Disable()
		c.secret.Disable()
		idItem.HintText = lang.L("Set by {{.Variable}} in the environment", map[string]any{"Variable": info.ClientIDEnv})
		secretItem.HintText = lang.L("Not set")
		if c.st.HasSecret && info.ClientSecretEnv != "" {
			secretItem.HintText = lang.L("Set by {{.Variable}} in the environment", map[string]any{"Variable": info.ClientSecretEnv})
		}
		return
	}
	idItem.HintText = lang.L("From your app's settings at {{.Network}}", map[string]any{"Network": info.Platform.Title()})
	secretItem.HintText = lang.L("Leave empty to keep the stored secret")
	if !info.NeedsSecret {
		secretItem.HintText = lang.L("Optional: only for a confidential client")
	}
}

// secretPlaceholder says whether a secret is stored, never what it is.
func (d *devApps) secretPlaceholder(st app.AppCredentialsStatus) string {
	switch {
	case !st.HasSecret:
		return secretLabel(st.Info.Platform)
	case d.e.core.SecretsInKeychain():
		return lang.L("stored in the keychain")
	}
	return lang.L("stored encrypted in secrets.enc")
}

// idLabel and secretLabel use the networks' own words: TikTok has a client key,
// Facebook an app ID.
func idLabel(p model.Platform) string {
	switch p {
	case model.TikTok:
		return lang.L("Client key")
	case model.Facebook:
		return lang.L("App ID")
	}
	return lang.L("Client ID")
}

func secretLabel(p model.Platform) string {
	if p == model.Facebook {
		return lang.L("App secret")
	}
	return lang.L("Client secret")
}

// copyable is a selectable label for text the user copies to the network's site.
func copyable(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Selectable = true
	l.TextStyle = fyne.TextStyle{Monospace: true}
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// submit saves a network's developer app (unless the environment sets it) and its
// registered redirect off the UI goroutine; the secret entry is cleared once saved.
func (d *devApps) submit(c *devAppCard) {
	if c.save == nil {
		return
	}
	p, id, secret := c.st.Info.Platform, c.id.Text, c.secret.Text
	creds := c.st.Source != app.CredentialsEnv
	redirect, redirectChanged := redirectChange(c)
	c.save.Disable()
	work(d.e, func(ctx context.Context) (struct{}, error) {
		if creds {
			if err := d.e.core.SaveAppCredentials(ctx, p, id, secret); err != nil {
				return struct{}{}, err
			}
		}
		if redirectChanged {
			return struct{}{}, d.e.core.SaveRedirectURI(ctx, p, redirect)
		}
		return struct{}{}, nil
	}, func(_ struct{}, err error) {
		c.save.Enable()
		if err == nil {
			d.saved(c, secret, redirect)
		}
		message(c.status, err, savedText(c))
	})
}

// redirectChange is the registered redirect typed on the card and whether it differs
// from the stored one.
func redirectChange(c *devAppCard) (string, bool) {
	if c.redirect == nil {
		return "", false
	}
	uri := strings.TrimSpace(c.redirect.Text)
	return uri, uri != c.st.CustomRedirect
}

// saved updates the card once saved: the secret entry is cleared and the redirect note
// follows the registered redirect.
func (d *devApps) saved(c *devAppCard, secret, redirect string) {
	c.secret.SetText("")
	if strings.TrimSpace(secret) != "" {
		c.st.HasSecret = true
		c.secret.SetPlaceHolder(d.secretPlaceholder(c.st))
	}
	if c.redirect != nil {
		c.st.CustomRedirect = redirect
		c.redirect.SetText(redirect)
		showRedirectNote(c)
	}
}

// savedText confirms a save and says what connecting will be like.
func savedText(c *devAppCard) string {
	network := map[string]any{"Network": c.st.Info.Platform.Title()}
	if c.st.CustomRedirect != "" {
		return lang.L("Saved. Connecting {{.Network}} accounts in Accounts will ask you to paste the address your browser ends on.", network)
	}
	return lang.L("Saved. You can now connect {{.Network}} accounts in Accounts.", network)
}
