package ai_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"webox-social/services/ai"
	"webox-social/services/ai/aifake"
)

const (
	testKey   = "sk-test-0123456789abcdef"
	testModel = "gpt-4o-mini"
)

// meter records what the client tells it; allowErr refuses calls.
type meter struct {
	mu       sync.Mutex
	allowErr error
	allows   int
	records  []ai.Usage
}

func (m *meter) Allow(context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.allows++
	return m.allowErr
}

func (m *meter) Record(_ context.Context, u ai.Usage) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.records = append(m.records, u)
	return nil
}

func (m *meter) Records() []ai.Usage {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]ai.Usage(nil), m.records...)
}

// sleeper records the waits between tries instead of waiting.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeper) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	return ctx.Err()
}

func (s *sleeper) Waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// rig is a client wired to a fake, a meter and a sleeper.
type rig struct {
	srv   *aifake.Server
	c     *ai.Client
	meter *meter
	sleep *sleeper
}

// newRig starts a fake that wants testKey and offers models (testModel when none).
func newRig(t *testing.T, models ...string) *rig {
	t.Helper()
	srv := aifake.New(t, aifake.Options{Key: testKey, Models: models})
	return newRigFor(t, srv, ai.Config{BaseURL: srv.URL, Model: testModel, APIKey: testKey})
}

func newRigFor(t *testing.T, srv *aifake.Server, cfg ai.Config) *rig {
	t.Helper()
	r := &rig{srv: srv, meter: &meter{}, sleep: &sleeper{}}
	r.c = ai.New(cfg, r.meter)
	ai.SetSleeper(r.c, r.sleep.sleep)
	ai.SetJitter(r.c, func(time.Duration) time.Duration { return 0 })
	return r
}

// aiError asserts err is an *ai.Error of kind and returns it.
func aiError(t *testing.T, err error, kind ai.ErrorKind) *ai.Error {
	t.Helper()
	var e *ai.Error
	require.True(t, errors.As(err, &e), "want *ai.Error, got %v", err)
	require.Equal(t, kind, e.Kind, e.Message)
	return e
}
