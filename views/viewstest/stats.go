package viewstest

import (
	"context"
	"slices"
	"sync"

	"webox-social/app"
	"webox-social/services/model"
)

// StatsFake holds the answers and the records of the statistics methods: set its fields
// (through Core.Stats) before use. Err, when set, is every read's answer.
type StatsFake struct {
	mu        sync.Mutex
	Overview  model.StatsOverview
	Networks  []model.NetworkStats
	Days      []model.TimePoint
	Followers []model.FollowerSeries
	Best      []model.BestPost
	Heat      []model.HeatCell
	Err       error
	// Summary and RefreshErr are RefreshStats' answer.
	Summary    app.StatsRefresh
	RefreshErr error

	// Asks are StatsOverview's calls (one per load of the screen), Refreshes
	// RefreshStats' account IDs, BestAsks BestPosts' n and minViews.
	Asks      []StatsAsk
	Refreshes []int64
	BestAsks  [][2]int64
}

// StatsAsk is one StatsOverview call.
type StatsAsk struct {
	Period     app.StatsPeriod
	AccountIDs []int64
}

// statsFakes are the StatsFake of each Core (fake.go is shared, so the statistics' state
// lives beside it).
var statsFakes sync.Map // *Core → *StatsFake

// Stats returns the statistics' part of the fake.
func (c *Core) Stats() *StatsFake {
	v, _ := statsFakes.LoadOrStore(c, &StatsFake{})
	return v.(*StatsFake)
}

// StatsOverview records the call and returns Overview.
func (c *Core) StatsOverview(_ context.Context, p app.StatsPeriod, accountIDs []int64) (model.StatsOverview, error) {
	s := c.Stats()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Asks = append(s.Asks, StatsAsk{Period: p, AccountIDs: slices.Clone(accountIDs)})
	return s.Overview, s.Err
}

// StatsByNetwork returns Networks.
func (c *Core) StatsByNetwork(context.Context, app.StatsPeriod, []int64) ([]model.NetworkStats, error) {
	s := c.Stats()
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.Networks), s.Err
}

// EngagementOverTime returns Days.
func (c *Core) EngagementOverTime(context.Context, app.StatsPeriod, []int64) ([]model.TimePoint, error) {
	s := c.Stats()
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.Days), s.Err
}

// FollowerGrowth returns Followers.
func (c *Core) FollowerGrowth(context.Context, app.StatsPeriod, []int64) ([]model.FollowerSeries, error) {
	s := c.Stats()
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.Followers), s.Err
}

// BestPosts records n and minViews and returns Best.
func (c *Core) BestPosts(_ context.Context, _ app.StatsPeriod, _ []int64, n int, minViews int64) ([]model.BestPost, error) {
	s := c.Stats()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.BestAsks = append(s.BestAsks, [2]int64{int64(n), minViews})
	return slices.Clone(s.Best), s.Err
}

// Heatmap returns Heat.
func (c *Core) Heatmap(context.Context, app.StatsPeriod, []int64) ([]model.HeatCell, error) {
	s := c.Stats()
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.Heat), s.Err
}

// RefreshStats records the account ID and returns Summary and RefreshErr.
func (c *Core) RefreshStats(_ context.Context, accountID int64) (app.StatsRefresh, error) {
	s := c.Stats()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Refreshes = append(s.Refreshes, accountID)
	return s.Summary, s.RefreshErr
}

// AskCount is how many times StatsOverview was called.
func (s *StatsFake) AskCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.Asks)
}
