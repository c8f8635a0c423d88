package publisher

import (
	"context"
	"time"

	"webox-social/services/model"
)

// task is one unit of work for an account's worker.
type task struct {
	job       Job
	claimedAt time.Time // wall clock of the claim; zero for recovery
	seq       uint64    // the claim batch (0 for recovery)
	recover   bool      // an orphan from an earlier run: reconcile only
}

// dispatch queues t behind its account's running worker, or starts a worker. So at
// most one delivery per account is in flight and other accounts never wait.
func (e *Engine) dispatch(t task) {
	acct := t.job.Target.AccountID
	e.mu.Lock()
	q, busy := e.queues[acct]
	if busy {
		e.queues[acct] = append(q, t)
		e.mu.Unlock()
		return
	}
	e.queues[acct] = nil
	e.mu.Unlock()
	e.wg.Go(func() { e.work(acct, t) })
}

// next pops the account's next task; ok is false when the worker should end.
func (e *Engine) next(acct int64) (t task, ok bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	q := e.queues[acct]
	if len(q) == 0 {
		delete(e.queues, acct)
		return task{}, false
	}
	e.queues[acct] = q[1:]
	return q[0], true
}

// work runs an account's tasks one after another until its queue is empty.
func (e *Engine) work(acct int64, t task) {
	for ok := true; ok; t, ok = e.next(acct) {
		e.run(t)
	}
}

// reconnectMark remembers, for this run, that an account's sign-in was refused.
type reconnectMark struct {
	seq      uint64 // the latest claim batch started when the account was marked
	sentence string
}

// run handles one task and records its outcome. Once shutdown began, a task not yet
// started is handed back (a claimed job) or left for the next start (an orphan).
func (e *Engine) run(t task) {
	if e.stopping.Load() {
		if !t.recover {
			e.record(t.job, e.releaseVerdict(t.job))
		}
		return
	}
	var v verdict
	switch refused := e.refusedSignIn(t); {
	case refused != "":
		v = e.blockedVerdict(t.job, refused)
	case t.recover:
		v = e.recoverJob(t.job)
	default:
		v = e.deliver(t)
	}
	e.record(t.job, v)
}

// refusedSignIn returns the reconnect sentence when the task's account was marked
// reconnect_needed after the task's job was read: its account snapshot is stale, so it
// must not call the network again. Jobs claimed later carry the stored status.
func (e *Engine) refusedSignIn(t task) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	m, ok := e.refused[t.job.Target.AccountID]
	if !ok || t.seq > m.seq {
		return ""
	}
	return m.sentence
}

// markRefused notes an account whose sign-in was refused, after its status was stored.
func (e *Engine) markRefused(acct int64, sentence string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.refused[acct] = reconnectMark{seq: e.claimSeq.Load(), sentence: sentence}
}

// record writes a verdict through Outbox.Finish, marks the account when needed, then
// tells OnEvent and wakes the loop.
func (e *Engine) record(job Job, v verdict) {
	log := jobLog(e.log, job)
	if v.leave {
		log.Warn("call cancelled by shutdown; target left publishing for recovery")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	if v.markReconnect {
		err := e.p.Outbox.SetAccountStatus(ctx, job.Target.AccountID, model.AccountReconnectNeeded)
		if err != nil {
			log.Error("mark account reconnect_needed", "err", err)
		}
		e.markRefused(job.Target.AccountID, v.message)
	}
	v.out.TargetID, v.out.AttemptID = job.Target.ID, job.AttemptID
	if v.out.EndedAt.IsZero() {
		v.out.EndedAt = e.p.Now()
	}
	if err := e.p.Outbox.Finish(ctx, v.out); err != nil {
		// The target stays publishing; the next start reconciles it.
		log.Error("record outcome", "status", v.out.Status, "err", err)
		e.Wake()
		return
	}
	log.Info("attempt finished", "status", v.out.Status, "outcome", v.out.AttemptOutcome,
		"http_status", v.out.HTTPStatus, "error", v.out.ErrorText)
	if v.event != "" {
		e.p.OnEvent(eventFor(job, v))
	}
	e.Wake()
}
