package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"webox-social/services/model"
	"webox-social/services/publisher"
)

var _ publisher.Outbox = (*Store)(nil)

// OrphanLease is the lease Orphaned gives a recovered target while it is reconciled, so
// that a second call (a heartbeat, a second recovery pass) does not hand it out again.
const OrphanLease = 5 * time.Minute

// NextDue returns the earliest next_attempt_at of any pending target; ok is false when
// nothing is pending.
func (s *Store) NextDue(ctx context.Context) (time.Time, bool, error) {
	const sel = `SELECT next_attempt_at FROM post_targets
		WHERE status = 'pending' AND next_attempt_at IS NOT NULL ORDER BY next_attempt_at LIMIT 1`
	var at int64
	err := s.db.QueryRowContext(ctx, sel).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("store: next due: %w", err)
	}
	return time.Unix(at, 0).UTC(), true, nil
}

// Claim moves up to limit due targets (pending, next_attempt_at <= now), earliest first,
// to publishing in one transaction: lease until now+lease, one more attempt, the attempt
// key kept or newly drawn, a delivery_attempts row started at now, and the posts' status
// re-derived.
func (s *Store) Claim(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]publisher.Job, error) {
	const due = `SELECT id FROM post_targets
		WHERE status = 'pending' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?
		ORDER BY next_attempt_at, id LIMIT ?`
	const claim = `UPDATE post_targets SET status = 'publishing', lease_until = ?, attempts = attempts + 1,
		attempt_key = CASE WHEN attempt_key = '' THEN ? ELSE attempt_key END
		WHERE id = ? AND status = 'pending' RETURNING post_id, attempt_key`
	if limit <= 0 {
		return nil, nil
	}
	var jobs []publisher.Job
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		ids, err := queryIDs(ctx, tx, due, now.Unix(), limit)
		if err != nil {
			return err
		}
		jobs, err = startAttempts(ctx, tx, ids, claim, now.Add(lease), now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim: %w", err)
	}
	return jobs, nil
}

// Orphaned returns the targets still publishing whose lease ended before leaseBefore (the
// process died or hung mid-attempt). Each gets a new delivery_attempts row started at now,
// is marked as needing reconciliation and is leased for OrphanLease.
func (s *Store) Orphaned(ctx context.Context, leaseBefore, now time.Time) ([]publisher.Job, error) {
	const expired = `SELECT id FROM post_targets
		WHERE status = 'publishing' AND coalesce(lease_until, 0) < ? ORDER BY id`
	const relet = `UPDATE post_targets SET lease_until = ?, needs_reconcile = 1,
		attempt_key = CASE WHEN attempt_key = '' THEN ? ELSE attempt_key END
		WHERE id = ? AND status = 'publishing' RETURNING post_id, attempt_key`
	var jobs []publisher.Job
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		ids, err := queryIDs(ctx, tx, expired, leaseBefore.Unix())
		if err != nil {
			return err
		}
		jobs, err = startAttempts(ctx, tx, ids, relet, now.Add(OrphanLease), now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: orphaned: %w", err)
	}
	return jobs, nil
}

// startAttempts runs update (args: lease until, fresh key, target id; returning post_id and
// attempt_key) on each target, writes an attempt row per target, re-derives the posts and
// loads the jobs.
func startAttempts(ctx context.Context, tx *sql.Tx, ids []int64, update string, leaseUntil, now time.Time) ([]publisher.Job, error) {
	const ins = `INSERT INTO delivery_attempts (target_id, attempt_key, started_at) VALUES (?, ?, ?) RETURNING id`
	attemptIDs := make([]int64, len(ids))
	var postIDs []int64
	for i, id := range ids {
		var postID int64
		var key string
		if err := tx.QueryRowContext(ctx, update, leaseUntil.Unix(), newAttemptKey(), id).Scan(&postID, &key); err != nil {
			return nil, fmt.Errorf("target %d: %w", id, err)
		}
		if err := tx.QueryRowContext(ctx, ins, id, key, now.Unix()).Scan(&attemptIDs[i]); err != nil {
			return nil, fmt.Errorf("target %d: attempt: %w", id, err)
		}
		postIDs = appendNew(postIDs, postID)
	}
	if err := rederivePosts(ctx, tx, postIDs, now.UTC()); err != nil {
		return nil, err
	}
	jobs := make([]publisher.Job, len(ids))
	for i, id := range ids {
		var err error
		if jobs[i], err = loadJob(ctx, tx, id, attemptIDs[i]); err != nil {
			return nil, fmt.Errorf("target %d: %w", id, err)
		}
	}
	return jobs, nil
}

// loadJob reads everything the engine needs to deliver one claimed target.
func loadJob(ctx context.Context, tx *sql.Tx, targetID, attemptID int64) (publisher.Job, error) {
	const (
		target    = `SELECT ` + targetColumns + ` FROM post_targets WHERE id = ?`
		firstUsed = `SELECT min(started_at) FROM delivery_attempts WHERE target_id = ? AND attempt_key = ?`
	)
	job := publisher.Job{AttemptID: attemptID}
	var err error
	if job.Target, job.NeedsReconcile, err = scanTarget(tx.QueryRowContext(ctx, target, targetID)); err != nil {
		return job, err
	}
	if job.Post, err = getPost(ctx, tx, job.Target.PostID, false); err != nil {
		return job, fmt.Errorf("post: %w", err)
	}
	if job.Account, err = getAccount(ctx, tx, job.Target.AccountID); err != nil {
		return job, fmt.Errorf("account: %w", err)
	}
	if job.Media, err = mediaByIDs(ctx, tx, job.Post.MediaIDs); err != nil {
		return job, fmt.Errorf("media: %w", err)
	}
	if len(job.Media) != len(job.Post.MediaIDs) {
		slog.Warn("store: claimed post has missing media", "post_id", job.Post.ID, "target_id", targetID,
			"want", len(job.Post.MediaIDs), "found", len(job.Media))
	}
	var first sql.NullInt64
	if err := tx.QueryRowContext(ctx, firstUsed, targetID, job.Target.AttemptKey).Scan(&first); err != nil {
		return job, fmt.Errorf("key first used: %w", err)
	}
	job.KeyFirstUsed = fromUnix(first)
	return job, nil
}

// Finish records an attempt's outcome in one transaction: the target (status, next
// attempt, reconciliation flag, lease cleared, platform ids, published time, last error),
// the attempt row, and the post's derived status, published time and error message.
func (s *Store) Finish(ctx context.Context, o publisher.Outcome) error {
	if err := checkOutcome(o); err != nil {
		return fmt.Errorf("store: finish target %d: %w", o.TargetID, err)
	}
	if o.EndedAt.IsZero() {
		o.EndedAt = s.now()
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		postID, err := finishTarget(ctx, tx, o)
		if err != nil {
			return err
		}
		if err := finishAttempt(ctx, tx, o); err != nil {
			return err
		}
		return rederivePost(ctx, tx, postID, o.EndedAt.UTC())
	})
	if err != nil {
		return fmt.Errorf("store: finish target %d attempt %d: %w", o.TargetID, o.AttemptID, err)
	}
	return nil
}

func checkOutcome(o publisher.Outcome) error {
	switch o.Status {
	case model.TargetPublished, model.TargetFailed, model.TargetUnconfirmed, model.TargetMissed:
		return nil
	case model.TargetPending:
		if o.NextAttemptAt.IsZero() {
			return fmt.Errorf("a retry needs a next attempt time: %w", model.ErrInvalid)
		}
		return nil
	}
	return fmt.Errorf("an attempt cannot end with the target %q: %w", o.Status, model.ErrInvalid)
}

func finishTarget(ctx context.Context, tx *sql.Tx, o publisher.Outcome) (int64, error) {
	const upd = `UPDATE post_targets SET status = ?, next_attempt_at = ?, needs_reconcile = ?, lease_until = NULL,
		platform_post_id = coalesce(nullif(?, ''), platform_post_id),
		permalink = coalesce(nullif(?, ''), permalink),
		published_at = coalesce(?, published_at), last_error = ?
		WHERE id = ? RETURNING post_id`
	var next, published any
	if o.Status == model.TargetPending {
		next = o.NextAttemptAt.Unix()
	}
	if o.Status == model.TargetPublished {
		published = o.EndedAt.Unix()
		if !o.Result.PublishedAt.IsZero() {
			published = o.Result.PublishedAt.Unix()
		}
	}
	var postID int64
	err := tx.QueryRowContext(ctx, upd, o.Status, next, o.NeedsReconcile, o.Result.PlatformPostID,
		o.Result.Permalink, published, o.ErrorText, o.TargetID).Scan(&postID)
	return postID, convertGetError(err)
}

func finishAttempt(ctx context.Context, tx *sql.Tx, o publisher.Outcome) error {
	const upd = `UPDATE delivery_attempts SET ended_at = ?, outcome = ?, http_status = ?, error_text = ?
		WHERE id = ? AND target_id = ?`
	res, err := tx.ExecContext(ctx, upd, o.EndedAt.Unix(), o.AttemptOutcome, o.HTTPStatus, o.ErrorText,
		o.AttemptID, o.TargetID)
	if err != nil {
		return err
	}
	if err := mustAffect(res); err != nil {
		return fmt.Errorf("attempt %d of target %d: %w", o.AttemptID, o.TargetID, err)
	}
	return nil
}

// newAttemptKey is a random 128-bit key in hex: the idempotency key or record key a
// connector sends so that a retry of the same target cannot publish twice.
func newAttemptKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (it panics if the OS source does)
	return hex.EncodeToString(b[:])
}

// appendNew appends id unless ids already holds it.
func appendNew(ids []int64, id int64) []int64 {
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	return append(ids, id)
}
