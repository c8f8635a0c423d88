package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"webox-social/services/model"
)

const targetColumns = `id, post_id, account_id, platform, text_override, status, attempts, next_attempt_at,
	lease_until, attempt_key, platform_post_id, permalink, last_error, published_at, needs_reconcile, options`

// scanTarget reads targetColumns; the bool is needs_reconcile, which model.Target lacks.
func scanTarget(row interface{ Scan(...any) error }) (model.Target, bool, error) {
	var t model.Target
	var next, lease, published sql.NullInt64
	var reconcile bool
	var opts string
	err := row.Scan(&t.ID, &t.PostID, &t.AccountID, &t.Platform, &t.TextOverride, &t.Status, &t.Attempts,
		&next, &lease, &t.AttemptKey, &t.PlatformPostID, &t.Permalink, &t.LastError, &published, &reconcile, &opts)
	t.NextAttemptAt, t.LeaseUntil, t.PublishedAt = fromUnix(next), fromUnix(lease), fromUnix(published)
	if err == nil && opts != "{}" {
		err = json.Unmarshal([]byte(opts), &t.Options)
	}
	return t, reconcile, err
}

// targetsOf loads the targets of the given posts in one query, keyed by post id, each
// post's targets in creation order.
func targetsOf(ctx context.Context, q querier, postIDs []int64) (map[int64][]model.Target, error) {
	// No ORDER BY: sorting a few targets per post in Go is cheaper than a temp b-tree.
	const sel = `SELECT ` + targetColumns + ` FROM post_targets
		WHERE post_id IN (SELECT value FROM json_each(?))`
	out := make(map[int64][]model.Target, len(postIDs))
	if len(postIDs) == 0 {
		return out, nil
	}
	ids, err := json.Marshal(postIDs)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, sel, string(ids))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		t, _, err := scanTarget(rows)
		if err != nil {
			return nil, err
		}
		out[t.PostID] = append(out[t.PostID], t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, ts := range out {
		slices.SortFunc(ts, func(a, b model.Target) int { return cmp.Compare(a.ID, b.ID) })
	}
	return out, nil
}

// replaceTargets makes the post's targets exactly want: rows of accounts in existing are
// updated, new accounts inserted, the rest deleted.
func replaceTargets(ctx context.Context, tx *sql.Tx, postID, workspaceID int64, want, existing []model.Target) error {
	const del = `DELETE FROM post_targets WHERE id = ?`
	byAccount := map[int64]int64{}
	for _, t := range existing {
		byAccount[t.AccountID] = t.ID
	}
	for _, t := range want {
		if err := checkTarget(t); err != nil {
			return err
		}
		id, ok := byAccount[t.AccountID]
		delete(byAccount, t.AccountID)
		var err error
		if ok {
			err = updateTarget(ctx, tx, id, t)
		} else {
			err = insertTarget(ctx, tx, postID, workspaceID, t)
		}
		if err != nil {
			return err
		}
	}
	for _, id := range byAccount {
		if _, err := tx.ExecContext(ctx, del, id); err != nil {
			return err
		}
	}
	return nil
}

// checkTarget rejects targets a caller may not create: in flight or published, or pending
// with no time to be published at.
func checkTarget(t model.Target) error {
	switch {
	case t.Status == model.TargetPublishing || t.Status == model.TargetPublished:
		return fmt.Errorf("a target cannot be saved as %s: %w", t.Status, model.ErrInvalid)
	case t.Status == model.TargetPending && t.NextAttemptAt.IsZero():
		return fmt.Errorf("a pending target needs a publication time: %w", model.ErrInvalid)
	}
	return nil
}

func insertTarget(ctx context.Context, tx *sql.Tx, postID, workspaceID int64, t model.Target) error {
	// The platform always comes from the account, and the account must be in the post's workspace.
	const ins = `INSERT INTO post_targets (post_id, account_id, platform, text_override, status, next_attempt_at, options)
		SELECT ?, a.id, a.platform, ?, ?, ?, ? FROM social_accounts a WHERE a.id = ? AND a.workspace_id = ?
		RETURNING id`
	if t.Status == "" {
		t.Status = model.TargetDraft
	}
	opts, err := optionsJSON(t.Options)
	if err != nil {
		return err
	}
	var id int64
	err = tx.QueryRowContext(ctx, ins, postID, t.TextOverride, t.Status, unixOrNil(t.NextAttemptAt), opts,
		t.AccountID, workspaceID).Scan(&id)
	if err != nil {
		return errNoAccount(t.AccountID, workspaceID, err)
	}
	return nil
}

func updateTarget(ctx context.Context, tx *sql.Tx, id int64, t model.Target) error {
	// A target handed over for native scheduling was withdrawn from the network by the caller.
	const upd = `UPDATE post_targets SET text_override = ?, status = ?, next_attempt_at = ?, options = ?,
		platform_post_id = '', permalink = '' WHERE id = ?`
	if t.Status == "" {
		t.Status = model.TargetDraft
	}
	opts, err := optionsJSON(t.Options)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, upd, t.TextOverride, t.Status, unixOrNil(t.NextAttemptAt), opts, id)
	return err
}

// optionsJSON encodes a target's options for the options column ("{}" when all are zero).
func optionsJSON(o model.TargetOptions) (string, error) {
	b, err := json.Marshal(o)
	if err != nil {
		return "", fmt.Errorf("encode target options: %w", err)
	}
	return string(b), nil
}

// rederivePosts re-derives the status of each post in ids.
func rederivePosts(ctx context.Context, tx *sql.Tx, ids []int64, now time.Time) error {
	for _, id := range ids {
		if err := rederivePost(ctx, tx, id, now); err != nil {
			return err
		}
	}
	return nil
}

// rederivePost sets a post's status (model.DeriveStatus over its targets), published_at
// (the latest target's) and error_message (each target's last error after its network's name).
func rederivePost(ctx context.Context, tx *sql.Tx, postID int64, now time.Time) error {
	const (
		sel = `SELECT status, platform, last_error, published_at FROM post_targets WHERE post_id = ? ORDER BY id`
		upd = `UPDATE scheduled_posts SET status = ?, published_at = ?, error_message = ?, updated_at = ? WHERE id = ?`
	)
	rows, err := tx.QueryContext(ctx, sel, postID)
	if err != nil {
		return err
	}
	defer rows.Close()
	var statuses []model.TargetStatus
	var errs []string
	var published sql.NullInt64
	for rows.Next() {
		var st model.TargetStatus
		var platform model.Platform
		var lastErr string
		var at sql.NullInt64
		if err := rows.Scan(&st, &platform, &lastErr, &at); err != nil {
			return err
		}
		statuses = append(statuses, st)
		if lastErr != "" {
			errs = append(errs, platform.Title()+": "+lastErr)
		}
		if at.Valid && (!published.Valid || at.Int64 > published.Int64) {
			published = at
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, upd, model.DeriveStatus(statuses), published, strings.Join(errs, "; "), now.Unix(), postID)
	return err
}

// refuseInFlight wraps model.ErrConflict when a target matching cond (a condition on
// post_targets with one argument) is being published.
func refuseInFlight(ctx context.Context, tx *sql.Tx, cond string, arg any) error {
	const sel = `SELECT count(*) FROM post_targets WHERE status = 'publishing' AND `
	var n int
	if err := tx.QueryRowContext(ctx, sel+cond, arg).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("%d target(s) are being published right now: %w", n, model.ErrConflict)
	}
	return nil
}

// queryIDs runs a query returning one integer column.
func queryIDs(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// SetPostTargets moves the post's targets whose status is in from to status to and
// returns how many moved. Going to pending starts over: attempts, last error and lease are
// cleared and the target is due at nextAttemptAt; a target coming back from unconfirmed,
// failed, missed or cancelled also gets a fresh attempt key and no pending reconciliation.
// A pending target that is only rescheduled keeps its key and its reconciliation flag, so
// an attempt with an unknown outcome is still checked before publishing again. A non-zero
// scheduledAt replaces the post's schedule and zone. The post's status is re-derived.
// Targets being published cannot be moved.
func (s *Store) SetPostTargets(ctx context.Context, postID int64, from []model.TargetStatus, to model.TargetStatus,
	nextAttemptAt, scheduledAt time.Time, zone string,
) (int, error) {
	if err := checkMove(from, to, nextAttemptAt); err != nil {
		return 0, fmt.Errorf("store: set targets of post %d: %w", postID, err)
	}
	var n int
	now := s.stamp()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := reschedule(ctx, tx, postID, scheduledAt, zone, now); err != nil {
			return err
		}
		var err error
		if n, err = moveTargets(ctx, tx, postID, from, to, nextAttemptAt, now); err != nil {
			return err
		}
		return rederivePost(ctx, tx, postID, now)
	})
	if err != nil {
		return 0, fmt.Errorf("store: set targets of post %d to %s: %w", postID, to, err)
	}
	return n, nil
}

func checkMove(from []model.TargetStatus, to model.TargetStatus, next time.Time) error {
	switch {
	case slices.Contains(from, model.TargetPublishing):
		return fmt.Errorf("a target being published cannot be moved: %w", model.ErrInvalid)
	case to == model.TargetPublishing || to == model.TargetPublished:
		return fmt.Errorf("a target cannot be set to %s: %w", to, model.ErrInvalid)
	case to == model.TargetPending && next.IsZero():
		return fmt.Errorf("a pending target needs a publication time: %w", model.ErrInvalid)
	}
	return nil
}

// reschedule checks the post exists and, when scheduledAt is set, stores the new schedule.
func reschedule(ctx context.Context, tx *sql.Tx, postID int64, scheduledAt time.Time, zone string, now time.Time) error {
	const (
		exists = `SELECT 1 FROM scheduled_posts WHERE id = ?`
		upd    = `UPDATE scheduled_posts SET scheduled_time = ?, scheduled_zone = ?, updated_at = ? WHERE id = ?`
	)
	var one int
	if err := tx.QueryRowContext(ctx, exists, postID).Scan(&one); err != nil {
		return convertGetError(err)
	}
	if scheduledAt.IsZero() {
		return nil
	}
	_, err := tx.ExecContext(ctx, upd, scheduledAt.Unix(), zone, now.Unix(), postID)
	return err
}

// moveTargets moves the post's targets in from to to. Moved targets lose their network
// ids: only unpublished targets move, and one handed over for native scheduling has been
// withdrawn from the network by the caller. A native target going to pending is due at
// once (now), to be handed over again with its new time.
func moveTargets(ctx context.Context, tx *sql.Tx, postID int64, from []model.TargetStatus, to model.TargetStatus, next, now time.Time) (int, error) {
	// SET expressions all read the row's old values, so "status" below is the status moved from.
	const upd = `UPDATE post_targets SET
		attempt_key = CASE WHEN ?1 = 'pending' AND status IN ('unconfirmed', 'failed', 'missed', 'cancelled')
			THEN '' ELSE attempt_key END,
		needs_reconcile = CASE WHEN ?1 = 'pending' AND status IN ('unconfirmed', 'failed', 'missed', 'cancelled')
			THEN 0 ELSE needs_reconcile END,
		attempts = CASE WHEN ?1 = 'pending' THEN 0 ELSE attempts END,
		last_error = CASE WHEN ?1 = 'pending' THEN '' ELSE last_error END,
		platform_post_id = '', permalink = '',
		next_attempt_at = CASE WHEN ?1 = 'pending' AND options ->> '$.native' THEN min(?2, ?5) ELSE ?2 END,
		status = ?1, lease_until = NULL
		WHERE post_id = ?3 AND status IN (SELECT value FROM json_each(?4))`
	var nextAt any
	if to == model.TargetPending {
		nextAt = next.Unix()
	}
	fromJSON, err := jsonArray(from)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, upd, to, nextAt, postID, fromJSON, now.Unix())
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// ListAttempts returns a target's delivery attempts, oldest first.
func (s *Store) ListAttempts(ctx context.Context, targetID int64) ([]model.Attempt, error) {
	const sel = `SELECT id, target_id, attempt_key, started_at, ended_at, outcome, http_status, error_text
		FROM delivery_attempts WHERE target_id = ? ORDER BY started_at, id`
	rows, err := s.db.QueryContext(ctx, sel, targetID)
	if err != nil {
		return nil, fmt.Errorf("store: list attempts of target %d: %w", targetID, err)
	}
	defer rows.Close()
	var out []model.Attempt
	for rows.Next() {
		var a model.Attempt
		var started, ended sql.NullInt64
		if err := rows.Scan(&a.ID, &a.TargetID, &a.Key, &started, &ended, &a.Outcome, &a.HTTPStatus, &a.ErrorText); err != nil {
			return nil, fmt.Errorf("store: list attempts of target %d: %w", targetID, err)
		}
		a.StartedAt, a.EndedAt = fromUnix(started), fromUnix(ended)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list attempts of target %d: %w", targetID, err)
	}
	return out, nil
}
