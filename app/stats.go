package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"webox-social/services/analytics"
	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Statistics as the views use them.
type (
	// StatsPeriod is the half-open range [From, To) of a statistics view.
	StatsPeriod = analytics.Period
	// StatsRefresh counts what a collection did: accounts read, posts read, accounts
	// needing reconnection, on networks without statistics, waiting for a rate limit, failed.
	StatsRefresh = analytics.CollectSummary
)

// Statistics settings.
const (
	// keyStatsEvery is how often statistics are collected, as a Go duration ("3h").
	keyStatsEvery = "stats.every"
	// keyStatsLastRun is when the schedule last collected, in Unix seconds.
	keyStatsLastRun = "stats.last_run"
	// DefaultStatsEvery is the collection interval when the user has not chosen one.
	DefaultStatsEvery = 3 * time.Hour
	// statsRecheck caps one wait of the schedule: timers stop while the machine sleeps,
	// so the wall clock is looked at again at least this often.
	statsRecheck = 30 * time.Minute
	// statsStartDelay leaves the app's first minutes to starting up and to overdue posts.
	statsStartDelay = 2 * time.Minute
)

// statsStore is the part of Store the statistics use.
type statsStore interface {
	analytics.CollectStore
	Overview(ctx context.Context, workspaceID int64, accountIDs []int64, p analytics.Period) (model.StatsOverview, error)
	StatsByNetwork(ctx context.Context, workspaceID int64, accountIDs []int64, p analytics.Period) ([]model.NetworkStats, error)
	EngagementOverTime(ctx context.Context, workspaceID int64, accountIDs []int64, p analytics.Period, loc *time.Location) ([]model.TimePoint, error)
	FollowerGrowth(ctx context.Context, workspaceID int64, accountIDs []int64, p analytics.Period, loc *time.Location) ([]model.FollowerSeries, error)
	BestPosts(ctx context.Context, workspaceID int64, accountIDs []int64, p analytics.Period, n int, minViews int64) ([]model.BestPost, error)
	Heatmap(ctx context.Context, workspaceID int64, accountIDs []int64, p analytics.Period, loc *time.Location) ([]model.HeatCell, error)
}

// statsState is the collector, built on first use, and the schedule's wake-up channel.
type statsState struct {
	once      sync.Once
	collector *analytics.Collector
	wake      chan struct{}
	// startDelay is statsStartDelay, shorter in tests.
	startDelay time.Duration
}

// stats returns the collector and wake channel, building them once.
func (a *App) stats() *statsState {
	a.statsState.once.Do(func() {
		conns := a.connectors
		if conns == nil {
			conns = platforms.Registry{}
		}
		a.statsState.collector = analytics.NewCollector(analytics.CollectorParams{
			Store: a.store, Connectors: conns, Tokens: &tokens{app: a}, Now: a.now, Log: a.log})
		a.statsState.wake = make(chan struct{}, 1)
		a.statsState.startDelay = statsStartDelay
	})
	return &a.statsState
}

// StatsOverview returns the totals of the period in the current workspace (accountIDs
// narrow it; none means every account), with the previous period of equal length.
func (a *App) StatsOverview(ctx context.Context, p StatsPeriod, accountIDs []int64) (model.StatsOverview, error) {
	o, err := a.store.Overview(ctx, a.CurrentWorkspace().ID, accountIDs, p)
	if err != nil {
		return model.StatsOverview{}, fmt.Errorf("statistics overview: %w", err)
	}
	return o, nil
}

// StatsByNetwork returns the period's totals per network, in display order.
func (a *App) StatsByNetwork(ctx context.Context, p StatsPeriod, accountIDs []int64) ([]model.NetworkStats, error) {
	n, err := a.store.StatsByNetwork(ctx, a.CurrentWorkspace().ID, accountIDs, p)
	if err != nil {
		return nil, fmt.Errorf("statistics per network: %w", err)
	}
	return n, nil
}

// EngagementOverTime returns one point per day of the period in the default zone: the
// engagement rate of the posts published that day, days without posts included.
func (a *App) EngagementOverTime(ctx context.Context, p StatsPeriod, accountIDs []int64) ([]model.TimePoint, error) {
	loc, err := loadZone(a.currentSettings().DefaultZone)
	if err != nil {
		return nil, err
	}
	pts, err := a.store.EngagementOverTime(ctx, a.CurrentWorkspace().ID, accountIDs, p, loc)
	if err != nil {
		return nil, fmt.Errorf("engagement over time: %w", err)
	}
	return pts, nil
}

// FollowerGrowth returns each account's last follower count of every day with a reading,
// days in the default zone.
func (a *App) FollowerGrowth(ctx context.Context, p StatsPeriod, accountIDs []int64) ([]model.FollowerSeries, error) {
	loc, err := loadZone(a.currentSettings().DefaultZone)
	if err != nil {
		return nil, err
	}
	s, err := a.store.FollowerGrowth(ctx, a.CurrentWorkspace().ID, accountIDs, p, loc)
	if err != nil {
		return nil, fmt.Errorf("follower growth: %w", err)
	}
	return s, nil
}

// BestPosts returns the n posts of the period with the highest engagement rate among
// those seen at least minViews times.
func (a *App) BestPosts(ctx context.Context, p StatsPeriod, accountIDs []int64, n int, minViews int64) ([]model.BestPost, error) {
	b, err := a.store.BestPosts(ctx, a.CurrentWorkspace().ID, accountIDs, p, n, minViews)
	if err != nil {
		return nil, fmt.Errorf("best posts: %w", err)
	}
	return b, nil
}

// Heatmap returns the average engagement rate per weekday and hour (default zone) of the
// posts published in the period; cells without posts with views are left out.
func (a *App) Heatmap(ctx context.Context, p StatsPeriod, accountIDs []int64) ([]model.HeatCell, error) {
	loc, err := loadZone(a.currentSettings().DefaultZone)
	if err != nil {
		return nil, err
	}
	h, err := a.store.Heatmap(ctx, a.CurrentWorkspace().ID, accountIDs, p, loc)
	if err != nil {
		return nil, fmt.Errorf("engagement heatmap: %w", err)
	}
	return h, nil
}

// RefreshStats collects statistics now ("Refresh now"): of one account, or of every
// account of the current workspace when accountID is 0. Accounts needing reconnection
// are skipped. The summary is filled even when some accounts failed; the error then
// says why, in the networks' own words.
func (a *App) RefreshStats(ctx context.Context, accountID int64) (StatsRefresh, error) {
	accts, err := a.statsAccounts(ctx, accountID)
	if err != nil {
		return StatsRefresh{}, err
	}
	return a.stats().collector.CollectAccounts(ctx, accts)
}

// statsAccounts is one account, or every account of the current workspace for 0.
func (a *App) statsAccounts(ctx context.Context, accountID int64) ([]model.Account, error) {
	if accountID != 0 {
		acct, err := a.store.GetAccount(ctx, accountID)
		if err != nil {
			return nil, fmt.Errorf("refresh the statistics of account %d: %w", accountID, err)
		}
		return []model.Account{acct}, nil
	}
	accts, err := a.store.ListAccounts(ctx, a.CurrentWorkspace().ID)
	if err != nil {
		return nil, fmt.Errorf("refresh statistics: %w", err)
	}
	return accts, nil
}

// StatsEvery is how often the schedule collects statistics (setting "stats.every").
func (a *App) StatsEvery(ctx context.Context) time.Duration {
	v, err := a.store.GetSetting(ctx, keyStatsEvery)
	if err != nil {
		return DefaultStatsEvery
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return DefaultStatsEvery
	}
	return d
}

// SetStatsEvery sets how often statistics are collected, from 15 minutes to 7 days.
func (a *App) SetStatsEvery(ctx context.Context, d time.Duration) error {
	if d < 15*time.Minute || d > 7*24*time.Hour {
		return invalid("Statistics can be collected every 15 minutes at most and every 7 days at least.")
	}
	if err := a.store.SetSetting(ctx, keyStatsEvery, d.String()); err != nil {
		return fmt.Errorf("save setting %s: %w", keyStatsEvery, err)
	}
	select {
	case a.stats().wake <- struct{}{}:
	default:
	}
	return nil
}

// runStats collects every account's statistics every StatsEvery until ctx ends, in its
// own goroutine: publishing never waits for it. A collection overdue at start (the app
// was closed) runs once the start delay has passed.
func (a *App) runStats(ctx context.Context) {
	st := a.stats()
	notBefore := a.now().Add(st.startDelay)
	for {
		next := a.nextStatsRun(ctx)
		if next.Before(notBefore) {
			next = notBefore
		}
		wait := min(next.Sub(a.now()), statsRecheck)
		if wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-st.wake:
				t.Stop()
				continue
			case <-t.C:
			}
			continue
		}
		a.collectStats(ctx)
		if ctx.Err() != nil {
			return
		}
	}
}

// nextStatsRun is the last collection time plus StatsEvery (now when never collected).
func (a *App) nextStatsRun(ctx context.Context) time.Time {
	v, err := a.store.GetSetting(ctx, keyStatsLastRun)
	if err != nil {
		return a.now()
	}
	last, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return a.now()
	}
	return time.Unix(last, 0).Add(a.StatsEvery(ctx))
}

// collectStats runs one scheduled collection over every workspace and records when.
func (a *App) collectStats(ctx context.Context) {
	started := a.now()
	if err := a.stats().collector.CollectAll(ctx); err != nil && !errors.Is(err, context.Canceled) {
		a.log.Warn("statistics collection incomplete", "err", err)
	}
	if ctx.Err() != nil {
		return
	}
	if err := a.store.SetSetting(ctx, keyStatsLastRun, strconv.FormatInt(started.Unix(), 10)); err != nil {
		a.log.Warn("record the statistics collection time", "err", err)
	}
	a.events.Stats.Publish(ctx, StatsCollected{At: started})
}

// LastPeriod is the statistics period of length d ending now, this second included.
func LastPeriod(now time.Time, d time.Duration) StatsPeriod { return analytics.LastPeriod(now, d) }
