package store_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/store/storetest"
)

func TestAccountRoundTrip(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	expires := time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)
	a := storetest.NewAccount(t, s, func(a *model.Account) {
		a.Platform, a.InstanceURL, a.ExpiresAt, a.Status = model.Bluesky, "https://pds.example", expires, ""
	})
	assert.NotZero(t, a.ID)
	assert.Equal(t, model.AccountOK, a.Status, "empty status becomes ok")
	assert.False(t, a.CreatedAt.IsZero())

	got, err := s.GetAccount(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, a, got)

	found, err := s.FindAccount(ctx, a.WorkspaceID, model.Bluesky, a.RemoteID, "https://pds.example")
	require.NoError(t, err)
	assert.Equal(t, a.ID, found.ID)
	_, err = s.FindAccount(ctx, a.WorkspaceID, model.Mastodon, a.RemoteID, "https://pds.example")
	require.ErrorIs(t, err, model.ErrNotFound)
	_, err = s.GetAccount(ctx, 999)
	require.ErrorIs(t, err, model.ErrNotFound)
}

func TestAccountDuplicateConflicts(t *testing.T) {
	s := storetest.Open(t)
	a := storetest.NewAccount(t, s)
	dup := a
	dup.ID = 0
	require.ErrorIs(t, s.CreateAccount(t.Context(), &dup), model.ErrConflict)
}

func TestUpdateAccount(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	a := storetest.NewAccount(t, s)
	a.Name, a.Handle, a.AvatarURL, a.Scopes = "New name", "@new@mastodon.example", "https://img.example/a.png", []string{"read"}
	a.Status = model.AccountReconnectNeeded
	require.NoError(t, s.UpdateAccount(ctx, &a))
	got, err := s.GetAccount(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, a, got)

	missing := a
	missing.ID = 999
	require.ErrorIs(t, s.UpdateAccount(ctx, &missing), model.ErrNotFound)
}

func TestSetAccountStatus(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	a := storetest.NewAccount(t, s)
	require.NoError(t, s.SetAccountStatus(ctx, a.ID, model.AccountDisabled))
	got, err := s.GetAccount(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, model.AccountDisabled, got.Status)
	var active bool
	require.NoError(t, s.DB().QueryRowContext(ctx, `SELECT is_active FROM social_accounts WHERE id = ?`, a.ID).Scan(&active))
	assert.False(t, active)
	require.ErrorIs(t, s.SetAccountStatus(ctx, 999, model.AccountOK), model.ErrNotFound)
}

func TestListAccounts(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	storetest.Workspace(t, s) // the default workspace comes first
	other, err := s.CreateWorkspace(ctx, "Client B")
	require.NoError(t, err)
	a := storetest.NewAccount(t, s)
	b := storetest.NewAccount(t, s, func(a *model.Account) { a.WorkspaceID = other.ID })

	all, err := s.ListAccounts(ctx, 0)
	require.NoError(t, err)
	assert.Equal(t, []model.Account{a, b}, all)
	mine, err := s.ListAccounts(ctx, other.ID)
	require.NoError(t, err)
	assert.Equal(t, []model.Account{b}, mine)
}

func TestDeleteAccount(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	keep, gone := storetest.NewAccount(t, s), storetest.NewAccount(t, s)
	at := time.Now().Add(time.Hour)
	p := storetest.NewPost(t, s, func(p *model.Post) {
		p.Targets = []model.Target{
			storetest.Target(keep, model.TargetDraft, time.Time{}),
			storetest.Target(gone, model.TargetPending, at),
		}
	})
	assert.Equal(t, model.PostScheduled, p.Status)

	require.NoError(t, s.DeleteAccount(ctx, gone.ID))
	got, err := s.GetPost(ctx, p.ID)
	require.NoError(t, err)
	require.Len(t, got.Targets, 1)
	assert.Equal(t, keep.ID, got.Targets[0].AccountID)
	assert.Equal(t, model.PostDraft, got.Status, "the post's status follows its remaining targets")
	require.ErrorIs(t, s.DeleteAccount(ctx, gone.ID), model.ErrNotFound)
}

func TestDeleteAccountWhilePublishingConflicts(t *testing.T) {
	s := storetest.Open(t)
	p := storetest.NewPost(t, s)
	_, err := s.Claim(t.Context(), p.ScheduledAt, time.Minute, 1)
	require.NoError(t, err)
	require.ErrorIs(t, s.DeleteAccount(t.Context(), p.Targets[0].AccountID), model.ErrConflict)
}
