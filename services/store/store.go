// Package store keeps Webox Social's data in one SQLite file (modernc.org/sqlite, pure Go):
// workspaces, accounts (never their tokens), posts and their per-account targets (the
// publisher's outbox), delivery attempts, media, metrics and settings. Open applies the
// embedded numbered migrations. Plain SQL lives as constants next to the method that runs it.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"webox-social/services/model"
)

// fileMode is the permission of the database file and its -wal/-shm companions: the
// database holds account metadata and post drafts, readable by the user only.
const fileMode = 0o600

// dsnParams are the connection settings: wait up to 5 s on a lock, write-ahead log,
// foreign keys enforced, and BEGIN IMMEDIATE so a transaction takes the write lock up front.
const dsnParams = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
	"&_pragma=synchronous(NORMAL)&_txlock=immediate"

// Store is the SQLite database of one data dir. It is safe for concurrent use; writes are
// serialised on a single connection.
type Store struct {
	db  *sql.DB
	now func() time.Time
}

// Open opens (creating it with mode 0600 if needed) the database at path and migrates it
// to the latest schema.
func Open(ctx context.Context, path string) (*Store, error) {
	return open(ctx, path, migrationFiles)
}

func open(ctx context.Context, path string, migrations fs.FS) (*Store, error) {
	if err := createFile(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := restrictFiles(path); err != nil {
		_ = db.Close()
		return nil, err
	}
	if err := migrate(ctx, db, migrations); err != nil {
		_ = db.Close()
		return nil, err
	}
	return &Store{db: db, now: time.Now}, nil
}

// dsn builds the driver's URI for path. Characters that mean something in a URI are
// escaped so that any file name works.
func dsn(path string) string {
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return "file:" + esc.Replace(path) + "?" + dsnParams
}

// createFile creates an empty database file with mode 0600 if none exists, so that
// SQLite never creates it with the process umask.
func createFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, fileMode)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: create %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("store: create %s: %w", path, err)
	}
	return nil
}

// restrictFiles sets mode 0600 on the database and on its -wal and -shm files when they exist.
func restrictFiles(path string) error {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		err := os.Chmod(p, fileMode)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("store: restrict %s: %w", p, err)
		}
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// DB exposes the underlying handle for tests and benchmarks that need raw SQL.
func (s *Store) DB() *sql.DB { return s.db }

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// inTx runs fn in one transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		if rbErr := tx.Rollback(); rbErr != nil {
			slog.Warn("store: rollback failed", "err", rbErr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// convertGetError maps sql.ErrNoRows to model.ErrNotFound, unique-constraint violations
// to model.ErrConflict and foreign-key or check violations (a missing workspace, an
// unknown status) to model.ErrInvalid; other errors pass through.
func convertGetError(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return model.ErrNotFound
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return fmt.Errorf("%w: %w", model.ErrConflict, err)
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY, sqlite3.SQLITE_CONSTRAINT_CHECK:
		return fmt.Errorf("%w: %w", model.ErrInvalid, err)
	}
	return err
}

// mustAffect returns model.ErrNotFound when res changed no row.
func mustAffect(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return model.ErrNotFound
	}
	return nil
}

// unixOrNil is t as Unix seconds, or NULL for the zero time.
func unixOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// fromUnix is the UTC time of Unix seconds, or the zero time for NULL.
func fromUnix(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.Unix(v.Int64, 0).UTC()
}

// stamp is the current time at the precision the database keeps: seconds, UTC.
func (s *Store) stamp() time.Time { return s.now().UTC().Truncate(time.Second) }
