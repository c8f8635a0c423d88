package viewstest

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"webox-social/services/model"
)

// WorkspaceFake holds the workspaces of the fake and the records of the switcher's
// methods: set its fields (through Core.Spaces) before use. Until List is set, the fake
// has one workspace, ID 1, named after Core.Workspace.
type WorkspaceFake struct {
	mu sync.Mutex
	// List are the workspaces, Current the ID of the current one.
	List    []model.Workspace
	Current int64

	Created  []string
	Renamed  []Rename
	Switched []int64
	Deleted  []int64
	// DeleteErr is what DeleteWorkspace answers when set.
	DeleteErr error
}

// Rename is one RenameWorkspace call.
type Rename struct {
	ID   int64
	Name string
}

// workspaceFakes are the WorkspaceFake of each Core (fake.go is shared).
var workspaceFakes sync.Map // *Core → *WorkspaceFake

// Spaces returns the workspace part of the fake.
func (c *Core) Spaces() *WorkspaceFake {
	v, _ := workspaceFakes.LoadOrStore(c, &WorkspaceFake{})
	f := v.(*WorkspaceFake)
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.List) == 0 {
		f.List, f.Current = []model.Workspace{{ID: 1, Name: c.WorkspaceName()}}, 1
	}
	return f
}

// CurrentWorkspace returns the workspace whose ID is Current.
func (c *Core) CurrentWorkspace() model.Workspace {
	f := c.Spaces()
	f.mu.Lock()
	defer f.mu.Unlock()
	w, _ := f.find(f.Current)
	return w
}

func (f *WorkspaceFake) find(id int64) (model.Workspace, int) {
	for i, w := range f.List {
		if w.ID == id {
			return w, i
		}
	}
	return model.Workspace{}, -1
}

// Workspaces returns List.
func (c *Core) Workspaces(context.Context) ([]model.Workspace, error) {
	f := c.Spaces()
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]model.Workspace(nil), f.List...), c.spacesErr()
}

// CreateWorkspace records name and adds a workspace; like the core it refuses an empty
// name or one already used (ignoring case).
func (c *Core) CreateWorkspace(_ context.Context, name string) (model.Workspace, error) {
	f := c.Spaces()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Created = append(f.Created, name)
	name, err := f.checkName(0, name)
	if err != nil {
		return model.Workspace{}, err
	}
	w := model.Workspace{ID: f.List[len(f.List)-1].ID + 1, Name: name}
	f.List = append(f.List, w)
	return w, nil
}

// RenameWorkspace records the call and renames the workspace (and Core.Workspace when
// it is the current one).
func (c *Core) RenameWorkspace(_ context.Context, id int64, name string) error {
	f := c.Spaces()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Renamed = append(f.Renamed, Rename{ID: id, Name: name})
	name, err := f.checkName(id, name)
	if err != nil {
		return err
	}
	_, i := f.find(id)
	if i < 0 {
		return fmt.Errorf("fake: rename workspace %d: %w", id, model.ErrNotFound)
	}
	f.List[i].Name = name
	if id == f.Current {
		c.spacesSetName(name)
	}
	return nil
}

// SwitchWorkspace records id and makes it current (Core.Workspace follows). Unlike the
// core it fires no event.
func (c *Core) SwitchWorkspace(_ context.Context, id int64) error {
	f := c.Spaces()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Switched = append(f.Switched, id)
	if err := c.spacesErr(); err != nil {
		return err
	}
	w, i := f.find(id)
	if i < 0 {
		return fmt.Errorf("fake: switch to workspace %d: %w", id, model.ErrNotFound)
	}
	f.Current = id
	c.spacesSetName(w.Name)
	return nil
}

func (f *WorkspaceFake) checkName(id int64, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", sentenceError("Give the workspace a name, for example the client's or the brand's.")
	}
	for _, w := range f.List {
		if w.ID != id && strings.EqualFold(w.Name, name) {
			return "", sentenceError(fmt.Sprintf("A workspace named %q already exists: pick another name.", w.Name))
		}
	}
	return name, nil
}

func (c *Core) spacesSetName(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Workspace = name
}

func (c *Core) spacesErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Err
}

// DeleteWorkspace records id and removes the workspace; like the core it refuses the
// last one (DeleteErr, when set, is returned instead) and switches away from the current one.
func (c *Core) DeleteWorkspace(_ context.Context, id int64) error {
	f := c.Spaces()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Deleted = append(f.Deleted, id)
	if f.DeleteErr != nil {
		return f.DeleteErr
	}
	_, i := f.find(id)
	if i < 0 || len(f.List) == 1 {
		return fmt.Errorf("fake: delete workspace %d: %w", id, model.ErrInvalid)
	}
	f.List = append(f.List[:i], f.List[i+1:]...)
	if id == f.Current {
		f.Current = f.List[0].ID
		c.spacesSetName(f.List[0].Name)
	}
	return nil
}
