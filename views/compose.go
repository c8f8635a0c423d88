package views

import (
	"context"
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// Keeping the unsent text: it is stored in the data folder (through the core) this long
// after the last keystroke, and each store may take at most unsentSaveTimeout.
const (
	unsentSaveDelay   = 700 * time.Millisecond
	unsentSaveTimeout = 5 * time.Second
)

// composeScreen writes a post, picks accounts and schedules or publishes it.
type composeScreen struct {
	e     *env
	loads latest
	root  fyne.CanvasObject
	text  *composeEntry
	// over is "Customize for each account": the accounts' own texts.
	over *overrides
	// tabs switch between writing and the preview of each chosen network.
	tabs     *container.AppTabs
	preview  *fyne.Container
	ai       *aiTools
	checks   *fyne.Container
	accounts []model.Account
	selected map[int64]bool
	// counters shows one live counter per chosen network ("X 45/280").
	counters *fyne.Container
	// ruled are the sentences shown under the counters, left out of problems.
	ruled    []string
	problems *widget.Label
	// hostButton leads to Settings when a network needs a media host that is missing.
	hostButton *widget.Button
	// found is the last off-thread check of a draft with attachments; checkLoads orders them.
	found      problemCheck
	checkLoads latest
	// attached are the post's files, in the order they are published.
	attached   []*attachment
	attachList *fyne.Container
	// opts holds one card of choices per network, kept while accounts come and go.
	opts     map[model.Platform]*netOptions
	optsBox  *fyne.Container
	date     *composeEntry
	clock    *composeEntry
	zoneInfo *widget.Label
	loc      *time.Location
	zone     string
	status   *widget.Label
	progress *widget.ProgressBarInfinite
	buttons  []*widget.Button
	queue    *widget.Button
	// busy is true while a post is being saved (the copy of large files takes seconds).
	busy bool
	// timeSet is true once a default time was filled in, so reloads keep the user's pick.
	timeSet bool
	// defaultLoc and defaultZone are the zone from Settings, used for new posts.
	defaultLoc  *time.Location
	defaultZone string
	// unsent stores the new post being written (compose_unsent.go), debounced, so
	// closing the app keeps it.
	unsent *debouncer
	// restoring is true while the screen itself sets the text, so it is not stored back.
	restoring bool
	editBar   fyne.CanvasObject
	edit      editState
}

// composeData is what the screen loads off the UI goroutine.
type composeData struct {
	accounts []model.Account
	settings app.Settings
}

func newComposeScreen(e *env) *composeScreen {
	s := &composeScreen{e: e, selected: map[int64]bool{}, loc: time.Local, zone: localZoneName(),
		defaultLoc: time.Local, defaultZone: localZoneName(), opts: map[model.Platform]*netOptions{}}
	s.unsent = newDebouncer(unsentSaveDelay, e.bg, s.saveUnsent)
	e.track(s.unsent.flush) // on quit, store what was typed in the last moments
	s.buildEditor()
	s.buildWhen()
	body := container.NewBorder(s.buildEditBar(), s.buildActions(), nil, s.buildSide(), container.NewPadded(s.buildTabs()))
	s.root = page(lang.L(navCompose), lang.L("Write once, choose the accounts, then schedule it or publish it now."), body)
	s.addShortcuts()
	e.subscribeAccounts(s.reload)
	s.loadUnsent()
	return s
}

// buildTabs is the editor: the Write tab (text, counters, AI, attachments, options) and
// the Preview tab.
func (s *composeScreen) buildTabs() fyne.CanvasObject {
	write := container.NewVScroll(container.NewVBox(s.text, s.counters, s.problems, container.NewHBox(s.hostButton),
		s.over.view(), s.buildAI(), s.buildMedia(), s.optsBox))
	preview := container.NewTabItemWithIcon(lang.L("Preview"), theme.VisibilityIcon(), s.buildPreview())
	s.tabs = container.NewAppTabs(container.NewTabItemWithIcon(lang.L("Write"), theme.DocumentCreateIcon(), write), preview)
	s.tabs.OnSelected = func(t *container.TabItem) {
		if t == preview {
			s.showPreview()
		}
	}
	return s.tabs
}

// buildEditBar is the bar shown while a saved post is being edited.
func (s *composeScreen) buildEditBar() fyne.CanvasObject {
	stop := widget.NewButtonWithIcon(lang.L("Stop editing"), theme.CancelIcon(), s.stopEditing)
	s.buttons = append(s.buttons, stop)
	s.editBar = container.NewBorder(nil, nil, nil, stop, wrapped(
		lang.L("Editing a post — Schedule, Publish now or Save draft replaces the saved post."), widget.WarningImportance))
	s.editBar.Hide()
	return s.editBar
}

// buildActions is the status line (with the progress bar while saving) and the buttons.
func (s *composeScreen) buildActions() fyne.CanvasObject {
	s.status = newStatusLabel()
	s.progress = widget.NewProgressBarInfinite()
	s.progress.Stop()
	s.progress.Hide()
	schedule := widget.NewButtonWithIcon(lang.L("Schedule"), theme.CalendarIcon(), s.schedule)
	schedule.Importance = widget.HighImportance
	now := widget.NewButtonWithIcon(lang.L("Publish now"), theme.MailSendIcon(), s.publishNow)
	draft := widget.NewButtonWithIcon(lang.L("Save draft"), theme.DocumentSaveIcon(), s.saveDraft)
	s.queue = widget.NewButtonWithIcon(lang.L("Add to queue"), theme.ContentAddIcon(), s.addToQueue)
	s.buttons = append(s.buttons, schedule, now, draft, s.queue)
	keys := widget.NewLabel(lang.L("Ctrl+S saves a draft, Ctrl+Enter schedules, Ctrl+Shift+Enter publishes now."))
	keys.Importance = widget.LowImportance
	keys.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, nil, container.NewHBox(draft, s.queue, now, schedule),
		container.NewVBox(s.progress, s.status, keys))
}

// buildSide is the right column: accounts and time.
func (s *composeScreen) buildSide() fyne.CanvasObject {
	side := container.NewVBox(subheading(lang.L("Publish to")), s.checks, widget.NewSeparator(), subheading(lang.L("When")),
		widget.NewForm(widget.NewFormItem(lang.L("Date"), s.date), widget.NewFormItem(lang.L("Time"), s.clock)), s.zoneInfo,
		s.buildSuggest())
	return container.NewStack(sizedSpacer(340, 0), side)
}

func (s *composeScreen) buildEditor() {
	s.text = newComposeTextArea(s.onShortcut)
	s.text.SetPlaceHolder(lang.L("What would you like to share?"))
	s.text.SetMinRowsVisible(8)
	s.over = newOverrides(s)
	s.text.OnChanged = func(t string) {
		s.keepUnsent()
		s.over.follow(t)
		s.textChanged()
	}
	s.checks = container.NewVBox()
	s.counters = container.NewVBox()
	s.problems = newStatusLabel()
	s.problems.Importance = widget.WarningImportance
	s.hostButton = widget.NewButtonWithIcon(lang.L("Set up a media host"), theme.SettingsIcon(), func() { s.e.navigate(navSettings) })
	s.hostButton.Hide()
	s.optsBox = container.NewVBox()
}

func (s *composeScreen) buildWhen() {
	s.date = newComposeEntry(s.onShortcut)
	s.date.SetPlaceHolder("2026-11-24")
	s.date.ActionItem = widget.NewButtonWithIcon("", theme.CalendarIcon(), s.pickDate)
	s.clock = newComposeEntry(s.onShortcut)
	s.clock.SetPlaceHolder("14:30")
	s.zoneInfo = widget.NewLabel("")
	s.zoneInfo.Wrapping = fyne.TextWrapWord
}

func (s *composeScreen) view() fyne.CanvasObject { return s.root }

func (s *composeScreen) focus() { s.e.win.Canvas().Focus(s.text) }

// reload loads accounts and the default zone off the UI goroutine.
func (s *composeScreen) reload() {
	reloadInto(s.e, &s.loads, func(ctx context.Context) (composeData, error) {
		accs, err := s.e.core.Accounts(ctx)
		if err != nil {
			return composeData{}, err
		}
		set, err := s.e.core.Settings(ctx)
		return composeData{accounts: accs, settings: set}, err
	}, s.apply)
}

func (s *composeScreen) apply(d composeData, err error) {
	if err != nil {
		message(s.status, err, "")
		return
	}
	s.defaultLoc, s.defaultZone = zoneLocation(d.settings.DefaultZone)
	if s.edit.id == 0 || !s.edit.ownZone {
		s.loc, s.zone = s.defaultLoc, s.defaultZone
	}
	s.showZone()
	if !s.timeSet {
		s.setWhen(nextRoundHour(time.Now(), s.loc))
	}
	s.showAccounts(d.accounts)
	s.validate()
}

// showZone says which zone the date and time are read in.
func (s *composeScreen) showZone() {
	if s.edit.id != 0 && s.edit.ownZone {
		s.zoneInfo.SetText(lang.L("Times are in {{.Zone}}, the zone this post was scheduled in.", map[string]any{"Zone": s.zone}))
		return
	}
	s.zoneInfo.SetText(lang.L("Times are in {{.Zone}}. Change the default zone in Settings.", map[string]any{"Zone": s.zone}))
}

// setWhen fills the date and time fields with t, read in t's own location.
func (s *composeScreen) setWhen(t time.Time) {
	s.date.SetText(t.Format(dateInputLayout))
	s.clock.SetText(t.Format(timeInputLayout))
	s.timeSet = true
}

func (s *composeScreen) showAccounts(accs []model.Account) {
	s.accounts = accs
	objs := make([]fyne.CanvasObject, 0, len(accs))
	for _, a := range accs {
		label := accountTitle(a)
		if a.Status == model.AccountReconnectNeeded {
			label = lang.L("{{.Account}} (reconnect needed)", map[string]any{"Account": label})
		}
		c := widget.NewCheck(label, func(on bool) { s.selected[a.ID] = on; s.accountsChanged(); s.keepUnsent() })
		c.Checked = s.selected[a.ID]
		objs = append(objs, c)
	}
	if len(objs) == 0 {
		hint := widget.NewLabel(lang.L("No accounts yet. Connect one in Accounts first."))
		hint.Wrapping = fyne.TextWrapWord
		objs = append(objs, hint, widget.NewButton(lang.L("Open Accounts"), func() { s.e.navigate(navAccounts) }))
	}
	s.checks.Objects = objs
	s.checks.Refresh()
	s.showOptions()
	s.over.show()
}

// accountsChanged follows a change of the chosen accounts: options, own texts, checks.
func (s *composeScreen) accountsChanged() {
	s.showOptions()
	s.over.show()
	s.validate()
}

// chosen returns the selected accounts in display order.
func (s *composeScreen) chosen() []model.Account {
	var out []model.Account
	for _, a := range s.accounts {
		if s.selected[a.ID] {
			out = append(out, a)
		}
	}
	return out
}

// draft is the form as a Draft: text, attachments in the order shown, the accounts' own
// texts and each network's choices; while editing, the post's hashtags (which Compose does
// not show) are kept as they were.
func (s *composeScreen) draft() app.Draft {
	d := app.Draft{Content: s.text.Text, Zone: s.zone, Hashtags: s.edit.hashtags}
	s.mediaDraft(&d)
	accs := s.chosen()
	for _, a := range accs {
		d.AccountIDs = append(d.AccountIDs, a.ID)
		s.optionsDraft(&d, a)
	}
	s.over.draft(&d, accs)
	return d
}

// when parses the date and time fields in the screen's zone.
func (s *composeScreen) when() (time.Time, error) {
	d := strings.TrimSpace(s.date.Text)
	c := strings.TrimSpace(s.clock.Text)
	at, err := time.ParseInLocation(dateInputLayout+" "+timeInputLayout, d+" "+c, s.loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("views: parse %q %q: %w", d, c, errBadWhen)
	}
	return at, nil
}

func (s *composeScreen) pickDate() {
	cur, err := time.ParseInLocation(dateInputLayout, strings.TrimSpace(s.date.Text), s.loc)
	if err != nil {
		cur = time.Now().In(s.loc)
	}
	var pop *widget.PopUp
	cal := widget.NewCalendar(cur, func(t time.Time) {
		s.date.SetText(t.Format(dateInputLayout))
		pop.Hide()
	})
	pop = widget.NewPopUp(cal, s.e.win.Canvas())
	pop.ShowAtRelativePosition(fyne.NewPos(0, s.date.Size().Height), s.date)
}

// clear empties the text, the attachments and the networks' choices after a success
// (the stored unsent text follows, debounced); the account selection is kept for the
// next post.
func (s *composeScreen) clear() {
	s.attached, s.opts = nil, map[model.Platform]*netOptions{}
	s.showAttachments()
	s.showOptions()
	s.over.reset()
	s.text.SetText("")
	s.setWhen(nextRoundHour(time.Now(), s.loc))
}

// setText puts t in the editor without storing it as unsent text.
func (s *composeScreen) setText(t string) {
	s.restoring = true
	defer func() { s.restoring = false }()
	s.text.SetText(t)
}

// loadUnsent fetches the text left unsent last time, off the UI goroutine.
func (s *composeScreen) loadUnsent() {
	work(s.e, func(ctx context.Context) (string, error) { return s.e.core.ComposeDraft(ctx), nil }, s.applyUnsent)
}

// saveUnsent stores the unsent text; it runs off the UI goroutine (or at quit).
func (s *composeScreen) saveUnsent(text string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.e.ctx), unsentSaveTimeout)
	defer cancel()
	if err := s.e.core.SaveComposeDraft(ctx, text); err != nil {
		s.e.log.Warn("views: keep the unsent compose text", "err", err)
	}
}

// sizedSpacer is an invisible object that gives a container a minimum size.
func sizedSpacer(w, h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(w, h))
	return r
}
