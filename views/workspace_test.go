package views

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/views/viewstest"
)

// twoWorkspaces is a fake core with the current "Test workspace" and "Bakery Dupont".
func twoWorkspaces() *viewstest.Core {
	c := viewstest.New()
	c.Spaces().List = []model.Workspace{{ID: 1, Name: "Test workspace"}, {ID: 2, Name: "Bakery Dupont"}}
	return c
}

func menuLabels(m *fyne.Menu) []string {
	var out []string
	for _, it := range m.Items {
		out = append(out, it.Label)
	}
	return out
}

func TestWorkspaceSwitcherSwitches(t *testing.T) {
	c := twoWorkspaces()
	u := newTestUI(t, c)
	sw := u.switcher
	assert.Equal(t, "Test workspace", sw.name.Text)

	test.Tap(sw.button)
	var shown []string
	walk(overlay(t, u), func(o fyne.CanvasObject) {
		if txt, ok := o.(*canvas.Text); ok {
			shown = append(shown, txt.Text)
		}
	})
	assert.Contains(t, shown, "New workspace…", "the button opens the workspace menu")
	assert.Contains(t, shown, "Bakery Dupont")

	list, err := c.Workspaces(t.Context())
	require.NoError(t, err)
	m := sw.menu(list)
	assert.Equal(t, []string{"Test workspace", "Bakery Dupont", "", "New workspace…", "Rename…", "Delete this workspace…"}, menuLabels(m))
	assert.True(t, m.Items[0].Checked, "the current workspace is checked")
	assert.False(t, m.Items[1].Checked)

	m.Items[1].Action()
	assert.Equal(t, []int64{2}, c.Spaces().Switched)
	assert.Equal(t, "Bakery Dupont", sw.name.Text)
	assert.Equal(t, "Webox Social — Bakery Dupont", u.Window().Title())

	sw.menu(list).Items[1].Action() // already current: nothing to do
	assert.Equal(t, []int64{2}, c.Spaces().Switched)
}

func TestWorkspaceSwitcherCreatesAndSwitches(t *testing.T) {
	c := twoWorkspaces()
	u := newTestUI(t, c)
	sw := u.switcher

	sw.askNew()
	dlg := overlay(t, u)
	name := entries(dlg)[0]
	name.SetText("bakery dupont")
	test.Tap(button(t, dlg, "Create"))
	assert.Contains(t, texts(dlg), `A workspace named "Bakery Dupont" already exists: pick another name.`)
	assert.Same(t, dlg, overlay(t, u), "the dialog stays open with what was typed")
	assert.Empty(t, c.Spaces().Switched)

	name.SetText("Client C")
	name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter creates it too
	assert.Equal(t, []string{"bakery dupont", "Client C"}, c.Spaces().Created)
	assert.Equal(t, []int64{3}, c.Spaces().Switched, "a new workspace becomes the current one")
	assert.Equal(t, "Client C", sw.name.Text)
	assert.Equal(t, "Webox Social — Client C", u.Window().Title())
	assert.Nil(t, u.Window().Canvas().Overlays().Top())
}

func TestWorkspaceSwitcherRenamesTheCurrentOne(t *testing.T) {
	c := twoWorkspaces()
	u := newTestUI(t, c)
	sw := u.switcher
	list, err := c.Workspaces(t.Context())
	require.NoError(t, err)

	sw.menu(list).Items[4].Action()
	dlg := overlay(t, u)
	name := entries(dlg)[0]
	assert.Equal(t, "Test workspace", name.Text, "the entry starts with the current name")
	name.SetText("  Agency  ")
	test.Tap(button(t, dlg, "Rename"))
	assert.Equal(t, []viewstest.Rename{{ID: 1, Name: "  Agency  "}}, c.Spaces().Renamed)
	assert.Equal(t, "Agency", sw.name.Text)
	assert.Equal(t, "Webox Social — Agency", u.Window().Title())
}

func TestALongWorkspaceNameKeepsTheNavigationNarrow(t *testing.T) {
	u := newTestUI(t, viewstest.New())
	long := strings.Repeat("W", 60)
	u.switcher.show(long)
	assert.Equal(t, long, u.switcher.name.Text)
	assert.Less(t, u.switcher.view().MinSize().Width, float32(navWidth), "cut with an ellipsis instead")
	assert.Equal(t, "Webox Social — "+long, u.Window().Title(), "the title keeps it whole")
}

func TestTrayNamesTheWorkspace(t *testing.T) {
	u := newTestUI(t, viewstest.New())
	tr := newTray(u.env, func() {}, func() {})
	assert.Equal(t, "Workspace: Test workspace", tr.ws.Label)
	tr.setWorkspace("Bakery Dupont")
	assert.Equal(t, "Workspace: Bakery Dupont", tr.ws.Label)
}

func TestWorkspaceSwitcherDeletesAfterConfirming(t *testing.T) {
	c := twoWorkspaces()
	u := newTestUI(t, c)
	sw := u.switcher
	sw.menu(nil).Items[len(sw.menu(nil).Items)-1].Action()
	d := overlay(t, u)
	assert.Contains(t, texts(d), "“Test workspace” and its posts will be deleted from this computer. This cannot be undone.")
	test.Tap(button(t, d, "Delete"))
	assert.Equal(t, []int64{1}, c.Spaces().Deleted)
	assert.Equal(t, "Bakery Dupont", sw.name.Text, "the other workspace is now shown")
	assert.Equal(t, "Webox Social — Bakery Dupont", u.Window().Title())

	c.Spaces().DeleteErr = errors.New("wrapped: " + `Disconnect the accounts of "Bakery Dupont" first`)
	sw.askDelete(c.CurrentWorkspace())
	test.Tap(button(t, overlay(t, u), "Delete"))
	assert.Contains(t, texts(overlay(t, u)), "Workspace not deleted")
	assert.Equal(t, "Bakery Dupont", sw.name.Text)
}
