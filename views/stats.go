package views

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// statsChartSize is the smallest size of a chart on the Stats screen.
var statsChartSize = fyne.NewSize(420, 260)

// statsScreen is the statistics dashboard: the period and account filters, "Refresh
// now", the overview cards, engagement per network and over time, follower growth, the
// best posts and the weekday × hour heatmap, each chart with its table and exports.
type statsScreen struct {
	e       *env
	src     statsSource
	loads   latest
	root    fyne.CanvasObject
	filters *statsFilterBar
	status  *widget.Label // errors, and the outcome of exports
	result  *widget.Label // the outcome of the last refresh
	refresh *widget.Button
	running *widget.ProgressBarInfinite
	empty   fyne.CanvasObject
	content *fyne.Container
	page    *fyne.Container // holds empty and content, laid out again when they switch
	cards   *statsCards
	summary *widget.Label // how many posts the period holds
	// The chart panels.
	networks, engagement, followers, heat *chartPanel
	best                                  *fyne.Container
	// now is the clock the periods are computed from.
	now func() time.Time
	// openURL opens a permalink in the browser; called off the UI goroutine.
	openURL func(string) error
	// openPost shows a post on the Posts screen.
	openPost func(id int64)
}

// statsLoad is what one reload fetches off the UI goroutine.
type statsLoad struct {
	accounts []model.Account
	data     statsData
}

// collected loads the numbers again after a scheduled collection (an event handler:
// it runs off the UI goroutine).
func (s *statsScreen) collected(context.Context, app.StatsCollected) { fyne.Do(s.reload) }

func newStatsScreen(e *env) *statsScreen {
	s := &statsScreen{e: e, src: coreStats{e.core}, status: newStatusLabel(), result: newStatusLabel(),
		running: widget.NewProgressBarInfinite(), cards: newStatsCards(), summary: widget.NewLabel(""), best: container.NewVBox(),
		now: time.Now, openURL: OpenURLFunc(e.fa)}
	s.openPost = e.openPostOnPosts
	s.running.Hide()
	s.filters = newStatsFilterBar(s.reload)
	s.refresh = widget.NewButtonWithIcon(lang.L("Refresh now"), theme.ViewRefreshIcon(), s.refreshNow)
	s.networks = newChartPanel(e, statsChartSize, s.report)
	s.engagement = newChartPanel(e, statsChartSize, s.report)
	s.followers = newChartPanel(e, statsChartSize, s.report)
	s.heat = newChartPanel(e, statsChartSize, s.report)
	s.empty = widget.NewCard("", "", emptyState(lang.L("No statistics yet"),
		lang.L("No statistics yet: publish posts, then Refresh now — or run make demo-data to see a sample dashboard.")))
	s.content = container.NewVBox(s.summary, s.cards.grid,
		subheading(lang.L("Engagement per network")), s.networks.root,
		subheading(lang.L("Engagement over time")), s.engagement.root,
		subheading(lang.L("Follower growth")), s.followers.root,
		subheading(lang.L("Best posts")), s.best,
		subheading(lang.L("Engagement by weekday and hour")), s.heat.root)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, s.refresh, s.filters.bar), s.running, s.result, s.status)
	s.page = container.NewVBox(s.empty, s.content)
	body := container.NewBorder(top, nil, nil, nil, container.NewVScroll(s.page))
	s.root = page(lang.L(navStats), lang.L("Engagement, reach and follower growth, collected from every network."), body)
	s.showData(statsData{})
	e.subscribePosts(s.reload)
	e.track(e.core.Events().Stats.Subscribe(s.collected))
	return s
}

func (s *statsScreen) view() fyne.CanvasObject { return s.root }

// reload fetches the accounts and the statistics for the chosen filter.
func (s *statsScreen) reload() {
	f, err := s.filters.filter(s.now())
	if err != nil {
		say(s.status, widget.DangerImportance, lang.L("Enter both dates as YYYY-MM-DD, the first one not after the second."))
		return
	}
	reloadInto(s.e, &s.loads, func(ctx context.Context) (statsLoad, error) {
		accts, err := s.e.core.Accounts(ctx)
		if err != nil {
			return statsLoad{}, err
		}
		d, err := s.src.stats(ctx, f)
		return statsLoad{accounts: accts, data: d}, err
	}, s.apply)
}

func (s *statsScreen) apply(l statsLoad, err error) {
	if err != nil {
		message(s.status, err, "")
		return
	}
	say(s.status, widget.MediumImportance, "")
	s.filters.setAccounts(l.accounts)
	s.showData(l.data)
}

// showData fills the cards, charts, tables and list, or shows the empty state.
func (s *statsScreen) showData(d statsData) {
	if d.empty() {
		s.empty.Show()
		s.content.Hide()
		s.page.Refresh()
		return
	}
	s.empty.Hide()
	s.content.Show()
	defer s.page.Refresh()
	s.cards.set(d.Overview)
	n := d.Overview.Current.Posts
	s.summary.SetText(lang.N("{{.Count}} posts in total", int(n), map[string]any{"Count": n}))
	s.networks.set(networksChart(d.Networks))
	s.engagement.set(engagementChart(d.Days))
	s.followers.set(followersChart(d.Followers))
	s.heat.set(heatChart(d.Heat))
	s.best.Objects = s.bestPostRows(d.Best)
	s.best.Refresh()
}

// refreshNow collects the statistics of every account off the UI goroutine, with a
// progress bar, then says what happened and shows the new numbers.
func (s *statsScreen) refreshNow() {
	s.refresh.Disable()
	spin(s.running, true)
	say(s.result, widget.MediumImportance, lang.L("Collecting statistics from every network…"))
	work(s.e, s.src.refresh, func(r statsRefresh, err error) {
		spin(s.running, false)
		s.refresh.Enable()
		switch {
		case err != nil && r.total() == 0:
			message(s.result, err, "")
			return
		case err != nil: // some accounts were read: say so, then why the others were not
			say(s.result, widget.WarningImportance, r.sentence()+" "+app.UserMessage(err))
		default:
			say(s.result, r.importance(), r.sentence())
		}
		s.reload()
	})
}

// report shows the outcome of an export.
func (s *statsScreen) report(err error, ok string) {
	if errors.Is(err, context.Canceled) {
		return
	}
	message(s.status, err, ok)
}
