package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"webox-social/services/model"
)

// DefaultWorkspaceName is the name of the workspace created on first start.
const DefaultWorkspaceName = "My workspace"

const workspaceColumns = `id, name, created_at`

func scanWorkspace(row interface{ Scan(...any) error }) (model.Workspace, error) {
	var w model.Workspace
	var created sql.NullInt64
	if err := row.Scan(&w.ID, &w.Name, &created); err != nil {
		return model.Workspace{}, err
	}
	w.CreatedAt = fromUnix(created)
	return w, nil
}

// EnsureDefaultWorkspace returns the first workspace, creating "My workspace" if there is none.
func (s *Store) EnsureDefaultWorkspace(ctx context.Context) (model.Workspace, error) {
	const first = `SELECT ` + workspaceColumns + ` FROM workspaces ORDER BY id LIMIT 1`
	var w model.Workspace
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		w, err = scanWorkspace(tx.QueryRowContext(ctx, first))
		if errors.Is(err, sql.ErrNoRows) {
			w, err = insertWorkspace(ctx, tx, DefaultWorkspaceName, s.now())
		}
		return err
	})
	if err != nil {
		return model.Workspace{}, fmt.Errorf("store: ensure default workspace: %w", err)
	}
	return w, nil
}

// ListWorkspaces returns every workspace, oldest first.
func (s *Store) ListWorkspaces(ctx context.Context) ([]model.Workspace, error) {
	const q = `SELECT ` + workspaceColumns + ` FROM workspaces ORDER BY id`
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: list workspaces: %w", err)
	}
	defer rows.Close()
	var out []model.Workspace
	for rows.Next() {
		w, err := scanWorkspace(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list workspaces: %w", err)
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list workspaces: %w", err)
	}
	return out, nil
}

// CreateWorkspace adds a workspace named name.
func (s *Store) CreateWorkspace(ctx context.Context, name string) (model.Workspace, error) {
	name, err := workspaceName(name)
	if err != nil {
		return model.Workspace{}, fmt.Errorf("store: create workspace: %w", err)
	}
	w, err := insertWorkspace(ctx, s.db, name, s.now())
	if err != nil {
		return model.Workspace{}, fmt.Errorf("store: create workspace: %w", err)
	}
	return w, nil
}

func insertWorkspace(ctx context.Context, q querier, name string, now time.Time) (model.Workspace, error) {
	const ins = `INSERT INTO workspaces (name, created_at) VALUES (?, ?) RETURNING ` + workspaceColumns
	return scanWorkspace(q.QueryRowContext(ctx, ins, name, now.Unix()))
}

// RenameWorkspace changes a workspace's name.
func (s *Store) RenameWorkspace(ctx context.Context, id int64, name string) error {
	const upd = `UPDATE workspaces SET name = ? WHERE id = ?`
	name, err := workspaceName(name)
	if err != nil {
		return fmt.Errorf("store: rename workspace %d: %w", id, err)
	}
	res, err := s.db.ExecContext(ctx, upd, name, id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("store: rename workspace %d: %w", id, err)
	}
	return nil
}

func workspaceName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", fmt.Errorf("a workspace needs a name: %w", model.ErrInvalid)
	}
	return name, nil
}

// GetWorkspace returns one workspace, or an error wrapping model.ErrNotFound.
func (s *Store) GetWorkspace(ctx context.Context, id int64) (model.Workspace, error) {
	const sel = `SELECT ` + workspaceColumns + ` FROM workspaces WHERE id = ?`
	w, err := scanWorkspace(s.db.QueryRowContext(ctx, sel, id))
	if err != nil {
		return model.Workspace{}, fmt.Errorf("store: get workspace %d: %w", id, convertGetError(err))
	}
	return w, nil
}

// DeleteWorkspace deletes a workspace with everything in it (accounts, posts, their
// deliveries, media rows and statistics, through the foreign keys' cascades).
func (s *Store) DeleteWorkspace(ctx context.Context, id int64) error {
	const del = `DELETE FROM workspaces WHERE id = ?`
	res, err := s.db.ExecContext(ctx, del, id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("store: delete workspace %d: %w", id, err)
	}
	return nil
}
