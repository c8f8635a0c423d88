package publisher

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// rig runs an Engine against the fakes. Build it inside a synctest bubble.
type rig struct {
	t      *testing.T
	ob     *fakeOutbox
	tokens *fakeTokens
	masto  *fakeConn
	bsky   *fakeConn
	t0     time.Time

	mu     sync.Mutex
	events []Event

	eng    *Engine
	cancel context.CancelFunc
	done   chan error
}

func newRig(t *testing.T) *rig {
	return &rig{
		t:      t,
		ob:     newFakeOutbox(),
		tokens: &fakeTokens{},
		masto:  newFakeConn(model.Mastodon),
		bsky:   newFakeConn(model.Bluesky),
		t0:     time.Now(),
	}
}

// params are the rig's defaults; tweak them before start.
func (r *rig) params() Params {
	return Params{
		Outbox:     r.ob,
		Tokens:     r.tokens,
		Connectors: platforms.Registry{model.Mastodon: r.masto, model.Bluesky: r.bsky},
		OnEvent:    r.onEvent,
		Logger:     slog.New(slog.NewTextHandler(r.t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug})),
		Rand:       func() float64 { return 0.5 },
	}
}

// start runs an engine with the rig's params, changed by tweak if not nil.
func (r *rig) start(tweak func(*Params)) *Engine {
	p := r.params()
	if tweak != nil {
		tweak(&p)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.eng, r.cancel, r.done = New(p), cancel, make(chan error, 1)
	eng, done := r.eng, r.done
	go func() { done <- eng.Run(ctx) }()
	return eng
}

// stop cancels Run, waits for it and checks the outbox saw no contract violation.
func (r *rig) stop() {
	r.cancel()
	require.NoError(r.t, <-r.done)
	require.Empty(r.t, r.ob.contractViolations())
}

func (r *rig) onEvent(ev Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
}

func (r *rig) eventLog() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

func (r *rig) eventKinds() []EventKind {
	var kinds []EventKind
	for _, ev := range r.eventLog() {
		kinds = append(kinds, ev.Kind)
	}
	return kinds
}

// lastEvent returns the last event, failing when there is none.
func (r *rig) lastEvent() Event {
	evs := r.eventLog()
	require.NotEmpty(r.t, evs)
	return evs[len(evs)-1]
}

// returned reports whether Run has returned, without waiting.
func (r *rig) returned() bool {
	select {
	case err := <-r.done:
		r.done <- err
		return true
	default:
		return false
	}
}
