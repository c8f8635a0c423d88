package views

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/services/model"
)

// calMode is the calendar's view: a month grid or a week of hours.
type calMode int

const (
	calMonthMode calMode = iota
	calWeekMode
)

// calUndoWindow is how long the Undo button stays after a move.
const calUndoWindow = 6 * time.Second

// calStatuses are the statuses the status filter offers, in a post's life order.
var calStatuses = []model.PostStatus{model.PostDraft, model.PostScheduled, model.PostPublishing,
	model.PostPublished, model.PostPartiallyPublished, model.PostFailed, model.PostMissed,
	model.PostCancelled, model.PostUnconfirmed}

// calendarScreen shows the posts of a month (six-week grid) or a week (7 × 24 hours)
// as chips coloured by status. Chips open the post in Compose and can be dragged to
// another day or time to reschedule it.
type calendarScreen struct {
	e     *env
	loads latest
	root  fyne.CanvasObject
	// now is the clock (tests fix it); after runs f once d has passed, on any goroutine.
	now   func() time.Time
	after func(d time.Duration, f func())

	mode      calMode
	anchor    civilDate // a day of the period shown; zero means today
	accountID int64
	status    model.PostStatus

	data  calData
	grid  *calGrid
	title *widget.Label
	zone  *widget.Label
	empty *widget.Label
	body  *fyne.Container
	msg   *widget.Label
	undo  *widget.Button

	modeBtns   [2]*widget.Button
	accountSel *widget.Select
	statusSel  *widget.Select

	hovered *calCell
	dragAt  fyne.Position
	undoSeq int
}

// calData is what one reload brings: the period, its posts (filtered, in time order),
// the accounts and the zone the calendar is drawn in.
type calData struct {
	loc      *time.Location
	zone     string
	mode     calMode
	anchor   civilDate
	first    civilDate
	posts    []model.Post
	accounts []model.Account
	byID     map[int64]model.Account
}

func newCalendarScreen(e *env) *calendarScreen {
	s := &calendarScreen{e: e, now: time.Now, after: func(d time.Duration, f func()) { time.AfterFunc(d, f) },
		msg: newStatusLabel(), body: container.NewStack()}
	s.title = subheading("")
	s.zone = widget.NewLabel("")
	s.empty = newStatusLabel()
	s.undo = widget.NewButtonWithIcon(lang.L("Undo"), theme.ContentUndoIcon(), nil)
	s.undo.Hide()
	status := container.NewBorder(nil, nil, nil, s.undo, container.NewVBox(s.msg, s.empty))
	s.root = page(lang.L(navCalendar), lang.L("Drag a post to another day or time to reschedule it; click it to edit."),
		container.NewBorder(container.NewVBox(s.toolbar(), status), calStatusLegend(), nil, nil, s.body))
	e.subscribePosts(s.reload)
	e.subscribeAccounts(s.reload)
	return s
}

func (s *calendarScreen) view() fyne.CanvasObject { return s.root }

// toolbar is previous / next / today, the title, the filters and the Month/Week toggle.
func (s *calendarScreen) toolbar() fyne.CanvasObject {
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { s.step(-1) })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { s.step(1) })
	today := widget.NewButton(lang.L("Today"), func() { s.anchor = civilDate{}; s.reload() })
	s.modeBtns[calMonthMode] = widget.NewButton(lang.L("Month"), func() { s.setMode(calMonthMode) })
	s.modeBtns[calWeekMode] = widget.NewButton(lang.L("Week"), func() { s.setMode(calWeekMode) })
	s.showMode()
	s.accountSel = widget.NewSelect([]string{lang.L("All accounts")}, func(string) { s.filterChanged() })
	s.accountSel.Selected = s.accountSel.Options[0]
	s.statusSel = widget.NewSelect(calStatusOptions(), func(string) { s.filterChanged() })
	s.statusSel.Selected = s.statusSel.Options[0]
	filters := container.NewHBox(container.NewStack(sizedSpacer(200, 0), s.accountSel),
		container.NewStack(sizedSpacer(150, 0), s.statusSel), s.modeBtns[calMonthMode], s.modeBtns[calWeekMode])
	left := container.NewHBox(prev, next, today)
	return container.NewBorder(nil, nil, left, filters, container.NewHBox(s.title, s.zone))
}

// calStatusOptions are the status filter's entries: all, then each status.
func calStatusOptions() []string {
	out := []string{lang.L("All statuses")}
	for _, st := range calStatuses {
		out = append(out, postStatusText(st))
	}
	return out
}

// calStatusLegend names the chip colours under the grid.
func calStatusLegend() fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, 0, len(calStatuses))
	for _, st := range calStatuses {
		sw := canvas.NewRectangle(calStatusFill(st))
		sw.CornerRadius = calChipRadius
		sw.SetMinSize(fyne.NewSize(14, 14))
		t := widget.NewLabel(postStatusText(st))
		t.SizeName = theme.SizeNameCaptionText
		objs = append(objs, container.NewHBox(container.NewCenter(sw), t))
	}
	return container.New(layout.NewRowWrapLayout(), objs...)
}

// setMode switches between the month and the week, keeping the day shown.
func (s *calendarScreen) setMode(m calMode) {
	if s.mode == m {
		return
	}
	s.mode = m
	s.showMode()
	s.reload()
}

func (s *calendarScreen) showMode() {
	for m, b := range s.modeBtns {
		b.Importance = widget.MediumImportance
		if calMode(m) == s.mode {
			b.Importance = widget.HighImportance
		}
		b.Refresh()
	}
}

// step moves by n months or weeks.
func (s *calendarScreen) step(n int) {
	a := s.anchor
	if a == (civilDate{}) {
		a = s.data.anchor
	}
	if s.mode == calMonthMode {
		s.anchor = a.addMonths(n)
	} else {
		s.anchor = a.add(7 * n)
	}
	s.reload()
}

// filterChanged reads the account and status filters and reloads.
func (s *calendarScreen) filterChanged() {
	s.accountID = 0
	if i := s.accountSel.SelectedIndex(); i > 0 && i <= len(s.data.accounts) {
		s.accountID = s.data.accounts[i-1].ID
	}
	s.status = ""
	if i := s.statusSel.SelectedIndex(); i > 0 {
		s.status = calStatuses[i-1]
	}
	s.reload()
}

// calQuery is what a reload asks for.
type calQuery struct {
	mode      calMode
	anchor    civilDate
	accountID int64
	status    model.PostStatus
}

// reload fetches the period's posts, the accounts and the user's zone off the UI goroutine.
func (s *calendarScreen) reload() {
	q := calQuery{mode: s.mode, anchor: s.anchor, accountID: s.accountID, status: s.status}
	reloadInto(s.e, &s.loads, s.loader(q), s.apply)
}

// loader loads only the period shown: six weeks or seven days, from midnight to
// midnight in the user's default zone.
func (s *calendarScreen) loader(q calQuery) func(ctx context.Context) (calData, error) {
	core, now := s.e.core, s.now()
	return func(ctx context.Context) (calData, error) {
		set, err := core.Settings(ctx)
		if err != nil {
			return calData{}, err
		}
		d := calData{mode: q.mode, anchor: q.anchor}
		d.loc, d.zone = zoneLocation(set.DefaultZone)
		if d.anchor == (civilDate{}) {
			d.anchor = civilOf(now.In(d.loc))
		}
		d.first, d.posts, err = loadPeriod(ctx, core, q, d.anchor, d.loc)
		if err != nil {
			return calData{}, err
		}
		if d.accounts, err = core.Accounts(ctx); err != nil {
			return calData{}, err
		}
		d.byID = make(map[int64]model.Account, len(d.accounts))
		for _, a := range d.accounts {
			d.byID[a.ID] = a
		}
		return d, nil
	}
}

// loadPeriod lists the posts of the period around anchor that pass the filters.
func loadPeriod(ctx context.Context, core Core, q calQuery, anchor civilDate, loc *time.Location) (civilDate, []model.Post, error) {
	first, n := anchor.firstOfMonth().monday(), calMonthCells
	if q.mode == calWeekMode {
		first, n = anchor.monday(), 7
	}
	f := model.PostFilter{From: first.in(loc), To: first.add(n).in(loc), AccountID: q.accountID, Status: q.status}
	posts, err := core.ListPosts(ctx, f)
	if err != nil {
		return first, nil, fmt.Errorf("views: calendar posts: %w", err)
	}
	posts = slices.DeleteFunc(posts, func(p model.Post) bool { return !keepOnCalendar(p, f) })
	slices.SortFunc(posts, func(a, b model.Post) int {
		return cmp.Or(a.ScheduledAt.Compare(b.ScheduledAt), cmp.Compare(a.ID, b.ID))
	})
	return first, posts, nil
}

// keepOnCalendar reports whether p has a time in f's range and passes its filters.
func keepOnCalendar(p model.Post, f model.PostFilter) bool {
	t := p.ScheduledAt
	if t.IsZero() || t.Before(f.From) || !t.Before(f.To) || (f.Status != "" && p.Status != f.Status) {
		return false
	}
	return f.AccountID == 0 || slices.ContainsFunc(p.Targets, func(t model.Target) bool { return t.AccountID == f.AccountID })
}

// apply draws a reload's result.
func (s *calendarScreen) apply(d calData, err error) {
	if err != nil {
		message(s.msg, err, "")
		return
	}
	s.data = d
	s.showAccounts(d.accounts)
	s.zone.SetText(lang.L("Times in {{.Zone}}", map[string]any{"Zone": d.zone}))
	if d.mode == calWeekMode {
		s.title.SetText(calWeekTitle(d.first))
		s.grid = s.buildWeek(d)
	} else {
		s.title.SetText(calMonthTitle(d.anchor))
		s.grid = s.buildMonth(d)
	}
	s.body.Objects = []fyne.CanvasObject{s.grid.root}
	s.body.Refresh()
	s.showEmpty(len(d.posts) == 0)
}

// showEmpty says what to do when the period has no posts.
func (s *calendarScreen) showEmpty(empty bool) {
	text := ""
	if empty {
		text = lang.L("Nothing scheduled in this period. Schedule a post in Compose (Ctrl+N) and it appears here on its day.")
		if s.accountID != 0 || s.status != "" {
			text = lang.L("No post in this period matches the filters. Choose All accounts and All statuses to see every post.")
		}
	}
	say(s.empty, widget.MediumImportance, text)
}

// showAccounts refreshes the account filter's entries, keeping the choice while the
// account still exists.
func (s *calendarScreen) showAccounts(accs []model.Account) {
	opts := []string{lang.L("All accounts")}
	sel := 0
	for i, a := range accs {
		opts = append(opts, calAccountLabel(a))
		if a.ID == s.accountID {
			sel = i + 1
		}
	}
	if sel == 0 {
		s.accountID = 0
	}
	s.accountSel.Options = opts
	s.accountSel.Selected = opts[sel]
	s.accountSel.Refresh()
}

// calAccountLabel names an account in the filter: "Mastodon · @alice@example.social".
func calAccountLabel(a model.Account) string {
	who := a.Handle
	if who == "" {
		who = a.Name
	}
	return a.Platform.Title() + " · " + who
}

// postImportance is how a post status is coloured in labels.
func postImportance(st model.PostStatus) widget.Importance {
	switch st {
	case model.PostPublished:
		return widget.SuccessImportance
	case model.PostFailed, model.PostMissed, model.PostUnconfirmed, model.PostPartiallyPublished:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// targetsSummary lists the accounts a post goes to, by handle when known.
func targetsSummary(p model.Post, accounts map[int64]model.Account) string {
	names := make([]string, 0, len(p.Targets))
	for _, t := range p.Targets {
		if a, ok := accounts[t.AccountID]; ok {
			names = append(names, a.Handle)
			continue
		}
		names = append(names, t.Platform.Title())
	}
	return strings.Join(names, ", ")
}
