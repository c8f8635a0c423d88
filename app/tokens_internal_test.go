package app

import (
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

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
