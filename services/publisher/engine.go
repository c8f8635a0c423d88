// Package publisher is the delivery engine: it sleeps until the earliest due target of
// the outbox, claims it, publishes it through the network's connector and records the
// outcome, so that a due post goes out once, on time, or the user is told why.
//
// The engine works only through the Outbox and Tokens interfaces and a
// platforms.Registry. It is timer-driven: with nothing pending it blocks without any
// wake-up; with something pending it sleeps until the due time, plus a coarse wall-clock
// heartbeat that catches a laptop's suspend/resume (Go timers use the monotonic clock,
// which stops while suspended).
//
// Guarantees and choices:
//   - On start, every target left in publishing is reconciled through its connector
//     before anything else is sent for its account; it is never retried blindly. Found:
//     published. Known not sent: pending again at its intended time (so the late policy
//     still applies). A transient reconcile error (network down at login) reconciles
//     again after a backoff; any other error, or running out of attempts, makes the
//     target unconfirmed and the user decides.
//   - A target whose previous attempt may have gone out (NeedsReconcile) is reconciled
//     before the late policy, so a post that went out is never called missed.
//   - Lateness is measured at the claim: waiting behind the same account's other
//     deliveries does not count.
//   - At most one delivery is in flight per account; accounts and networks never wait
//     for each other. After an account's sign-in is refused, its jobs already claimed
//     fail without calling the network again.
//   - Every outcome is written by one Outbox.Finish call.
//   - Shutdown: claiming stops at once; jobs claimed but not started go back to
//     pending; calls in flight get ShutdownGrace to finish and are then cancelled. A call
//     that ends with an error after that cancel leaves its target publishing, so the
//     next start reconciles it (the same path a kill -9 takes).
package publisher

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"webox-social/services/platforms"
)

// Defaults used when a Params field is zero.
const (
	DefaultLateThreshold = 30 * time.Minute
	DefaultLease         = 5 * time.Minute
	DefaultHeartbeat     = 30 * time.Second
	DefaultMaxAttempts   = 6
	DefaultBackoffBase   = 30 * time.Second
	DefaultBackoffMax    = 30 * time.Minute
	DefaultCallTimeout   = 2 * time.Minute
	DefaultMediaTimeout  = 15 * time.Minute
	DefaultClaimLimit    = 16
	DefaultShutdownGrace = 5 * time.Second
)

const (
	// claimRetry is the pause after a claim that found nothing although NextDue said
	// something was due, so that a disagreeing store cannot make the loop spin.
	claimRetry = time.Second
	// storeTimeout bounds the writes that record an outcome; they use their own context
	// so that a result that arrives during shutdown is still recorded.
	storeTimeout = 30 * time.Second
)

// Params configures an Engine. Outbox, Tokens and Connectors are required; every
// other zero field takes its default.
type Params struct {
	Outbox     Outbox             // the targets to deliver (services/store)
	Tokens     Tokens             // access tokens, refreshed once after an auth error
	Connectors platforms.Registry // one connector per network
	// LateThreshold is read for every due target: a target claimed later than this after
	// its time becomes missed. Nil means DefaultLateThreshold.
	LateThreshold func() time.Duration
	// OnEvent receives every outcome. It is called from delivery goroutines, possibly
	// concurrently, and must not block.
	OnEvent func(Event)
	// Logger receives structured lines (never tokens); default slog.Default().
	Logger *slog.Logger
	// Now is the wall clock (default time.Now).
	Now func() time.Time
	// Lease is written on claimed targets. Only this engine publishes from the data dir
	// (a lock file ensures it), so a lease never expires under a live delivery.
	Lease time.Duration
	// Heartbeat is how often the wall clock is compared with the due time while
	// something is pending.
	Heartbeat time.Duration
	// MaxAttempts is how many attempts a target gets before it fails (or becomes
	// unconfirmed when the last error left the outcome unknown).
	MaxAttempts int
	// BackoffBase and BackoffMax bound the retry delay: base·2^(attempt-1), capped at
	// max, with equal jitter (the delay is uniform in [d/2, d)).
	BackoffBase time.Duration
	BackoffMax  time.Duration
	// CallTimeout bounds one connector call without media; MediaTimeout one with media.
	CallTimeout  time.Duration
	MediaTimeout time.Duration
	// ClaimLimit is how many targets one claim takes.
	ClaimLimit int
	// ShutdownGrace is how long calls in flight may run on after Run's context ends;
	// negative means cancel them at once.
	ShutdownGrace time.Duration
	// Rand returns a number in [0, 1) for the backoff jitter (default math/rand/v2).
	Rand func() float64
}

// Engine delivers due targets. Create it with New and run it with Run, once.
type Engine struct {
	p   Params
	log *slog.Logger

	wake      chan struct{}
	paused    atomic.Bool
	resumedAt atomic.Int64 // wall-clock UnixNano of the last Resume
	startedAt time.Time    // wall clock when Run began

	mu       sync.Mutex
	queues   map[int64][]task        // account id → tasks waiting; present while a worker runs
	refused  map[int64]reconnectMark // accounts whose sign-in was refused during this run
	claimSeq atomic.Uint64           // numbers claim batches
	wg       sync.WaitGroup

	calls       context.Context // parent of every connector call; cancelled after the grace
	cancelCalls context.CancelFunc
	stopping    atomic.Bool
}

// New returns an Engine with defaults applied to p's zero fields.
func New(p Params) *Engine {
	p = withDefaults(p)
	calls, cancel := context.WithCancel(context.Background())
	return &Engine{
		p:           p,
		log:         p.Logger.With("component", "publisher"),
		wake:        make(chan struct{}, 1),
		queues:      map[int64][]task{},
		refused:     map[int64]reconnectMark{},
		calls:       calls,
		cancelCalls: cancel,
	}
}

func withDefaults(p Params) Params {
	if p.LateThreshold == nil {
		p.LateThreshold = func() time.Duration { return DefaultLateThreshold }
	}
	if p.OnEvent == nil {
		p.OnEvent = func(Event) {}
	}
	if p.Logger == nil {
		p.Logger = slog.Default()
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.Rand == nil {
		p.Rand = rand.Float64
	}
	defaultDur(&p.Lease, DefaultLease)
	defaultDur(&p.Heartbeat, DefaultHeartbeat)
	defaultDur(&p.BackoffBase, DefaultBackoffBase)
	defaultDur(&p.BackoffMax, DefaultBackoffMax)
	defaultDur(&p.CallTimeout, DefaultCallTimeout)
	defaultDur(&p.MediaTimeout, DefaultMediaTimeout)
	defaultDur(&p.ShutdownGrace, DefaultShutdownGrace)
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = DefaultMaxAttempts
	}
	if p.ClaimLimit <= 0 {
		p.ClaimLimit = DefaultClaimLimit
	}
	return p
}

func defaultDur(d *time.Duration, def time.Duration) {
	if *d == 0 {
		*d = def
	}
}

// Wake tells the engine that something was scheduled, edited or cancelled, so it plans
// again. It never blocks.
func (e *Engine) Wake() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// Pause stops new claims; deliveries already claimed finish.
func (e *Engine) Pause() {
	e.paused.Store(true)
	e.log.Info("publishing paused")
}

// Resume allows claims again and wakes the engine.
func (e *Engine) Resume() {
	e.resumedAt.Store(e.p.Now().UnixNano())
	e.paused.Store(false)
	e.log.Info("publishing resumed")
	e.Wake()
}

// Paused reports whether publishing is paused.
func (e *Engine) Paused() bool { return e.paused.Load() }

// Run recovers targets left publishing by an earlier run, then delivers due targets
// until ctx ends, and returns once every delivery has ended. It returns an error only
// when recovery cannot read the outbox; a cancelled ctx is a normal stop (nil).
func (e *Engine) Run(ctx context.Context) error {
	defer e.cancelCalls()
	e.startedAt = e.p.Now()
	if err := e.recoverOrphans(ctx); err != nil {
		return err
	}
	e.log.Info("publisher started")
	for ctx.Err() == nil {
		e.step(ctx)
	}
	e.shutdown()
	e.log.Info("publisher stopped")
	return nil
}

// step plans once: wait while paused or idle, sleep until the next due time, or claim.
func (e *Engine) step(ctx context.Context) {
	if e.Paused() {
		e.waitWake(ctx)
		return
	}
	at, ok, err := e.p.Outbox.NextDue(ctx)
	switch {
	case ctx.Err() != nil:
		return
	case err != nil:
		e.log.Error("read next due time", "err", err)
		e.sleepFor(ctx, e.p.BackoffBase)
	case !ok:
		e.waitWake(ctx)
	case e.p.Now().Before(at):
		e.sleepUntil(ctx, at)
	default:
		e.claim(ctx)
	}
}

// claim takes due targets and hands each to its account's worker.
func (e *Engine) claim(ctx context.Context) {
	now, seq := e.p.Now(), e.claimSeq.Add(1)
	jobs, err := e.p.Outbox.Claim(ctx, now, e.p.Lease, e.p.ClaimLimit)
	if ctx.Err() != nil {
		e.release(jobs)
		return
	}
	if err != nil {
		e.log.Error("claim due targets", "err", err)
		e.sleepFor(ctx, e.p.BackoffBase)
		return
	}
	if len(jobs) == 0 {
		e.log.Warn("nothing claimed although a target was due")
		e.sleepFor(ctx, claimRetry)
		return
	}
	for _, j := range jobs {
		e.dispatch(task{job: j, claimedAt: now, seq: seq})
	}
}

// release hands jobs claimed during shutdown straight back.
func (e *Engine) release(jobs []Job) {
	for _, j := range jobs {
		e.record(j, e.releaseVerdict(j))
	}
}

// waitWake blocks until Wake or the end of ctx, with no timer at all.
func (e *Engine) waitWake(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-e.wake:
	}
}

// sleepFor waits d, or less if woken.
func (e *Engine) sleepFor(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-e.wake:
	case <-t.C:
	}
}

// sleepUntil waits until the wall clock reaches at. The timer runs on the monotonic
// clock; the heartbeat compares the wall clock so a suspend/resume cannot delay a post.
func (e *Engine) sleepUntil(ctx context.Context, at time.Time) {
	d := at.Sub(e.p.Now())
	t := time.NewTimer(d)
	defer t.Stop()
	var beat <-chan time.Time
	if d > e.p.Heartbeat {
		tk := time.NewTicker(e.p.Heartbeat)
		defer tk.Stop()
		beat = tk.C
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-e.wake:
			return
		case <-t.C:
			return
		case <-beat:
			if !e.p.Now().Before(at) {
				e.log.Debug("heartbeat: wall clock reached the due time", "due", at)
				return
			}
		}
	}
}

// shutdown stops the workers: queued jobs go back to pending, calls in flight get the
// grace period and are then cancelled. It returns when every worker has ended.
func (e *Engine) shutdown() {
	e.stopping.Store(true)
	done := make(chan struct{})
	go func() {
		e.wg.Wait()
		close(done)
	}()
	if e.p.ShutdownGrace < 0 {
		e.cancelCalls()
	}
	grace := time.NewTimer(max(e.p.ShutdownGrace, 0))
	defer grace.Stop()
	select {
	case <-done:
		return
	case <-grace.C:
		e.log.Info("cancelling deliveries still in flight")
		e.cancelCalls()
	}
	<-done
}

// recoverOrphans hands every target an earlier run left publishing to its account's
// worker for reconciling. The lock file guarantees no other publisher runs, so every
// publishing target is an orphan whatever its lease says.
func (e *Engine) recoverOrphans(ctx context.Context) error {
	now := e.p.Now()
	jobs, err := e.p.Outbox.Orphaned(ctx, now.AddDate(100, 0, 0), now)
	if err != nil {
		return fmt.Errorf("publisher: recover interrupted deliveries: %w", err)
	}
	if len(jobs) > 0 {
		e.log.Info("reconciling interrupted deliveries", "count", len(jobs))
	}
	for _, j := range jobs {
		e.dispatch(task{job: j, recover: true})
	}
	return nil
}
