package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/services/store"
	"webox-social/services/store/storetest"
)

// events collects what the core publishes on the topics a workspace switch fires.
type events struct {
	workspace chan app.WorkspaceChanged
	accounts  chan app.AccountChanged
	posts     chan app.PostChanged
}

func listen(t *testing.T, core *app.App) events {
	e := events{make(chan app.WorkspaceChanged, 4), make(chan app.AccountChanged, 4), make(chan app.PostChanged, 4)}
	ev := core.Events()
	t.Cleanup(ev.Workspace.Subscribe(func(_ context.Context, w app.WorkspaceChanged) { e.workspace <- w }))
	t.Cleanup(ev.Accounts.Subscribe(func(_ context.Context, a app.AccountChanged) { e.accounts <- a }))
	t.Cleanup(ev.Posts.Subscribe(func(_ context.Context, p app.PostChanged) { e.posts <- p }))
	return e
}

func draft(t *testing.T, core *app.App, text string) model.Post {
	t.Helper()
	p, err := core.CreatePost(t.Context(), app.Draft{Content: text})
	require.NoError(t, err)
	return p
}

func postTexts(t *testing.T, core *app.App) []string {
	t.Helper()
	posts, err := core.ListPosts(t.Context(), model.PostFilter{})
	require.NoError(t, err)
	var out []string
	for _, p := range posts {
		out = append(out, p.Content)
	}
	return out
}

func accountIDs(t *testing.T, core *app.App) []int64 {
	t.Helper()
	accs, err := core.Accounts(t.Context())
	require.NoError(t, err)
	var out []int64
	for _, a := range accs {
		out = append(out, a.ID)
	}
	return out
}

func TestSwitchingWorkspacesScopesAccountsAndPosts(t *testing.T) {
	st := storetest.Open(t)
	core := deskCore(t, st, time.Now())
	ctx := t.Context()
	home := core.CurrentWorkspace()
	assert.Equal(t, store.DefaultWorkspaceName, home.Name)
	cafe := storetest.NewAccount(t, st) // in the default workspace
	draft(t, core, "Home post")

	client, err := core.CreateWorkspace(ctx, "  Bakery Dupont ")
	require.NoError(t, err)
	assert.Equal(t, "Bakery Dupont", client.Name)
	assert.Equal(t, home, core.CurrentWorkspace(), "creating does not switch")
	all, err := core.Workspaces(ctx)
	require.NoError(t, err)
	assert.Equal(t, []model.Workspace{home, client}, all)

	e := listen(t, core)
	require.NoError(t, core.SwitchWorkspace(ctx, client.ID))
	assert.Equal(t, app.WorkspaceChanged{ID: client.ID, Name: "Bakery Dupont"}, <-e.workspace)
	<-e.accounts
	<-e.posts
	assert.Equal(t, client, core.CurrentWorkspace())
	assert.Equal(t, "Bakery Dupont", core.WorkspaceName())
	assert.Empty(t, accountIDs(t, core), "the bakery has no account yet")
	assert.Empty(t, postTexts(t, core))

	bakery := storetest.NewAccount(t, st, func(a *model.Account) { a.WorkspaceID = client.ID })
	p := draft(t, core, "Bakery post")
	assert.Equal(t, client.ID, p.WorkspaceID, "new posts go to the current workspace")
	assert.Equal(t, []int64{bakery.ID}, accountIDs(t, core))
	assert.Equal(t, []string{"Bakery post"}, postTexts(t, core))

	require.NoError(t, core.SwitchWorkspace(ctx, home.ID))
	assert.Equal(t, []int64{cafe.ID}, accountIDs(t, core))
	assert.Equal(t, []string{"Home post"}, postTexts(t, core))
}

func TestRenameWorkspace(t *testing.T) {
	st := storetest.Open(t)
	core := deskCore(t, st, time.Now())
	ctx := t.Context()
	home := core.CurrentWorkspace()
	other, err := core.CreateWorkspace(ctx, "Client B")
	require.NoError(t, err)
	e := listen(t, core)

	require.NoError(t, core.RenameWorkspace(ctx, other.ID, "Client Bee"))
	require.NoError(t, core.RenameWorkspace(ctx, home.ID, "Agency"))
	assert.Equal(t, app.WorkspaceChanged{ID: home.ID, Name: "Agency"}, <-e.workspace,
		"only renaming the current workspace fires")
	assert.Equal(t, "Agency", core.WorkspaceName())
	all, err := core.Workspaces(ctx)
	require.NoError(t, err)
	assert.Equal(t, "Client Bee", all[1].Name)

	err = core.RenameWorkspace(ctx, home.ID, "client bee")
	require.ErrorIs(t, err, model.ErrConflict)
	assert.Equal(t, `A workspace named "Client Bee" already exists: pick another name.`, app.UserMessage(err))
	require.NoError(t, core.RenameWorkspace(ctx, home.ID, "AGENCY"), "a workspace may change its own case")
	assert.ErrorIs(t, core.RenameWorkspace(ctx, home.ID, "   "), model.ErrInvalid)
	assert.ErrorIs(t, core.RenameWorkspace(ctx, 999, "Gone"), model.ErrNotFound)
	_, err = core.CreateWorkspace(ctx, "client BEE")
	assert.ErrorIs(t, err, model.ErrConflict)
	_, err = core.CreateWorkspace(ctx, strings.Repeat("a", 61))
	assert.ErrorIs(t, err, model.ErrInvalid)
}

func TestRestartRestoresTheCurrentWorkspace(t *testing.T) {
	st := storetest.Open(t)
	core := deskCore(t, st, time.Now())
	ctx := t.Context()
	home := core.CurrentWorkspace()
	client, err := core.CreateWorkspace(ctx, "Client B")
	require.NoError(t, err)
	require.NoError(t, core.SwitchWorkspace(ctx, client.ID))
	assert.ErrorIs(t, core.SwitchWorkspace(ctx, 999), model.ErrNotFound)
	assert.Equal(t, client, core.CurrentWorkspace(), "a failed switch keeps the current one")

	again := deskCore(t, st, time.Now())
	assert.Equal(t, client, again.CurrentWorkspace())

	require.NoError(t, st.SetSetting(ctx, "workspace.current", "999"))
	stale := deskCore(t, st, time.Now())
	assert.Equal(t, home, stale.CurrentWorkspace(), "a workspace that is gone falls back to the first")
}

func TestDeleteWorkspace(t *testing.T) {
	st := storetest.Open(t)
	core := deskCore(t, st, time.Now())
	ctx := t.Context()
	home := core.CurrentWorkspace()
	err := core.DeleteWorkspace(ctx, home.ID)
	assert.Equal(t, "Webox Social needs one workspace at least: create another one before deleting this one.", app.UserMessage(err))

	client, err := core.CreateWorkspace(ctx, "Client B")
	require.NoError(t, err)
	storetest.NewAccount(t, st) // in home
	err = core.DeleteWorkspace(ctx, home.ID)
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.Contains(t, app.UserMessage(err), `Disconnect the accounts of "`+store.DefaultWorkspaceName+`" first`)

	require.NoError(t, core.SwitchWorkspace(ctx, client.ID))
	draft(t, core, "A plan for Client B")
	e := listen(t, core)
	require.NoError(t, core.DeleteWorkspace(ctx, client.ID))
	assert.Equal(t, home, core.CurrentWorkspace(), "deleting the current one switches to another")
	<-e.workspace
	all, err := core.Workspaces(ctx)
	require.NoError(t, err)
	assert.Equal(t, []model.Workspace{home}, all)
	posts, err := st.ListPosts(ctx, model.PostFilter{WorkspaceID: client.ID})
	require.NoError(t, err)
	assert.Empty(t, posts, "its posts are gone with it")
	assert.ErrorIs(t, core.DeleteWorkspace(ctx, client.ID), model.ErrNotFound)
}
