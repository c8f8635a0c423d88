package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var embeddedMigrations embed.FS

// migrationFiles is the migrations directory itself, so file names are "0001_init.sql".
var migrationFiles = mustSub(embeddedMigrations, "migrations")

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // the embed pattern above guarantees the directory exists
	}
	return sub
}

// migration is one numbered .sql file.
type migration struct {
	version int
	name    string
	sql     string
}

// migrate applies, in order, every migration newer than PRAGMA user_version. Each runs in
// its own transaction together with the new user_version, so a failing migration leaves
// the database at the previous version.
func migrate(ctx context.Context, db *sql.DB, fsys fs.FS) error {
	migs, err := loadMigrations(fsys)
	if err != nil {
		return err
	}
	var current int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	for _, m := range migs {
		if m.version <= current {
			continue
		}
		if err := applyMigration(ctx, db, m); err != nil {
			return err
		}
		slog.Info("store: migrated", "version", m.version, "name", m.name)
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, m migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: migration %s: begin: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("store: migration %s: %w", m.name, err)
	}
	// PRAGMA takes no bound parameters; the version is an int parsed from the file name.
	if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(m.version)); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("store: migration %s: set version: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: migration %s: commit: %w", m.name, err)
	}
	return nil
}

// loadMigrations reads NNNN_name.sql files sorted by number; numbers must be unique.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, fmt.Errorf("store: list migrations: %w", err)
	}
	migs := make([]migration, 0, len(names))
	seen := map[int]string{}
	for _, name := range names {
		m, err := readMigration(fsys, name)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[m.version]; dup {
			return nil, fmt.Errorf("store: migrations %s and %s share version %d", prev, name, m.version)
		}
		seen[m.version] = name
		migs = append(migs, m)
	}
	sort.Slice(migs, func(i, j int) bool { return migs[i].version < migs[j].version })
	return migs, nil
}

func readMigration(fsys fs.FS, name string) (migration, error) {
	num, _, ok := strings.Cut(path.Base(name), "_")
	version, err := strconv.Atoi(num)
	if !ok || err != nil || version <= 0 {
		return migration{}, fmt.Errorf("store: migration %s: name must start with a positive number and '_'", name)
	}
	body, err := fs.ReadFile(fsys, name)
	if err != nil {
		return migration{}, fmt.Errorf("store: read migration %s: %w", name, err)
	}
	return migration{version: version, name: name, sql: string(body)}, nil
}
