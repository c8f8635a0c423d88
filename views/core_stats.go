package views

import (
	"context"
	"strings"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// statsSource is where the Stats screen reads its numbers; coreStats adapts the Core.
type statsSource interface {
	// stats is everything the screen shows for f.
	stats(ctx context.Context, f statsFilter) (statsData, error)
	// refresh collects the statistics of every account now.
	refresh(ctx context.Context) (statsRefresh, error)
}

// statsRefresh is the outcome of "Refresh now" (analytics.CollectSummary's counts).
type statsRefresh struct {
	// Accounts were read; Posts is how many published posts had their counters read.
	Accounts, Posts int
	// Reconnect accounts need reconnecting, Unsupported ones are on networks without
	// statistics, Deferred ones wait for a rate limit, Failed ones could not be read.
	Reconnect, Unsupported, Deferred, Failed int
}

// sentence says what a refresh did, one sentence per kind of outcome.
func (r statsRefresh) sentence() string {
	parts := []string{lang.N("Statistics read from {{.Count}} accounts ({{.Posts}} posts).", r.Accounts,
		map[string]any{"Count": r.Accounts, "Posts": r.Posts})}
	if r.Reconnect > 0 {
		parts = append(parts, lang.N("{{.Count}} accounts need reconnecting first.", r.Reconnect, countData(r.Reconnect)))
	}
	if r.Deferred > 0 {
		parts = append(parts, lang.N("{{.Count}} accounts wait for their network's rate limit and are read later.", r.Deferred, countData(r.Deferred)))
	}
	if r.Unsupported > 0 {
		parts = append(parts, lang.N("{{.Count}} accounts are on networks that give no statistics.", r.Unsupported, countData(r.Unsupported)))
	}
	if r.Failed > 0 {
		parts = append(parts, lang.N("{{.Count}} accounts could not be read: the log says why.", r.Failed, countData(r.Failed)))
	}
	return strings.Join(parts, " ")
}

// total is how many accounts the refresh looked at.
func (r statsRefresh) total() int {
	return r.Accounts + r.Reconnect + r.Unsupported + r.Deferred + r.Failed
}

// importance colours the sentence: a warning when some accounts were not read.
func (r statsRefresh) importance() widget.Importance {
	if r.Failed > 0 || r.Reconnect > 0 || r.Deferred > 0 {
		return widget.WarningImportance
	}
	return widget.SuccessImportance
}

// statsCore is what the Stats screen needs from the core.
type statsCore interface {
	// StatsOverview returns the period's totals in the current workspace (accountIDs
	// narrow it; none means every account), with the previous period of equal length.
	StatsOverview(ctx context.Context, p app.StatsPeriod, accountIDs []int64) (model.StatsOverview, error)
	// StatsByNetwork returns the period's totals per network, in display order.
	StatsByNetwork(ctx context.Context, p app.StatsPeriod, accountIDs []int64) ([]model.NetworkStats, error)
	// EngagementOverTime returns one point per day of the period, days without posts included.
	EngagementOverTime(ctx context.Context, p app.StatsPeriod, accountIDs []int64) ([]model.TimePoint, error)
	// FollowerGrowth returns each account's last follower count of every day with a reading.
	FollowerGrowth(ctx context.Context, p app.StatsPeriod, accountIDs []int64) ([]model.FollowerSeries, error)
	// BestPosts returns the n most engaging posts of the period seen at least minViews times.
	BestPosts(ctx context.Context, p app.StatsPeriod, accountIDs []int64, n int, minViews int64) ([]model.BestPost, error)
	// Heatmap returns the average engagement rate per weekday and hour of the period's posts.
	Heatmap(ctx context.Context, p app.StatsPeriod, accountIDs []int64) ([]model.HeatCell, error)
	// RefreshStats collects statistics now, of one account or of every account of the
	// current workspace for 0; the summary is filled even when the error says some failed.
	RefreshStats(ctx context.Context, accountID int64) (app.StatsRefresh, error)
}

// bestPostsMinViews is the views a post needs to rank among the best: fewer views make
// rates too noisy to compare.
const bestPostsMinViews = 10

// coreStats reads the statistics through the Core.
type coreStats struct{ core statsCore }

func (c coreStats) stats(ctx context.Context, f statsFilter) (statsData, error) {
	p := app.StatsPeriod{From: f.From, To: f.To}
	var ids []int64
	if f.AccountID != 0 {
		ids = []int64{f.AccountID}
	}
	var d statsData
	o, err := c.core.StatsOverview(ctx, p, ids)
	d.Overview = overviewFrom(o)
	if err == nil {
		var nets []model.NetworkStats
		nets, err = c.core.StatsByNetwork(ctx, p, ids)
		d.Networks = networksFrom(nets)
	}
	if err == nil {
		var days []model.TimePoint
		days, err = c.core.EngagementOverTime(ctx, p, ids)
		d.Days = daysFrom(days)
	}
	if err == nil {
		err = c.more(ctx, p, ids, &d)
	}
	return d, err
}

// more reads follower growth, the best posts and the heatmap into d.
func (c coreStats) more(ctx context.Context, p app.StatsPeriod, ids []int64, d *statsData) error {
	series, err := c.core.FollowerGrowth(ctx, p, ids)
	if err != nil {
		return err
	}
	d.Followers = followersFrom(series)
	best, err := c.core.BestPosts(ctx, p, ids, bestPostsMax, bestPostsMinViews)
	if err != nil {
		return err
	}
	d.Best = bestFrom(best)
	cells, err := c.core.Heatmap(ctx, p, ids)
	d.Heat = heatFrom(cells)
	return err
}

func (c coreStats) refresh(ctx context.Context) (statsRefresh, error) {
	s, err := c.core.RefreshStats(ctx, 0)
	return statsRefresh{Accounts: s.Accounts, Posts: s.Posts, Reconnect: s.Reconnect, Unsupported: s.Unsupported,
		Deferred: s.Deferred, Failed: s.Failed}, err
}
