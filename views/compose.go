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
	"fyne.io/fyne/v2/layout"
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
	e        *env
	loads    latest
	root     fyne.CanvasObject
	text     *widget.Entry
	checks   *fyne.Container
	accounts []model.Account
	selected map[int64]bool
	// counters shows one live counter per chosen network ("X 45/280").
	counters *fyne.Container
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
	date     *widget.Entry
	clock    *widget.Entry
	zoneInfo *widget.Label
	loc      *time.Location
	zone     string
	status   *widget.Label
	buttons  []*widget.Button
	// timeSet is true once a default time was filled in, so reloads keep the user's pick.
	timeSet bool
	// defaultLoc and defaultZone are the zone from Settings, used for new posts.
	defaultLoc  *time.Location
	defaultZone string
	// unsent stores the text typed for a new post, debounced, so closing the app keeps it.
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
	s.status = newStatusLabel()
	schedule := widget.NewButtonWithIcon("Schedule", theme.CalendarIcon(), s.schedule)
	schedule.Importance = widget.HighImportance
	now := widget.NewButtonWithIcon("Publish now", theme.MailSendIcon(), s.publishNow)
	draft := widget.NewButtonWithIcon("Save draft", theme.DocumentSaveIcon(), s.saveDraft)
	stop := widget.NewButtonWithIcon("Stop editing", theme.CancelIcon(), s.stopEditing)
	s.editBar = container.NewBorder(nil, nil, nil, stop, wrapped(
		"Editing a post — Schedule, Publish now or Save draft replaces the saved post.", widget.WarningImportance))
	s.editBar.Hide()
	s.buttons = []*widget.Button{schedule, now, draft, stop}
	actions := container.NewBorder(nil, nil, nil, container.NewHBox(draft, now, schedule), s.status)
	editor := container.NewBorder(subheading("Post"), nil, nil, nil, container.NewVScroll(container.NewVBox(
		s.text, s.counters, s.problems, container.NewHBox(s.hostButton), s.buildMedia(), s.optsBox)))
	side := container.NewVBox(subheading("Publish to"), s.checks, widget.NewSeparator(), subheading("When"),
		widget.NewForm(widget.NewFormItem("Date", s.date), widget.NewFormItem("Time", s.clock)), s.zoneInfo)
	sideBox := container.NewStack(sizedSpacer(340, 0), side)
	body := container.NewBorder(s.editBar, actions, nil, sideBox, container.NewPadded(editor))
	s.root = page(navCompose, "Write once, choose the accounts, then schedule it or publish it now.", body)
	e.subscribeAccounts(s.reload)
	s.loadUnsent()
	return s
}

func (s *composeScreen) buildEditor() {
	s.text = widget.NewMultiLineEntry()
	s.text.Wrapping = fyne.TextWrapWord
	s.text.SetPlaceHolder("What would you like to share?")
	s.text.SetMinRowsVisible(8)
	s.text.OnChanged = func(t string) {
		if !s.restoring && s.edit.id == 0 {
			s.unsent.trigger(t)
		}
		s.textChanged()
	}
	s.checks = container.NewVBox()
	s.counters = container.New(layout.NewRowWrapLayoutWithCustomPadding(0, 0))
	s.problems = newStatusLabel()
	s.problems.Importance = widget.WarningImportance
	s.hostButton = widget.NewButtonWithIcon("Set up a media host", theme.SettingsIcon(), func() { s.e.navigate(navSettings) })
	s.hostButton.Hide()
	s.optsBox = container.NewVBox()
}

func (s *composeScreen) buildWhen() {
	s.date = widget.NewEntry()
	s.date.SetPlaceHolder("2026-11-24")
	s.date.ActionItem = widget.NewButtonWithIcon("", theme.CalendarIcon(), s.pickDate)
	s.clock = widget.NewEntry()
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
		s.zoneInfo.SetText("Times are in " + s.zone + ", the zone this post was scheduled in.")
		return
	}
	s.zoneInfo.SetText("Times are in " + s.zone + ". Change the default zone in Settings.")
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
		label := a.Platform.Title() + " · " + a.Handle
		if a.Status == model.AccountReconnectNeeded {
			label += " (reconnect needed)"
		}
		c := widget.NewCheck(label, func(on bool) { s.selected[a.ID] = on; s.showOptions(); s.validate() })
		c.Checked = s.selected[a.ID]
		objs = append(objs, c)
	}
	if len(objs) == 0 {
		hint := widget.NewLabel("No accounts yet. Connect one in Accounts first.")
		hint.Wrapping = fyne.TextWrapWord
		objs = append(objs, hint, widget.NewButton("Open Accounts", func() { s.e.navigate(navAccounts) }))
	}
	s.checks.Objects = objs
	s.checks.Refresh()
	s.showOptions()
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

// draft is the form as a Draft: text, attachments and each network's choices; while
// editing, the post's hashtags and per-account texts (which Compose does not show) are
// kept as they were.
func (s *composeScreen) draft() app.Draft {
	d := app.Draft{Content: s.text.Text, Zone: s.zone, Hashtags: s.edit.hashtags}
	s.mediaDraft(&d)
	for _, a := range s.chosen() {
		d.AccountIDs = append(d.AccountIDs, a.ID)
		if o := s.edit.overrides[a.ID]; o != "" {
			if d.Overrides == nil {
				d.Overrides = map[int64]string{}
			}
			d.Overrides[a.ID] = o
		}
		s.optionsDraft(&d, a)
	}
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

// applyUnsent shows the unsent text unless the user already typed or is editing a post
// (then it is what Stop editing brings back).
func (s *composeScreen) applyUnsent(text string, _ error) {
	switch {
	case text == "":
	case s.edit.id != 0:
		if s.edit.stashText == "" {
			s.edit.stashText = text
		}
	case s.text.Text == "":
		s.setText(text)
	}
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
