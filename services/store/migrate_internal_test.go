package store

import (
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFailingMigrationRollsBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "webox.db")
	migs := fstest.MapFS{
		"0001_one.sql": {Data: []byte(`CREATE TABLE one (id INTEGER PRIMARY KEY);`)},
		"0002_two.sql": {Data: []byte(`CREATE TABLE two (id INTEGER PRIMARY KEY);
			INSERT INTO one (id) VALUES (1);
			INSERT INTO nowhere (id) VALUES (1);`)},
	}
	_, err := open(t.Context(), path, migs)
	require.ErrorContains(t, err, "0002_two.sql")

	// Version 1 was applied and kept; nothing of version 2 survived.
	migs["0002_two.sql"] = &fstest.MapFile{Data: []byte(`CREATE TABLE two (id INTEGER PRIMARY KEY);`)}
	s, err := open(t.Context(), path, fstest.MapFS{"0001_one.sql": migs["0001_one.sql"]})
	require.NoError(t, err)
	defer s.Close()
	var version, rows, tables int
	require.NoError(t, s.db.QueryRowContext(t.Context(), "PRAGMA user_version").Scan(&version))
	require.NoError(t, s.db.QueryRowContext(t.Context(), "SELECT count(*) FROM one").Scan(&rows))
	require.NoError(t, s.db.QueryRowContext(t.Context(),
		"SELECT count(*) FROM sqlite_master WHERE name = 'two'").Scan(&tables))
	assert.Equal(t, 1, version)
	assert.Zero(t, rows)
	assert.Zero(t, tables)
}

func TestMigrationNames(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"no number", []string{"init.sql"}, "must start with a positive number"},
		{"zero", []string{"0000_x.sql"}, "must start with a positive number"},
		{"letters", []string{"abcd_x.sql"}, "must start with a positive number"},
		{"duplicate", []string{"0001_a.sql", "0001_b.sql"}, "share version 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, f := range tc.files {
				fsys[f] = &fstest.MapFile{}
			}
			_, err := loadMigrations(fsys)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestEmbeddedMigrationsLoad(t *testing.T) {
	migs, err := loadMigrations(migrationFiles)
	require.NoError(t, err)
	require.NotEmpty(t, migs)
	for i, m := range migs {
		assert.Equal(t, i+1, m.version, "migrations are numbered without gaps: %s", m.name)
	}
}
