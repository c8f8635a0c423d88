package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"webox-social/services/model"
)

const mediaColumns = `id, workspace_id, path, mime, size, width, height, duration_ms, sha256, alt_text, created_at`

// AddMedia records a file already copied into the data dir and sets m.ID and m.CreatedAt.
func (s *Store) AddMedia(ctx context.Context, m *model.Media) error {
	const ins = `INSERT INTO media (workspace_id, path, mime, size, width, height, duration_ms, sha256, alt_text, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	if m.CreatedAt.IsZero() {
		m.CreatedAt = s.stamp()
	}
	err := s.db.QueryRowContext(ctx, ins, m.WorkspaceID, m.Path, m.Mime, m.Size, m.Width, m.Height,
		m.DurationMS, m.SHA256, m.AltText, m.CreatedAt.Unix()).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("store: add media %s: %w", m.Path, err)
	}
	return nil
}

// GetMedia returns the media with the given ids, in the order of ids. A missing id is an
// error wrapping model.ErrNotFound.
func (s *Store) GetMedia(ctx context.Context, ids []int64) ([]model.Media, error) {
	out, err := mediaByIDs(ctx, s.db, ids)
	if err != nil {
		return nil, fmt.Errorf("store: get media: %w", err)
	}
	if len(out) != len(ids) {
		return nil, fmt.Errorf("store: get media %v: %d of %d found: %w", ids, len(out), len(ids), model.ErrNotFound)
	}
	return out, nil
}

// mediaByIDs returns the media that exist among ids, in the order of ids.
func mediaByIDs(ctx context.Context, q querier, ids []int64) ([]model.Media, error) {
	const sel = `SELECT ` + mediaColumns + ` FROM media WHERE id IN (SELECT value FROM json_each(?))`
	if len(ids) == 0 {
		return nil, nil
	}
	idsJSON, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, sel, string(idsJSON))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := map[int64]model.Media{}
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			return nil, err
		}
		byID[m.ID] = m
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]model.Media, 0, len(ids))
	for _, id := range ids {
		if m, ok := byID[id]; ok {
			out = append(out, m)
		}
	}
	return out, nil
}

func scanMedia(row interface{ Scan(...any) error }) (model.Media, error) {
	var m model.Media
	var created sql.NullInt64
	err := row.Scan(&m.ID, &m.WorkspaceID, &m.Path, &m.Mime, &m.Size, &m.Width, &m.Height,
		&m.DurationMS, &m.SHA256, &m.AltText, &created)
	m.CreatedAt = fromUnix(created)
	return m, err
}
