package viewstest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"webox-social/services/model"
)

// QueueFake holds the posting schedules of the fake and the records of the schedule
// dialog's methods: set its fields (through Core.Queue) before use. NextQueueSlot
// answers with the composer fake's QueueAt and QueueZone (Core.Compose), like AddToQueue.
type QueueFake struct {
	mu sync.Mutex
	// Slots and Zones are the schedules by account ID (a missing account has none and
	// follows the default zone).
	Slots map[int64][]model.QueueSlot
	Zones map[int64]string
	// SaveErr, when set, is returned by SetQueueSlots instead of saving.
	SaveErr error
	// Best is what BestQueueSlots answers.
	Best []model.QueueSlot

	Saves []QueueSave
}

// QueueSave is one SetQueueSlots call.
type QueueSave struct {
	AccountID int64
	Zone      string
	Slots     []model.QueueSlot
}

// queueFakes are the QueueFake of each Core (fake.go is shared).
var queueFakes sync.Map // *Core → *QueueFake

// Queue returns the posting schedule part of the fake.
func (c *Core) Queue() *QueueFake {
	v, _ := queueFakes.LoadOrStore(c, &QueueFake{Slots: map[int64][]model.QueueSlot{}, Zones: map[int64]string{}})
	return v.(*QueueFake)
}

// QueueSlots returns Slots[accountID] and Zones[accountID].
func (c *Core) QueueSlots(_ context.Context, accountID int64) ([]model.QueueSlot, string, error) {
	f := c.Queue()
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.Slots[accountID]), f.Zones[accountID], c.spacesErr()
}

// SetQueueSlots records the call and stores the schedule, or returns SaveErr.
func (c *Core) SetQueueSlots(_ context.Context, accountID int64, zone string, slots []model.QueueSlot) error {
	f := c.Queue()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Saves = append(f.Saves, QueueSave{AccountID: accountID, Zone: zone, Slots: slices.Clone(slots)})
	if f.SaveErr != nil {
		return f.SaveErr
	}
	f.Slots[accountID], f.Zones[accountID] = slices.Clone(slots), zone
	return nil
}

// NextQueueSlot returns the composer fake's QueueAt and QueueZone, or NoSchedule while
// QueueAt is zero.
func (c *Core) NextQueueSlot(_ context.Context, accountIDs []int64) (time.Time, string, error) {
	if len(accountIDs) == 0 {
		return time.Time{}, "", fmt.Errorf("fake: next queue slot: no account: %w", model.ErrInvalid)
	}
	f := c.Compose()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.QueueAt.IsZero() {
		return time.Time{}, "", NoSchedule
	}
	return f.QueueAt, f.QueueZone, nil
}

// BestQueueSlots returns Best.
func (c *Core) BestQueueSlots(_ context.Context, _ int64, _ int) ([]model.QueueSlot, error) {
	f := c.Queue()
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.Best), nil
}
