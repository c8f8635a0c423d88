package publisher

import (
	"context"
	"errors"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// call talks to one job's connector with the account's token.
type call struct {
	e     *Engine
	job   Job
	conn  platforms.Connector
	token string
	// scheduleAt is set while handing a post over for native scheduling.
	scheduleAt time.Time
}

func (e *Engine) newCall(job Job, conn platforms.Connector) *call {
	return &call{e: e, job: job, conn: conn}
}

// publish sends the post and turns the answer into a verdict.
func (c *call) publish() verdict {
	var res platforms.Result
	pe := c.do(func(ctx context.Context, req platforms.Request) error {
		var err error
		res, err = c.conn.Publish(ctx, req)
		return err
	})
	switch {
	case pe == nil:
		return c.e.publishedVerdict(c.job, res, "published")
	case c.cancelledByShutdown():
		return verdict{leave: true}
	case pe.Kind == platforms.Auth:
		return c.e.reconnectVerdict(c.job, pe, model.TargetFailed)
	case pe.Kind == platforms.Permanent:
		return endVerdict(model.TargetFailed, EventFailed, "failed", refusedSentence(c.job, pe), pe)
	}
	return c.e.transientVerdict(c.job, pe, pe.Uncertain)
}

// reconcileFirst asks the network whether an earlier attempt went out. done is false
// only when the network says it did not, so publishing may go ahead.
func (c *call) reconcileFirst(recovering bool) (v verdict, done bool) {
	var (
		res   platforms.Result
		found bool
	)
	pe := c.do(func(ctx context.Context, req platforms.Request) error {
		var err error
		res, found, err = c.conn.Reconcile(ctx, req)
		return err
	})
	switch {
	case pe != nil:
		return c.reconcileFailed(pe, recovering), true
	case found:
		return c.e.publishedVerdict(c.job, res, "reconciled"), true
	}
	return verdict{}, false
}

// reconcileFailed decides when the outcome of an earlier attempt is still unknown: a
// transient error tries again later (reconciling again), anything else, or running out
// of attempts, leaves the target unconfirmed for the user.
func (c *call) reconcileFailed(pe *platforms.Error, recovering bool) verdict {
	switch {
	case c.cancelledByShutdown():
		return verdict{leave: true}
	case pe.Kind == platforms.Auth:
		return c.e.reconnectVerdict(c.job, pe, model.TargetUnconfirmed)
	case pe.Kind == platforms.Transient && c.job.Target.Attempts < c.e.p.MaxAttempts:
		return c.e.retryVerdict(c.job, pe, true, func(at string) string { return recheckSentence(c.job, pe, at) })
	case recovering:
		return c.e.unknownVerdict(c.job, orphanSentence(c.job, pe), pe)
	}
	return c.e.unknownVerdict(c.job, unknownSentence(c.job, pe, c.job.Target.Attempts), pe)
}

// do runs op with the account's access token. After an auth error it refreshes the
// token once and runs op again once; an auth error it returns is final.
func (c *call) do(op func(context.Context, platforms.Request) error) *platforms.Error {
	pe := c.ensureToken()
	if pe == nil {
		pe = c.invoke(op)
	}
	if pe == nil || pe.Kind != platforms.Auth {
		return pe
	}
	if err := c.refresh(); err != nil {
		return pe
	}
	return c.invoke(op)
}

// invoke runs op once with the per-call timeout.
func (c *call) invoke(op func(context.Context, platforms.Request) error) *platforms.Error {
	ctx, cancel := c.context()
	defer cancel()
	if err := op(ctx, c.request()); err != nil {
		return platforms.AsError(c.job.Target.Platform, err)
	}
	return nil
}

// ensureToken reads the access token once per job.
func (c *call) ensureToken() *platforms.Error {
	if c.token != "" {
		return nil
	}
	ctx, cancel := c.context()
	defer cancel()
	tok, err := c.e.p.Tokens.AccessToken(ctx, c.job.Account)
	if err != nil {
		jobLog(c.e.log, c.job).Warn("read access token", "err", err)
		return tokenError(c.job.Target.Platform, err)
	}
	c.token = tok
	return nil
}

// refresh obtains a new access token after an auth error.
func (c *call) refresh() error {
	ctx, cancel := c.context()
	defer cancel()
	tok, err := c.e.p.Tokens.Refresh(ctx, c.job.Account)
	if err != nil {
		jobLog(c.e.log, c.job).Warn("refresh access token", "err", err)
		return err
	}
	c.token = tok
	return nil
}

// tokenError classifies a failure to read the token: a missing token needs a refresh
// or a reconnect; anything else (a locked keychain) is retried later.
func tokenError(p model.Platform, err error) *platforms.Error {
	if errors.Is(err, model.ErrNotFound) {
		return &platforms.Error{Platform: p, Kind: platforms.Auth, Message: "no saved sign-in was found", Err: err}
	}
	return &platforms.Error{Platform: p, Kind: platforms.Transient, Message: "the saved sign-in could not be read from the keychain", Err: err}
}

// context bounds one call; it derives from the engine's call context, which shutdown
// cancels after the grace period, not from Run's context.
func (c *call) context() (context.Context, context.CancelFunc) {
	d := c.e.p.CallTimeout
	if len(c.job.Media) > 0 {
		d = c.e.p.MediaTimeout
	}
	return context.WithTimeout(c.e.calls, d)
}

// cancelledByShutdown reports whether shutdown cancelled the calls.
func (c *call) cancelledByShutdown() bool { return c.e.calls.Err() != nil }

// request builds the connector request.
func (c *call) request() platforms.Request {
	return platforms.Request{
		Account:    c.job.Account,
		Token:      c.token,
		Text:       postText(c.job),
		Media:      mediaFiles(c.job.Media),
		AttemptKey: c.job.Target.AttemptKey,
		StartedAt:  c.job.KeyFirstUsed,
		Options:    c.job.Target.Options,
		ScheduleAt: c.scheduleAt,
	}
}
