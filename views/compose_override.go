package views

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// overrides is "Customize for each account": a tab per chosen account with its own text,
// pre-filled from the main text. A text left as the main text, or emptied, is no
// override: that account gets the main text.
type overrides struct {
	s      *composeScreen
	toggle *widget.Check
	tabs   *container.AppTabs
	box    *fyne.Container
	// entries are the accounts' texts by account ID, kept while accounts come and go.
	entries map[int64]*composeEntry
	// main is the main text the entries not yet changed follow.
	main string
	// loading is true while the screen itself fills the entries.
	loading bool
}

// overrideState is what Stop editing brings back.
type overrideState struct {
	on    bool
	texts map[int64]string
}

func newOverrides(s *composeScreen) *overrides {
	o := &overrides{s: s, entries: map[int64]*composeEntry{}}
	o.toggle = widget.NewCheck(lang.L("Customize for each account"), func(bool) { o.show(); s.textChanged(); s.keepUnsent() })
	o.tabs = container.NewAppTabs()
	o.tabs.Hide()
	o.box = container.NewVBox(o.toggle, o.tabs)
	return o
}

// view is the toggle and, while it is on, the tabs.
func (o *overrides) view() fyne.CanvasObject { return o.box }

// entry returns account id's entry, built pre-filled from the main text on first use.
func (o *overrides) entry(id int64) *composeEntry {
	if e, ok := o.entries[id]; ok {
		return e
	}
	e := newComposeTextArea(o.s.onShortcut)
	e.SetMinRowsVisible(5)
	e.SetPlaceHolder(lang.L("Empty: this account gets the main text."))
	e.SetText(o.s.text.Text)
	e.OnChanged = func(string) {
		if !o.loading {
			o.s.textChanged()
			o.s.keepUnsent()
		}
	}
	o.entries[id] = e
	return e
}

// show lays out one tab per chosen account while the toggle is on (tab text: network
// and handle), keeping the tab being looked at.
func (o *overrides) show() {
	accs := o.s.chosen()
	defer o.box.Refresh() // lay the tabs out again once shown or hidden
	if !o.toggle.Checked || len(accs) == 0 {
		o.tabs.Hide()
		return
	}
	current := ""
	if sel := o.tabs.Selected(); sel != nil {
		current = sel.Text
	}
	items := make([]*container.TabItem, 0, len(accs))
	for _, a := range accs {
		items = append(items, container.NewTabItem(accountTitle(a), o.tab(a)))
	}
	o.tabs.SetItems(items)
	for _, it := range items {
		if it.Text == current {
			o.tabs.Select(it)
		}
	}
	o.tabs.Show()
}

// tab is account a's text with the button that brings back the main text.
func (o *overrides) tab(a model.Account) fyne.CanvasObject {
	e := o.entry(a.ID)
	reset := widget.NewButtonWithIcon(lang.L("Use the main text"), theme.ContentUndoIcon(), func() { e.SetText(o.s.text.Text) })
	return container.NewBorder(nil, container.NewHBox(reset), nil, nil, e)
}

// accountTitle names an account by network and handle: "Mastodon · @ana@example.social".
func accountTitle(a model.Account) string {
	if a.Handle == "" {
		return a.Platform.Title() + " · " + a.Name
	}
	return a.Platform.Title() + " · " + a.Handle
}

// follow makes the entries still holding the previous main text follow the new one.
func (o *overrides) follow(main string) {
	old := o.main
	o.main = main
	o.loading = true
	defer func() { o.loading = false }()
	for _, e := range o.entries {
		if e.Text == old {
			e.SetText(main)
		}
	}
}

// draft puts the chosen accounts' own texts into d while the toggle is on.
func (o *overrides) draft(d *app.Draft, accs []model.Account) {
	if !o.toggle.Checked {
		return
	}
	for _, a := range accs {
		e, ok := o.entries[a.ID]
		if !ok || strings.TrimSpace(e.Text) == "" || e.Text == d.Content {
			continue
		}
		if d.Overrides == nil {
			d.Overrides = map[int64]string{}
		}
		d.Overrides[a.ID] = e.Text
	}
}

// state is what the toggle and entries hold now.
func (o *overrides) state() overrideState {
	st := overrideState{on: o.toggle.Checked, texts: map[int64]string{}}
	for id, e := range o.entries {
		st.texts[id] = e.Text
	}
	return st
}

// load shows saved texts (an edited post's overrides, or what Stop editing brings back);
// accounts without one follow main. The toggle is on when st says so.
func (o *overrides) load(st overrideState, main string) {
	o.loading = true
	o.entries, o.main = map[int64]*composeEntry{}, main
	for id, t := range st.texts {
		o.entry(id).SetText(t)
	}
	o.loading = false
	o.toggle.Checked = st.on
	o.toggle.Refresh()
	o.show()
}

// loadPost shows the overrides of an edited post's targets; the toggle is on when it has any.
func (o *overrides) loadPost(p model.Post) {
	st := overrideState{texts: map[int64]string{}}
	for _, t := range p.Targets {
		if t.TextOverride != "" {
			st.on, st.texts[t.AccountID] = true, t.TextOverride
		}
	}
	o.load(st, p.Content)
}

// reset turns the toggle off and forgets the accounts' texts (after a post was saved).
func (o *overrides) reset() { o.load(overrideState{}, "") }
