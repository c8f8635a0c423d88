package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/wire"
)

// platformsOf lists the post's networks once each, in target order.
func platformsOf(p model.Post) []string { return wire.PostOf(p).Platforms }

func (r *runner) postCommands() map[string]command {
	return map[string]command{
		"list": r.postsList, "show": r.postsShow, "create": r.postsCreate, "update": r.postsUpdate,
		"schedule": r.postsSchedule,
		"publish":  r.postAction("publish", "publish ID now", r.core.PublishNow, "Publishing post %d now.\n"),
		"cancel":   r.postAction("cancel", "stop post ID", r.core.CancelPost, "Cancelled post %d.\n"),
		"delete":   r.postAction("delete", "delete post ID", r.core.DeletePost, "Deleted post %d.\n"),
	}
}

// postsList prints the posts of the current workspace matching the flags.
func (r *runner) postsList(ctx context.Context, args []string) int {
	f := newFlags("posts list", "posts list [--status S] [--from DATE --to DATE] [--json]")
	status := f.String("status", "", "only posts with this status (draft, scheduled, published, failed, ...)")
	from := f.String("from", "", "only posts scheduled on or after this day (2026-12-01)")
	to := f.String("to", "", "only posts scheduled on or before this day (2026-12-31)")
	if _, code := r.parse(f, args, 0); code >= 0 {
		return code
	}
	filter, err := r.postFilter(*status, *from, *to)
	if err != nil {
		return r.flagError(f, err.Error())
	}
	posts, err := r.core.ListPosts(ctx, filter)
	if err != nil {
		return r.fail(err)
	}
	if f.json {
		out := make([]wire.Post, 0, len(posts))
		for _, p := range posts {
			out = append(out, wire.PostOf(p))
		}
		return r.printJSON(out)
	}
	r.postTable(posts)
	return ExitOK
}

func (r *runner) postFilter(status, from, to string) (model.PostFilter, error) {
	f := model.PostFilter{Status: model.PostStatus(status)}
	var err error
	if from != "" {
		if f.From, err = r.parseTime(from, ""); err != nil {
			return f, err
		}
	}
	if to != "" {
		if f.To, err = r.parseTime(to, ""); err != nil {
			return f, err
		}
		f.To = f.To.AddDate(0, 0, 1) // --to is the last day included
	}
	return f, nil
}

func (r *runner) postTable(posts []model.Post) {
	tw := tabwriter.NewWriter(r.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tSCHEDULED\tNETWORKS\tTEXT")
	for _, p := range posts {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", p.ID, p.Status, r.showTime(p.ScheduledAt, p.Zone),
			strings.Join(platformsOf(p), ","), excerpt(p.Content, 40))
	}
	tw.Flush()
}

// showTime formats t in the zone the user scheduled in, "-" when zero.
func (r *runner) showTime(t time.Time, zone string) string {
	if t.IsZero() {
		return "-"
	}
	loc, err := r.zone(zone)
	if err != nil {
		loc = r.loc
	}
	return t.In(loc).Format("2006-01-02 15:04 MST")
}

// excerpt is the text on one line, cut to n runes.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if rs := []rune(s); len(rs) > n {
		return string(rs[:n-1]) + "…"
	}
	return s
}

// postsShow prints one post and its networks.
func (r *runner) postsShow(ctx context.Context, args []string) int {
	f := newFlags("posts show", "posts show ID [--json]")
	id, code := r.parseWithID(f, args)
	if code >= 0 {
		return code
	}
	p, err := r.core.GetPost(ctx, id)
	if err != nil {
		return r.fail(err)
	}
	return r.printPost(f, p)
}

func (r *runner) printPost(f *flags, p model.Post) int {
	if f.json {
		return r.printJSON(wire.PostOf(p))
	}
	tw := tabwriter.NewWriter(r.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Post:\t%d\nStatus:\t%s\nScheduled:\t%s\nText:\t%s\n", p.ID, p.Status,
		r.showTime(p.ScheduledAt, p.Zone), excerpt(p.Content, 200))
	if len(p.Hashtags) > 0 {
		fmt.Fprintf(tw, "Hashtags:\t%s\n", strings.Join(p.Hashtags, " "))
	}
	if p.ErrorMessage != "" {
		fmt.Fprintf(tw, "Error:\t%s\n", p.ErrorMessage)
	}
	fmt.Fprintln(tw, "\nNETWORK\tACCOUNT\tSTATUS\tDETAIL")
	for _, t := range p.Targets {
		detail := t.Permalink
		if detail == "" {
			detail = "-"
		}
		if t.LastError != "" {
			detail = t.LastError
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", t.Platform, t.AccountID, t.Status, detail)
	}
	tw.Flush()
	return ExitOK
}

// parseWithID parses flags around exactly one positional post id.
func (r *runner) parseWithID(f *flags, args []string) (int64, int) {
	pos, code := r.parse(f, args, 1)
	if code >= 0 {
		return 0, code
	}
	id, err := parseID(pos[0])
	if err != nil {
		return 0, r.flagError(f, err.Error())
	}
	return id, -1
}

// draftFlags are the flags of posts create and update.
type draftFlags struct {
	text, accounts, at, zone, media *string
}

func addDraftFlags(f *flags) draftFlags {
	return draftFlags{
		text:     f.String("text", "", "the post's text"),
		accounts: f.String("accounts", "", "comma-separated account ids to post to (see accounts list)"),
		at:       f.String("at", "", `when to publish, "2026-12-01 09:00" (none: keep as a draft)`),
		zone:     f.String("zone", "", "IANA time zone of --at, e.g. Europe/Paris (default: this computer's)"),
		media:    f.String("media", "", `files or https addresses to attach, separated by ";" (replaces the post's)`),
	}
}

// apply writes the flags that were given onto d.
func (r *runner) apply(f *flags, df draftFlags, d *app.Draft) error {
	var err error
	set := map[string]bool{}
	f.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if set["text"] {
		d.Content = *df.text
	}
	if set["accounts"] {
		if d.AccountIDs, err = parseIDs(*df.accounts); err != nil {
			return err
		}
	}
	if set["zone"] {
		d.Zone = *df.zone
	}
	if set["at"] {
		if d.ScheduledAt, err = r.parseTime(*df.at, d.Zone); err != nil {
			return err
		}
	}
	return nil
}

// attach puts the --media files in the draft in place of its attachments, downloading
// web addresses; done removes the downloads once the post is saved.
func (r *runner) attach(ctx context.Context, df draftFlags, d *app.Draft) (done func(), err error) {
	if *df.media == "" {
		return func() {}, nil
	}
	var sources []string
	for _, m := range strings.Split(*df.media, ";") {
		if m = strings.TrimSpace(m); m != "" {
			sources = append(sources, m)
		}
	}
	paths, done, err := r.core.DownloadMedia(ctx, sources)
	if err != nil {
		return nil, err
	}
	d.MediaIDs, d.MediaPaths = nil, paths
	return done, nil
}

// waiting notes a post the publisher now has to deliver.
func (r *runner) waiting(p model.Post) {
	if p.Status == model.PostScheduled {
		r.due = notRunningLater
	}
}

// postsCreate saves a new post: a draft without --at, scheduled with it.
func (r *runner) postsCreate(ctx context.Context, args []string) int {
	f := newFlags("posts create", "posts create --text T --accounts IDS [--at TIME] [--zone Z] [--media FILES] [--json]")
	df := addDraftFlags(f)
	if _, code := r.parse(f, args, 0); code >= 0 {
		return code
	}
	if *df.text == "" || *df.accounts == "" {
		return r.flagError(f, "--text and --accounts are required")
	}
	d := app.Draft{Zone: "Local"}
	if err := r.apply(f, df, &d); err != nil {
		return r.flagError(f, err.Error())
	}
	done, err := r.attach(ctx, df, &d)
	if err != nil {
		return r.fail(err)
	}
	defer done()
	p, err := r.core.CreatePost(ctx, d)
	if err != nil {
		return r.fail(err)
	}
	r.waiting(p)
	return r.printPost(f, p)
}

// postsUpdate changes the given fields of a post not yet published.
func (r *runner) postsUpdate(ctx context.Context, args []string) int {
	f := newFlags("posts update", "posts update ID [--text T] [--accounts IDS] [--at TIME] [--zone Z] [--media FILES] [--json]")
	df := addDraftFlags(f)
	id, code := r.parseWithID(f, args)
	if code >= 0 {
		return code
	}
	p, err := r.core.GetPost(ctx, id)
	if err != nil {
		return r.fail(err)
	}
	d := draftOf(p)
	if err := r.apply(f, df, &d); err != nil {
		return r.flagError(f, err.Error())
	}
	done, err := r.attach(ctx, df, &d)
	if err != nil {
		return r.fail(err)
	}
	defer done()
	if p, err = r.core.UpdatePost(ctx, id, d); err != nil {
		return r.fail(err)
	}
	r.waiting(p)
	return r.printPost(f, p)
}

// draftOf is the draft that saves p unchanged.
func draftOf(p model.Post) app.Draft {
	d := app.Draft{Content: p.Content, Hashtags: p.Hashtags, MediaIDs: p.MediaIDs,
		ScheduledAt: p.ScheduledAt, Zone: p.Zone, Overrides: map[int64]string{},
		Options: map[int64]model.TargetOptions{}}
	for _, t := range p.Targets {
		d.AccountIDs = append(d.AccountIDs, t.AccountID)
		if t.TextOverride != "" {
			d.Overrides[t.AccountID] = t.TextOverride
		}
		d.Options[t.AccountID] = t.Options
	}
	return d
}

// postsSchedule (re)schedules a post at --at.
func (r *runner) postsSchedule(ctx context.Context, args []string) int {
	f := newFlags("posts schedule", "posts schedule ID --at TIME [--zone Z] [--json]")
	at := f.String("at", "", `when to publish, "2026-12-01 09:00" (required)`)
	zone := f.String("zone", "Local", "IANA time zone of --at, e.g. Europe/Paris")
	id, code := r.parseWithID(f, args)
	if code >= 0 {
		return code
	}
	if *at == "" {
		return r.flagError(f, "--at is required")
	}
	t, err := r.parseTime(*at, *zone)
	if err != nil {
		return r.flagError(f, err.Error())
	}
	if err := r.core.SchedulePost(ctx, id, t, *zone); err != nil {
		return r.fail(err)
	}
	r.due = notRunningLater
	return r.showAfter(ctx, f, id)
}

// postAction builds a command that runs do on one post, then prints it.
func (r *runner) postAction(name, what string, do func(context.Context, int64) error, done string) command {
	return func(ctx context.Context, args []string) int {
		f := newFlags("posts "+name, "posts "+name+" ID [--json]    ("+what+")")
		id, code := r.parseWithID(f, args)
		if code >= 0 {
			return code
		}
		if err := do(ctx, id); err != nil {
			return r.fail(err)
		}
		if name == "publish" {
			r.due = fmt.Sprintf(notRunningNow, id)
		}
		if name == "delete" {
			if f.json {
				return r.printJSON(map[string]any{"id": id, "deleted": true})
			}
			fmt.Fprintf(r.stdout, done, id)
			return ExitOK
		}
		if !f.json {
			fmt.Fprintf(r.stdout, done, id)
		}
		return r.showAfter(ctx, f, id)
	}
}

// showAfter prints a post after a change.
func (r *runner) showAfter(ctx context.Context, f *flags, id int64) int {
	p, err := r.core.GetPost(ctx, id)
	if err != nil {
		return r.fail(err)
	}
	return r.printPost(f, p)
}
