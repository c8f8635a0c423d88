package views

import (
	"context"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// Connection methods of app.AuthInfo.Method.
const (
	methodOAuth2      = "oauth2"
	methodInstance    = "oauth2-instance"
	methodAppPassword = "app-password"
)

// accountsWidth caps the width of the Accounts cards so rows stay readable on wide windows.
const accountsWidth = 1000

// accountsScreen shows one card per network with its accounts and connects,
// reconnects or disconnects them.
type accountsScreen struct {
	e     *env
	loads latest
	// avatarLoads drops pictures loaded for rows that were rebuilt since.
	avatarLoads latest
	root        fyne.CanvasObject
	status      *widget.Label
	cards       map[model.Platform]*networkCard
	scroll      *container.Scroll
	// relayout lays the whole screen out again (every card, then the scroll).
	relayout func()
	// now is the clock of the expiry countdowns.
	now func() time.Time
	// choose asks the user which Pages, organizations or channels to add; it is called
	// from the connecting goroutine (see chooseOnUI).
	choose func(ctx context.Context, p model.Platform, choices []app.Choice) ([]app.Choice, error)
	// progress is the "waiting for the browser" dialog while a connection runs.
	progress    dialog.Dialog
	progressMsg *widget.Label
}

// networkCard is one network's card: its accounts, its Connect button and its own
// status line (results and errors of connecting).
type networkCard struct {
	p      model.Platform
	info   app.AuthInfo
	rows   *fyne.Container
	hint   *widget.Label // how the network signs in; says so when nothing is connected
	status *widget.Label
	fix    *widget.Button // "Open Settings", shown with the developer-app sentence
	// relayout lays the screen out again once the card's height changed.
	relayout func()
	connect  *widget.Button // nil when the network cannot be connected in this version
	root     fyne.CanvasObject
}

func newAccountsScreen(e *env) *accountsScreen {
	s := &accountsScreen{e: e, status: newStatusLabel(), cards: map[model.Platform]*networkCard{}, now: time.Now}
	s.choose = s.chooseOnUI
	available := map[model.Platform]app.AuthInfo{}
	for _, info := range e.core.Networks() {
		available[info.Platform] = info
	}
	body := container.NewVBox(s.status)
	s.scroll = container.NewVScroll(capped(accountsWidth, body))
	s.relayout = func() { body.Refresh(); s.scroll.Refresh() }
	for _, p := range model.Platforms {
		info, ok := available[p]
		c := s.newCard(p, info, ok)
		c.relayout = func() { c.root.Refresh(); s.relayout() }
		s.cards[p] = c
		body.Add(c.root)
	}
	s.root = page(lang.L(navAccounts), accountsIntro(e.core), s.scroll)
	e.subscribeAccounts(s.reload)
	return s
}

func (s *accountsScreen) view() fyne.CanvasObject { return s.root }

// reload fetches the accounts off the UI goroutine and rebuilds the cards' rows.
func (s *accountsScreen) reload() {
	reloadInto(s.e, &s.loads, s.e.core.Accounts, func(accs []model.Account, err error) {
		if err != nil {
			message(s.status, err, "")
			return
		}
		say(s.status, widget.MediumImportance, "")
		s.showAccounts(accs)
	})
}

// showAccounts puts each account in its network's card, lays the screen out once (not
// once per card: each layout refreshes every card), then loads their pictures.
func (s *accountsScreen) showAccounts(accs []model.Account) {
	byNetwork := map[model.Platform][]model.Account{}
	for _, a := range accs {
		byNetwork[a.Platform] = append(byNetwork[a.Platform], a)
	}
	var slots []avatarSlot
	for _, p := range model.Platforms {
		slots = append(slots, s.cards[p].showAccounts(s, byNetwork[p])...)
	}
	s.relayout()
	s.loadAvatars(slots)
}

// newCard builds a network's card; available tells whether it can be connected now.
func (s *accountsScreen) newCard(p model.Platform, info app.AuthInfo, available bool) *networkCard {
	c := &networkCard{p: p, info: info, rows: container.NewVBox(), status: newStatusLabel()}
	c.fix = widget.NewButtonWithIcon(lang.L("Open Settings"), theme.SettingsIcon(), func() { s.e.settingsAt(p) })
	c.fix.Hide()
	if !available {
		note := widget.NewLabel(lang.L("Not available in this version yet"))
		note.Importance = widget.LowImportance
		c.root = widget.NewCard("", "", container.NewBorder(nil, nil, networkTitle(p), container.NewCenter(note)))
		return c
	}
	c.connect = widget.NewButtonWithIcon(lang.L("Connect"), theme.ContentAddIcon(), func() { s.startConnect(c) })
	c.connect.Importance = widget.HighImportance
	c.hint = widget.NewLabel(methodHint(info))
	c.hint.Importance = widget.LowImportance
	head := container.NewBorder(nil, nil, container.NewHBox(networkTitle(p), container.NewCenter(c.hint)), s.connectButtons(c))
	foot := container.NewBorder(nil, nil, nil, container.NewCenter(c.fix), c.status)
	// Rows start with the account's picture, under the network's badge; the status
	// line is indented to line up with the accounts' names.
	foot = container.NewBorder(nil, nil, sizedSpacer(avatarSize, 0), nil, foot)
	c.root = widget.NewCard("", "", container.NewVBox(head, c.rows, foot))
	return c
}

// connectButtons is the card's Connect button; Instagram also offers to connect the
// accounts linked to Facebook Pages, with the Facebook app.
func (s *accountsScreen) connectButtons(c *networkCard) fyne.CanvasObject {
	if c.p != model.Instagram {
		return c.connect
	}
	via := widget.NewButtonWithIcon(lang.L("Through Facebook"), theme.ContentAddIcon(), func() {
		s.runConnect(c, app.ConnectOptions{ViaFacebook: true})
	})
	return container.NewHBox(via, c.connect)
}

// methodHint says in a few words how a network signs in.
func methodHint(info app.AuthInfo) string {
	switch info.Method {
	case methodInstance:
		return lang.L("sign in on your server, in the browser")
	case methodAppPassword:
		return lang.L("sign in with your handle and an app password")
	}
	return lang.L("sign in with {{.Network}}, in the browser", map[string]any{"Network": info.Platform.Title()})
}

// upperFirst capitalizes the first letter of s (a whole rune: translations start with
// accented letters too).
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// showAccounts rebuilds the card's rows and returns their picture slots; the caller
// lays the screen out again.
func (c *networkCard) showAccounts(s *accountsScreen, accs []model.Account) []avatarSlot {
	if c.connect == nil {
		return nil
	}
	objs := make([]fyne.CanvasObject, 0, 2*len(accs))
	slots := make([]avatarSlot, 0, len(accs))
	for _, a := range accs {
		slot := newAvatarSlot(a)
		slots = append(slots, slot)
		objs = append(objs, widget.NewSeparator(), s.accountRow(c, a, slot))
	}
	if len(accs) == 0 {
		c.hint.SetText(lang.L("No account connected yet · {{.How}}", map[string]any{"How": methodHint(c.info)}))
	} else {
		c.hint.SetText(upperFirst(methodHint(c.info)))
	}
	c.rows.Objects = objs
	c.rows.Refresh()
	return slots
}

// say shows a result or an error under the card's accounts and hides the Settings button.
func (c *networkCard) say(imp widget.Importance, text string) {
	say(c.status, imp, text)
	c.fix.Hide()
	c.relayout()
}

// offerSettings shows the "Open Settings" button next to the card's status.
func (c *networkCard) offerSettings() {
	c.fix.Show()
	c.relayout()
}

// accountRow shows one account: picture, name, handle, status, sign-in expiry and its
// buttons.
func (s *accountsScreen) accountRow(c *networkCard, a model.Account, pic avatarSlot) fyne.CanvasObject {
	name := widget.NewLabelWithStyle(a.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	handle := widget.NewLabel(a.Handle)
	if a.Handle == a.Name {
		handle.Hide()
	}
	handle.Truncation = fyne.TextTruncateEllipsis
	status := widget.NewLabel(accountStatusText(a.Status))
	status.Importance = accountStatusImportance(a.Status)
	expiry := widget.NewLabel(expiryText(a, s.now()))
	expiry.Importance = widget.LowImportance
	reconnect := widget.NewButtonWithIcon(lang.L("Reconnect"), theme.ViewRefreshIcon(), func() { s.reconnect(c, a) })
	if a.Status == model.AccountReconnectNeeded {
		reconnect.Importance = widget.HighImportance
	}
	disconnect := widget.NewButtonWithIcon(lang.L("Disconnect"), theme.DeleteIcon(), func() { s.confirmDisconnect(c, a) })
	schedule := widget.NewButtonWithIcon(lang.L("Posting schedule"), theme.HistoryIcon(), func() { showScheduleDialog(s.e, a) })
	buttons := container.NewCenter(container.NewHBox(schedule, reconnect, disconnect))
	who := container.NewBorder(nil, nil, name, nil, handle)
	state := container.NewHBox(status, expiry, layout.NewSpacer())
	return container.NewBorder(nil, nil, container.NewCenter(pic.box), buttons, container.NewVBox(who, state))
}

// accountStatusImportance colours an account's status.
func accountStatusImportance(s model.AccountStatus) widget.Importance {
	switch s {
	case model.AccountReconnectNeeded:
		return widget.DangerImportance
	case model.AccountDisabled:
		return widget.WarningImportance
	}
	return widget.SuccessImportance
}

// confirmDisconnect asks before removing an account.
func (s *accountsScreen) confirmDisconnect(c *networkCard, a model.Account) {
	who := map[string]any{"Handle": a.Handle}
	msg := lang.L("Webox Social will stop publishing to {{.Handle}} and remove its saved sign-in. "+
		"Posts scheduled for it will not go out.", who)
	d := dialog.NewConfirm(lang.L("Disconnect {{.Handle}}?", who), msg, func(ok bool) {
		if ok {
			s.disconnect(c, a)
		}
	}, s.e.win)
	d.SetConfirmText(lang.L("Disconnect"))
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}

func (s *accountsScreen) disconnect(c *networkCard, a model.Account) {
	work(s.e, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, s.e.core.DisconnectAccount(ctx, a.ID)
	}, func(_ struct{}, err error) {
		if err != nil {
			c.say(widget.DangerImportance, app.UserMessage(err))
		} else {
			c.say(widget.SuccessImportance, lang.L("Disconnected {{.Handle}}.", map[string]any{"Handle": a.Handle}))
		}
		s.reload()
	})
}

// subscribeAccounts reloads on account events; cancelled when the UI quits.
func (e *env) subscribeAccounts(reload func()) {
	e.track(e.core.Events().Accounts.Subscribe(func(context.Context, app.AccountChanged) { fyne.Do(reload) }))
}

// accountsIntro is the Accounts screen's subtitle: what it is for and where sign-ins are kept.
func accountsIntro(core Core) string {
	return lang.L("Connect the accounts Webox Social publishes to. {{.Tokens}}", map[string]any{"Tokens": tokensWhere(core)})
}

// tokensWhere says where the sign-in tokens are kept: the keychain or the encrypted file.
func tokensWhere(core Core) string {
	if core.SecretsInKeychain() {
		return lang.L("Sign-in tokens stay in your system keychain.")
	}
	return lang.L("Sign-in tokens are kept encrypted in secrets.enc in the data folder.")
}
