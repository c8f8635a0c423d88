package publisher

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// nativeConn is a network that holds scheduled posts and publishes them when told.
type nativeConn struct {
	*fakeConn
	mu        sync.Mutex
	scheduled map[string]time.Time // id → time it was scheduled for
	live      map[string]bool
	confirms  int
}

func newNativeConn() *nativeConn {
	n := &nativeConn{fakeConn: newFakeConn(model.Facebook), scheduled: map[string]time.Time{}, live: map[string]bool{}}
	n.publishFn = func(ctx context.Context, _ int, req platforms.Request) (platforms.Result, error) {
		if req.ScheduleAt.IsZero() {
			return n.post(req), nil
		}
		n.mu.Lock()
		defer n.mu.Unlock()
		id := "sched-" + req.AttemptKey
		n.scheduled[id] = req.ScheduleAt
		return platforms.Result{PlatformPostID: id, Scheduled: true}, nil
	}
	return n
}

func (n *nativeConn) NativeWindow() (time.Duration, time.Duration) {
	return 10 * time.Minute, 24 * time.Hour
}

func (n *nativeConn) Confirm(ctx context.Context, req platforms.Request, id string) (platforms.Result, bool, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.confirms++
	if !n.live[id] {
		return platforms.Result{}, false, nil
	}
	return platforms.Result{PlatformPostID: id, Permalink: "https://facebook.example/" + id}, true, nil
}

// goLive makes the network publish every post it holds.
func (n *nativeConn) goLive() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for id := range n.scheduled {
		n.live[id] = true
	}
}

func (n *nativeConn) heldCount() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.scheduled)
}

// scheduleNative adds a post at at whose target asks for native scheduling and is due now.
func (r *rig) scheduleNative(acct model.Account, at time.Time) int64 {
	id := r.ob.schedule(acct, at, "Sale starts")
	r.ob.mu.Lock()
	defer r.ob.mu.Unlock()
	t := r.ob.targets[id]
	t.Options.Native, t.NextAttemptAt = true, r.t0
	return id
}

func startNative(r *rig, fb *nativeConn) {
	r.start(func(p *Params) { p.Connectors[model.Facebook] = fb })
}

func TestNativeScheduleHandsOverThenConfirmsEvenWhenLate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r, fb := newRig(t), newNativeConn()
		acct := r.ob.addAccount(model.Facebook, "Bakery")
		due := r.t0.Add(3 * time.Hour)
		id := r.scheduleNative(acct, due)
		startNative(r, fb)
		synctest.Wait()

		require.Equal(t, 1, fb.heldCount(), "handed over at once")
		assert.True(t, due.Equal(fb.requests()[0].ScheduleAt))
		tg := r.ob.target(id)
		assert.Equal(t, model.TargetPending, tg.Status)
		assert.Equal(t, "sched-"+tg.AttemptKey, tg.PlatformPostID)
		assert.Equal(t, EventHandedOver, r.lastEvent().Kind)
		assert.Contains(t, r.lastEvent().Message, "Facebook will publish it even if this computer is off")

		time.Sleep(3*time.Hour + confirmDelay)
		synctest.Wait()
		assert.Equal(t, model.TargetPending, r.ob.target(id).Status, "not live yet: still waiting")

		fb.goLive()
		time.Sleep(confirmEvery)
		synctest.Wait()
		tg = r.ob.target(id)
		assert.Equal(t, model.TargetPublished, tg.Status, "confirmed, though far past the late threshold")
		assert.Equal(t, "https://facebook.example/"+tg.PlatformPostID, tg.Permalink)
		assert.Equal(t, 1, fb.publishCount(), "one hand-over, no publish by the engine")
		assert.Equal(t, []string{"handed_over", "waiting", "confirmed"}, r.ob.outcomes(id))
		r.stop()
	})
}

func TestNativeScheduleWaitsForTheWindowAndFallsBackWhenTooClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r, fb := newRig(t), newNativeConn()
		acct := r.ob.addAccount(model.Facebook, "Bakery")
		far := r.scheduleNative(acct, r.t0.Add(48*time.Hour))
		near := r.scheduleNative(acct, r.t0.Add(5*time.Minute))
		startNative(r, fb)
		synctest.Wait()
		assert.Zero(t, fb.publishCount(), "nothing handed over yet")
		assert.True(t, r.t0.Add(24*time.Hour+time.Minute).Equal(r.ob.target(far).NextAttemptAt))
		assert.Contains(t, r.ob.target(near).LastError, "at least 10 minutes ahead")

		time.Sleep(5 * time.Minute)
		synctest.Wait()
		require.Equal(t, 1, fb.publishCount())
		assert.True(t, fb.requests()[0].ScheduleAt.IsZero(), "too close: published by the engine itself")
		assert.Equal(t, model.TargetPublished, r.ob.target(near).Status)

		time.Sleep(24*time.Hour - 4*time.Minute)
		synctest.Wait()
		assert.Equal(t, 1, fb.heldCount(), "handed over once inside the window")
		r.stop()
	})
}

func TestNativeScheduleNotPublishedAnHourLateIsUnconfirmed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r, fb := newRig(t), newNativeConn()
		acct := r.ob.addAccount(model.Facebook, "Bakery")
		id := r.scheduleNative(acct, r.t0.Add(time.Hour))
		startNative(r, fb)
		time.Sleep(2*time.Hour + confirmEvery)
		synctest.Wait()
		tg := r.ob.target(id)
		assert.Equal(t, model.TargetUnconfirmed, tg.Status)
		assert.Contains(t, tg.LastError, "had not published the scheduled post an hour after its time")
		r.stop()
	})
}
