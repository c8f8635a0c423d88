package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"webox-social/services/analytics"
	"webox-social/services/model"
)

// Best times to post, as the views use them.
type (
	// BestTimes are an account's weekday × hour slots ranked by engagement rate, in its zone.
	BestTimes = analytics.BestTimes
	// Slot is one weekday and hour with its engagement rate and how many posts it rests on.
	Slot = analytics.Slot
)

const (
	// bestTimesHistory is how far back an account's posts count.
	bestTimesHistory = 365 * 24 * time.Hour
	// minHistory is how many measured posts an account needs before its own history,
	// rather than the network's typical times, is said to rank the slots.
	minHistory = 10
	// suggestLead: a suggested time is at least this far ahead, so the post can be
	// checked and saved before it.
	suggestLead = 15 * time.Minute
)

// TimeSuggestion is a time to publish and why it was picked.
type TimeSuggestion struct {
	// At is the next occurrence of Slot after now, in Zone.
	At   time.Time
	Zone string
	Slot Slot
	// Network is the network of the account whose history (or typical times) was used.
	Network model.Platform
	// Posts is how many of that account's published posts have metrics.
	Posts int
	// FromHistory tells that Posts is enough for the account's own history to rank the
	// slots; otherwise they are the network's typical times.
	FromHistory bool
}

// BestTimes ranks an account's weekday × hour slots by engagement rate over the last
// year of its published posts' metrics, in the account's zone (its posting schedule's,
// else the default zone). No AI is involved.
func (a *App) BestTimes(ctx context.Context, accountID int64) (BestTimes, error) {
	bt, _, err := a.bestTimes(ctx, accountID)
	return bt, err
}

// bestTimes is BestTimes with the number of posts it rests on and the account.
func (a *App) bestTimes(ctx context.Context, accountID int64) (BestTimes, accountHistory, error) {
	acct, err := a.store.GetAccount(ctx, accountID)
	if err != nil {
		return BestTimes{}, accountHistory{}, fmt.Errorf("best times of account %d: %w", accountID, err)
	}
	loc, zone, err := a.accountZone(ctx, accountID)
	if err != nil {
		return BestTimes{}, accountHistory{}, err
	}
	samples, err := a.engagementSamples(ctx, accountID)
	if err != nil {
		return BestTimes{}, accountHistory{}, err
	}
	bt := analytics.ComputeBestTimes(samples, loc, acct.Platform)
	if bt.Zone == "" {
		bt.Zone = zone
	}
	return bt, accountHistory{network: acct.Platform, posts: len(samples), loc: loc, zone: zone}, nil
}

// accountHistory is what a ranking rests on.
type accountHistory struct {
	network model.Platform
	posts   int
	loc     *time.Location
	zone    string
}

// accountZone is the zone of the account's posting schedule, else the default zone.
func (a *App) accountZone(ctx context.Context, accountID int64) (*time.Location, string, error) {
	_, zone, err := a.store.QueueSlots(ctx, accountID)
	if err != nil {
		return nil, "", fmt.Errorf("zone of account %d: %w", accountID, err)
	}
	if zone == "" {
		zone = a.currentSettings().DefaultZone
	}
	loc, err := loadZone(zone)
	if err != nil {
		return nil, "", err
	}
	return loc, zone, nil
}

// engagementSamples are the account's posts of the last year with their metrics.
func (a *App) engagementSamples(ctx context.Context, accountID int64) ([]analytics.Sample, error) {
	rows, err := a.store.EngagementSamples(ctx, accountID, a.now().Add(-bestTimesHistory))
	if err != nil {
		return nil, fmt.Errorf("metrics of account %d: %w", accountID, err)
	}
	out := make([]analytics.Sample, len(rows))
	for i, r := range rows {
		out[i] = analytics.Sample{At: r.PublishedAt, Network: r.Platform, Impressions: r.Impressions, Engagements: r.Engagements}
	}
	return out, nil
}

// SuggestTime proposes when to publish on the given accounts: the next occurrence of the
// best-ranked slot of the account with the most history (the first one on a tie).
func (a *App) SuggestTime(ctx context.Context, accountIDs []int64) (TimeSuggestion, error) {
	if len(accountIDs) == 0 {
		return TimeSuggestion{}, invalid("Pick at least one account: the time is suggested from its history.")
	}
	var best BestTimes
	var hist accountHistory
	for i, id := range accountIDs {
		bt, h, err := a.bestTimes(ctx, id)
		if err != nil {
			return TimeSuggestion{}, err
		}
		if i == 0 || h.posts > hist.posts {
			best, hist = bt, h
		}
	}
	if len(best.Slots) == 0 {
		return TimeSuggestion{}, invalid("There is no history or typical time to suggest a time from yet.")
	}
	slot := best.Slots[0]
	return TimeSuggestion{At: nextSlot(slot, hist.loc, a.now().Add(suggestLead)), Zone: hist.zone, Slot: slot,
		Network: hist.network, Posts: hist.posts, FromHistory: hist.posts >= minHistory}, nil
}

// nextSlot is the first time at slot's weekday and hour, on the hour in loc, after after.
func nextSlot(s Slot, loc *time.Location, after time.Time) time.Time {
	y, m, d := after.In(loc).Date()
	for i := range 8 {
		t := time.Date(y, m, d+i, s.Hour, 0, 0, 0, loc)
		if t.Weekday() == s.Weekday && t.After(after) {
			return t
		}
	}
	return time.Time{} // unreachable: one of eight consecutive days is the weekday
}

// BestQueueSlots proposes an account's weekly posting times from its best times (the
// seed's suggest_best_times shape, perDay times per weekday), for its posting schedule.
func (a *App) BestQueueSlots(ctx context.Context, accountID int64, perDay int) ([]model.QueueSlot, error) {
	bt, err := a.BestTimes(ctx, accountID)
	if err != nil {
		return nil, err
	}
	return queueSlotsFromSeed(bt.Seed(perDay))
}

// queueSlotsFromSeed turns {"monday": ["09:00", "18:00"], ...} into queue slots.
func queueSlotsFromSeed(seed map[string][]string) ([]model.QueueSlot, error) {
	var out []model.QueueSlot
	for d := time.Sunday; d <= time.Saturday; d++ {
		for _, hm := range seed[strings.ToLower(d.String())] {
			t, err := time.Parse("15:04", hm)
			if err != nil {
				return nil, fmt.Errorf("best times: %q is not a time of day: %w", hm, err)
			}
			out = append(out, model.QueueSlot{Weekday: d, Minute: t.Hour()*60 + t.Minute()})
		}
	}
	return out, nil
}
