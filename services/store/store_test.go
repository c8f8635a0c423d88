package store_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/store"
	"webox-social/services/store/storetest"
)

var update = flag.Bool("update", false, "rewrite testdata/schema.golden")

func TestSchemaGolden(t *testing.T) {
	s := storetest.Open(t)
	got := dumpSchema(t, s)
	golden := filepath.Join("testdata", "schema.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test -update to create it")
	assert.Equal(t, string(want), got, "schema changed: add a migration, then go test -update")
}

// dumpSchema lists sqlite_master sorted by type and name, plus the schema version.
func dumpSchema(t *testing.T, s *store.Store) string {
	t.Helper()
	rows, err := s.DB().QueryContext(t.Context(),
		`SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name`)
	require.NoError(t, err)
	defer rows.Close()
	var entries []string
	for rows.Next() {
		var typ, name, sql string
		require.NoError(t, rows.Scan(&typ, &name, &sql))
		entries = append(entries, typ+" "+name+"\n"+sql+"\n")
	}
	require.NoError(t, rows.Err())
	sort.Strings(entries)
	var version int
	require.NoError(t, s.DB().QueryRowContext(t.Context(), "PRAGMA user_version").Scan(&version))
	return fmt.Sprintf("user_version %d\n\n%s", version, strings.Join(entries, "\n"))
}

func TestOpenTwiceIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "webox.db")
	s, err := store.Open(t.Context(), path)
	require.NoError(t, err)
	require.NoError(t, s.SetSetting(t.Context(), "k", "v"))
	require.NoError(t, s.Close())

	s, err = store.Open(t.Context(), path)
	require.NoError(t, err)
	defer s.Close()
	v, err := s.GetSetting(t.Context(), "k")
	require.NoError(t, err)
	assert.Equal(t, "v", v)
}

func TestOpenCreatesPrivateFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix permissions")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "webox?#%.db") // URI characters must not break the path
	s, err := store.Open(t.Context(), path)
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.SetSetting(t.Context(), "k", "v")) // makes -wal and -shm exist
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), p)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 3, "no stray file from a mis-parsed URI")
}

func TestPragmas(t *testing.T) {
	s := storetest.Open(t)
	for pragma, want := range map[string]string{
		"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "5000", "synchronous": "1",
	} {
		var got string
		require.NoError(t, s.DB().QueryRowContext(t.Context(), "PRAGMA "+pragma).Scan(&got))
		assert.Equal(t, want, got, pragma)
	}
}

func TestSettings(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	_, err := s.GetSetting(ctx, "late_threshold")
	require.ErrorIs(t, err, model.ErrNotFound)

	require.NoError(t, s.SetSetting(ctx, "late_threshold", "30m"))
	require.NoError(t, s.SetSetting(ctx, "late_threshold", "1h"))
	require.NoError(t, s.SetSetting(ctx, "zone", "Europe/Paris"))
	v, err := s.GetSetting(ctx, "late_threshold")
	require.NoError(t, err)
	assert.Equal(t, "1h", v)
	all, err := s.AllSettings(ctx)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"late_threshold": "1h", "zone": "Europe/Paris"}, all)
}

func TestWorkspaces(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	w, err := s.EnsureDefaultWorkspace(ctx)
	require.NoError(t, err)
	assert.Equal(t, store.DefaultWorkspaceName, w.Name)
	again, err := s.EnsureDefaultWorkspace(ctx)
	require.NoError(t, err)
	assert.Equal(t, w, again)

	other, err := s.CreateWorkspace(ctx, "  Bakery  ")
	require.NoError(t, err)
	assert.Equal(t, "Bakery", other.Name)
	require.NoError(t, s.RenameWorkspace(ctx, other.ID, "Bakery Dupont"))
	_, err = s.CreateWorkspace(ctx, " ")
	require.ErrorIs(t, err, model.ErrInvalid)
	require.ErrorIs(t, s.RenameWorkspace(ctx, 999, "x"), model.ErrNotFound)

	list, err := s.ListWorkspaces(ctx)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, "Bakery Dupont", list[1].Name)

	require.NoError(t, s.DeleteWorkspace(ctx, list[1].ID))
	list, err = s.ListWorkspaces(ctx)
	require.NoError(t, err)
	assert.Len(t, list, 1)
	assert.ErrorIs(t, s.DeleteWorkspace(ctx, list[0].ID+100), model.ErrNotFound)
}

func TestMedia(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	ws := storetest.Workspace(t, s)
	a := model.Media{WorkspaceID: ws.ID, Path: "/data/media/a.png", Mime: "image/png", Size: 10, Width: 4, Height: 3, SHA256: "ab", AltText: "a cat"}
	b := model.Media{WorkspaceID: ws.ID, Path: "/data/media/b.mp4", Mime: "video/mp4", DurationMS: 1500}
	require.NoError(t, s.AddMedia(ctx, &a))
	require.NoError(t, s.AddMedia(ctx, &b))

	got, err := s.GetMedia(ctx, []int64{b.ID, a.ID})
	require.NoError(t, err)
	assert.Equal(t, []model.Media{b, a}, got)
	_, err = s.GetMedia(ctx, []int64{a.ID, 999})
	require.ErrorIs(t, err, model.ErrNotFound)
	got, err = s.GetMedia(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, got)
}
