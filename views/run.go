// Package views is everything Fyne in Webox Social: the main window with its navigation
// and screens (accounts, compose, calendar, posts, stats, settings), the system tray and
// desktop notifications. Views talk to the application core only through the Core
// interface, do every blocking call off the UI goroutine and apply results with fyne.Do.
package views

import (
	"context"
	"io"
	"log/slog"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
	"webox-social/assets"
	"webox-social/services/model"
)

// Main window geometry.
const (
	windowWidth  = 1280
	windowHeight = 800
)

// Options configure Run.
type Options struct {
	// StartHidden keeps the window hidden at start when a tray icon is available
	// (without a tray the window is always shown, or the app could not be reached).
	StartHidden bool
	// Logger receives the views' diagnostics; nil discards them.
	Logger *slog.Logger
	// OnQuit runs on the UI goroutine when the user quits (menu, Ctrl+Q, tray, or closing
	// the window when there is no tray), just before fyne.App.Quit. Keep it short: stop
	// the core after fyne.App.Run returns.
	OnQuit func()
}

// UI is the running main window, its screens and the tray.
type UI struct {
	env      *env
	opts     Options
	items    []navItem
	screens  map[int]screen
	current  int
	nav      *widget.List
	content  *fyne.Container
	tray     *tray
	switcher *workspaceSwitcher
	cancel   context.CancelFunc
	quitOnce sync.Once
	unsubs   []func()
	// firstLater builds the first screen once the window is on screen (Run) rather than
	// before it is shown (tests, which check the screen right after start).
	firstLater bool
}

// Run builds the main window, the navigation, the tray (when the desktop offers one) and
// the notification hooks, shows the window unless opts.StartHidden applies, and returns.
// The caller then runs fa.Run(). Call it on the UI goroutine (before fa.Run is fine).
func Run(fa fyne.App, core Core, opts Options) *UI {
	u := newUI(fa, core, opts, goBG)
	u.firstLater = true
	u.start()
	return u
}

func newUI(fa fyne.App, core Core, opts Options, bg func(func())) *UI {
	loadTranslations()
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := fa.NewWindow(windowTitle(core.WorkspaceName()))
	u := &UI{opts: opts, items: navItems(), screens: map[int]screen{}, current: -1, cancel: cancel}
	u.env = &env{fa: fa, win: w, core: core, log: log, ctx: ctx, bg: bg, navigate: u.navigate, track: u.subscribe}
	u.env.edit = u.editPost
	u.env.settingsAt = u.openSettingsAt
	return u
}

// start wires the window, tray and notifications.
func (u *UI) start() {
	w := u.env.win
	w.SetIcon(assets.Icon)
	if u.env.fa.Icon() == nil {
		u.env.fa.SetIcon(assets.Icon)
	}
	u.content = container.NewStack()
	u.nav = newNavList(u.items, u.show)
	footer := newPauseFooter(u.env)
	u.switcher = newWorkspaceSwitcher(u.env, u.workspaceChanged)
	w.SetContent(container.NewBorder(nil, nil, navColumn(u.switcher.view(), u.nav, footer), nil, u.content))
	w.SetMainMenu(u.mainMenu())
	w.SetOnDropped(u.dropped) // files dropped anywhere are attached in Compose
	w.Resize(fyne.NewSize(windowWidth, windowHeight))
	if !u.firstLater {
		u.nav.Select(0)
	}
	u.tray = installTray(u.env, u.Show, u.Quit)
	u.subscribe(u.env.core.Events().Workspace.Subscribe(func(_ context.Context, ws app.WorkspaceChanged) {
		fyne.Do(func() { u.switcher.show(ws.Name) })
	}))
	subscribeNotifications(u.env)
	if u.tray != nil {
		w.SetCloseIntercept(w.Hide)
	} else {
		w.SetCloseIntercept(u.Quit)
	}
	if u.tray == nil || !u.opts.StartHidden {
		w.Show()
	}
	if u.firstLater {
		go fyne.Do(u.showFirst)
	}
}

// showFirst opens the first screen unless one is open already. Run calls it through
// fyne.Do, so the window's first frame (navigation, empty content) is painted before
// the first screen is built, laid out and painted; it follows one frame later.
func (u *UI) showFirst() {
	if u.current < 0 {
		u.nav.Select(0)
	}
}

// windowTitle names the product and the current workspace.
func windowTitle(workspace string) string {
	return lang.L("Webox Social — {{.Workspace}}", map[string]any{"Workspace": workspace})
}

// workspaceChanged shows the current workspace's name in the title bar and the tray.
func (u *UI) workspaceChanged(name string) {
	u.env.win.SetTitle(windowTitle(name))
	if u.tray != nil {
		u.tray.setWorkspace(name)
	}
}

// subscribe remembers an event subscription so Quit can cancel it.
func (u *UI) subscribe(cancel func()) { u.unsubs = append(u.unsubs, cancel) }

// mainMenu carries the keyboard shortcuts, so they work even while an entry has focus.
func (u *UI) mainMenu() *fyne.MainMenu {
	newPost := fyne.NewMenuItem(lang.L("New post"), func() { u.navigate(navCompose) })
	newPost.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
	search := fyne.NewMenuItem(lang.L("Search posts"), u.searchPosts)
	search.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	quit := fyne.NewMenuItem(lang.L("Quit"), u.Quit)
	quit.IsQuit = true
	quit.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
	settings := settingsMenuItem(func() { u.navigate(navSettings) })
	importCSV := fyne.NewMenuItem(lang.L("Import CSV…"), u.onPosts(func(t *transfer) { t.pickImport() }))
	exportCSV := fyne.NewMenuItem(lang.L("Posts as CSV (current filter)"), u.onPosts(func(t *transfer) { t.exportCSV() }))
	exportICS := fyne.NewMenuItem(lang.L("Scheduled posts as calendar (.ics)"), u.onPosts(func(t *transfer) { t.exportICS() }))
	file := fyne.NewMenu(lang.L("File"), newPost, search, fyne.NewMenuItemSeparator(), importCSV, exportCSV, exportICS,
		fyne.NewMenuItemSeparator(), settings, fyne.NewMenuItemSeparator(), quit)
	var views []*fyne.MenuItem
	for i, it := range u.items {
		item := fyne.NewMenuItem(lang.L(it.title), func() { u.nav.Select(i) })
		item.Shortcut = &desktop.CustomShortcut{KeyName: it.key, Modifier: fyne.KeyModifierShortcutDefault}
		views = append(views, item)
	}
	return fyne.NewMainMenu(file, fyne.NewMenu(lang.L("View"), views...))
}

// onPosts is a menu action that opens Posts and runs fn on its import/export.
func (u *UI) onPosts(fn func(*transfer)) func() {
	return func() {
		u.navigate(navPosts)
		if s, ok := u.screens[u.current].(*postsScreen); ok {
			fn(s.csv)
		}
	}
}

// searchPosts opens Posts with the cursor in its search field (Ctrl+F from anywhere).
func (u *UI) searchPosts() {
	u.navigate(navPosts)
	if s, ok := u.screens[u.current].(*postsScreen); ok {
		s.search()
	}
}

// show switches the content area to screen i, building it on first use.
func (u *UI) show(i int) {
	s, ok := u.screens[i]
	if !ok {
		s = u.items[i].build(u.env)
		u.screens[i] = s
	}
	u.current = i
	u.content.Objects = []fyne.CanvasObject{s.view()}
	u.content.Refresh()
	s.reload()
	if f, ok := s.(interface{ focus() }); ok {
		f.focus()
	}
}

// navigate selects the screen with the given title.
func (u *UI) navigate(title string) {
	for i, it := range u.items {
		if it.title == title {
			if u.current == i {
				u.show(i)
			}
			u.nav.Select(i)
			return
		}
	}
}

// editPost opens Compose with p loaded for editing.
func (u *UI) editPost(p model.Post) {
	u.navigate(navCompose)
	if s, ok := u.screens[u.current].(*composeScreen); ok {
		s.editPost(p)
	}
}

// openSettingsAt opens Settings at network p's developer app.
func (u *UI) openSettingsAt(p model.Platform) {
	u.navigate(navSettings)
	if s, ok := u.screens[u.current].(*settingsScreen); ok {
		s.showNetwork(p)
	}
}

// Window returns the main window.
func (u *UI) Window() fyne.Window { return u.env.win }

// Show brings the main window forward. It is safe to call from any goroutine (for example
// when a second start of the app asks the first one to show itself).
func (u *UI) Show() {
	fyne.Do(func() {
		u.env.win.Show()
		u.env.win.RequestFocus()
	})
}

// Quit cancels background work and event subscriptions, runs Options.OnQuit and quits the
// Fyne app. It runs once; call it on the UI goroutine.
func (u *UI) Quit() {
	u.quitOnce.Do(func() {
		u.stop()
		if u.opts.OnQuit != nil {
			u.opts.OnQuit()
		}
		quitApp(u.env.fa, u.env.log)
	})
}

// quitApp quits Fyne. When Fyne could not watch its settings file at start (for example
// the user's inotify instances are used up), fyne 2.7.1 keeps a typed-nil watcher and
// panics closing it in Quit, after the driver has already been told to stop: that
// panic is recovered so quitting always ends the app cleanly.
func quitApp(fa fyne.App, log *slog.Logger) {
	defer func() {
		if r := recover(); r != nil {
			log.Warn("fyne failed while quitting (its settings file was not watched); ignored", "error", r)
		}
	}()
	fa.Quit()
}

// stop cancels background work and subscriptions.
func (u *UI) stop() {
	u.cancel()
	for _, c := range u.unsubs {
		c()
	}
	u.unsubs = nil
	if u.tray != nil {
		u.tray.stop()
	}
}
