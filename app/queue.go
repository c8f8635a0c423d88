package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"webox-social/services/model"
)

// Queue (Buffer's posting schedule): each account has weekly time slots in its zone, and
// "Add to queue" schedules a post at the earliest slot no post of that account holds.
const (
	// queueLead: a slot must be at least this far ahead to be picked, so the post is
	// saved and checked before its time comes.
	queueLead = time.Minute
	// queueWeeks is how far ahead NextQueueSlot looks for a free slot.
	queueWeeks    = 53
	minutesPerDay = 24 * 60
)

// noSchedule is the sentence when none of the accounts has a posting schedule.
const noSchedule = "No posting schedule is set up yet: add time slots to the account first."

// QueueSlots returns an account's posting schedule, sorted by weekday (Sunday first) and
// time, and its zone: an IANA name, or "" when it follows the default zone setting.
func (a *App) QueueSlots(ctx context.Context, accountID int64) ([]model.QueueSlot, string, error) {
	return a.store.QueueSlots(ctx, accountID)
}

// SetQueueSlots replaces an account's posting schedule and zone ("" follows the default
// zone setting). Duplicate slots are kept once. It fires Accounts for the account.
func (a *App) SetQueueSlots(ctx context.Context, accountID int64, zone string, slots []model.QueueSlot) error {
	zone = strings.TrimSpace(zone)
	if zone != "" {
		if _, err := loadZone(zone); err != nil {
			return err
		}
	}
	clean, err := cleanSlots(slots)
	if err != nil {
		return err
	}
	if err := a.store.SetQueueSlots(ctx, accountID, zone, clean); err != nil {
		return fmt.Errorf("save the posting schedule: %w", err)
	}
	a.log.Info("posting schedule saved", "account_id", accountID, "slots", len(clean), "zone", zone)
	a.events.Accounts.Publish(ctx, AccountChanged{AccountID: accountID})
	return nil
}

// cleanSlots checks, sorts and de-duplicates slots.
func cleanSlots(slots []model.QueueSlot) ([]model.QueueSlot, error) {
	for _, q := range slots {
		if q.Weekday < time.Sunday || q.Weekday > time.Saturday || q.Minute < 0 || q.Minute >= minutesPerDay {
			return nil, invalid("A posting time is a day of the week and a time between 00:00 and 23:59.")
		}
	}
	out := slices.Clone(slots)
	slices.SortFunc(out, func(x, y model.QueueSlot) int {
		return cmp.Or(cmp.Compare(x.Weekday, y.Weekday), cmp.Compare(x.Minute, y.Minute))
	})
	return slices.Compact(out), nil
}

// NextQueueSlot returns the earliest free slot, at least a minute from now, among the
// posting schedules of the given accounts, and the zone of the account it belongs to
// (its own, or the default zone setting). A slot is free for an account when none of
// its posts that is scheduled, going out or out is at that exact time.
func (a *App) NextQueueSlot(ctx context.Context, accountIDs []int64) (time.Time, string, error) {
	if len(accountIDs) == 0 {
		return time.Time{}, "", invalid("Pick at least one account to add the post to its queue.")
	}
	after := a.now().Add(queueLead)
	var best time.Time
	var bestZone string
	anySchedule := false
	for _, id := range accountIDs {
		at, zone, has, err := a.accountNextSlot(ctx, id, after)
		if err != nil {
			return time.Time{}, "", err
		}
		anySchedule = anySchedule || has
		if !at.IsZero() && (best.IsZero() || at.Before(best)) {
			best, bestZone = at, zone
		}
	}
	switch {
	case !anySchedule:
		return time.Time{}, "", invalid(noSchedule)
	case best.IsZero():
		return time.Time{}, "", invalid("Every time slot of the coming year is taken: add time slots to the posting schedule.")
	}
	return best, bestZone, nil
}

// accountNextSlot is one account's earliest free slot after after (zero when all are
// taken), its zone, and whether it has a schedule at all.
func (a *App) accountNextSlot(ctx context.Context, id int64, after time.Time) (time.Time, string, bool, error) {
	slots, zone, err := a.store.QueueSlots(ctx, id)
	if err != nil || len(slots) == 0 {
		return time.Time{}, "", false, err
	}
	if zone == "" {
		zone = a.currentSettings().DefaultZone
	}
	loc, err := loadZone(zone)
	if err != nil {
		return time.Time{}, "", true, err
	}
	until := after.AddDate(0, 0, 7*queueWeeks)
	taken, err := a.store.QueueTaken(ctx, id, after, until)
	if err != nil {
		return time.Time{}, "", true, err
	}
	return nextFreeSlot(slots, loc, after, until, taken), zone, true, nil
}

// nextFreeSlot returns the earliest time in (after, until) that is one of slots in loc
// and not in taken, or the zero time.
//
// Each slot is built with time.Date in loc on its own date, so "Monday 09:00" stays at
// 09:00 on the wall clock across DST changes. A slot inside the hour skipped when clocks
// spring forward (02:30 on 29 March 2026 in Europe/Paris) moves as time.Date normalizes
// it: an hour later, to 03:30 summer time. A slot inside the hour repeated in autumn
// happens once (time.Date picks one of the two; Go picks the second, standard time).
func nextFreeSlot(slots []model.QueueSlot, loc *time.Location, after, until time.Time, taken []time.Time) time.Time {
	byDay := map[time.Weekday][]int{}
	for _, q := range slots {
		byDay[q.Weekday] = append(byDay[q.Weekday], q.Minute)
	}
	busy := make(map[int64]bool, len(taken))
	for _, t := range taken {
		busy[t.Unix()] = true
	}
	y, m, d := after.In(loc).Date()
	for day := time.Date(y, m, d, 0, 0, 0, 0, loc); day.Before(until); {
		cands := make([]time.Time, 0, len(byDay[day.Weekday()]))
		for _, minute := range byDay[day.Weekday()] {
			cands = append(cands, time.Date(y, m, d, minute/60, minute%60, 0, 0, loc))
		}
		slices.SortFunc(cands, time.Time.Compare)
		for _, c := range cands {
			if c.After(after) && c.Before(until) && !busy[c.Unix()] {
				return c
			}
		}
		d++
		day = time.Date(y, m, d, 0, 0, 0, 0, loc)
	}
	return time.Time{}
}

// AddToQueue saves the draft scheduled at the next free slot of its accounts' posting
// schedules (see NextQueueSlot); the post returned carries the time and zone it got.
func (a *App) AddToQueue(ctx context.Context, d Draft) (model.Post, error) {
	a.queueMu.Lock()
	defer a.queueMu.Unlock()
	at, zone, err := a.NextQueueSlot(ctx, d.AccountIDs)
	if err != nil {
		return model.Post{}, err
	}
	d.ScheduledAt, d.Zone = at, zone
	p, err := a.CreatePost(ctx, d)
	if err != nil {
		return model.Post{}, err
	}
	a.log.Info("post queued", "post_id", p.ID, "at", at, "zone", zone)
	return p, nil
}
