// Package storetest opens throwaway SQLite stores in a test's temp dir and creates
// fixtures (accounts, posts) in them, for the tests of store and of the layers above it.
package storetest

import (
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/store"
)

// Open returns a migrated store in t.TempDir(), closed when the test ends.
func Open(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "webox.db"))
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, s.Close()) })
	return s
}

// Workspace returns the default workspace of s, creating it if needed.
func Workspace(t testing.TB, s *store.Store) model.Workspace {
	t.Helper()
	w, err := s.EnsureDefaultWorkspace(t.Context())
	require.NoError(t, err)
	return w
}

var seq atomic.Int64

// NewAccount stores a Mastodon account in the default workspace, with a unique remote id,
// after applying mods, and returns it as stored.
func NewAccount(t testing.TB, s *store.Store, mods ...func(*model.Account)) model.Account {
	t.Helper()
	n := seq.Add(1)
	a := model.Account{
		WorkspaceID: Workspace(t, s).ID,
		Platform:    model.Mastodon,
		RemoteID:    fmt.Sprintf("acct-%d", n),
		Name:        fmt.Sprintf("Test account %d", n),
		Handle:      fmt.Sprintf("@test%d@mastodon.example", n),
		InstanceURL: "https://mastodon.example",
		Scopes:      []string{"write:statuses", "write:media"},
		Status:      model.AccountOK,
	}
	for _, m := range mods {
		m(&a)
	}
	require.NoError(t, s.CreateAccount(t.Context(), &a))
	return a
}

// Target is a target on acct with the given status, due at at (for pending targets).
func Target(acct model.Account, status model.TargetStatus, at time.Time) model.Target {
	return model.Target{AccountID: acct.ID, Platform: acct.Platform, Status: status, NextAttemptAt: at}
}

// NewPost stores a post in the default workspace scheduled one hour from now, after
// applying mods, and returns it as stored. When the mods leave Targets nil, the post gets
// one pending target on a new account, due at the scheduled time; set Targets to an empty
// slice for a post without targets.
func NewPost(t testing.TB, s *store.Store, mods ...func(*model.Post)) model.Post {
	t.Helper()
	at := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	p := model.Post{
		WorkspaceID: Workspace(t, s).ID,
		Content:     "Hello from Webox Social",
		Hashtags:    []string{"webox"},
		ScheduledAt: at,
		Zone:        "Europe/Paris",
	}
	for _, m := range mods {
		m(&p)
	}
	if p.Targets == nil {
		p.Targets = []model.Target{Target(NewAccount(t, s), model.TargetPending, p.ScheduledAt)}
	}
	require.NoError(t, s.CreatePost(t.Context(), &p))
	return p
}
