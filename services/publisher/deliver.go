package publisher

import (
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// verdict is what one task decided, before it is recorded.
type verdict struct {
	out           Outcome
	event         EventKind // empty: no event
	message       string    // the user's sentence, also the event's message
	markReconnect bool      // set the account reconnect_needed
	leave         bool      // shutdown cancelled the call: leave the target publishing
}

// deliver decides one claimed job: reconcile an uncertain earlier attempt, apply the
// late policy, then publish.
func (e *Engine) deliver(t task) verdict {
	job := t.job
	conn, err := e.p.Connectors.Get(job.Target.Platform)
	if err != nil {
		pe := platforms.AsError(job.Target.Platform, err)
		return e.blockedVerdict(job, unsupportedSentence(job, pe))
	}
	if job.Account.Status != model.AccountOK {
		return e.blockedVerdict(job, accountBlockedSentence(job))
	}
	c := e.newCall(job, conn)
	if job.NeedsReconcile {
		// Before the late policy: never call "missed" a post that may have gone out.
		if v, done := c.reconcileFirst(false); done {
			return v
		}
	}
	if ns, ok := nativeScheduler(conn, job); ok {
		// Before the late policy too: a handed-over post went out with the computer off.
		if v, done := c.native(ns); done {
			return v
		}
	}
	if v, missed := e.late(t); missed {
		return v
	}
	return c.publish()
}

// recoverJob reconciles a target an earlier run left publishing. It never publishes:
// a target known not to have gone out becomes pending again at its intended time.
func (e *Engine) recoverJob(job Job) verdict {
	job.NeedsReconcile = true
	conn, err := e.p.Connectors.Get(job.Target.Platform)
	if err != nil {
		pe := platforms.AsError(job.Target.Platform, err)
		return e.unknownVerdict(job, orphanSentence(job, pe), pe)
	}
	if job.Account.Status != model.AccountOK {
		return e.blockedVerdict(job, accountBlockedSentence(job))
	}
	c := e.newCall(job, conn)
	if v, done := c.reconcileFirst(true); done {
		return v
	}
	v := endVerdict(model.TargetPending, "", "retry", notFoundText(job), nil)
	v.out.NextAttemptAt = e.dueAgain(job)
	return v
}

// late applies the late policy: a target claimed more than the threshold after its
// intended time becomes missed. Lateness is measured at the claim, so waiting behind
// the account's other deliveries does not count.
func (e *Engine) late(t task) (verdict, bool) {
	intended := intendedTime(t.job)
	lateBy := t.claimedAt.Sub(intended)
	if intended.IsZero() || lateBy <= e.p.LateThreshold() {
		return verdict{}, false
	}
	at := clock(t.job, intended, t.claimedAt)
	s := missedSentence(e.lateReason(intended), at, lateBy)
	return endVerdict(model.TargetMissed, EventMissed, "missed", s, nil), true
}

// intendedTime is when the target was meant to go out: the later of the post's time
// and the target's next attempt time (a retry is due at its backoff time).
func intendedTime(job Job) time.Time {
	if job.Post.ScheduledAt.After(job.Target.NextAttemptAt) {
		return job.Post.ScheduledAt
	}
	return job.Target.NextAttemptAt
}

// lateReason says why the engine could not publish at intended.
func (e *Engine) lateReason(intended time.Time) string {
	switch {
	case e.resumedAt.Load() > intended.UnixNano():
		return "publishing was paused"
	case e.startedAt.After(intended):
		return "Webox Social was not running (the computer was off or the app was closed)"
	}
	return "the computer was asleep"
}

// dueAgain is when a target handed back untouched is due: its intended time, which is
// not later than now, so the late policy still sees how late it is.
func (e *Engine) dueAgain(job Job) time.Time {
	now := e.p.Now()
	if at := job.Target.NextAttemptAt; !at.IsZero() && at.Before(now) {
		return at
	}
	return now
}

// releaseVerdict hands a claimed job that was never started back to pending.
func (e *Engine) releaseVerdict(job Job) verdict {
	v := endVerdict(model.TargetPending, "", "retry", releaseText, nil)
	v.out.NextAttemptAt = e.dueAgain(job)
	v.out.NeedsReconcile = job.NeedsReconcile
	return v
}

// publishedVerdict records a post the network has.
func (e *Engine) publishedVerdict(job Job, res platforms.Result, outcome string) verdict {
	if res.PublishedAt.IsZero() {
		res.PublishedAt = e.p.Now()
	}
	v := endVerdict(model.TargetPublished, EventPublished, outcome, "", nil)
	v.out.Result = res
	v.message = publishedSentence(job)
	return v
}

// blockedVerdict ends a job that cannot be attempted (account to reconnect, network
// not supported): failed, or unconfirmed when an earlier attempt may have gone out.
func (e *Engine) blockedVerdict(job Job, sentence string) verdict {
	if job.NeedsReconcile {
		return endVerdict(model.TargetUnconfirmed, EventUnconfirmed, "unconfirmed", sentence+mayHaveGoneOut, nil)
	}
	return endVerdict(model.TargetFailed, EventFailed, "failed", sentence, nil)
}

// reconnectVerdict ends a job after an auth error survived a token refresh.
func (e *Engine) reconnectVerdict(job Job, pe *platforms.Error, status model.TargetStatus) verdict {
	s := reconnectSentence(job, pe)
	if status == model.TargetUnconfirmed {
		s += mayHaveGoneOut
	}
	v := endVerdict(status, EventReconnectNeeded, "auth", s, pe)
	v.markReconnect = true
	return v
}

// unknownVerdict marks a target whose outcome cannot be known: the user decides.
func (e *Engine) unknownVerdict(job Job, sentence string, pe *platforms.Error) verdict {
	return endVerdict(model.TargetUnconfirmed, EventUnconfirmed, "unconfirmed", sentence, pe)
}

// transientVerdict schedules a retry of a failed publish, or gives up after
// MaxAttempts.
func (e *Engine) transientVerdict(job Job, pe *platforms.Error, uncertain bool) verdict {
	n := job.Target.Attempts
	switch {
	case n < e.p.MaxAttempts:
		return e.retryVerdict(job, pe, uncertain, func(at string) string { return retrySentence(job, pe, at) })
	case uncertain:
		return e.unknownVerdict(job, unknownSentence(job, pe, n), pe)
	}
	return endVerdict(model.TargetFailed, EventFailed, "failed", gaveUpSentence(job, pe, n), pe)
}

// retryVerdict puts the target back to pending after a backoff, or at the platform's
// reset time when that is later. sentence gets the retry time as the user reads it.
func (e *Engine) retryVerdict(job Job, pe *platforms.Error, uncertain bool, sentence func(at string) string) verdict {
	now := e.p.Now()
	at := now.Add(backoff(job.Target.Attempts, e.p.BackoffBase, e.p.BackoffMax, e.p.Rand()))
	if pe.RetryAt.After(at) {
		at = pe.RetryAt
	}
	v := endVerdict(model.TargetPending, EventRetrying, "retry", sentence(clock(job, at, now)), pe)
	v.out.NextAttemptAt = at
	v.out.NeedsReconcile = uncertain
	return v
}

// endVerdict builds a verdict; the sentence is both the stored error text and the
// event's message.
func endVerdict(status model.TargetStatus, kind EventKind, outcome, sentence string, pe *platforms.Error) verdict {
	v := verdict{
		out:     Outcome{Status: status, AttemptOutcome: outcome, ErrorText: sentence},
		event:   kind,
		message: sentence,
	}
	if pe != nil {
		v.out.HTTPStatus = pe.Status
	}
	return v
}

// backoff is base·2^(attempt-1) capped at maxDelay, with equal jitter: uniform in [d/2, d)
// for r in [0, 1).
func backoff(attempt int, base, maxDelay time.Duration, r float64) time.Duration {
	d := base
	for i := 1; i < attempt && d < maxDelay; i++ {
		d *= 2
	}
	d = min(d, maxDelay)
	half := d / 2
	return half + time.Duration(r*float64(d-half))
}
