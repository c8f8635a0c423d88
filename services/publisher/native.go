package publisher

import (
	"context"
	"fmt"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Native scheduling: a target whose options ask for it is handed to the network ahead of
// its time (the network then publishes it even with the computer off) and the engine
// later only confirms that it went out.
const (
	// confirmDelay is how long after the scheduled time the first confirmation runs.
	confirmDelay = time.Minute
	// confirmEvery is the wait between confirmations while the network has not published.
	confirmEvery = 5 * time.Minute
	// confirmGrace is how long after its time a handed-over post may stay unpublished
	// before the user is told.
	confirmGrace = time.Hour
)

// EventHandedOver is recorded when a network accepted a post to publish it itself.
const EventHandedOver EventKind = "handed_over"

// nativeScheduler returns the connector as a NativeScheduler when the job asks for native
// scheduling and the network offers it.
func nativeScheduler(conn platforms.Connector, job Job) (platforms.NativeScheduler, bool) {
	if !job.Target.Options.Native || job.Post.ScheduledAt.IsZero() {
		return nil, false
	}
	ns, ok := conn.(platforms.NativeScheduler)
	return ns, ok
}

// native delivers a natively scheduled job: confirm a handed-over post, hand it over when
// its time is inside the network's window, or wait for the window. done is false when the
// window has passed: the engine then publishes the post itself, like any other.
func (c *call) native(ns platforms.NativeScheduler) (v verdict, done bool) {
	if c.job.Target.PlatformPostID != "" {
		return c.confirm(ns), true
	}
	now := c.e.p.Now()
	at := c.job.Post.ScheduledAt
	lo, hi := ns.NativeWindow()
	switch lead := at.Sub(now); {
	case lead > hi:
		v := endVerdict(model.TargetPending, "", "retry", waitWindowSentence(c.job, hi), nil)
		v.out.NextAttemptAt = at.Add(-hi).Add(time.Minute)
		return v, true
	case lead < lo && lead > 0:
		v := endVerdict(model.TargetPending, "", "retry", tooCloseSentence(c.job, lo), nil)
		v.out.NextAttemptAt = at
		return v, true
	case lead <= 0:
		return verdict{}, false
	}
	return c.handOver(at), true
}

// handOver sends the post with its time, for the network to publish it then.
func (c *call) handOver(at time.Time) verdict {
	c.scheduleAt = at
	defer func() { c.scheduleAt = time.Time{} }()
	v := c.publish()
	if v.out.Status != model.TargetPublished || !v.out.Result.Scheduled {
		return v
	}
	h := endVerdict(model.TargetPending, EventHandedOver, "handed_over", "", nil)
	h.out.Result.PlatformPostID = v.out.Result.PlatformPostID
	h.out.NextAttemptAt = at.Add(confirmDelay)
	h.message = handedOverSentence(c.job, clock(c.job, at, c.e.p.Now()))
	return h
}

// confirm asks the network whether the handed-over post went out.
func (c *call) confirm(ns platforms.NativeScheduler) verdict {
	var (
		res       platforms.Result
		published bool
	)
	id := c.job.Target.PlatformPostID
	pe := c.do(func(ctx context.Context, req platforms.Request) error {
		var err error
		res, published, err = ns.Confirm(ctx, req, id)
		return err
	})
	switch {
	case pe == nil && published:
		return c.e.publishedVerdict(c.job, res, "confirmed")
	case pe == nil:
		return c.notYet()
	case c.cancelledByShutdown():
		return verdict{leave: true}
	case pe.Kind == platforms.Auth:
		return c.e.reconnectVerdict(c.job, pe, model.TargetUnconfirmed)
	case pe.Kind == platforms.Permanent:
		return endVerdict(model.TargetFailed, EventFailed, "failed", notPublishedSentence(c.job, pe), pe)
	}
	return c.e.retryVerdict(c.job, pe, false, func(at string) string { return recheckSentence(c.job, pe, at) })
}

// notYet waits for a handed-over post the network has not published yet, and tells the
// user once it is overdue by confirmGrace.
func (c *call) notYet() verdict {
	now := c.e.p.Now()
	if now.After(c.job.Post.ScheduledAt.Add(confirmGrace)) {
		return c.e.unknownVerdict(c.job, overdueSentence(c.job), nil)
	}
	v := endVerdict(model.TargetPending, "", "waiting", "", nil)
	v.out.NextAttemptAt = now.Add(confirmEvery)
	return v
}

func waitWindowSentence(job Job, hi time.Duration) string {
	return fmt.Sprintf("%s takes scheduled posts at most %s ahead; Webox Social will hand it over then.",
		network(job), span(hi))
}

func tooCloseSentence(job Job, lo time.Duration) string {
	return fmt.Sprintf("%s needs scheduled posts at least %s ahead, so Webox Social will publish this one itself.",
		network(job), span(lo))
}

func handedOverSentence(job Job, at string) string {
	return fmt.Sprintf("Scheduled on %s for %s: %s will publish it even if this computer is off.",
		network(job), at, network(job))
}

func notPublishedSentence(job Job, pe *platforms.Error) string {
	return fmt.Sprintf("The post scheduled on %s is gone: %s", network(job), words(pe))
}

func overdueSentence(job Job) string {
	return fmt.Sprintf("%s had not published the scheduled post an hour after its time; check it on %s.",
		network(job), network(job))
}

// span writes a lead time the way people say it: "10 minutes", "6 days".
func span(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", int(d/time.Hour))
	}
	return fmt.Sprintf("%d minutes", int(d/time.Minute))
}
