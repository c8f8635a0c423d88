package app

import (
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"webox-social/services/model"

	"github.com/stretchr/testify/assert"
)

func TestFlightRunsOneCallPerKey(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var f flight
		var calls atomic.Int32
		release := make(chan struct{})
		var wg sync.WaitGroup
		results := make([]string, 5)
		for i := range 5 {
			wg.Go(func() {
				results[i], _ = f.do(7, func() (string, error) {
					calls.Add(1)
					<-release
					return "token", nil
				})
			})
		}
		synctest.Wait() // every caller is blocked: one in fn, the others waiting for it
		close(release)
		wg.Wait()
		assert.Equal(t, int32(1), calls.Load())
		assert.Equal(t, []string{"token", "token", "token", "token", "token"}, results)

		_, _ = f.do(7, func() (string, error) { calls.Add(1); return "", nil })
		assert.Equal(t, int32(2), calls.Load(), "a later call runs again")
	})
}

func TestRenewAt(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		name     string
		lifetime time.Duration
		margin   time.Duration
	}{
		{"X, 2 hours: a fifth before", 2 * time.Hour, 24 * time.Minute},
		{"short token: at least 5 minutes", 10 * time.Minute, 5 * time.Minute},
		{"Meta, 60 days: a week before", 60 * 24 * time.Hour, 7 * 24 * time.Hour},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := model.Account{Status: model.AccountOK, UpdatedAt: t0, ExpiresAt: t0.Add(tc.lifetime)}
			assert.Equal(t, a.ExpiresAt.Add(-tc.margin), renewAt(a))
		})
	}
	assert.True(t, renewAt(model.Account{Status: model.AccountOK}).IsZero(), "never expires")
	assert.True(t, renewAt(model.Account{Status: model.AccountReconnectNeeded, ExpiresAt: t0}).IsZero(), "waits for the user")
}
