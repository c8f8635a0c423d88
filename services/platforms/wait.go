package platforms

import (
	"context"
	"sync"
	"time"
)

// Sleep waits d (between processing polls, before a retry inside one attempt), or returns
// ctx's error as soon as ctx ends; d <= 0 only checks ctx.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Attempts remembers, per attempt key, what an attempt made on the network before it
// failed (an Instagram container, a TikTok publish_id), so a retry in the same process
// continues it instead of starting again. Safe for concurrent use; the zero value is ready.
type Attempts[T any] struct {
	mu sync.Mutex
	m  map[string]T
}

// Get returns what was remembered under key.
func (a *Attempts[T]) Get(key string) (T, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	v, ok := a.m[key]
	return v, ok
}

// Remember keeps v under key; without a key there is nothing to find it by.
func (a *Attempts[T]) Remember(key string, v T) {
	if key == "" {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m == nil {
		a.m = map[string]T{}
	}
	a.m[key] = v
}

// Forget drops key, once its attempt ended one way or the other.
func (a *Attempts[T]) Forget(key string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.m, key)
}
