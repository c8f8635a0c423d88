package main

import (
	"context"
	"fmt"
	"math"
	"time"

	"webox-social/services/analytics"
	"webox-social/services/platforms"
)

// Snapshot cadence of the demo history.
const (
	// tracked is how long after publication a post's counters are read every day.
	tracked = 30 * 24 * time.Hour
	// growthHours is how fast a post reaches its final counters (63 % after this long).
	growthHours = 20.0
	// readingHour is the UTC hour of the daily reading.
	readingHour = 5
)

// writeHistory saves a daily reading of every account (its followers and its posts of
// the last 30 days) through the store's SaveReading, as the collector would, and a last
// reading at now.
func (g *generator) writeHistory(ctx context.Context) error {
	first := time.Date(g.from.Year(), g.from.Month(), g.from.Day(), readingHour, 0, 0, 0, time.UTC)
	for at := first; at.Before(g.now); at = at.AddDate(0, 0, 1) {
		if err := g.readAll(ctx, at); err != nil {
			return err
		}
	}
	return g.readAll(ctx, g.now)
}

// readAll saves one reading of every account taken at at.
func (g *generator) readAll(ctx context.Context, at time.Time) error {
	for i := range g.accounts {
		r := g.reading(i, at)
		if err := g.st.SaveReading(ctx, r); err != nil {
			return fmt.Errorf("reading of %s at %s: %w", g.accounts[i].Platform.Title(), at, err)
		}
		g.snapshots += len(r.Posts)
	}
	return nil
}

// reading is what the collector would have read from account i at at.
func (g *generator) reading(i int, at time.Time) analytics.Reading {
	a := g.accounts[i]
	days := at.Sub(g.from).Hours() / 24
	followers := a.profile.followers + a.profile.growth*days + 12*math.Sin(days/9)
	r := analytics.Reading{AccountID: a.ID, TakenAt: at, Account: platforms.AccountMetrics{
		Followers: int64(followers), Following: platforms.NotProvided, Posts: platforms.NotProvided}}
	for _, p := range g.published {
		age := at.Sub(p.target.PublishedAt)
		if p.acct != i || age <= 0 || age > tracked {
			continue
		}
		r.Posts = append(r.Posts, analytics.PostReading{Target: p.target, Metrics: grown(p.final, age)})
	}
	return r
}

// grown is the share of the final counters a post has reached after age.
func grown(final platforms.PostMetrics, age time.Duration) platforms.PostMetrics {
	f := 1 - math.Exp(-age.Hours()/growthHours)
	part := func(n int64) int64 {
		if n < 0 {
			return n // not provided stays not provided
		}
		return int64(math.Round(float64(n) * f))
	}
	return platforms.PostMetrics{Views: part(final.Views), Likes: part(final.Likes), Comments: part(final.Comments),
		Shares: part(final.Shares), Saves: part(final.Saves)}
}
