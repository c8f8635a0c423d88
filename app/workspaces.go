package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"webox-social/services/model"
)

// keyCurrentWorkspace remembers the workspace the user works in, restored at start.
const keyCurrentWorkspace = "workspace.current"

// maxWorkspaceName is the longest workspace name, in characters: it must fit the
// navigation column and the window title.
const maxWorkspaceName = 60

// restoreWorkspace makes the remembered workspace current, or the first one (created on
// a new data dir) when none is remembered or it is gone.
func (a *App) restoreWorkspace(ctx context.Context) error {
	ws, err := a.store.EnsureDefaultWorkspace(ctx)
	if err != nil {
		return err
	}
	if w, ok := a.rememberedWorkspace(ctx); ok {
		ws = w
	}
	a.workspace.Store(&ws)
	a.log.Info("workspace", "id", ws.ID)
	return nil
}

// rememberedWorkspace reads keyCurrentWorkspace; false when it is unset or stale.
func (a *App) rememberedWorkspace(ctx context.Context) (model.Workspace, bool) {
	v, err := a.store.GetSetting(ctx, keyCurrentWorkspace)
	if err != nil {
		if !errors.Is(err, model.ErrNotFound) {
			a.log.Warn("read the current workspace", "err", err)
		}
		return model.Workspace{}, false
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		a.log.Warn("current workspace setting is not an id", "value", v)
		return model.Workspace{}, false
	}
	w, err := a.store.GetWorkspace(ctx, id)
	if err != nil {
		a.log.Warn("current workspace is gone; using the first one", "id", id, "err", err)
		return model.Workspace{}, false
	}
	return w, true
}

// CurrentWorkspace is the workspace the window shows: accounts, posts and media are
// listed and created in it. Cheap; safe from any goroutine.
func (a *App) CurrentWorkspace() model.Workspace { return *a.workspace.Load() }

// Workspaces lists every workspace, oldest first.
func (a *App) Workspaces(ctx context.Context) ([]model.Workspace, error) {
	return a.store.ListWorkspaces(ctx)
}

// CreateWorkspace adds a workspace (one per client or brand) without switching to it.
// Names are trimmed, unique ignoring case, and at most 60 characters.
func (a *App) CreateWorkspace(ctx context.Context, name string) (model.Workspace, error) {
	name, err := a.checkWorkspaceName(ctx, 0, name)
	if err != nil {
		return model.Workspace{}, err
	}
	w, err := a.store.CreateWorkspace(ctx, name)
	if err != nil {
		return model.Workspace{}, fmt.Errorf("create workspace: %w", err)
	}
	a.log.Info("workspace created", "id", w.ID)
	return w, nil
}

// RenameWorkspace renames a workspace; renaming the current one fires Workspace.
func (a *App) RenameWorkspace(ctx context.Context, id int64, name string) error {
	name, err := a.checkWorkspaceName(ctx, id, name)
	if err != nil {
		return err
	}
	a.workspaceMu.Lock()
	defer a.workspaceMu.Unlock()
	if err := a.store.RenameWorkspace(ctx, id, name); err != nil {
		return fmt.Errorf("rename workspace %d: %w", id, err)
	}
	a.log.Info("workspace renamed", "id", id)
	if cur := a.CurrentWorkspace(); cur.ID == id {
		cur.Name = name
		a.workspace.Store(&cur)
		a.events.Workspace.Publish(ctx, WorkspaceChanged{ID: id, Name: name})
	}
	return nil
}

// SwitchWorkspace makes workspace id current and remembers it for the next start. It
// fires Workspace, then Accounts and Posts so every list reloads. The publisher is not
// affected: it keeps publishing the posts of every workspace.
func (a *App) SwitchWorkspace(ctx context.Context, id int64) error {
	a.workspaceMu.Lock()
	if a.CurrentWorkspace().ID == id {
		a.workspaceMu.Unlock()
		return nil
	}
	w, err := a.store.GetWorkspace(ctx, id)
	if err == nil {
		err = a.store.SetSetting(ctx, keyCurrentWorkspace, strconv.FormatInt(id, 10))
	}
	if err != nil {
		a.workspaceMu.Unlock()
		return fmt.Errorf("switch to workspace %d: %w", id, err)
	}
	a.workspace.Store(&w)
	a.workspaceMu.Unlock()
	a.log.Info("workspace switched", "id", id)
	a.events.Workspace.Publish(ctx, WorkspaceChanged{ID: w.ID, Name: w.Name})
	a.events.Accounts.Publish(ctx, AccountChanged{})
	a.events.Posts.Publish(ctx, PostChanged{})
	return nil
}

// DeleteWorkspace deletes a workspace and its posts. The last workspace cannot be
// deleted, nor one with connected accounts: disconnecting them first signs out of each
// network deliberately and stops their deliveries. Deleting the current workspace
// switches to the first other one.
func (a *App) DeleteWorkspace(ctx context.Context, id int64) error {
	all, err := a.store.ListWorkspaces(ctx)
	if err != nil {
		return fmt.Errorf("delete workspace %d: %w", id, err)
	}
	i := slices.IndexFunc(all, func(w model.Workspace) bool { return w.ID == id })
	if i < 0 {
		return fmt.Errorf("delete workspace %d: %w", id, model.ErrNotFound)
	}
	if len(all) == 1 {
		return invalid("Webox Social needs one workspace at least: create another one before deleting this one.")
	}
	accts, err := a.store.ListAccounts(ctx, id)
	if err != nil {
		return fmt.Errorf("delete workspace %d: %w", id, err)
	}
	if len(accts) > 0 {
		return invalid(fmt.Sprintf("Disconnect the accounts of %q first (on Accounts): deleting a workspace never signs out of a network on its own.", all[i].Name))
	}
	if a.CurrentWorkspace().ID == id {
		other := all[0]
		if i == 0 {
			other = all[1]
		}
		if err := a.SwitchWorkspace(ctx, other.ID); err != nil {
			return err
		}
	}
	if err := a.store.DeleteWorkspace(ctx, id); err != nil {
		return fmt.Errorf("delete workspace %d: %w", id, err)
	}
	a.log.Info("workspace deleted", "id", id)
	a.events.Workspace.Publish(ctx, WorkspaceChanged{ID: a.CurrentWorkspace().ID, Name: a.CurrentWorkspace().Name})
	return nil
}

// checkWorkspaceName trims name and refuses an empty, too long or already used one
// (another workspace than id with the same name, ignoring case).
func (a *App) checkWorkspaceName(ctx context.Context, id int64, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", invalid("Give the workspace a name, for example the client's or the brand's.")
	}
	if utf8.RuneCountInString(name) > maxWorkspaceName {
		return "", invalid(fmt.Sprintf("A workspace name can have at most %d characters.", maxWorkspaceName))
	}
	all, err := a.store.ListWorkspaces(ctx)
	if err != nil {
		return "", fmt.Errorf("check workspace name: %w", err)
	}
	for _, w := range all {
		if w.ID != id && strings.EqualFold(w.Name, name) {
			return "", &userError{msg: fmt.Sprintf("A workspace named %q already exists: pick another name.", w.Name),
				kind: model.ErrConflict}
		}
	}
	return name, nil
}
