package publisher

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

const ann = "@ann@social.example"

func TestFiresAtDueTimeAndNotBefore(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		acct := r.ob.addAccount(model.Mastodon, ann)
		due := r.t0.Add(time.Hour)
		id := r.ob.schedule(acct, due, "Hello")
		r.start(nil)

		time.Sleep(time.Hour - time.Second)
		synctest.Wait()
		assert.Zero(t, r.masto.publishCount(), "nothing may go out before the due time")

		time.Sleep(time.Second)
		synctest.Wait()
		require.Equal(t, 1, r.masto.publishCount())
		assert.True(t, due.Equal(r.masto.times()[0]), "published at %v, due %v", r.masto.times()[0], due)
		tg := r.ob.target(id)
		assert.Equal(t, model.TargetPublished, tg.Status)
		assert.NotEmpty(t, tg.PlatformPostID)
		assert.Equal(t, []string{"published"}, r.ob.outcomes(id))
		ev := r.lastEvent()
		assert.Equal(t, EventPublished, ev.Kind)
		assert.Equal(t, tg.Permalink, ev.Permalink)
		assert.Equal(t, "Published on Mastodon as "+ann+".", ev.Message)
		r.stop()
	})
}

func TestNoWakeUpsWhenNothingIsPending(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		acct := r.ob.addAccount(model.Mastodon, ann)
		r.start(nil)
		time.Sleep(24 * time.Hour)
		synctest.Wait()
		assert.Equal(t, 1, r.ob.nextDueCount(), "an idle engine must not plan again")

		// Something far away: the heartbeat runs but never reads the outbox.
		r.ob.schedule(acct, r.t0.Add(72*time.Hour), "later")
		r.eng.Wake()
		time.Sleep(24 * time.Hour)
		synctest.Wait()
		assert.Equal(t, 2, r.ob.nextDueCount())
		assert.Zero(t, r.masto.publishCount())
		r.stop()
	})
}

func TestWakeReplansForAnEarlierPost(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		acct := r.ob.addAccount(model.Mastodon, ann)
		later := r.ob.schedule(acct, r.t0.Add(2*time.Hour), "later")
		r.start(nil)
		time.Sleep(time.Minute)
		synctest.Wait()

		earlier := r.ob.schedule(acct, r.t0.Add(11*time.Minute), "earlier")
		r.eng.Wake()
		time.Sleep(10 * time.Minute)
		synctest.Wait()
		assert.Equal(t, model.TargetPublished, r.ob.target(earlier).Status)
		assert.Equal(t, model.TargetPending, r.ob.target(later).Status)
		assert.Equal(t, 1, r.masto.publishCount())
		r.stop()
	})
}

func TestHeartbeatCatchesWallClockJump(t *testing.T) {
	cases := []struct {
		name   string
		jump   time.Duration
		status model.TargetStatus
	}{
		{"resumed just after the due time: published", 2 * time.Hour, model.TargetPublished},
		{"resumed hours later: missed", 5 * time.Hour, model.TargetMissed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t)
				acct := r.ob.addAccount(model.Mastodon, ann)
				id := r.ob.schedule(acct, r.t0.Add(2*time.Hour), "Hello")
				var offset atomic.Int64 // what the wall clock gained while "suspended"
				r.start(func(p *Params) {
					p.Heartbeat = time.Minute
					p.Now = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
				})
				time.Sleep(time.Minute)
				synctest.Wait()

				// Suspend/resume: the wall clock jumps, the monotonic timers do not.
				offset.Store(int64(tc.jump))
				time.Sleep(time.Minute)
				synctest.Wait()
				assert.Equal(t, tc.status, r.ob.target(id).Status)
				if tc.status == model.TargetMissed {
					assert.Zero(t, r.masto.publishCount())
					assert.Contains(t, r.lastEvent().Message, "the computer was asleep at 02:00")
					assert.Contains(t, r.lastEvent().Message, "3 h 2 min late")
				}
				r.stop()
			})
		})
	}
}

func TestTransientErrorsBackOffWithJitterThenFail(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		acct := r.ob.addAccount(model.Mastodon, ann)
		id := r.ob.schedule(acct, r.t0.Add(time.Minute), "Hello")
		r.masto.publishFn = func(context.Context, int, platforms.Request) (platforms.Result, error) {
			return platforms.Result{}, &platforms.Error{Platform: model.Mastodon, Kind: platforms.Transient, Status: 503, Message: "Service Unavailable"}
		}
		r.start(func(p *Params) { p.MaxAttempts, p.Rand = 4, nil })
		time.Sleep(24 * time.Hour)
		synctest.Wait()

		tg := r.ob.target(id)
		assert.Equal(t, model.TargetFailed, tg.Status)
		assert.Equal(t, 4, tg.Attempts)
		assert.Equal(t, []string{"retry", "retry", "retry", "failed"}, r.ob.outcomes(id))
		for _, a := range r.ob.attemptRows(id) {
			assert.Equal(t, 503, a.HTTPStatus)
			assert.Contains(t, a.ErrorText, "Service Unavailable")
		}
		times := r.masto.times()
		require.Len(t, times, 4)
		for i := 1; i < len(times); i++ {
			d := DefaultBackoffBase << (i - 1)
			gap := times[i].Sub(times[i-1])
			assert.GreaterOrEqual(t, gap, d/2, "attempt %d", i+1)
			assert.LessOrEqual(t, gap, d, "attempt %d", i+1)
		}
		evs := r.eventLog()
		assert.Equal(t, []EventKind{EventRetrying, EventRetrying, EventRetrying, EventFailed}, r.eventKinds())
		assert.True(t, evs[0].RetryAt.Equal(times[1]))
		assert.Equal(t, "Mastodon kept failing after 4 attempts, so the post was not published: Service Unavailable", evs[3].Message)
		r.stop()
	})
}

func TestRetryAtFromThePlatformIsHonoured(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		acct := r.ob.addAccount(model.Mastodon, ann)
		id := r.ob.schedule(acct, r.t0.Add(time.Minute), "Hello")
		reset := r.t0.Add(11 * time.Minute)
		r.masto.publishFn = func(_ context.Context, n int, req platforms.Request) (platforms.Result, error) {
			if n == 1 {
				return platforms.Result{}, &platforms.Error{Platform: model.Mastodon, Kind: platforms.Transient, Status: 429, Message: "Too many requests", RetryAt: reset}
			}
			return r.masto.post(req), nil
		}
		r.start(nil)
		time.Sleep(2 * time.Minute)
		synctest.Wait()

		tg := r.ob.target(id)
		assert.Equal(t, model.TargetPending, tg.Status)
		assert.True(t, reset.Equal(tg.NextAttemptAt), "next attempt %v, reset %v", tg.NextAttemptAt, reset)
		assert.False(t, tg.needsReconcile)
		ev := r.lastEvent()
		assert.Equal(t, EventRetrying, ev.Kind)
		assert.True(t, reset.Equal(ev.RetryAt))
		assert.Equal(t, "Mastodon could not take the post yet (Too many requests). Webox Social will try again at 00:11.", ev.Message)

		time.Sleep(9*time.Minute - time.Second)
		synctest.Wait()
		assert.Equal(t, 1, r.masto.publishCount())
		time.Sleep(time.Second)
		synctest.Wait()
		assert.Equal(t, model.TargetPublished, r.ob.target(id).Status)
		assert.Equal(t, []string{"retry", "published"}, r.ob.outcomes(id))
		r.stop()
	})
}

func authError() error {
	return &platforms.Error{Platform: model.Mastodon, Kind: platforms.Auth, Status: 401, Message: "The access token is invalid"}
}

func TestAuthErrorRefreshesOnceThenPublishes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		acct := r.ob.addAccount(model.Mastodon, ann)
		id := r.ob.schedule(acct, r.t0.Add(time.Minute), "Hello")
		stale := fmt.Sprintf("token-%d-0", acct.ID)
		r.masto.publishFn = func(_ context.Context, _ int, req platforms.Request) (platforms.Result, error) {
			if req.Token == stale {
				return platforms.Result{}, authError()
			}
			return r.masto.post(req), nil
		}
		r.start(nil)
		time.Sleep(2 * time.Minute)
		synctest.Wait()

		assert.Equal(t, model.TargetPublished, r.ob.target(id).Status)
		assert.Equal(t, 1, r.tokens.refreshCount())
		reqs := r.masto.requests()
		require.Len(t, reqs, 2)
		assert.Equal(t, fmt.Sprintf("token-%d-1", acct.ID), reqs[1].Token)
		assert.Equal(t, reqs[0].AttemptKey, reqs[1].AttemptKey)
		assert.Equal(t, []string{"published"}, r.ob.outcomes(id), "the refresh retry is part of the same attempt")
		assert.Equal(t, model.AccountOK, r.ob.account(acct.ID).Status)
		r.stop()
	})
}

func TestAuthErrorAfterRefreshNeedsReconnect(t *testing.T) {
	cases := []struct {
		name       string
		refreshErr error
		publishes  int
	}{
		{"refresh works, token still refused", nil, 2},
		{"refresh fails", errors.New("oauth: invalid_grant"), 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t)
				r.tokens.refreshErr = tc.refreshErr
				acct := r.ob.addAccount(model.Mastodon, ann)
				first := r.ob.schedule(acct, r.t0.Add(time.Minute), "one")
				second := r.ob.schedule(acct, r.t0.Add(time.Minute), "two")
				r.masto.publishFn = func(context.Context, int, platforms.Request) (platforms.Result, error) {
					return platforms.Result{}, authError()
				}
				r.start(nil)
				time.Sleep(2 * time.Minute)
				synctest.Wait()

				want := "Reconnect " + ann + " on Mastodon: Mastodon no longer accepts the saved sign-in (The access token is invalid)."
				tg := r.ob.target(first)
				assert.Equal(t, model.TargetFailed, tg.Status)
				assert.Equal(t, want, tg.LastError)
				assert.Equal(t, 401, r.ob.attemptRows(first)[0].HTTPStatus)
				assert.Equal(t, []string{"auth"}, r.ob.outcomes(first))
				assert.Equal(t, model.AccountReconnectNeeded, r.ob.account(acct.ID).Status)
				assert.Equal(t, 1, r.tokens.refreshCount())
				assert.Equal(t, tc.publishes, r.masto.publishCount(), "the second post must not call the network")
				assert.Equal(t, model.TargetFailed, r.ob.target(second).Status)
				assert.Equal(t, []EventKind{EventReconnectNeeded, EventFailed}, r.eventKinds())
				assert.Equal(t, want, r.eventLog()[0].Message)
				r.stop()
			})
		})
	}
}

func TestPermanentErrorFailsWithThePlatformsWords(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		acct := r.ob.addAccount(model.Mastodon, ann)
		id := r.ob.schedule(acct, r.t0.Add(time.Minute), "Hello")
		r.masto.publishFn = func(context.Context, int, platforms.Request) (platforms.Result, error) {
			return platforms.Result{}, &platforms.Error{Platform: model.Mastodon, Kind: platforms.Permanent, Status: 422,
				Message: "Validation failed: Text character limit of 500 exceeded"}
		}
		r.start(nil)
		time.Sleep(2 * time.Minute)
		synctest.Wait()

		want := "Mastodon refused the post: Validation failed: Text character limit of 500 exceeded"
		tg := r.ob.target(id)
		assert.Equal(t, model.TargetFailed, tg.Status)
		assert.Equal(t, want, tg.LastError)
		rows := r.ob.attemptRows(id)
		require.Len(t, rows, 1)
		assert.Equal(t, 422, rows[0].HTTPStatus)
		assert.Equal(t, "failed", rows[0].Outcome)
		assert.Equal(t, 1, r.masto.publishCount())
		assert.Equal(t, Event{Kind: EventFailed, PostID: tg.PostID, TargetID: id, AccountID: acct.ID, Platform: model.Mastodon, Message: want}, r.lastEvent())
		r.stop()
	})
}

func TestLatePostIsMissedAndSlightlyLateIsPublished(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		acct := r.ob.addAccount(model.Mastodon, ann)
		missed := r.ob.schedule(acct, r.t0.Add(-(2*time.Hour + 5*time.Minute)), "too late")
		onTime := r.ob.schedule(acct, r.t0.Add(-10*time.Minute), "a bit late")
		r.start(nil)
		synctest.Wait()

		tg := r.ob.target(missed)
		assert.Equal(t, model.TargetMissed, tg.Status)
		assert.Equal(t, "Missed: Webox Social was not running (the computer was off or the app was closed) at Fri 31 Dec 21:55, "+
			"and the post would have gone out 2 h 5 min late. Publish now, edit it to pick a new time, or cancel it.", tg.LastError)
		assert.Equal(t, []string{"missed"}, r.ob.outcomes(missed))
		assert.Equal(t, model.TargetPublished, r.ob.target(onTime).Status)
		assert.Equal(t, 1, r.masto.publishCount())
		assert.ElementsMatch(t, []EventKind{EventMissed, EventPublished}, r.eventKinds())
		r.stop()
	})
}

func TestLateThresholdIsReadForEachTarget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		acct := r.ob.addAccount(model.Mastodon, ann)
		id := r.ob.schedule(acct, r.t0.Add(-10*time.Minute), "late")
		r.start(func(p *Params) { p.LateThreshold = func() time.Duration { return 5 * time.Minute } })
		synctest.Wait()
		assert.Equal(t, model.TargetMissed, r.ob.target(id).Status)
		assert.Zero(t, r.masto.publishCount())
		r.stop()
	})
}

func TestRecoveryReconcilesOrphans(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		acct := r.ob.addAccount(model.Mastodon, ann)
		started := r.t0.Add(-time.Minute)
		found := r.ob.addOrphan(acct, started, "k-found")
		r.masto.network["k-found"] = platforms.Result{PlatformPostID: "109", Permalink: "https://social.example/@ann/109"}
		notFound := r.ob.addOrphan(acct, started, "k-missing")
		r.start(nil)
		synctest.Wait()

		tg := r.ob.target(found)
		assert.Equal(t, model.TargetPublished, tg.Status)
		assert.Equal(t, "109", tg.PlatformPostID)
		assert.Equal(t, []string{"", "reconciled"}, r.ob.outcomes(found), "the crashed attempt stays open, the new one reconciled")

		assert.Equal(t, model.TargetPublished, r.ob.target(notFound).Status)
		assert.Equal(t, []string{"", "retry", "published"}, r.ob.outcomes(notFound))
		reqs := r.masto.requests()
		require.Len(t, reqs, 1, "only the post the network does not have is sent, once")
		assert.Equal(t, "k-missing", reqs[0].AttemptKey)
		assert.True(t, started.Equal(reqs[0].StartedAt), "StartedAt is when the key was first used")
		assert.Equal(t, 2, r.masto.reconcileCount())
		r.stop()
	})
}

func TestRecoveryThatCannotKnowLeavesUnconfirmed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		acct := r.ob.addAccount(model.Mastodon, ann)
		id := r.ob.addOrphan(acct, r.t0.Add(-2*time.Hour), "k-old")
		r.masto.reconcileFn = func(context.Context, int, platforms.Request) (platforms.Result, bool, error) {
			return platforms.Result{}, false, &platforms.Error{Platform: model.Mastodon, Kind: platforms.Permanent,
				Message: "the idempotency key expired after 1 hour"}
		}
		r.start(nil)
		synctest.Wait()

		want := "Webox Social stopped while publishing to Mastodon and cannot tell whether the post went out " +
			"(the idempotency key expired after 1 hour). Check the account: if the post is not there, choose Publish now."
		assert.Equal(t, model.TargetUnconfirmed, r.ob.target(id).Status)
		assert.Equal(t, []string{"", "unconfirmed"}, r.ob.outcomes(id))
		assert.Equal(t, EventUnconfirmed, r.lastEvent().Kind)
		assert.Equal(t, want, r.lastEvent().Message)
		assert.Zero(t, r.masto.publishCount())
		r.stop()
	})
}

func TestRecoveryRetriesTheReconcileAfterANetworkError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		acct := r.ob.addAccount(model.Mastodon, ann)
		id := r.ob.addOrphan(acct, r.t0.Add(-time.Minute), "k-net")
		r.masto.network["k-net"] = platforms.Result{PlatformPostID: "7"}
		r.masto.reconcileFn = func(_ context.Context, n int, req platforms.Request) (platforms.Result, bool, error) {
			if n == 1 {
				return platforms.Result{}, false, errors.New("dial tcp: connect: network is unreachable")
			}
			res, _, err := r.masto.lookup(req.AttemptKey)
			return res, true, err
		}
		r.start(nil)
		synctest.Wait()
		tg := r.ob.target(id)
		assert.Equal(t, model.TargetPending, tg.Status)
		assert.True(t, tg.needsReconcile)
		assert.True(t, r.t0.Add(backoff(1, DefaultBackoffBase, DefaultBackoffMax, 0.5)).Equal(tg.NextAttemptAt))

		time.Sleep(time.Minute)
		synctest.Wait()
		assert.Equal(t, model.TargetPublished, r.ob.target(id).Status)
		assert.Equal(t, []string{"", "retry", "reconciled"}, r.ob.outcomes(id))
		assert.Zero(t, r.masto.publishCount())
		r.stop()
	})
}

func TestUncertainErrorReconcilesBeforePublishingAgain(t *testing.T) {
	cases := []struct {
		name       string
		wentOut    bool // the network acted on the first call although it timed out
		publishes  int
		lastResult string
	}{
		{"first call went out: reconciled, not sent twice", true, 1, "reconciled"},
		{"first call did not go out: sent again", false, 2, "published"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t)
				acct := r.ob.addAccount(model.Mastodon, ann)
				id := r.ob.schedule(acct, r.t0.Add(time.Minute), "Hello")
				r.masto.publishFn = func(_ context.Context, n int, req platforms.Request) (platforms.Result, error) {
					if n > 1 {
						return r.masto.post(req), nil
					}
					if tc.wentOut {
						r.masto.post(req)
					}
					return platforms.Result{}, &platforms.Error{Platform: model.Mastodon, Kind: platforms.Transient,
						Uncertain: true, Message: "timeout awaiting response headers"}
				}
				r.start(nil)
				time.Sleep(time.Minute + time.Second)
				synctest.Wait()
				assert.Equal(t, model.TargetPending, r.ob.target(id).Status)
				assert.True(t, r.ob.target(id).needsReconcile)
				assert.Equal(t, EventRetrying, r.lastEvent().Kind)

				time.Sleep(time.Minute)
				synctest.Wait()
				assert.Equal(t, model.TargetPublished, r.ob.target(id).Status)
				assert.Equal(t, []string{"retry", tc.lastResult}, r.ob.outcomes(id))
				assert.Equal(t, tc.publishes, r.masto.publishCount())
				assert.Equal(t, 1, r.masto.reconcileCount())
				assert.Equal(t, 1, r.masto.networkSize())
				r.stop()
			})
		})
	}
}

func TestUncertainErrorsExhaustedAreUnconfirmed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		acct := r.ob.addAccount(model.Mastodon, ann)
		id := r.ob.schedule(acct, r.t0.Add(time.Minute), "Hello")
		r.masto.publishFn = func(context.Context, int, platforms.Request) (platforms.Result, error) {
			return platforms.Result{}, &platforms.Error{Platform: model.Mastodon, Kind: platforms.Transient, Uncertain: true, Status: 502, Message: "Bad Gateway"}
		}
		r.masto.reconcileFn = func(context.Context, int, platforms.Request) (platforms.Result, bool, error) {
			return platforms.Result{}, false, &platforms.Error{Platform: model.Mastodon, Kind: platforms.Transient, Status: 502, Message: "Bad Gateway"}
		}
		r.start(func(p *Params) { p.MaxAttempts = 2 })
		time.Sleep(time.Hour)
		synctest.Wait()
		tg := r.ob.target(id)
		assert.Equal(t, model.TargetUnconfirmed, tg.Status)
		assert.Equal(t, []string{"retry", "unconfirmed"}, r.ob.outcomes(id))
		assert.Equal(t, 1, r.masto.publishCount(), "never published again while the first outcome is unknown")
		assert.Contains(t, tg.LastError, "cannot tell whether it went out (Bad Gateway)")
		r.stop()
	})
}

func TestPauseStopsClaimsAndResumeWakes(t *testing.T) {
	cases := []struct {
		name   string
		pause  time.Duration
		status model.TargetStatus
	}{
		{"short pause: published on resume", 10 * time.Minute, model.TargetPublished},
		{"long pause: missed", 2 * time.Hour, model.TargetMissed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t)
				acct := r.ob.addAccount(model.Mastodon, ann)
				id := r.ob.schedule(acct, r.t0.Add(time.Minute), "Hello")
				eng := r.start(nil)
				eng.Pause()
				assert.True(t, eng.Paused())
				time.Sleep(tc.pause)
				synctest.Wait()
				assert.Equal(t, model.TargetPending, r.ob.target(id).Status)
				assert.Zero(t, r.masto.publishCount())

				eng.Resume()
				synctest.Wait()
				assert.False(t, eng.Paused())
				assert.Equal(t, tc.status, r.ob.target(id).Status)
				if tc.status == model.TargetMissed {
					assert.Contains(t, r.lastEvent().Message, "Missed: publishing was paused at 00:01")
				}
				r.stop()
			})
		})
	}
}

func TestOneDeliveryPerAccountWhileOthersProceed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		slow := r.ob.addAccount(model.Mastodon, "@slow@social.example")
		other := r.ob.addAccount(model.Mastodon, "@other@social.example")
		sky := r.ob.addAccount(model.Bluesky, "sky.bsky.social")
		due := r.t0.Add(time.Minute)
		slow1, slow2 := r.ob.schedule(slow, due, "one"), r.ob.schedule(slow, due, "two")
		otherID, skyID := r.ob.schedule(other, due, "other"), r.ob.schedule(sky, due, "sky")
		gate := make(chan struct{})
		r.masto.publishFn = func(ctx context.Context, _ int, req platforms.Request) (platforms.Result, error) {
			if req.Account.ID == slow.ID {
				select {
				case <-gate:
				case <-ctx.Done():
					return platforms.Result{}, ctx.Err()
				}
			}
			return r.masto.post(req), nil
		}
		r.start(nil)
		time.Sleep(2 * time.Minute)
		synctest.Wait()

		assert.Equal(t, model.TargetPublished, r.ob.target(otherID).Status, "another account on the same network")
		assert.Equal(t, model.TargetPublished, r.ob.target(skyID).Status, "another network")
		assert.Equal(t, model.TargetPublishing, r.ob.target(slow1).Status)
		assert.Equal(t, model.TargetPublishing, r.ob.target(slow2).Status, "claimed, waiting its turn")
		assert.Equal(t, 2, r.masto.publishCount(), "the slow account's second post has not been sent")

		close(gate)
		synctest.Wait()
		assert.Equal(t, model.TargetPublished, r.ob.target(slow1).Status)
		assert.Equal(t, model.TargetPublished, r.ob.target(slow2).Status)
		assert.Equal(t, 1, r.masto.maxInflightFor(slow.ID))
		r.stop()
	})
}

func TestManyDueTargetsAreClaimedInBatches(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		var ids []int64
		for i := range 40 {
			acct := r.ob.addAccount(model.Mastodon, fmt.Sprintf("@u%d@social.example", i))
			ids = append(ids, r.ob.schedule(acct, r.t0.Add(time.Minute), "Hello"))
		}
		r.start(func(p *Params) { p.ClaimLimit = 16 })
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		for _, id := range ids {
			assert.Equal(t, model.TargetPublished, r.ob.target(id).Status)
		}
		assert.Equal(t, 40, r.masto.publishCount())
		r.stop()
	})
}

func TestShutdownWaitsForTheCallInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		acct := r.ob.addAccount(model.Mastodon, ann)
		id := r.ob.schedule(acct, r.t0.Add(time.Minute), "Hello")
		gate := make(chan struct{})
		r.masto.publishFn = func(ctx context.Context, _ int, req platforms.Request) (platforms.Result, error) {
			<-gate
			return r.masto.post(req), nil
		}
		r.start(nil)
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		require.Equal(t, model.TargetPublishing, r.ob.target(id).Status)

		r.cancel()
		synctest.Wait()
		assert.False(t, r.returned(), "Run must wait for the delivery in flight")
		close(gate)
		synctest.Wait()
		assert.True(t, r.returned())
		assert.Equal(t, model.TargetPublished, r.ob.target(id).Status, "an answer within the grace period is recorded")
		r.stop()
	})
}

func TestShutdownCancelsAfterGraceAndTheNextStartRecovers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		acct := r.ob.addAccount(model.Mastodon, ann)
		due := r.t0.Add(time.Minute)
		first, second := r.ob.schedule(acct, due, "one"), r.ob.schedule(acct, due, "two")
		r.masto.publishFn = func(ctx context.Context, n int, req platforms.Request) (platforms.Result, error) {
			res := r.masto.post(req) // the network has it ...
			if n == 1 {
				<-ctx.Done() // ... but the answer never arrives
				return platforms.Result{}, ctx.Err()
			}
			return res, nil
		}
		r.start(nil)
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		r.cancel()
		time.Sleep(DefaultShutdownGrace)
		synctest.Wait()
		require.True(t, r.returned())
		r.stop()
		assert.Equal(t, model.TargetPublishing, r.ob.target(first).Status, "cancelled call: left for recovery")
		tg := r.ob.target(second)
		assert.Equal(t, model.TargetPending, tg.Status, "never started: handed back")
		assert.True(t, due.Equal(tg.NextAttemptAt))
		assert.Equal(t, []string{"retry"}, r.ob.outcomes(second))

		r.start(nil) // the next start
		synctest.Wait()
		assert.Equal(t, model.TargetPublished, r.ob.target(first).Status)
		assert.Equal(t, []string{"", "reconciled"}, r.ob.outcomes(first))
		assert.Equal(t, model.TargetPublished, r.ob.target(second).Status)
		assert.Equal(t, 2, r.masto.publishCount(), "one Publish call per post")
		assert.Equal(t, 2, r.masto.networkSize())
		r.stop()
	})
}

func TestAccountThatNeedsReconnectFailsWithoutCalling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		acct := r.ob.addAccount(model.Mastodon, ann)
		require.NoError(t, r.ob.SetAccountStatus(context.Background(), acct.ID, model.AccountReconnectNeeded))
		id := r.ob.schedule(acct, r.t0.Add(time.Minute), "Hello")
		r.start(nil)
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		tg := r.ob.target(id)
		assert.Equal(t, model.TargetFailed, tg.Status)
		assert.Equal(t, "Reconnect "+ann+" on Mastodon: the account must be signed in again before this post can go out.", tg.LastError)
		assert.Zero(t, r.masto.publishCount())
		r.stop()
	})
}

func TestNetworkWithoutConnectorFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		acct := r.ob.addAccount(model.X, "@ann")
		id := r.ob.schedule(acct, r.t0.Add(time.Minute), "Hello")
		r.start(nil)
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		tg := r.ob.target(id)
		assert.Equal(t, model.TargetFailed, tg.Status)
		assert.Equal(t, "Webox Social cannot publish to X: this network is not supported yet.", tg.LastError)
		r.stop()
	})
}

func TestRequestCarriesTextMediaKeyAndToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		acct := r.ob.addAccount(model.Mastodon, ann)
		due := r.t0.Add(time.Minute)
		id := r.ob.schedule(acct, due, "Hello #Go world", "go", "#Fyne", "fyne")
		postID := r.ob.target(id).PostID
		r.ob.media[postID] = []model.Media{{ID: 1, Path: "/data/media/a.png", Mime: "image/png", AltText: "a cat", Width: 640, Height: 480}}
		r.start(nil)
		time.Sleep(2 * time.Minute)
		synctest.Wait()

		reqs := r.masto.requests()
		require.Len(t, reqs, 1)
		req, tg := reqs[0], r.ob.target(id)
		assert.Equal(t, "Hello #Go world\n\n#Fyne", req.Text)
		assert.Equal(t, []platforms.MediaFile{{Path: "/data/media/a.png", Mime: "image/png", AltText: "a cat", Width: 640, Height: 480}}, req.Media)
		assert.Equal(t, tg.AttemptKey, req.AttemptKey)
		assert.True(t, due.Equal(req.StartedAt))
		assert.Equal(t, fmt.Sprintf("token-%d-0", acct.ID), req.Token)
		assert.Equal(t, acct.ID, req.Account.ID)
		r.stop()
	})
}

func TestStoreErrorsAreRetriedWithoutSpinning(t *testing.T) {
	for _, method := range []string{"NextDue", "Claim"} {
		t.Run(method, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t)
				acct := r.ob.addAccount(model.Mastodon, ann)
				id := r.ob.schedule(acct, r.t0, "Hello")
				failure := errors.New("database is locked")
				if method == "NextDue" {
					r.ob.failNextDue = failure
				} else {
					r.ob.failClaim = failure
				}
				r.start(nil)
				synctest.Wait()
				assert.Equal(t, model.TargetPending, r.ob.target(id).Status)
				calls := r.ob.nextDueCount()

				time.Sleep(DefaultBackoffBase - time.Second)
				synctest.Wait()
				assert.Equal(t, calls, r.ob.nextDueCount(), "no retry before the pause")
				time.Sleep(time.Second)
				synctest.Wait()
				assert.Equal(t, model.TargetPublished, r.ob.target(id).Status)
				r.stop()
			})
		})
	}
}

func TestRunFailsWhenRecoveryCannotReadTheOutbox(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		r.ob.failOrphaned = errors.New("no such table: post_targets")
		r.start(nil)
		err := <-r.done
		require.ErrorIs(t, err, r.ob.failOrphaned)
		assert.Contains(t, err.Error(), "publisher: recover interrupted deliveries")
	})
}
