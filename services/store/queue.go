package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"webox-social/services/model"
)

// QueueSlots returns an account's posting schedule, ordered by weekday (Sunday first) and
// time of day, and the account's zone ("" for the default zone setting). An unknown
// account wraps model.ErrNotFound.
func (s *Store) QueueSlots(ctx context.Context, accountID int64) ([]model.QueueSlot, string, error) {
	const (
		zoneQ  = `SELECT zone FROM social_accounts WHERE id = ?`
		slotsQ = `SELECT weekday, minute FROM queue_slots WHERE account_id = ? ORDER BY weekday, minute`
	)
	var zone string
	if err := s.db.QueryRowContext(ctx, zoneQ, accountID).Scan(&zone); err != nil {
		return nil, "", fmt.Errorf("store: queue slots of account %d: %w", accountID, convertGetError(err))
	}
	rows, err := s.db.QueryContext(ctx, slotsQ, accountID)
	if err != nil {
		return nil, "", fmt.Errorf("store: queue slots of account %d: %w", accountID, err)
	}
	defer rows.Close()
	var out []model.QueueSlot
	for rows.Next() {
		var q model.QueueSlot
		if err := rows.Scan(&q.Weekday, &q.Minute); err != nil {
			return nil, "", fmt.Errorf("store: queue slots of account %d: %w", accountID, err)
		}
		out = append(out, q)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("store: queue slots of account %d: %w", accountID, err)
	}
	return out, zone, nil
}

// SetQueueSlots replaces an account's posting schedule and zone in one transaction.
// Duplicate slots are kept once; a weekday or minute out of range wraps model.ErrInvalid,
// an unknown account model.ErrNotFound. The zone is stored as given (the caller checks it).
func (s *Store) SetQueueSlots(ctx context.Context, accountID int64, zone string, slots []model.QueueSlot) error {
	const (
		setZone = `UPDATE social_accounts SET zone = ?, updated_at = ? WHERE id = ?`
		clear   = `DELETE FROM queue_slots WHERE account_id = ?`
		ins     = `INSERT INTO queue_slots (account_id, weekday, minute) VALUES (?, ?, ?)
			ON CONFLICT DO NOTHING`
	)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, setZone, zone, s.stamp().Unix(), accountID)
		if err == nil {
			err = mustAffect(res)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, clear, accountID); err != nil {
			return err
		}
		for _, q := range slots {
			if _, err := tx.ExecContext(ctx, ins, accountID, int(q.Weekday), q.Minute); err != nil {
				return convertGetError(err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: set queue slots of account %d: %w", accountID, err)
	}
	return nil
}

// takenStatuses are the target statuses that hold their post's time on an account: a
// slot at that time is no longer free.
var takenStatuses = []model.TargetStatus{model.TargetPending, model.TargetPublishing,
	model.TargetPublished, model.TargetUnconfirmed}

// QueueTaken returns the times in [from, to) at which a post of the account is
// scheduled and still going out (or already out): pending, publishing, published or
// unconfirmed targets. Times are UTC, ascending, each once.
func (s *Store) QueueTaken(ctx context.Context, accountID int64, from, to time.Time) ([]time.Time, error) {
	const q = `SELECT DISTINCT p.scheduled_time FROM post_targets t
		JOIN scheduled_posts p ON p.id = t.post_id
		WHERE t.account_id = ? AND t.status IN (?, ?, ?, ?)
		  AND p.scheduled_time >= ? AND p.scheduled_time < ?
		ORDER BY p.scheduled_time`
	args := []any{accountID}
	for _, st := range takenStatuses {
		args = append(args, st)
	}
	rows, err := s.db.QueryContext(ctx, q, append(args, from.Unix(), to.Unix())...)
	if err != nil {
		return nil, fmt.Errorf("store: taken queue times of account %d: %w", accountID, err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at int64
		if err := rows.Scan(&at); err != nil {
			return nil, fmt.Errorf("store: taken queue times of account %d: %w", accountID, err)
		}
		out = append(out, time.Unix(at, 0).UTC())
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: taken queue times of account %d: %w", accountID, err)
	}
	return out, nil
}
