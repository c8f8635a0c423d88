package publisher

import (
	"context"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// Job is one claimed target with everything needed to deliver it.
type Job struct {
	Target    model.Target // status publishing, lease set, AttemptKey set
	Post      model.Post   // without Targets
	Account   model.Account
	Media     []model.Media
	AttemptID int64 // the delivery_attempts row written by the claim
	// KeyFirstUsed is when the first attempt with Target.AttemptKey started.
	KeyFirstUsed time.Time
	// NeedsReconcile is true when an earlier attempt's outcome is unknown (it timed out or
	// the process died mid-call): the connector must reconcile before publishing again.
	NeedsReconcile bool
}

// Outcome is the result of one attempt, written by Outbox.Finish in one transaction.
type Outcome struct {
	TargetID  int64
	AttemptID int64
	// Status is the target's new status: published, pending (retry), failed,
	// unconfirmed or missed.
	Status         model.TargetStatus
	NextAttemptAt  time.Time // for pending
	NeedsReconcile bool      // for pending after an uncertain error
	Result         platforms.Result
	// AttemptOutcome is stored on the attempt row: published, reconciled, retry, failed,
	// auth, unconfirmed or missed.
	AttemptOutcome string
	HTTPStatus     int
	ErrorText      string // the platform's own words or our sentence; empty on success
	EndedAt        time.Time
}

// Outbox is the storage the engine works from; services/store implements it.
type Outbox interface {
	// NextDue returns the earliest next_attempt_at of any pending target; ok is false
	// when nothing is pending.
	NextDue(ctx context.Context) (at time.Time, ok bool, err error)
	// Claim moves up to limit due targets (pending, next_attempt_at <= now) to
	// publishing in one transaction: lease_until = now+lease, attempts+1, attempt_key
	// kept if set or a new random one, and a delivery_attempts row started at now.
	Claim(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Job, error)
	// Orphaned returns targets in publishing whose lease ends before leaseBefore, each
	// with a new delivery_attempts row started at now (outcome decided by reconciling).
	Orphaned(ctx context.Context, leaseBefore, now time.Time) ([]Job, error)
	// Finish records an attempt's outcome: target, attempt row and the post's derived
	// status, all in one transaction.
	Finish(ctx context.Context, o Outcome) error
	// SetAccountStatus marks an account ok, reconnect_needed or disabled.
	SetAccountStatus(ctx context.Context, accountID int64, status model.AccountStatus) error
}

// Tokens reads and refreshes access tokens.
type Tokens interface {
	// AccessToken returns the current access token of an account.
	AccessToken(ctx context.Context, acct model.Account) (string, error)
	// Refresh obtains a new access token once after an auth error; an error means the
	// account must be reconnected.
	Refresh(ctx context.Context, acct model.Account) (string, error)
}
