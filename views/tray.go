package views

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"webox-social/app"
	"webox-social/assets"
	"webox-social/services/model"
)

// trayRefresh is how often the tray's "Next:" line is refreshed besides events.
const trayRefresh = time.Minute

// tray is the system tray menu: open the window, pause or resume, the next post, quit.
type tray struct {
	e     *env
	loads latest
	menu  *fyne.Menu
	ws    *fyne.MenuItem
	pause *fyne.MenuItem
	next  *fyne.MenuItem
	stop  context.CancelFunc
}

// installTray sets up the tray when the app runs on a desktop with a reachable session
// bus (see sessionBusReachable), and returns nil otherwise. Without the bus, installing a
// tray makes a later Quit panic inside fyne.io/systray.
func installTray(e *env, show, quit func()) *tray {
	desk, ok := e.fa.(desktop.App)
	if !ok {
		e.log.Info("views: no system tray: not a desktop app")
		return nil
	}
	if err := sessionBusReachable(); err != nil {
		e.log.Info("views: no system tray: session bus unreachable", "err", err)
		return nil
	}
	t := newTray(e, show, quit)
	desk.SetSystemTrayIcon(assets.Icon)
	desk.SetSystemTrayMenu(t.menu)
	desk.SetSystemTrayWindow(e.win)
	t.watch()
	return t
}

// newTray builds the tray menu; it touches no desktop API, so tests can call it.
func newTray(e *env, show, quit func()) *tray {
	t := &tray{e: e, stop: func() {}}
	open := fyne.NewMenuItem(lang.L("Open Webox Social"), show)
	t.ws = fyne.NewMenuItem(trayWorkspace(e.core.WorkspaceName()), nil)
	t.ws.Disabled = true
	t.next = fyne.NewMenuItem(lang.L("Next: nothing scheduled"), nil)
	t.next.Disabled = true
	_, action := pauseLabels(e.core.Paused())
	t.pause = fyne.NewMenuItem(action, func() { togglePause(e.core); t.setPaused(e.core.Paused()) })
	q := fyne.NewMenuItem(lang.L("Quit"), quit)
	q.IsQuit = true
	t.menu = fyne.NewMenu("Webox Social", open, t.ws, fyne.NewMenuItemSeparator(), t.next, t.pause,
		fyne.NewMenuItemSeparator(), q)
	return t
}

// watch refreshes the menu on events and every trayRefresh until the UI quits.
func (t *tray) watch() {
	ev := t.e.core.Events()
	refresh := func() { fyne.Do(t.refreshNext) }
	t.e.track(ev.Posts.Subscribe(func(context.Context, app.PostChanged) { refresh() }))
	t.e.track(ev.Delivery.Subscribe(func(context.Context, app.DeliveryEvent) { refresh() }))
	t.e.track(ev.Paused.Subscribe(func(_ context.Context, p bool) { fyne.Do(func() { t.setPaused(p) }) }))
	ctx, cancel := context.WithCancel(t.e.ctx)
	t.stop = cancel
	go t.tick(ctx, refresh)
	t.refreshNext()
}

func (t *tray) tick(ctx context.Context, refresh func()) {
	tk := time.NewTicker(trayRefresh)
	defer tk.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tk.C:
			refresh()
		}
	}
}

// trayWorkspace is the tray's line naming the current workspace.
func trayWorkspace(name string) string {
	return lang.L("Workspace: {{.Workspace}}", map[string]any{"Workspace": name})
}

// setWorkspace names the current workspace and refreshes the "Next:" line, which
// belongs to it.
func (t *tray) setWorkspace(name string) {
	t.ws.Label = trayWorkspace(name)
	t.menu.Refresh()
	t.refreshNext()
}

func (t *tray) setPaused(paused bool) {
	_, action := pauseLabels(paused)
	t.pause.Label = action
	t.menu.Refresh()
}

// refreshNext asks the core for the next due post off the UI goroutine.
func (t *tray) refreshNext() {
	type next struct {
		post model.Post
		ok   bool
	}
	reloadInto(t.e, &t.loads, func(ctx context.Context) (next, error) {
		p, ok, err := t.e.core.NextDue(ctx)
		return next{p, ok}, err
	}, func(n next, err error) {
		t.next.Label = nextLabel(n.post, n.ok, err)
		t.menu.Refresh()
	})
}

// nextLabel is the tray's "Next:" line.
func nextLabel(p model.Post, ok bool, err error) string {
	switch {
	case err != nil:
		return lang.L("Next: unknown (see the window)")
	case !ok:
		return lang.L("Next: nothing scheduled")
	}
	at := p.ScheduledAt.In(time.Local)
	return lang.L("Next: {{.Day}} {{.Time}} {{.Post}}", map[string]any{"Day": calDayShort(civilOf(at)),
		"Time": at.Format(timeInputLayout), "Post": excerpt(p.Content, 40)})
}
