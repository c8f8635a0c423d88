package views

import (
	"sync"
	"time"
)

// debouncer hands the last value given to trigger to run, delay after the last trigger,
// off the UI goroutine. Runs never overlap and an older value never lands after a newer
// one, so the stored value always ends up being the last one typed.
type debouncer struct {
	delay time.Duration
	spawn func(func()) // starts a goroutine (env.bg)
	run   func(string) // does the I/O

	mu      sync.Mutex
	timer   *time.Timer
	pending string
	dirty   bool

	runMu sync.Mutex
}

func newDebouncer(delay time.Duration, spawn func(func()), run func(string)) *debouncer {
	return &debouncer{delay: delay, spawn: spawn, run: run}
}

// trigger remembers v and restarts the delay. It is cheap: call it from UI callbacks.
func (d *debouncer) trigger(v string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pending, d.dirty = v, true
	if d.timer == nil {
		d.timer = time.AfterFunc(d.delay, func() { d.spawn(d.runPending) })
		return
	}
	d.timer.Reset(d.delay)
}

// flush stops the delay and runs the pending value, if any, on the caller's goroutine.
func (d *debouncer) flush() {
	d.mu.Lock()
	if d.timer != nil {
		d.timer.Stop()
	}
	d.mu.Unlock()
	d.runPending()
}

// runPending runs the newest value not run yet. The value is taken under runMu, so runs
// happen in the order the values were given.
func (d *debouncer) runPending() {
	d.runMu.Lock()
	defer d.runMu.Unlock()
	d.mu.Lock()
	v, ok := d.pending, d.dirty
	d.dirty = false
	d.mu.Unlock()
	if ok {
		d.run(v)
	}
}
