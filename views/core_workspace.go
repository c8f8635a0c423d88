package views

import (
	"context"

	"webox-social/services/model"
)

// workspaceCore is what the workspace switcher needs from the core beyond Core's shared methods.
type workspaceCore interface {
	// CurrentWorkspace is the workspace the window shows. Cheap.
	CurrentWorkspace() model.Workspace
	// Workspaces lists every workspace, oldest first.
	Workspaces(ctx context.Context) ([]model.Workspace, error)
	// CreateWorkspace adds a workspace without switching to it; names are unique.
	CreateWorkspace(ctx context.Context, name string) (model.Workspace, error)
	// RenameWorkspace renames a workspace; renaming the current one fires Events().Workspace.
	RenameWorkspace(ctx context.Context, id int64, name string) error
	// SwitchWorkspace makes a workspace current and remembers it; it fires
	// Events().Workspace, then Accounts and Posts so the screens reload.
	SwitchWorkspace(ctx context.Context, id int64) error
	// DeleteWorkspace deletes a workspace without accounts, and its posts; deleting the
	// current one switches to another. The last workspace cannot be deleted.
	DeleteWorkspace(ctx context.Context, id int64) error
}
