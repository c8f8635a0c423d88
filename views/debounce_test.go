package views

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestDebouncerRunsTheLastValueOnceAfterThePause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var got []string
		d := newDebouncer(700*time.Millisecond, goBG, func(v string) {
			mu.Lock()
			got = append(got, v)
			mu.Unlock()
		})
		d.trigger("a")
		time.Sleep(500 * time.Millisecond)
		d.trigger("ab")
		time.Sleep(500 * time.Millisecond)
		synctest.Wait()
		mu.Lock()
		assert.Empty(t, got, "each keystroke restarts the delay")
		mu.Unlock()

		time.Sleep(300 * time.Millisecond)
		synctest.Wait()
		mu.Lock()
		assert.Equal(t, []string{"ab"}, got)
		mu.Unlock()

		d.flush()
		assert.Len(t, got, 1, "nothing pending, nothing run")
	})
}
