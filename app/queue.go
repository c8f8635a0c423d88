package app

import (
	"context"
	"time"

	"webox-social/services/model"
)

// NextQueueSlot returns the earliest free slot after now in the posting schedules of
// the given accounts, and the zone the slot is in.
//
// Placeholder until the queue slots land (issue 5, item 4).
func (a *App) NextQueueSlot(ctx context.Context, accountIDs []int64) (time.Time, string, error) {
	return time.Time{}, "", invalid("No posting schedule is set up yet: add time slots to the account first.")
}

// AddToQueue saves the draft scheduled at the next free slot of its accounts.
//
// Placeholder until the queue slots land (issue 5, item 4).
func (a *App) AddToQueue(ctx context.Context, d Draft) (model.Post, error) {
	_, _, err := a.NextQueueSlot(ctx, d.AccountIDs)
	return model.Post{}, err
}
