// Command webox-social is Webox Social: a desktop app that connects social accounts,
// schedules posts and publishes them from the system tray, exactly once.
//
// Usage:
//
//	webox-social [--data-dir DIR] [--headless | --minimized] [--debug] [--paths]
//
// main is the composition root only: it reads flags, sets up logging and the crash
// file, opens the store and the secrets, builds the core and runs the window or the
// headless engine.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	fyneapp "fyne.io/fyne/v2/app"

	"webox-social/app"
	"webox-social/cli"
	"webox-social/localapi"
	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/bluesky"
	"webox-social/services/platforms/facebook"
	"webox-social/services/platforms/instagram"
	"webox-social/services/platforms/linkedin"
	"webox-social/services/platforms/mastodon"
	"webox-social/services/platforms/tiktok"
	"webox-social/services/platforms/xcom"
	"webox-social/services/platforms/youtube"
	"webox-social/services/secrets"
	"webox-social/services/store"
	"webox-social/views"
)

// appID is the application identifier (FyneApp.toml, keychain service).
const appID = "com.webox.social"

type options struct {
	dataDir   string
	headless  bool
	minimized bool
	debug     bool
	paths     bool
}

func main() {
	opts := parseFlags()
	if flag.NArg() > 0 && cli.IsCommand(flag.Arg(0)) {
		os.Exit(runCLI(opts, flag.Args()))
	}
	err := run(opts)
	if errors.Is(err, errRestart) {
		err = app.Relaunch()
	}
	if err != nil {
		if app.IsAlreadyRunning(err) {
			fmt.Fprintln(os.Stderr, app.UserMessage(err))
			return
		}
		fmt.Fprintln(os.Stderr, "webox-social:", app.UserMessage(err))
		os.Exit(1)
	}
}

func parseFlags() options {
	var o options
	flag.StringVar(&o.dataDir, "data-dir", os.Getenv("WEBOX_DATA_DIR"), "folder for the database, media and logs (env WEBOX_DATA_DIR)")
	flag.BoolVar(&o.headless, "headless", false, "run the publishing engine without a window")
	flag.BoolVar(&o.minimized, "minimized", false, "start in the tray without showing the window (how it starts at login)")
	flag.BoolVar(&o.debug, "debug", false, "log at debug level")
	flag.BoolVar(&o.paths, "paths", false, "print where data, logs and secrets live, then exit")
	flag.Usage = func() {
		out := flag.CommandLine.Output()
		fmt.Fprintf(out, "Usage: webox-social [FLAGS]          open the window (or --headless)\n\nFlags:\n")
		flag.PrintDefaults()
		fmt.Fprintf(out, "\n%s", cli.Usage())
	}
	flag.Parse()
	return o
}

func run(o options) error {
	dir, err := dataDir(o.dataDir)
	if err != nil {
		return err
	}
	if o.paths {
		printPaths(dir)
		return nil
	}
	log, closeLog, err := setupLogging(dir, o.debug, os.Stderr)
	if err != nil {
		return err
	}
	defer closeLog()
	inst, err := app.AcquireInstance(dir)
	if err != nil {
		return err
	}
	defer inst.Release()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // stops the local API
	core, closeCore, err := buildCore(ctx, dir, log)
	if err != nil {
		return err
	}
	defer closeCore()
	startLocalAPI(ctx, core, log)
	if o.headless {
		return runHeadless(ctx, core, inst, log)
	}
	return runWindow(ctx, core, inst, log, o.minimized)
}

// startLocalAPI serves the local REST API on 127.0.0.1 while Settings has it switched
// on, and follows the switch while the app runs; it stops with ctx.
func startLocalAPI(ctx context.Context, core *app.App, log *slog.Logger) {
	var (
		runner localapi.Runner
		mu     sync.Mutex // one apply at a time, each reading the latest settings
	)
	apply := func() {
		mu.Lock()
		defer mu.Unlock()
		s, err := core.LocalAPISettings(ctx)
		if err == nil && s.Enabled {
			var token string
			if token, err = core.LocalAPIToken(); err == nil {
				err = runner.Apply(ctx, true, s.Addr, localapi.New(core, token))
			}
		} else if err == nil {
			runner.Stop()
		}
		core.SetLocalAPIState(app.LocalAPIState{Listening: runner.Addr(), Err: err})
	}
	core.OnLocalAPIChange(apply)
	go func() {
		<-ctx.Done()
		runner.Stop()
	}()
	apply()
}

// runCLI runs one command-line command on the core, without the publisher or the
// instance lock: a running app (window or headless) keeps owning delivery and is told to
// plan again afterwards.
func runCLI(o options, args []string) int {
	dir, err := dataDir(o.dataDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "webox-social:", app.UserMessage(err))
		return cli.ExitFailure
	}
	log, closeLog, err := setupLogging(dir, o.debug, nil) // the log file only: stderr is for the command's sentences
	if err != nil {
		fmt.Fprintln(os.Stderr, "webox-social:", app.UserMessage(err))
		return cli.ExitFailure
	}
	defer closeLog()
	ctx := context.Background()
	core, closeCore, err := buildCore(ctx, dir, log)
	if err != nil {
		fmt.Fprintln(os.Stderr, "webox-social:", app.UserMessage(err))
		return cli.ExitFailure
	}
	defer closeCore()
	return cli.Run(ctx, core, args, cli.Options{Stdout: os.Stdout, Stderr: os.Stderr,
		Wake: func() bool { return app.SignalWake(dir) }})
}

// dataDir resolves and creates the data folder: flag, then WEBOX_DATA_DIR, then the
// user's config dir.
func dataDir(flagValue string) (string, error) {
	dir := flagValue
	if dir == "" {
		cfg, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("find the user's config folder (set --data-dir): %w", err)
		}
		dir = filepath.Join(cfg, "webox-social")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create the data folder %s: %w", dir, err)
	}
	return filepath.Abs(dir)
}

func printPaths(dir string) {
	fmt.Printf("data folder: %s\ndatabase:    %s\nmedia:       %s\nlog:         %s\ncrash file:  %s\n",
		dir, filepath.Join(dir, "webox-social.db"), filepath.Join(dir, "media"),
		filepath.Join(dir, "webox-social.log"), filepath.Join(dir, "crash.log"))
	fmt.Printf("secrets:     OS keychain, service %q (or %s with WEBOX_ENCRYPTION_KEY)\n",
		appID, filepath.Join(dir, "secrets.enc"))
}

// setupLogging logs to console (when not nil) and to a file in the data dir, and sends fatal crash
// output to crash.log. Secrets are never logged: only ids and platform names are.
func setupLogging(dir string, debugLevel bool, console io.Writer) (*slog.Logger, func(), error) {
	level := slog.LevelInfo
	if debugLevel {
		level = slog.LevelDebug
	}
	f, err := os.OpenFile(filepath.Join(dir, "webox-social.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("open the log file: %w", err)
	}
	crash, err := os.OpenFile(filepath.Join(dir, "crash.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("open the crash file: %w", err)
	}
	if err := debug.SetCrashOutput(crash, debug.CrashOptions{}); err != nil {
		slog.Warn("crash output not redirected", "err", err)
	}
	var out io.Writer = f
	if console != nil {
		out = multiWriter{console, f}
	}
	h := slog.NewTextHandler(out, &slog.HandlerOptions{Level: level})
	log := slog.New(h)
	slog.SetDefault(log)
	// Libraries that use the log package (Fyne) report problems: keep them visible as warnings.
	slog.SetLogLoggerLevel(slog.LevelWarn)
	return log, func() { f.Close(); crash.Close() }, nil
}

// buildCore opens the store and the secrets and builds the application core.
func buildCore(ctx context.Context, dir string, log *slog.Logger) (*app.App, func(), error) {
	st, err := store.Open(ctx, filepath.Join(dir, "webox-social.db"))
	if err != nil {
		return nil, nil, err
	}
	sec, backend, err := secrets.Open(dir)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	log.Info("started", "data_dir", dir, "secrets", backend)
	hc := &http.Client{Timeout: 10 * time.Minute}
	mc := mastodon.New(hc)
	reg := platforms.Registry{}
	core, err := app.New(ctx, app.Params{
		Store: st, Secrets: sec, SecretsBackend: backend, DataDir: dir, Logger: log,
		Connectors: reg, Authorizers: authorizers(hc, mc),
	})
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	addConnectors(reg, hc, mc, core.MediaHost(), dir)
	return core, func() { st.Close() }, nil
}

// addConnectors registers a publishing connector for every network. Instagram and TikTok
// fetch media through host; YouTube keeps its upload sessions in dir to resume them
// after a restart.
func addConnectors(reg platforms.Registry, hc *http.Client, mc *mastodon.Connector, host platforms.MediaHost, dir string) {
	reg[model.Mastodon] = mc
	reg[model.X] = xcom.NewConnector(hc)
	reg[model.Bluesky] = bluesky.NewConnector(hc)
	reg[model.LinkedIn] = linkedin.NewConnector(hc)
	reg[model.Facebook] = facebook.NewConnector(hc)
	reg[model.Instagram] = instagram.NewConnector(hc, instagram.WithMediaHost(host))
	reg[model.TikTok] = tiktok.NewConnector(hc, tiktok.WithMediaHost(host))
	reg[model.YouTube] = youtube.NewConnector(hc, youtube.WithSessionDir(dir))
}

// The composer offers TikTok's live privacy levels through this interface.
var _ app.PrivacyLister = (*tiktok.Connector)(nil)

// authorizers lists every network accounts can be connected to.
func authorizers(hc *http.Client, mc *mastodon.Connector) map[model.Platform]platforms.Authorizer {
	return map[model.Platform]platforms.Authorizer{
		model.Mastodon:  mastodon.NewAuthorizer(mc),
		model.X:         xcom.NewAuthorizer(hc),
		model.YouTube:   youtube.NewAuthorizer(hc),
		model.Facebook:  facebook.NewAuthorizer(hc),
		model.Instagram: instagram.NewAuthorizer(hc),
		model.LinkedIn:  linkedin.NewAuthorizer(hc),
		model.TikTok:    tiktok.NewAuthorizer(hc),
		model.Bluesky:   bluesky.NewAuthorizer(hc),
	}
}

func runHeadless(ctx context.Context, core *app.App, inst *app.Instance, log *slog.Logger) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	noWindow := func() { log.Info("a second start found this headless publisher running") }
	if err := inst.ListenForShow(noWindow, func() { core.PostsChangedElsewhere(ctx) }, log); err != nil {
		log.Warn("command-line changes will wait for the next planned wake-up", "err", err)
	}
	core.Events().Delivery.Subscribe(func(_ context.Context, e app.DeliveryEvent) {
		log.Info("delivery", "kind", e.Kind, "post_id", e.PostID, "platform", e.Platform, "message", e.Message)
	})
	core.Start(ctx)
	log.Info("publishing headless; stop with Ctrl+C")
	<-ctx.Done()
	core.Stop()
	return nil
}

func runWindow(ctx context.Context, core *app.App, inst *app.Instance, log *slog.Logger, minimized bool) error {
	resumeGC := pauseGC()
	defer resumeGC()
	avoidStrayBus()
	prefs, err := core.Preferences(ctx)
	if err != nil {
		log.Warn("theme and language not read; following the system", "err", err)
	}
	views.UseLanguage(prefs.Language) // before any text is translated
	fa := fyneapp.NewWithID(appID)
	views.UseTheme(fa, prefs.Theme)
	core.SetOpenURL(views.OpenURLFunc(fa))
	win := views.Run(fa, core, views.Options{Logger: log, StartHidden: minimized})
	if err := inst.ListenForShow(win.Show, func() { core.PostsChangedElsewhere(ctx) }, log); err != nil {
		log.Warn("second starts will not bring the window forward", "err", err)
	}
	fa.Lifecycle().SetOnStarted(func() {
		resumeGC()
		core.Start(ctx)
		time.AfterFunc(startupSettle, debug.FreeOSMemory)
	})
	fa.Run()
	core.Stop()
	if core.RestartRequested() {
		return errRestart
	}
	return nil
}

// startupHeapLimit bounds the Go heap while the collector is paused at start.
const startupHeapLimit = 256 << 20

// startupSettle is how long after the window shows the startup's garbage (fonts parsed,
// the first screen's loads, the publisher's first plan) is handed back to the system.
const startupSettle = 3 * time.Second

// pauseGC keeps the garbage collector from running while the window is built and first
// painted: the heap grows from nothing to its working size then, and the collections
// on the way (at 4, 8, 16 MiB, ...) cost the first frame about 20 ms on two cores. The
// heap stays under startupHeapLimit meanwhile (or a lower GOMEMLIMIT). The returned
// func restores the collector's settings; it may be called more than once.
func pauseGC() (resume func()) {
	limit := debug.SetMemoryLimit(-1)
	debug.SetMemoryLimit(min(limit, startupHeapLimit))
	percent := debug.SetGCPercent(-1)
	return sync.OnceFunc(func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	})
}

// errRestart asks main to start the app again once run has released everything (the
// user switched the language).
var errRestart = errors.New("restart requested")

// avoidStrayBus stops godbus (used by Fyne for the theme portal and notifications) from
// launching a session bus through dbus-launch when none exists: that daemon would
// outlive the app.
func avoidStrayBus() {
	if runtime.GOOS != "linux" || os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		return
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "bus")); err == nil {
			return
		}
	}
	os.Setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:")
}

// multiWriter writes to every writer, ignoring a failing one (a full disk must not stop
// logging to stderr).
type multiWriter []io.Writer

func (m multiWriter) Write(p []byte) (int, error) {
	for _, w := range m {
		_, _ = w.Write(p)
	}
	return len(p), nil
}
