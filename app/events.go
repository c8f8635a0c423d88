package app

import (
	"context"
	"sync"
	"time"
)

// Topic is a small typed publish/subscribe channel. Publish calls each subscriber on its
// own goroutine, so a slow view never stalls the publisher.
type Topic[T any] struct {
	mu   sync.Mutex
	next int
	subs map[int]func(context.Context, T)
}

// Subscribe registers fn and returns a func that removes it.
func (t *Topic[T]) Subscribe(fn func(context.Context, T)) (cancel func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.subs == nil {
		t.subs = map[int]func(context.Context, T){}
	}
	id := t.next
	t.next++
	t.subs[id] = fn
	return func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		delete(t.subs, id)
	}
}

// Publish sends v to every subscriber, each on its own goroutine.
func (t *Topic[T]) Publish(ctx context.Context, v T) {
	t.mu.Lock()
	fns := make([]func(context.Context, T), 0, len(t.subs))
	for _, fn := range t.subs {
		fns = append(fns, fn)
	}
	t.mu.Unlock()
	for _, fn := range fns {
		go fn(ctx, v)
	}
}

// Events lists every event the core publishes. Views subscribe and reload.
type Events struct {
	// Posts fires when a post is created, edited, scheduled, cancelled or deleted.
	Posts Topic[PostChanged]
	// Accounts fires when an account is connected, disconnected or changes status.
	Accounts Topic[AccountChanged]
	// Delivery fires for every publisher outcome (published, retrying, failed, missed ...).
	Delivery Topic[DeliveryEvent]
	// Paused fires when publishing is paused (true) or resumed (false).
	Paused Topic[bool]
	// Workspace fires when the user switches to another workspace or renames the
	// current one. A switch also fires Accounts and Posts, so lists reload.
	Workspace Topic[WorkspaceChanged]
	// Stats fires after a scheduled statistics collection stored new numbers.
	Stats Topic[StatsCollected]
}

// StatsCollected says a scheduled collection ended, and when it started.
type StatsCollected struct {
	At time.Time
}

// PostChanged says which post changed; Deleted is true when it is gone.
type PostChanged struct {
	PostID  int64
	Deleted bool
}

// AccountChanged says which account changed; Removed is true when it was disconnected.
type AccountChanged struct {
	AccountID int64
	Removed   bool
}

// WorkspaceChanged names the current workspace after a switch or a rename.
type WorkspaceChanged struct {
	ID   int64
	Name string
}
