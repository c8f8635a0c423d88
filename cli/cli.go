// Package cli is Webox Social's command-line front-end: a second front-end beside the
// window (views/) that lists accounts, manages posts and prints statistics by calling
// the application core only. Every command prints a human table, or stable JSON with
// --json, and exits 0 (ok), 1 (failure), 2 (bad usage) or 3 (not found).
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"webox-social/app"
	"webox-social/services/model"
)

// Exit codes returned by Run.
const (
	ExitOK       = 0
	ExitFailure  = 1
	ExitUsage    = 2
	ExitNotFound = 3
)

// Core is the part of the application core the CLI uses (*app.App satisfies it).
type Core interface {
	Accounts(ctx context.Context) ([]model.Account, error)
	ListPosts(ctx context.Context, f model.PostFilter) ([]model.Post, error)
	GetPost(ctx context.Context, id int64) (model.Post, error)
	DownloadMedia(ctx context.Context, sources []string) ([]string, func(), error)
	CreatePost(ctx context.Context, d app.Draft) (model.Post, error)
	UpdatePost(ctx context.Context, id int64, d app.Draft) (model.Post, error)
	SchedulePost(ctx context.Context, id int64, at time.Time, zone string) error
	PublishNow(ctx context.Context, id int64) error
	CancelPost(ctx context.Context, id int64) error
	DeletePost(ctx context.Context, id int64) error
	StatsOverview(ctx context.Context, p app.StatsPeriod, accountIDs []int64) (model.StatsOverview, error)
	StatsByNetwork(ctx context.Context, p app.StatsPeriod, accountIDs []int64) ([]model.NetworkStats, error)
	ImportCSV(ctx context.Context, r io.Reader, dryRun bool) (app.ImportReport, error)
	ExportCSV(ctx context.Context, w io.Writer, f model.PostFilter) error
	ExportICS(ctx context.Context, w io.Writer, f model.PostFilter) error
}

// The window's core is the CLI's core.
var _ Core = (*app.App)(nil)

// commands are the first words main hands to Run.
var commands = []string{"accounts", "posts", "stats", "import", "export"}

// IsCommand reports whether word is a CLI command, so main knows to call Run instead
// of opening the window.
func IsCommand(word string) bool {
	for _, c := range commands {
		if c == word {
			return true
		}
	}
	return false
}

const usage = `Usage: webox-social COMMAND [ARGS] [--json]

Commands:
  accounts list                 list connected accounts
  posts list                    list posts (--status, --from, --to)
  posts show ID                 show one post and its networks
  posts create --text T --accounts IDS [--at TIME] [--zone Z] [--media FILES]
  posts update ID [--text T] [--accounts IDS] [--at TIME] [--zone Z] [--media FILES]
  posts schedule ID --at TIME [--zone Z]
  posts publish ID              publish now
  posts cancel ID               stop a scheduled post
  posts delete ID               delete a post
  stats [--period 30d]          totals of the period, by network
  import FILE.csv [--dry-run]   create posts from a CSV file (all or none)
  export [FILE.csv|FILE.ics]    posts as CSV (imports back) or scheduled posts as a calendar

Run "webox-social COMMAND SUBCOMMAND --help" for a command's flags.
Exit codes: 0 ok, 1 failure, 2 bad usage, 3 not found.
`

// Usage is the list of commands, for the program's own --help.
func Usage() string { return usage }

// Options are what Run writes to and how it reaches the running app.
type Options struct {
	Stdout, Stderr io.Writer
	// Wake tells the running Webox Social (window or --headless) that posts changed, so
	// its publisher plans again; it reports whether one was running. nil: nobody to tell.
	Wake func() bool
}

// runner carries one invocation's outputs, clock and zone.
type runner struct {
	core           Core
	stdout, stderr io.Writer
	now            func() time.Time
	loc            *time.Location
	// due is set by a command that leaves posts waiting for the publisher: the
	// sentence to print when no running app was there to take them.
	due string
}

// Run executes one CLI invocation (args exclude the program name) and returns the
// process exit code. Afterwards it wakes the running app; when posts are waiting and
// none runs, it says so on stderr (nothing publishes while Webox Social is closed).
func Run(ctx context.Context, core Core, args []string, o Options) int {
	r := &runner{core: core, stdout: o.Stdout, stderr: o.Stderr, now: time.Now, loc: time.Local}
	code := r.run(ctx, args)
	woke := o.Wake != nil && o.Wake()
	if code == ExitOK && r.due != "" && !woke {
		fmt.Fprintln(r.stderr, r.due)
	}
	return code
}

// Sentences for posts left waiting while no Webox Social runs.
const (
	notRunningNow   = "Webox Social is not running on this computer, so nothing is published now: post %d goes out as soon as it starts (webox-social, or webox-social --headless)."
	notRunningLater = "Webox Social is not running on this computer: scheduled posts go out only while it runs (webox-social, or webox-social --headless)."
)

func (r *runner) run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(r.stderr, usage)
		return ExitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(r.stdout, usage)
		return ExitOK
	case "accounts":
		return r.sub(ctx, "accounts", args[1:], map[string]command{"list": r.accountsList})
	case "posts":
		return r.sub(ctx, "posts", args[1:], r.postCommands())
	case "stats":
		return r.stats(ctx, args[1:])
	case "import":
		return r.importCSV(ctx, args[1:])
	case "export":
		return r.export(ctx, args[1:])
	}
	return r.usageError("unknown command %q", args[0])
}

// command runs one subcommand with its arguments.
type command func(ctx context.Context, args []string) int

func (r *runner) sub(ctx context.Context, name string, args []string, cmds map[string]command) int {
	if len(args) == 0 {
		return r.usageError("%s needs a subcommand", name)
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(r.stdout, usage)
		return ExitOK
	}
	c, ok := cmds[args[0]]
	if !ok {
		return r.usageError("unknown command %q", name+" "+args[0])
	}
	return c(ctx, args[1:])
}

func (r *runner) usageError(format string, a ...any) int {
	fmt.Fprintf(r.stderr, "webox-social: "+format+"\n\n", a...)
	fmt.Fprint(r.stderr, usage)
	return ExitUsage
}

// fail prints the user sentence of err and returns its exit code.
func (r *runner) fail(err error) int {
	fmt.Fprintln(r.stderr, "webox-social:", app.UserMessage(err))
	if errors.Is(err, model.ErrNotFound) {
		return ExitNotFound
	}
	return ExitFailure
}

// flags is a command's flag set with the common --json flag.
type flags struct {
	*flag.FlagSet
	json  bool
	synop string
}

func newFlags(name, synopsis string) *flags {
	f := &flags{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), synop: synopsis}
	f.BoolVar(&f.json, "json", false, "print JSON instead of a table")
	f.SetOutput(io.Discard)
	return f
}

// helpText is the command's --help output.
func (f *flags) helpText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: webox-social %s\n\nFlags:\n", f.synop)
	f.SetOutput(&b)
	f.PrintDefaults()
	f.SetOutput(io.Discard)
	return b.String()
}

// parse reads flags and positional arguments in any order. It returns the positional
// arguments and an exit code (-1 to carry on).
func (r *runner) parse(f *flags, args []string, positional int) ([]string, int) {
	return r.parseBetween(f, args, positional, positional)
}

// parseBetween is parse for a command taking from least to most arguments.
func (r *runner) parseBetween(f *flags, args []string, least, most int) ([]string, int) {
	var pos []string
	for {
		err := f.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(r.stdout, f.helpText())
			return nil, ExitOK
		}
		if err != nil {
			return nil, r.flagError(f, err.Error())
		}
		if f.NArg() == 0 {
			break
		}
		pos = append(pos, f.Arg(0))
		args = f.Args()[1:]
	}
	if len(pos) < least || len(pos) > most {
		want := strconv.Itoa(least)
		if most != least {
			want = fmt.Sprintf("%d to %d", least, most)
		}
		return nil, r.flagError(f, fmt.Sprintf("expected %s argument(s), got %d", want, len(pos)))
	}
	return pos, -1
}

func (r *runner) flagError(f *flags, msg string) int {
	fmt.Fprintf(r.stderr, "webox-social %s: %s\n\n%s", f.Name(), msg, f.helpText())
	return ExitUsage
}

// parseID reads a post or account id.
func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%q is not an id (a positive number)", s)
	}
	return id, nil
}

// parseIDs reads a comma-separated list of ids.
func parseIDs(s string) ([]int64, error) {
	var ids []int64
	for _, part := range strings.Split(s, ",") {
		id, err := parseID(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// timeLayouts are the forms --at, --from and --to accept.
var timeLayouts = []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02"}

// parseTime reads a time in zone (RFC 3339 carries its own offset).
func (r *runner) parseTime(s, zone string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	loc, err := r.zone(zone)
	if err != nil {
		return time.Time{}, err
	}
	for _, layout := range timeLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time: write it like \"2026-12-01 09:00\"", s)
}

// zone resolves an IANA zone name; "" and "Local" are the system zone.
func (r *runner) zone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return r.loc, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%q is not a time zone (use a name like Europe/Paris)", name)
	}
	return loc, nil
}

// printJSON writes v indented, with a final newline.
func (r *runner) printJSON(v any) int {
	enc := json.NewEncoder(r.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return r.fail(fmt.Errorf("cli: write JSON: %w", err))
	}
	return ExitOK
}
