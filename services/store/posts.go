package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"modernc.org/sqlite"

	"webox-social/services/model"
)

// foldFunc is the SQL name of a Unicode lower-casing function: SQLite's own lower() only
// folds ASCII, so a search for "été" would miss "Été".
const foldFunc = "webox_lower"

func init() {
	sqlite.MustRegisterFunction(foldFunc, &sqlite.FunctionImpl{NArgs: 1, Deterministic: true, Scalar: fold})
}

// fold lower-cases a text value; other values (NULL, numbers) pass through.
func fold(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if s, ok := args[0].(string); ok {
		return strings.ToLower(s), nil
	}
	return args[0], nil
}

const postColumns = `p.id, p.workspace_id, p.content, p.media, p.hashtags, p.scheduled_time, p.scheduled_zone,
	p.status, p.published_at, p.error_message, p.created_at, p.updated_at`

func scanPost(row interface{ Scan(...any) error }) (model.Post, error) {
	var p model.Post
	var media, hashtags string
	var scheduled, published, created, updated sql.NullInt64
	err := row.Scan(&p.ID, &p.WorkspaceID, &p.Content, &media, &hashtags, &scheduled, &p.Zone,
		&p.Status, &published, &p.ErrorMessage, &created, &updated)
	if err != nil {
		return model.Post{}, err
	}
	if err := decodeArray(media, &p.MediaIDs); err != nil {
		return model.Post{}, fmt.Errorf("post %d media: %w", p.ID, err)
	}
	if err := decodeArray(hashtags, &p.Hashtags); err != nil {
		return model.Post{}, fmt.Errorf("post %d hashtags: %w", p.ID, err)
	}
	p.ScheduledAt, p.PublishedAt = fromUnix(scheduled), fromUnix(published)
	p.CreatedAt, p.UpdatedAt = fromUnix(created), fromUnix(updated)
	return p, nil
}

// CreatePost stores p and its Targets in one transaction, then reloads p: IDs, derived
// status, timestamps and each target's platform (taken from its account) are set. Each
// target's account must belong to p's workspace; targets start as draft (the default) or
// pending with a NextAttemptAt.
func (s *Store) CreatePost(ctx context.Context, p *model.Post) error {
	const ins = `INSERT INTO scheduled_posts (workspace_id, content, media, hashtags, scheduled_time,
		scheduled_zone, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?) RETURNING id`
	now := s.stamp()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkMedia(ctx, tx, p.WorkspaceID, p.MediaIDs); err != nil {
			return err
		}
		media, hashtags, err := postJSON(p)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, ins, p.WorkspaceID, p.Content, media, hashtags,
			unixOrNil(p.ScheduledAt), p.Zone, now.Unix(), now.Unix()).Scan(&p.ID)
		if err != nil {
			return convertGetError(err)
		}
		return saveTargetsAndReload(ctx, tx, p, nil, now)
	})
	if err != nil {
		p.ID = 0 // rolled back
		return fmt.Errorf("store: create post: %w", err)
	}
	return nil
}

// GetPost returns one post with its targets, or an error wrapping model.ErrNotFound.
func (s *Store) GetPost(ctx context.Context, id int64) (model.Post, error) {
	p, err := getPost(ctx, s.db, id, true)
	if err != nil {
		return model.Post{}, fmt.Errorf("store: get post %d: %w", id, err)
	}
	return p, nil
}

func getPost(ctx context.Context, q querier, id int64, withTargets bool) (model.Post, error) {
	const sel = `SELECT ` + postColumns + ` FROM scheduled_posts p WHERE p.id = ?`
	p, err := scanPost(q.QueryRowContext(ctx, sel, id))
	if err != nil || !withTargets {
		return p, convertGetError(err)
	}
	targets, err := targetsOf(ctx, q, []int64{id})
	p.Targets = targets[id]
	return p, err
}

// ListPosts returns the posts matching f with their targets, ordered by scheduled time
// (creation time for unscheduled posts). From and To select on the scheduled time, so a
// range never returns unscheduled drafts.
func (s *Store) ListPosts(ctx context.Context, f model.PostFilter) ([]model.Post, error) {
	posts, err := s.queryPosts(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("store: list posts: %w", err)
	}
	ids := make([]int64, len(posts))
	for i := range posts {
		ids[i] = posts[i].ID
	}
	targets, err := targetsOf(ctx, s.db, ids)
	if err != nil {
		return nil, fmt.Errorf("store: list posts: targets: %w", err)
	}
	for i := range posts {
		posts[i].Targets = targets[posts[i].ID]
	}
	return posts, nil
}

func (s *Store) queryPosts(ctx context.Context, f model.PostFilter) ([]model.Post, error) {
	const (
		sel   = `SELECT ` + postColumns + ` FROM scheduled_posts p WHERE 1 = 1`
		order = ` ORDER BY coalesce(p.scheduled_time, p.created_at), p.id`
		// With a range every row has a scheduled_time, so this is the same order, and
		// it is the order of the (workspace_id, scheduled_time) index: no sort step.
		orderInRange = ` ORDER BY p.scheduled_time, p.id`
	)
	where, args := postFilterSQL(f)
	q := sel + where + order
	if !f.From.IsZero() || !f.To.IsZero() {
		q = sel + where + orderInRange
	}
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Post
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// postFilterSQL turns f into AND conditions on scheduled_posts p and their arguments.
func postFilterSQL(f model.PostFilter) (string, []any) {
	const (
		byWorkspace = ` AND p.workspace_id = ?`
		byStatus    = ` AND p.status = ?`
		byAccount   = ` AND EXISTS (SELECT 1 FROM post_targets t WHERE t.post_id = p.id AND t.account_id = ?)`
		byFrom      = ` AND p.scheduled_time >= ?`
		byTo        = ` AND p.scheduled_time < ?`
		byPlatform  = ` AND EXISTS (SELECT 1 FROM post_targets t WHERE t.post_id = p.id AND t.platform = ?)`
		// instr, not LIKE: the user's % and _ are plain characters, nothing to escape.
		byQuery = ` AND (instr(` + foldFunc + `(p.content), ?) > 0 OR EXISTS (SELECT 1 FROM post_targets t
			WHERE t.post_id = p.id AND instr(` + foldFunc + `(t.text_override), ?) > 0))`
	)
	var b strings.Builder
	var args []any
	add := func(cond string, arg any) {
		b.WriteString(cond)
		args = append(args, arg)
	}
	if f.WorkspaceID != 0 {
		add(byWorkspace, f.WorkspaceID)
	}
	if f.Status != "" {
		add(byStatus, f.Status)
	}
	if f.AccountID != 0 {
		add(byAccount, f.AccountID)
	}
	if !f.From.IsZero() {
		add(byFrom, f.From.Unix())
	}
	if !f.To.IsZero() {
		add(byTo, f.To.Unix())
	}
	if f.Platform != "" {
		add(byPlatform, f.Platform)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		add(byQuery, strings.ToLower(q))
		args = append(args, strings.ToLower(q)) // byQuery uses it twice
	}
	return b.String(), args
}

// UpdatePost replaces p's content, hashtags, media, schedule and set of targets, then
// reloads p. Existing target rows of accounts still listed are kept (their attempt log and
// key survive) with the given override, status and next attempt; the others are deleted.
// It wraps model.ErrConflict when any target is publishing or published.
func (s *Store) UpdatePost(ctx context.Context, p *model.Post) error {
	now := s.stamp()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		existing, err := targetsOf(ctx, tx, []int64{p.ID})
		if err != nil {
			return err
		}
		if err := refuseEdit(existing[p.ID]); err != nil {
			return err
		}
		if err := updatePostRow(ctx, tx, p, now); err != nil {
			return err
		}
		if err := checkMedia(ctx, tx, p.WorkspaceID, p.MediaIDs); err != nil {
			return err
		}
		return saveTargetsAndReload(ctx, tx, p, existing[p.ID], now)
	})
	if err != nil {
		return fmt.Errorf("store: update post %d: %w", p.ID, err)
	}
	return nil
}

// updatePostRow writes p's editable columns and sets p.WorkspaceID from the row.
func updatePostRow(ctx context.Context, tx *sql.Tx, p *model.Post, now time.Time) error {
	const upd = `UPDATE scheduled_posts SET content = ?, media = ?, hashtags = ?, scheduled_time = ?,
		scheduled_zone = ?, updated_at = ? WHERE id = ? RETURNING workspace_id`
	media, hashtags, err := postJSON(p)
	if err != nil {
		return err
	}
	err = tx.QueryRowContext(ctx, upd, p.Content, media, hashtags, unixOrNil(p.ScheduledAt), p.Zone,
		now.Unix(), p.ID).Scan(&p.WorkspaceID)
	return convertGetError(err)
}

// refuseEdit wraps model.ErrConflict when a target has gone out or is going out.
func refuseEdit(targets []model.Target) error {
	for _, t := range targets {
		switch t.Status {
		case model.TargetPublishing:
			return fmt.Errorf("the post is being published on %s right now: %w", t.Platform.Title(), model.ErrConflict)
		case model.TargetPublished:
			return fmt.Errorf("the post is already published on %s: %w", t.Platform.Title(), model.ErrConflict)
		}
	}
	return nil
}

// saveTargetsAndReload writes p.Targets over the existing ones, re-derives the post's
// status and reloads p from the database.
func saveTargetsAndReload(ctx context.Context, tx *sql.Tx, p *model.Post, existing []model.Target, now time.Time) error {
	if err := replaceTargets(ctx, tx, p.ID, p.WorkspaceID, p.Targets, existing); err != nil {
		return err
	}
	if err := rederivePost(ctx, tx, p.ID, now); err != nil {
		return err
	}
	fresh, err := getPost(ctx, tx, p.ID, true)
	if err != nil {
		return err
	}
	*p = fresh
	return nil
}

// checkMedia wraps model.ErrInvalid unless every id is a media of the workspace.
func checkMedia(ctx context.Context, tx *sql.Tx, workspaceID int64, ids []int64) error {
	const count = `SELECT count(*) FROM media WHERE workspace_id = ? AND id IN (SELECT value FROM json_each(?))`
	if len(ids) == 0 {
		return nil
	}
	unique := slices.Compact(slices.Sorted(slices.Values(ids)))
	idsJSON, err := jsonArray(unique)
	if err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, count, workspaceID, idsJSON).Scan(&n); err != nil {
		return err
	}
	if n != len(unique) {
		return fmt.Errorf("some attached media %v are not in workspace %d: %w", ids, workspaceID, model.ErrInvalid)
	}
	return nil
}

func postJSON(p *model.Post) (media, hashtags string, err error) {
	if media, err = jsonArray(p.MediaIDs); err != nil {
		return "", "", err
	}
	hashtags, err = jsonArray(p.Hashtags)
	return media, hashtags, err
}

// DeletePost removes a post with its targets and attempts. It wraps model.ErrConflict
// while a target is being published.
func (s *Store) DeletePost(ctx context.Context, id int64) error {
	const del = `DELETE FROM scheduled_posts WHERE id = ?`
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := refuseInFlight(ctx, tx, `post_id = ?`, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, del, id)
		if err != nil {
			return err
		}
		return mustAffect(res)
	})
	if err != nil {
		return fmt.Errorf("store: delete post %d: %w", id, err)
	}
	return nil
}

// CountPosts returns how many posts exist in all workspaces.
func (s *Store) CountPosts(ctx context.Context) (int, error) {
	const q = `SELECT count(*) FROM scheduled_posts`
	var n int
	if err := s.db.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count posts: %w", err)
	}
	return n, nil
}

// errNoAccount explains a target whose account is missing or in another workspace.
func errNoAccount(accountID, workspaceID int64, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("account %d is not in workspace %d: %w", accountID, workspaceID, model.ErrInvalid)
	}
	return convertGetError(err)
}
