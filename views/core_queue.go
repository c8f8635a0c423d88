package views

import (
	"context"
	"time"

	"webox-social/services/model"
)

// queueCore is what the posting schedule dialog needs from the core beyond Core's shared methods.
type queueCore interface {
	// QueueSlots returns an account's weekly posting times, sorted, and its zone: an IANA
	// name, or "" when it follows the default time zone setting.
	QueueSlots(ctx context.Context, accountID int64) ([]model.QueueSlot, string, error)
	// SetQueueSlots replaces an account's posting times and zone ("" for the default).
	SetQueueSlots(ctx context.Context, accountID int64, zone string, slots []model.QueueSlot) error
	// NextQueueSlot returns the earliest free posting time of the accounts and its zone;
	// "Add to queue" uses it.
	NextQueueSlot(ctx context.Context, accountIDs []int64) (time.Time, string, error)
	// BestQueueSlots proposes perDay posting times per weekday from the account's best
	// times to post.
	BestQueueSlots(ctx context.Context, accountID int64, perDay int) ([]model.QueueSlot, error)
}
