package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"webox-social/services/model"
)

const accountColumns = `id, workspace_id, platform, account_id, account_name, handle, avatar_url,
	instance_url, scopes, expires_at, status, created_at, updated_at`

func scanAccount(row interface{ Scan(...any) error }) (model.Account, error) {
	var a model.Account
	var scopes string
	var expires, created, updated sql.NullInt64
	err := row.Scan(&a.ID, &a.WorkspaceID, &a.Platform, &a.RemoteID, &a.Name, &a.Handle, &a.AvatarURL,
		&a.InstanceURL, &scopes, &expires, &a.Status, &created, &updated)
	if err != nil {
		return model.Account{}, err
	}
	if err := decodeArray(scopes, &a.Scopes); err != nil {
		return model.Account{}, fmt.Errorf("account %d scopes: %w", a.ID, err)
	}
	a.ExpiresAt, a.CreatedAt, a.UpdatedAt = fromUnix(expires), fromUnix(created), fromUnix(updated)
	return a, nil
}

// isActive is the seed's is_active column, kept in step with the status.
func isActive(st model.AccountStatus) bool { return st != model.AccountDisabled }

// CreateAccount stores a connected account and sets a.ID and its timestamps. An empty
// status becomes ok. The same remote account twice in one workspace wraps model.ErrConflict.
func (s *Store) CreateAccount(ctx context.Context, a *model.Account) error {
	const ins = `INSERT INTO social_accounts (workspace_id, platform, account_id, account_name, handle,
		avatar_url, instance_url, scopes, expires_at, status, is_active, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	if a.Status == "" {
		a.Status = model.AccountOK
	}
	scopes, err := jsonArray(a.Scopes)
	if err != nil {
		return fmt.Errorf("store: create account: %w", err)
	}
	now := s.stamp()
	err = s.db.QueryRowContext(ctx, ins, a.WorkspaceID, a.Platform, a.RemoteID, a.Name, a.Handle,
		a.AvatarURL, a.InstanceURL, scopes, unixOrNil(a.ExpiresAt), a.Status, isActive(a.Status),
		now.Unix(), now.Unix()).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("store: create %s account %q: %w", a.Platform, a.Handle, convertGetError(err))
	}
	a.CreatedAt, a.UpdatedAt = now, now
	return nil
}

// UpdateAccount saves a's profile, scopes, expiry and status (after a reconnect or a
// profile refresh) and sets a.UpdatedAt. Workspace, platform and remote id do not change.
func (s *Store) UpdateAccount(ctx context.Context, a *model.Account) error {
	const upd = `UPDATE social_accounts SET account_name = ?, handle = ?, avatar_url = ?, instance_url = ?,
		scopes = ?, expires_at = ?, status = ?, is_active = ?, updated_at = ? WHERE id = ?`
	scopes, err := jsonArray(a.Scopes)
	if err != nil {
		return fmt.Errorf("store: update account %d: %w", a.ID, err)
	}
	now := s.stamp()
	res, err := s.db.ExecContext(ctx, upd, a.Name, a.Handle, a.AvatarURL, a.InstanceURL, scopes,
		unixOrNil(a.ExpiresAt), a.Status, isActive(a.Status), now.Unix(), a.ID)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("store: update account %d: %w", a.ID, convertGetError(err))
	}
	a.UpdatedAt = now
	return nil
}

// GetAccount returns one account, or an error wrapping model.ErrNotFound.
func (s *Store) GetAccount(ctx context.Context, id int64) (model.Account, error) {
	a, err := getAccount(ctx, s.db, id)
	if err != nil {
		return model.Account{}, fmt.Errorf("store: get account %d: %w", id, err)
	}
	return a, nil
}

func getAccount(ctx context.Context, q querier, id int64) (model.Account, error) {
	const sel = `SELECT ` + accountColumns + ` FROM social_accounts WHERE id = ?`
	a, err := scanAccount(q.QueryRowContext(ctx, sel, id))
	return a, convertGetError(err)
}

// ListAccounts returns a workspace's accounts (every account when workspaceID is 0) in
// the order they were connected.
func (s *Store) ListAccounts(ctx context.Context, workspaceID int64) ([]model.Account, error) {
	const sel = `SELECT ` + accountColumns + ` FROM social_accounts
		WHERE ? = 0 OR workspace_id = ? ORDER BY id`
	rows, err := s.db.QueryContext(ctx, sel, workspaceID, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: list accounts: %w", err)
	}
	defer rows.Close()
	var out []model.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list accounts: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list accounts: %w", err)
	}
	return out, nil
}

// FindAccount returns the account of a workspace with the given network identity (to
// update it on reconnect instead of adding a duplicate), or an error wrapping model.ErrNotFound.
func (s *Store) FindAccount(ctx context.Context, workspaceID int64, platform model.Platform, remoteID, instanceURL string) (model.Account, error) {
	const sel = `SELECT ` + accountColumns + ` FROM social_accounts
		WHERE workspace_id = ? AND platform = ? AND account_id = ? AND instance_url = ?`
	a, err := scanAccount(s.db.QueryRowContext(ctx, sel, workspaceID, platform, remoteID, instanceURL))
	if err != nil {
		return model.Account{}, fmt.Errorf("store: find %s account %q: %w", platform, remoteID, convertGetError(err))
	}
	return a, nil
}

// DeleteAccount removes an account with its targets and metrics and re-derives the status
// of the posts that lost a target. It wraps model.ErrConflict while one of the account's
// targets is being published. The caller deletes the keychain entries.
func (s *Store) DeleteAccount(ctx context.Context, id int64) error {
	const (
		posts = `SELECT DISTINCT post_id FROM post_targets WHERE account_id = ?`
		del   = `DELETE FROM social_accounts WHERE id = ?`
	)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := refuseInFlight(ctx, tx, `account_id = ?`, id); err != nil {
			return err
		}
		postIDs, err := queryIDs(ctx, tx, posts, id)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, del, id)
		if err == nil {
			err = mustAffect(res)
		}
		if err != nil {
			return err
		}
		return rederivePosts(ctx, tx, postIDs, s.stamp())
	})
	if err != nil {
		return fmt.Errorf("store: delete account %d: %w", id, err)
	}
	return nil
}

// SetAccountStatus marks an account ok, reconnect_needed or disabled.
func (s *Store) SetAccountStatus(ctx context.Context, accountID int64, status model.AccountStatus) error {
	const upd = `UPDATE social_accounts SET status = ?, is_active = ?, updated_at = ? WHERE id = ?`
	res, err := s.db.ExecContext(ctx, upd, status, isActive(status), s.stamp().Unix(), accountID)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("store: set account %d status %s: %w", accountID, status, err)
	}
	return nil
}

// decodeArray decodes a JSON array column into v, leaving v nil for an empty array.
func decodeArray[T any](s string, v *[]T) error {
	if s == "[]" || s == "" {
		return nil
	}
	return json.Unmarshal([]byte(s), v)
}

// jsonArray encodes a slice as a JSON array, never null.
func jsonArray[T any](v []T) (string, error) {
	if v == nil {
		v = []T{}
	}
	b, err := json.Marshal(v)
	return string(b), err
}
