package views

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/services/model"
)

// workspaceSwitcher is the navigation header's workspace control: a button with the
// current workspace's name that opens a menu to switch workspace, create one or rename
// the current one. Accounts and posts belong to one workspace; switching reloads every
// screen (the core fires Accounts and Posts).
type workspaceSwitcher struct {
	e *env
	// button is the tappable background; name shows the workspace over it, cut with an
	// ellipsis when it does not fit the navigation column.
	button *widget.Button
	name   *widget.Label
	root   fyne.CanvasObject
	loads  latest
	// changed runs on the UI goroutine with the current workspace's name after a switch
	// or a rename, to update the window title and the tray.
	changed func(name string)
}

func newWorkspaceSwitcher(e *env, changed func(name string)) *workspaceSwitcher {
	w := &workspaceSwitcher{e: e, changed: changed, name: widget.NewLabel(e.core.WorkspaceName())}
	w.name.Truncation = fyne.TextTruncateEllipsis
	w.button = &widget.Button{Importance: widget.LowImportance, OnTapped: w.open}
	caption := widget.NewLabel(lang.L("Workspace"))
	caption.SizeName = theme.SizeNameCaptionText
	face := container.NewBorder(nil, nil, nil, widget.NewIcon(theme.MenuDropDownIcon()), w.name)
	w.root = container.NewVBox(caption, container.NewStack(w.button, face))
	return w
}

// view is the switcher with a caption saying what it is.
func (w *workspaceSwitcher) view() fyne.CanvasObject { return w.root }

// open loads the workspaces off the UI goroutine and shows the menu under the button.
func (w *workspaceSwitcher) open() {
	reloadInto(w.e, &w.loads, w.e.core.Workspaces, func(list []model.Workspace, err error) {
		if err != nil {
			dialog.ShowInformation(lang.L("Workspaces unavailable"), app.UserMessage(err), w.e.win)
			return
		}
		pos := fyne.NewPos(0, w.button.Size().Height)
		widget.ShowPopUpMenuAtRelativePosition(w.menu(list), w.e.win.Canvas(), pos, w.button)
	})
}

// menu lists the workspaces (the current one checked), then "New workspace…" and
// "Rename…".
func (w *workspaceSwitcher) menu(list []model.Workspace) *fyne.Menu {
	current := w.e.core.CurrentWorkspace()
	items := make([]*fyne.MenuItem, 0, len(list)+3)
	for _, ws := range list {
		item := fyne.NewMenuItem(ws.Name, func() { w.switchTo(ws) })
		item.Checked = ws.ID == current.ID
		items = append(items, item)
	}
	items = append(items, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(lang.L("New workspace…"), w.askNew),
		fyne.NewMenuItem(lang.L("Rename…"), func() { w.askRename(current) }),
		fyne.NewMenuItem(lang.L("Delete this workspace…"), func() { w.askDelete(current) }))
	return fyne.NewMenu(lang.L("Workspace"), items...)
}

// switchTo makes ws current; the screens reload on the core's events.
func (w *workspaceSwitcher) switchTo(ws model.Workspace) {
	if ws.ID == w.e.core.CurrentWorkspace().ID {
		return
	}
	work(w.e, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, w.e.core.SwitchWorkspace(ctx, ws.ID)
	}, func(_ struct{}, err error) {
		if err != nil {
			dialog.ShowInformation(lang.L("Workspace not switched"), app.UserMessage(err), w.e.win)
			return
		}
		w.show(ws.Name)
	})
}

// show puts the current workspace's name in the switcher, the title and the tray.
func (w *workspaceSwitcher) show(name string) {
	w.name.SetText(name)
	if w.changed != nil {
		w.changed(name)
	}
}

// askNew asks for a name, creates the workspace and switches to it.
func (w *workspaceSwitcher) askNew() {
	nameDialog(w.e, nameAsk{
		title:   lang.L("New workspace"),
		intro:   lang.L("A workspace keeps one client's or brand's accounts and posts apart from the others."),
		confirm: lang.L("Create"),
		save: func(ctx context.Context, name string) (string, error) {
			ws, err := w.e.core.CreateWorkspace(ctx, name)
			if err != nil {
				return "", err
			}
			return ws.Name, w.e.core.SwitchWorkspace(ctx, ws.ID)
		},
		done: w.show,
	})
}

// askRename asks for a new name of the current workspace.
func (w *workspaceSwitcher) askRename(ws model.Workspace) {
	nameDialog(w.e, nameAsk{
		title:   lang.L("Rename the workspace"),
		initial: ws.Name,
		confirm: lang.L("Rename"),
		save: func(ctx context.Context, name string) (string, error) {
			if err := w.e.core.RenameWorkspace(ctx, ws.ID, name); err != nil {
				return "", err
			}
			return w.e.core.CurrentWorkspace().Name, nil
		},
		done: w.show,
	})
}

// askDelete confirms, then deletes the current workspace; the core refuses the last
// one and one with accounts, with a sentence shown here.
func (w *workspaceSwitcher) askDelete(ws model.Workspace) {
	msg := lang.L("“{{.Name}}” and its posts will be deleted from this computer. This cannot be undone.",
		map[string]any{"Name": ws.Name})
	d := dialog.NewConfirm(lang.L("Delete this workspace?"), msg, func(ok bool) {
		if ok {
			w.delete(ws)
		}
	}, w.e.win)
	d.SetConfirmText(lang.L("Delete"))
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}

// delete deletes ws off the UI goroutine and shows the workspace now current.
func (w *workspaceSwitcher) delete(ws model.Workspace) {
	work(w.e, func(ctx context.Context) (string, error) {
		if err := w.e.core.DeleteWorkspace(ctx, ws.ID); err != nil {
			return "", err
		}
		return w.e.core.CurrentWorkspace().Name, nil
	}, func(name string, err error) {
		if err != nil {
			dialog.ShowInformation(lang.L("Workspace not deleted"), app.UserMessage(err), w.e.win)
			return
		}
		w.show(name)
	})
}

// nameAsk configures nameDialog.
type nameAsk struct {
	title, intro, initial, confirm string
	// save runs off the UI goroutine with the typed name and returns the name to show.
	save func(ctx context.Context, name string) (string, error)
	// done runs on the UI goroutine after save succeeded.
	done func(name string)
}

// nameDialog asks for a workspace name. It stays open with the core's sentence when
// saving fails, so nothing typed is lost.
func nameDialog(e *env, a nameAsk) dialog.Dialog {
	entry := widget.NewEntry()
	entry.SetText(a.initial)
	entry.SetPlaceHolder(lang.L("For example: Bakery Dupont"))
	status := newStatusLabel()
	var d *dialog.CustomDialog
	var ok *widget.Button
	submit := func() {
		ok.Disable()
		work(e, func(ctx context.Context) (string, error) { return a.save(ctx, entry.Text) }, func(name string, err error) {
			ok.Enable()
			if err != nil {
				message(status, err, "")
				return
			}
			d.Hide()
			a.done(name)
		})
	}
	ok = &widget.Button{Text: a.confirm, Importance: widget.HighImportance, OnTapped: submit}
	entry.OnSubmitted = func(string) { submit() }
	cancel := widget.NewButton(lang.L("Cancel"), func() { d.Hide() })
	body := container.NewVBox(entry, status)
	if a.intro != "" {
		intro := widget.NewLabel(a.intro)
		intro.Wrapping = fyne.TextWrapWord
		body.Objects = append([]fyne.CanvasObject{intro}, body.Objects...)
	}
	d = dialog.NewCustomWithoutButtons(a.title, body, e.win)
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	d.Resize(fyne.NewSize(420, 0))
	d.Show()
	e.win.Canvas().Focus(entry)
	return d
}
