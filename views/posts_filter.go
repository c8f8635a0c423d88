package views

import (
	"errors"
	"slices"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/services/model"
)

// searchDelay is the pause in typing after which the search runs.
const searchDelay = 300 * time.Millisecond

// postsOrder is the order of the posts list.
type postsOrder int

// The orders the list offers, in the order of the sort menu.
const (
	newestFirst postsOrder = iota // by scheduled time (creation time when unscheduled), newest first
	oldestFirst                   // the same, oldest first
	byStatus                      // what needs the user first, then newest first
)

// postsQuery is what the user filters and sorts the list by. Zero fields do not filter.
type postsQuery struct {
	status   model.PostStatus
	platform model.Platform
	account  int64
	from, to time.Time // local days, both included
	text     string
	order    postsOrder
}

// filter is the query for the core.
func (q postsQuery) filter() model.PostFilter {
	f := model.PostFilter{Status: q.status, Platform: q.platform, AccountID: q.account, From: q.from,
		Query: strings.TrimSpace(q.text)}
	if !q.to.IsZero() {
		f.To = q.to.AddDate(0, 0, 1)
	}
	return f
}

// filtered reports whether anything narrows the list.
func (q postsQuery) filtered() bool {
	return q.filter() != model.PostFilter{}
}

// statusOrder lists post statuses for byStatus: those that need the user first.
var statusOrder = []model.PostStatus{model.PostFailed, model.PostUnconfirmed, model.PostMissed,
	model.PostPartiallyPublished, model.PostPublishing, model.PostScheduled, model.PostDraft,
	model.PostPublished, model.PostCancelled}

func statusRank(st model.PostStatus) int {
	if i := slices.Index(statusOrder, st); i >= 0 {
		return i
	}
	return len(statusOrder)
}

// sortPosts sorts posts in place in order o.
func sortPosts(posts []model.Post, o postsOrder) {
	sort.SliceStable(posts, func(i, j int) bool { return postBefore(posts[i], posts[j], o) })
}

func postBefore(a, b model.Post, o postsOrder) bool {
	switch o {
	case oldestFirst:
		return sortTime(a).Before(sortTime(b))
	case byStatus:
		if ra, rb := statusRank(a.Status), statusRank(b.Status); ra != rb {
			return ra < rb
		}
	}
	return sortTime(a).After(sortTime(b))
}

// postsFilters is the filter bar: search, status, network, account, dates and order.
// Every change updates the screen's query and reloads, unless the value did not change.
type postsFilters struct {
	s        *postsScreen
	bar      fyne.CanvasObject
	search   *widget.Entry
	status   *widget.Select
	network  *widget.Select
	account  *widget.Select
	from, to *widget.Entry
	order    *widget.Select
	typing   *debouncer
	networks []model.Platform // the network menu's entries after "All networks"
	accounts []int64          // the account menu's entries after "All accounts"
}

func newPostsFilters(s *postsScreen) *postsFilters {
	f := &postsFilters{s: s}
	f.typing = newDebouncer(searchDelay, s.e.bg, func(v string) { fyne.Do(func() { f.setText(v) }) })
	f.search = widget.NewEntry()
	f.search.SetPlaceHolder(lang.L("Search the text of posts (Ctrl+F)"))
	f.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	f.search.OnChanged = f.typing.trigger
	f.search.OnSubmitted = func(string) { f.typing.flush() }
	f.status = widget.NewSelect(statusOptions(), func(string) { f.setStatus() })
	f.network = widget.NewSelect([]string{lang.L("All networks")}, func(string) { f.setNetwork() })
	f.account = widget.NewSelect([]string{lang.L("All accounts")}, func(string) { f.setAccount() })
	f.from = f.dateEntry(lang.L("From (YYYY-MM-DD)"), &s.query.from)
	f.to = f.dateEntry(lang.L("To (YYYY-MM-DD)"), &s.query.to)
	f.order = widget.NewSelect([]string{lang.L("Newest first"), lang.L("Oldest first"),
		lang.L("Needs attention first")}, func(string) { f.setOrder() })
	for _, sel := range []*widget.Select{f.status, f.network, f.account, f.order} {
		sel.SetSelectedIndex(0)
	}
	clear := widget.NewButtonWithIcon(lang.L("Clear filters"), theme.ContentClearIcon(), f.clear)
	f.bar = container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewGridWithColumns(3, f.status, f.network, f.account), f.search),
		container.NewGridWithColumns(4, f.from, f.to, f.order, clear))
	return f
}

// statusValues are the status menu's values, in the order of statusOptions.
var statusValues = []model.PostStatus{"", model.PostDraft, model.PostScheduled, model.PostPublishing,
	model.PostPublished, model.PostPartiallyPublished, model.PostFailed, model.PostMissed,
	model.PostUnconfirmed, model.PostCancelled}

func statusOptions() []string {
	out := []string{lang.L("Any status")}
	for _, st := range statusValues[1:] {
		out = append(out, postStatusText(st))
	}
	return out
}

// setText runs the search typed (after the pause).
func (f *postsFilters) setText(v string) {
	if v == f.s.query.text {
		return
	}
	f.s.query.text = v
	f.s.reload()
}

func (f *postsFilters) setStatus() {
	i := max(f.status.SelectedIndex(), 0)
	setFilter(f, &f.s.query.status, statusValues[i])
}

func (f *postsFilters) setNetwork() {
	var p model.Platform
	if i := f.network.SelectedIndex(); i > 0 {
		p = f.networks[i-1]
	}
	setFilter(f, &f.s.query.platform, p)
}

func (f *postsFilters) setAccount() {
	var id int64
	if i := f.account.SelectedIndex(); i > 0 {
		id = f.accounts[i-1]
	}
	setFilter(f, &f.s.query.account, id)
}

func (f *postsFilters) setOrder() {
	setFilter(f, &f.s.query.order, postsOrder(max(f.order.SelectedIndex(), 0)))
}

// setFilter sets a query field and reloads when the value changed.
func setFilter[T comparable](f *postsFilters, field *T, v T) {
	if *field == v {
		return
	}
	*field = v
	f.s.reload()
}

// dateEntry is a date field with a calendar button; a valid date (or none) sets *day.
func (f *postsFilters) dateEntry(placeholder string, day *time.Time) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	e.Validator = func(v string) error {
		if _, ok := parseFilterDay(v); !ok {
			return errors.New(lang.L("Write the date as YYYY-MM-DD, for example 2030-05-01."))
		}
		return nil
	}
	e.OnChanged = func(v string) {
		if d, ok := parseFilterDay(v); ok {
			setFilter(f, day, d)
		}
	}
	e.ActionItem = widget.NewButtonWithIcon("", theme.CalendarIcon(), func() { f.pickDate(e) })
	return e
}

// parseFilterDay reads a local day; empty is the zero time. ok is false for anything else.
func parseFilterDay(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, true
	}
	d, err := time.ParseInLocation(dateInputLayout, v, time.Local)
	return d, err == nil
}

// pickDate shows a month calendar under a date field.
func (f *postsFilters) pickDate(e *widget.Entry) {
	cur, ok := parseFilterDay(e.Text)
	if !ok || cur.IsZero() {
		cur = time.Now()
	}
	var pop *widget.PopUp
	cal := widget.NewCalendar(cur, func(t time.Time) {
		e.SetText(t.Format(dateInputLayout))
		pop.Hide()
	})
	pop = widget.NewPopUp(cal, f.s.e.win.Canvas())
	pop.ShowAtRelativePosition(fyne.NewPos(0, e.Size().Height), e)
}

// clear removes every filter (the order stays) and reloads once.
func (f *postsFilters) clear() {
	f.s.query = postsQuery{order: f.s.query.order}
	f.search.SetText("")
	f.typing.flush()
	f.from.SetText("")
	f.to.SetText("")
	for _, sel := range []*widget.Select{f.status, f.network, f.account} {
		sel.SetSelectedIndex(0)
	}
	f.s.reload()
}

// setAccounts refreshes the network and account menus from the connected accounts,
// keeping the current choices while they still exist.
func (f *postsFilters) setAccounts(byID map[int64]model.Account) {
	accs := make([]model.Account, 0, len(byID))
	for _, a := range byID {
		accs = append(accs, a)
	}
	sort.Slice(accs, func(i, j int) bool {
		if accs[i].Platform != accs[j].Platform {
			return slices.Index(model.Platforms, accs[i].Platform) < slices.Index(model.Platforms, accs[j].Platform)
		}
		return accs[i].Handle < accs[j].Handle
	})
	var ids []int64
	var nets []model.Platform
	accOpts, netOpts := []string{lang.L("All accounts")}, []string{lang.L("All networks")}
	for _, a := range accs {
		ids = append(ids, a.ID)
		accOpts = append(accOpts, accountChoice(a))
		if !slices.Contains(nets, a.Platform) {
			nets = append(nets, a.Platform)
			netOpts = append(netOpts, a.Platform.Title())
		}
	}
	if !slices.Equal(ids, f.accounts) {
		f.accounts = ids
		f.account.SetOptions(accOpts)
		f.account.SetSelectedIndex(slices.Index(ids, f.s.query.account) + 1)
	}
	if !slices.Equal(nets, f.networks) {
		f.networks = nets
		f.network.SetOptions(netOpts)
		f.network.SetSelectedIndex(slices.Index(nets, f.s.query.platform) + 1)
	}
}

// accountChoice names an account in menus: network and handle (or name).
func accountChoice(a model.Account) string {
	who := a.Handle
	if who == "" {
		who = a.Name
	}
	return lang.L("{{.Network}} · {{.Account}}", map[string]any{"Network": a.Platform.Title(), "Account": who})
}

// addSearchShortcut makes Ctrl+F (Cmd+F) open Posts with the search field focused,
// wherever the focus is not in a text field.
func (s *postsScreen) addSearchShortcut() {
	sc := &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	s.e.win.Canvas().AddShortcut(sc, func(fyne.Shortcut) { s.search() })
}

// search shows Posts with the search field focused.
func (s *postsScreen) search() {
	s.e.navigate(navPosts)
	s.e.win.Canvas().Focus(s.filters.search)
}
