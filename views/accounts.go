package views

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// accountsScreen lists connected accounts and connects or disconnects them.
type accountsScreen struct {
	e       *env
	loads   latest
	root    fyne.CanvasObject
	rows    *fyne.Container
	status  *widget.Label
	connect *widget.Button
	// progress is the "waiting for the browser" dialog while a connection runs.
	progress dialog.Dialog
}

func newAccountsScreen(e *env) *accountsScreen {
	s := &accountsScreen{e: e, rows: container.NewVBox(), status: newStatusLabel()}
	s.connect = widget.NewButtonWithIcon("Connect Mastodon", theme.ContentAddIcon(), s.askInstance)
	s.connect.Importance = widget.HighImportance
	body := container.NewVBox(
		container.NewHBox(s.connect),
		s.status,
		subheading("Connected accounts"),
		s.rows,
		layout.NewSpacer(),
		subheading("More networks"),
		comingSoon(),
	)
	s.root = page(navAccounts, "Connect the accounts Webox Social publishes to. "+tokensWhere(e.core),
		container.NewVScroll(body))
	e.subscribeAccounts(s.reload)
	return s
}

func (s *accountsScreen) view() fyne.CanvasObject { return s.root }

// reload fetches the accounts off the UI goroutine and rebuilds the rows.
func (s *accountsScreen) reload() {
	reloadInto(s.e, &s.loads, s.e.core.Accounts, func(accs []model.Account, err error) {
		if err != nil {
			message(s.status, err, "")
			return
		}
		s.showAccounts(accs)
	})
}

func (s *accountsScreen) showAccounts(accs []model.Account) {
	objs := make([]fyne.CanvasObject, 0, len(accs))
	for _, a := range accs {
		objs = append(objs, s.accountRow(a))
	}
	if len(objs) == 0 {
		objs = append(objs, emptyState("No accounts connected yet",
			"Use “Connect Mastodon” above: you approve Webox Social in your browser and come back here."))
	}
	s.rows.Objects = objs
	s.rows.Refresh()
}

// accountRow shows one account: network, name, handle, status and token expiry.
func (s *accountsScreen) accountRow(a model.Account) fyne.CanvasObject {
	title := widget.NewLabelWithStyle(a.Platform.Title()+" · "+a.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	handle := widget.NewLabel(a.Handle)
	status := widget.NewLabel(accountStatusText(a.Status))
	switch a.Status {
	case model.AccountReconnectNeeded, model.AccountDisabled:
		status.Importance = widget.DangerImportance
	default:
		status.Importance = widget.SuccessImportance
	}
	expiry := widget.NewLabel(expiryText(a))
	disconnect := widget.NewButtonWithIcon("Disconnect", theme.DeleteIcon(), func() { s.confirmDisconnect(a) })
	buttons := container.NewHBox(disconnect)
	if a.Status == model.AccountReconnectNeeded && a.Platform == model.Mastodon {
		reconnect := widget.NewButtonWithIcon("Reconnect", theme.ViewRefreshIcon(), func() { s.connectTo(a.InstanceURL) })
		reconnect.Importance = widget.HighImportance
		buttons.Objects = append([]fyne.CanvasObject{reconnect}, buttons.Objects...)
	}
	info := container.NewVBox(title, container.NewHBox(handle, status, expiry))
	return widget.NewCard("", "", container.NewBorder(nil, nil, nil, container.NewCenter(buttons), info))
}

func expiryText(a model.Account) string {
	if a.ExpiresAt.IsZero() {
		return "Sign-in does not expire"
	}
	return "Sign-in expires " + formatWhen(a.ExpiresAt)
}

// askInstance asks for the Mastodon server address, then connects.
func (s *accountsScreen) askInstance() {
	entry := widget.NewEntry()
	entry.SetPlaceHolder("mastodon.social")
	items := []*widget.FormItem{widget.NewFormItem("Server", entry)}
	items[0].HintText = "The address of your Mastodon server"
	d := dialog.NewForm("Connect a Mastodon account", "Continue in browser", "Cancel", items, func(ok bool) {
		if ok {
			s.connectTo(entry.Text)
		}
	}, s.e.win)
	entry.OnSubmitted = func(string) { d.Submit() }
	d.Resize(fyne.NewSize(480, d.MinSize().Height))
	d.Show()
	s.e.win.Canvas().Focus(entry)
}

// connectTo runs the authorization flow off the UI goroutine behind a progress dialog.
func (s *accountsScreen) connectTo(instance string) {
	instance = normalizeInstance(instance)
	if instance == "" {
		say(s.status, widget.DangerImportance, "Type your Mastodon server's address, for example mastodon.social.")
		return
	}
	ctx, cancel := context.WithCancel(s.e.ctx)
	s.showProgress(instance, cancel)
	s.connect.Disable()
	say(s.status, widget.MediumImportance, "")
	s.e.bg(func() {
		acc, err := s.e.core.ConnectMastodon(ctx, instance)
		fyne.Do(func() {
			cancel()
			s.hideProgress()
			s.connect.Enable()
			message(s.status, err, "Connected "+acc.Handle+". You can now choose it in Compose.")
			if err == nil {
				s.reload()
			}
		})
	})
}

func normalizeInstance(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), "/")
	if s != "" && !strings.Contains(s, "://") {
		s = "https://" + s
	}
	return s
}

func (s *accountsScreen) showProgress(instance string, cancel context.CancelFunc) {
	act := widget.NewActivity()
	msg := widget.NewLabel("Waiting for you to approve in the browser…")
	hint := widget.NewLabel("A page from " + instance + " opened in your browser. Sign in there and choose Authorize.")
	hint.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(container.NewHBox(act, msg), hint)
	d := dialog.NewCustom("Connecting to Mastodon", "Cancel", content, s.e.win)
	d.SetOnClosed(func() { act.Stop(); cancel() })
	d.Resize(fyne.NewSize(520, d.MinSize().Height))
	s.progress = d
	d.Show()
	act.Start()
}

func (s *accountsScreen) hideProgress() {
	if s.progress != nil {
		s.progress.Hide()
		s.progress = nil
	}
}

// confirmDisconnect asks before removing an account.
func (s *accountsScreen) confirmDisconnect(a model.Account) {
	msg := "Webox Social will stop publishing to " + a.Handle + " and remove its saved sign-in. " +
		"Posts scheduled for it will not go out."
	d := dialog.NewConfirm("Disconnect "+a.Handle+"?", msg, func(ok bool) {
		if ok {
			s.disconnect(a)
		}
	}, s.e.win)
	d.SetConfirmText("Disconnect")
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}

func (s *accountsScreen) disconnect(a model.Account) {
	work(s.e, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, s.e.core.DisconnectAccount(ctx, a.ID)
	}, func(_ struct{}, err error) {
		message(s.status, err, "Disconnected "+a.Handle+".")
		s.reload()
	})
}

// comingSoon lists the networks this version cannot connect yet, honestly.
func comingSoon() fyne.CanvasObject {
	var cards []fyne.CanvasObject
	for _, p := range model.Platforms {
		if p == model.Mastodon {
			continue
		}
		name := widget.NewLabelWithStyle(p.Title(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l := widget.NewLabel("Not available in this version yet")
		l.Importance = widget.LowImportance
		cards = append(cards, widget.NewCard("", "", container.NewVBox(name, l)))
	}
	return container.NewGridWithColumns(4, cards...)
}

// subscribeAccounts reloads on account events; cancelled when the UI quits.
func (e *env) subscribeAccounts(reload func()) {
	e.track(e.core.Events().Accounts.Subscribe(func(context.Context, app.AccountChanged) { fyne.Do(reload) }))
}

// tokensWhere says where the sign-in tokens are kept: the keychain or the encrypted file.
func tokensWhere(core Core) string {
	if core.SecretsInKeychain() {
		return "Sign-in tokens stay in your system keychain."
	}
	return "Sign-in tokens are kept encrypted in secrets.enc in the data folder."
}
