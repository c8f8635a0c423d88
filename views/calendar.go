package views

import (
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/services/model"
)

// agendaDays is the length of the first agenda page, starting today.
const agendaDays = 30

// calendarScreen is an agenda of posts grouped by day: the next 30 days first, then
// whole months with previous/next.
type calendarScreen struct {
	e     *env
	loads latest
	root  fyne.CanvasObject
	// month is the first day of the month shown; zero shows the next 30 days.
	month  time.Time
	title  *widget.Label
	days   *fyne.Container
	status *widget.Label
}

func newCalendarScreen(e *env) *calendarScreen {
	s := &calendarScreen{e: e, days: container.NewVBox(), status: newStatusLabel()}
	s.title = subheading("")
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { s.step(-1) })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { s.step(1) })
	today := widget.NewButton("Today", func() { s.month = time.Time{}; s.reload() })
	bar := container.NewBorder(nil, nil, container.NewHBox(prev, next, today), nil, s.title)
	s.root = page(navCalendar, "Your posts by day. A month grid comes in a later version.",
		container.NewBorder(container.NewVBox(bar, s.status), nil, nil, nil, container.NewVScroll(s.days)))
	e.subscribePosts(s.reload)
	return s
}

func (s *calendarScreen) view() fyne.CanvasObject { return s.root }

// step moves by whole months; from the 30-day page it starts at this month.
func (s *calendarScreen) step(n int) {
	if s.month.IsZero() {
		now := time.Now()
		s.month = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.Local)
	}
	s.month = s.month.AddDate(0, n, 0)
	s.reload()
}

// span returns the period shown and its title.
func (s *calendarScreen) span(now time.Time) (from, to time.Time, title string) {
	if s.month.IsZero() {
		from = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.Local)
		return from, from.AddDate(0, 0, agendaDays), "Next 30 days"
	}
	return s.month, s.month.AddDate(0, 1, 0), s.month.Format("January 2006")
}

func (s *calendarScreen) reload() {
	from, to, title := s.span(time.Now())
	s.title.SetText(title)
	f := model.PostFilter{From: from, To: to}
	reloadInto(s.e, &s.loads, loadPosts(s.e.core, f), func(d postsData, err error) {
		if err != nil {
			message(s.status, err, "")
			return
		}
		say(s.status, widget.MediumImportance, "")
		s.show(d, from, to)
	})
}

// show renders the posts grouped by local day, earliest first.
func (s *calendarScreen) show(d postsData, from, to time.Time) {
	posts := scheduledBetween(d.posts, from, to)
	var objs []fyne.CanvasObject
	var day string
	for _, p := range posts {
		if k := dayLabel(p.ScheduledAt, time.Now()); k != day {
			day = k
			objs = append(objs, widget.NewSeparator(), subheading(day))
		}
		objs = append(objs, agendaRow(p, d.accounts))
	}
	if len(objs) == 0 {
		objs = append(objs, emptyState("Nothing scheduled in this period",
			"Schedule a post in Compose (Ctrl+N) and it appears here on its day."))
	}
	s.days.Objects = objs
	s.days.Refresh()
}

// scheduledBetween keeps posts with a time in [from, to), earliest first.
func scheduledBetween(all []model.Post, from, to time.Time) []model.Post {
	var out []model.Post
	for _, p := range all {
		if !p.ScheduledAt.IsZero() && !p.ScheduledAt.Before(from) && p.ScheduledAt.Before(to) {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ScheduledAt.Before(out[j].ScheduledAt) })
	return out
}

// dayLabel names t's local day, with "Today" and "Tomorrow" where they apply.
func dayLabel(t, now time.Time) string {
	t, now = t.In(time.Local), now.In(time.Local)
	label := t.Format(dayLayout)
	if t.Year() != now.Year() {
		label += t.Format(" 2006")
	}
	switch {
	case sameDay(t, now):
		return "Today — " + label
	case sameDay(t, now.AddDate(0, 0, 1)):
		return "Tomorrow — " + label
	}
	return label
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// agendaRow is one post in the agenda: time, status, excerpt and accounts.
func agendaRow(p model.Post, accounts map[int64]model.Account) fyne.CanvasObject {
	at := widget.NewLabelWithStyle(p.ScheduledAt.In(time.Local).Format(timeInputLayout), fyne.TextAlignLeading,
		fyne.TextStyle{Monospace: true})
	state := widget.NewLabel(postStatusText(p.Status))
	state.Importance = postImportance(p.Status)
	text := widget.NewLabel(excerpt(p.Content, 90))
	text.Truncation = fyne.TextTruncateEllipsis
	who := widget.NewLabel(targetsSummary(p, accounts))
	return container.NewBorder(nil, nil, container.NewHBox(at, state), who, text)
}

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
