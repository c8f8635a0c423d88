//go:build smoke

package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms/mastodon/mastodonfake"
	"webox-social/services/secrets"
	"webox-social/services/store"
)

// The window smoke test (-tags smoke, run by scripts/smoke.sh under Xvfb): the real
// binary opens its real window on $DISPLAY, xdotool clicks through every navigation
// entry, each screen is saved to docs/screenshots/, and Ctrl+Q must quit cleanly — once
// without a session bus (no tray) and once under dbus-run-session (with the tray).

// screenshotDir receives the screenshots of the run without a tray.
const screenshotDir = "docs/screenshots"

// Window coordinates (the window sits at 0,0 under Xvfb without a window manager; every
// xdotool call is relative to the window anyway).
const (
	navX, navFirstY, navStep = 100, 173, 39
	// composeCheckX/Y is the first account's check box on Compose ("Publish to"); the
	// rows below are composeCheckStep apart (X is the third account, YouTube the sixth).
	composeCheckX, composeCheckY = 946, 188
	composeCheckStep             = 39
	// postsX is where the rows of Posts are clicked; rows sort by time, latest first.
	postsX = 440
)

// Time limits of the smoke test; none of them is an assertion on speed.
const (
	windowTimeout = 30 * time.Second
	settleTimeout = 10 * time.Second
	exitTimeout   = 20 * time.Second
	seedTimeout   = 30 * time.Second
)

// composeText is typed into Compose before its screenshot.
const composeText = "Open studio on Thursday from 6 pm: new brass lamps, linen shades and coffee. #design #atelier"

// navShots are the navigation entries in order, with their screenshot names.
var navShots = []struct{ entry, file string }{
	{"Accounts", "01-accounts.png"},
	{"Compose", "02-compose.png"},
	{"Calendar", "03-calendar.png"},
	{"Posts", "04-posts.png"},
	{"Stats", "05-stats.png"},
	{"Settings", "06-settings.png"},
}

// postDetailShots are posts found with the search of Posts and opened after its screenshot.
var postDetailShots = []struct {
	query, file string
}{
	{"Our story, part one", "07-post-failed.png"},
	{"Reminder: the studio closes", "08-post-missed.png"},
	{"Thank you all for a wonderful", "09-post-published.png"},
	{"brass lamps, linen shades", "10-post-journey.png"},
}

func TestSmoke(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("DISPLAY is not set: run the smoke test through scripts/smoke.sh (Xvfb)")
	}
	for _, tool := range []string{"xdotool", "import", "dbus-run-session"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not found: run scripts/install-deps.sh test (xdotool, imagemagick, dbus)", tool)
		}
	}
	t.Run("window", func(t *testing.T) { runSmoke(t, false, screenshotDir) })
	t.Run("tray", func(t *testing.T) { runSmoke(t, true, t.TempDir()) })
	t.Run("looks", func(t *testing.T) { runLooks(t, screenshotDir) })
	t.Run("ai", func(t *testing.T) { runAI(t, screenshotDir) })
	t.Run("stats", func(t *testing.T) { runStats(t, screenshotDir) })
	t.Run("import", func(t *testing.T) { runImport(t, screenshotDir) })
}

// runSmoke seeds a data dir, starts the window, clicks through it, saves the screens to
// shots and quits with Ctrl+Q. With tray the app runs on a private session bus.
func runSmoke(t *testing.T, tray bool, shots string) {
	fake := mastodonfake.New(mastodonfake.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	defer fake.Close()
	r := newRig(t, fake)
	sc := r.seedShowcase()
	w := r.startWindow(tray)
	sc.waitDelivered(r)
	if tray {
		assert.NotContains(t, r.stderr.String(), "no system tray", "the tray must be installed on a session bus")
	} else {
		assert.Contains(t, r.stderr.String(), "no system tray", "without a session bus there is no tray")
	}
	w.clickThrough(shots)
	w.quit()
	r.checkJourney(w.dragged)
	r.assertNotLeaked(sc.tokens...)
}

// showcase is what seedShowcase planted.
type showcase struct {
	tokens                    []string
	published, failed, missed int64
}

// seeder writes the showcase straight into the data dir, before the app starts.
type seeder struct {
	r     *rig
	ctx   context.Context
	st    *store.Store
	sec   secrets.Store
	ws    model.Workspace
	paris *time.Location
	now   time.Time
	sc    showcase
}

// seedShowcase stores two Mastodon accounts on the fake and a week of posts: three
// scheduled in the next days, a draft, and three due already that the app itself turns
// into one published post (with a permalink), one refused by Mastodon (422: over the
// 500-character limit) and one missed (due three hours ago).
func (r *rig) seedShowcase() showcase {
	s := r.newSeeder()
	defer s.st.Close()
	atelier := s.account("atelier", "Atelier Lumière", "@atelier@mastodon.social")
	cafe := s.account("tournesol", "Café Tournesol", "@tournesol@piaille.fr")
	s.otherNetworks()
	s.post("New autumn collection: brushed-brass lamps and linen shades. Opening night on Thursday at the studio. #design #lighting",
		s.day(1, 9, 30), atelier, cafe)
	s.post("Saturday workshop: learn to restore an old lamp. Six places left, book by private message.",
		s.day(2, 18, 0), atelier)
	s.post("Today's filter coffee: Ethiopia Yirgacheffe, citrus notes. Served with a homemade financier.",
		s.day(3, 12, 15), cafe)
	s.post("Idea: a series of portraits of the craftspeople on our street.", time.Time{}, atelier)
	s.sc.published = s.post("Thank you all for a wonderful open-studio weekend! Photos are coming soon.",
		s.now.Add(-5*time.Second), atelier)
	s.sc.failed = s.post(longStory(), s.now.Add(-4*time.Second), cafe)
	s.sc.missed = s.post("Reminder: the studio closes early today, at 4 pm.", s.now.Add(-3*time.Hour), atelier)
	return s.sc
}

// newSeeder opens the store and the secrets, names the workspace and sets Paris as the
// default zone.
func (r *rig) newSeeder() *seeder {
	s := &seeder{r: r, ctx: context.Background(), st: r.openStore(), now: time.Now()}
	var err error
	s.ws, err = s.st.EnsureDefaultWorkspace(s.ctx)
	require.NoError(r.t, err)
	require.NoError(r.t, s.st.RenameWorkspace(s.ctx, s.ws.ID, "Rue des Lilas"))
	require.NoError(r.t, s.st.SetSetting(s.ctx, "default_zone", "Europe/Paris"))
	s.sec, _, err = secrets.Open(r.dir)
	require.NoError(r.t, err)
	s.paris, err = time.LoadLocation("Europe/Paris")
	require.NoError(r.t, err)
	return s
}

// account stores a Mastodon account for user on the fake, its token in the secrets.
func (s *seeder) account(user, name, handle string) model.Account {
	a := model.Account{WorkspaceID: s.ws.ID, Platform: model.Mastodon, RemoteID: s.r.fake.AccountID(user),
		Name: name, Handle: handle, InstanceURL: s.r.fake.URL, Status: model.AccountOK,
		Scopes: []string{"read", "write"}}
	require.NoError(s.r.t, s.st.CreateAccount(s.ctx, &a))
	tok := s.r.fake.IssueToken(user)
	require.NoError(s.r.t, s.sec.Set(model.SecretKey(a.ID, "access"), tok))
	s.sc.tokens = append(s.sc.tokens, tok)
	return a
}

// otherNetworks stores accounts of other networks, for the Accounts screenshot only:
// no post targets them, and their sign-ins are far enough from expiry that the app
// never tries to renew them (which would call the real networks).
func (s *seeder) otherNetworks() {
	for _, a := range []model.Account{
		{Platform: model.X, RemoteID: "1850", Name: "Rue des Lilas", Handle: "@ruedeslilas", ExpiresAt: s.now.Add(2 * time.Hour)},
		{Platform: model.Instagram, RemoteID: "17841400000000001", Name: "Rue des Lilas", Handle: "@ruedeslilas",
			ExpiresAt: s.now.Add(-time.Hour), Status: model.AccountReconnectNeeded},
		{Platform: model.LinkedIn, RemoteID: "urn:li:person:m42", Name: "Camille Durand", ExpiresAt: s.now.Add(45 * 24 * time.Hour)},
		{Platform: model.YouTube, RemoteID: "UC123", Name: "Rue des Lilas TV", Handle: "@ruedeslilastv", ExpiresAt: s.now.Add(time.Hour)},
		{Platform: model.Bluesky, RemoteID: "did:plc:ruedeslilas", Name: "Rue des Lilas", Handle: "@ruedeslilas.bsky.social",
			InstanceURL: "https://bsky.social", ExpiresAt: s.now.Add(2 * time.Hour)},
	} {
		a.WorkspaceID = s.ws.ID
		if a.Status == "" {
			a.Status = model.AccountOK
		}
		require.NoError(s.r.t, s.st.CreateAccount(s.ctx, &a))
	}
}

// day is h:m in Paris, d days from today.
func (s *seeder) day(d, h, m int) time.Time {
	n := s.now.In(s.paris)
	return time.Date(n.Year(), n.Month(), n.Day()+d, h, m, 0, 0, s.paris)
}

// post stores a post for accs: pending at at, or a draft when at is zero.
func (s *seeder) post(text string, at time.Time, accs ...model.Account) int64 {
	p := model.Post{WorkspaceID: s.ws.ID, Content: text, ScheduledAt: at, Zone: "Europe/Paris"}
	for _, a := range accs {
		tg := model.Target{AccountID: a.ID, Status: model.TargetDraft}
		if !at.IsZero() {
			tg.Status, tg.NextAttemptAt = model.TargetPending, at
		}
		p.Targets = append(p.Targets, tg)
	}
	require.NoError(s.r.t, s.st.CreatePost(s.ctx, &p))
	return p.ID
}

// longStory is a post over Mastodon's 500 characters: the instance refuses it with a 422
// ("Validation failed: Text character limit of 500 exceeded").
func longStory() string {
	return "Our story, part one. Café Tournesol opened ten years ago in a former bakery on Rue des Lilas. " +
		"We kept the old oven, the blue and white tiles and the hand-painted sunflower sign that gave us our name. " +
		"Every morning we roast a small batch of beans from two farms we know by name, bake a few loaves of " +
		"sourdough and open the doors at seven. Regulars have their cups on the shelf behind the counter; " +
		"newcomers get to pick one from the cupboard. Next week, part two: how the neighbours saved the café " +
		"when the landlord wanted to turn it into a phone shop, and why there is still a piano in the back room."
}

// waitDelivered waits until the app has published, refused and missed the three posts
// that were due: the screens then show every state.
func (sc showcase) waitDelivered(r *rig) {
	want := map[int64]model.PostStatus{sc.published: model.PostPublished, sc.failed: model.PostFailed,
		sc.missed: model.PostMissed}
	deadline := time.Now().Add(seedTimeout)
	for {
		got := r.postStatuses(want)
		if fmt.Sprint(got) == fmt.Sprint(want) {
			break
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("post statuses = %v, want %v\nstderr:\n%s", got, want, r.stderr)
		}
		time.Sleep(100 * time.Millisecond)
	}
	st := r.openStore()
	defer st.Close()
	p, err := st.GetPost(context.Background(), sc.published)
	require.NoError(r.t, err)
	assert.NotEmpty(r.t, p.Targets[0].Permalink, "the published post has a permalink")
	p, err = st.GetPost(context.Background(), sc.failed)
	require.NoError(r.t, err)
	assert.Contains(r.t, p.Targets[0].LastError, "Text character limit of 500 exceeded", "Mastodon's own words")
	assert.Len(r.t, r.fake.Statuses(), 1, "only the published post reached Mastodon")
}

// postStatuses reads the status of each post in ids (another process writes them).
func (r *rig) postStatuses(ids map[int64]model.PostStatus) map[int64]model.PostStatus {
	st := r.openStore()
	defer st.Close()
	out := map[int64]model.PostStatus{}
	for id := range ids {
		p, err := st.GetPost(context.Background(), id)
		require.NoError(r.t, err)
		out[id] = p.Status
	}
	return out
}

// window is the running app and its X window.
type window struct {
	r      *rig
	done   chan error
	id     string
	config string // XDG_CONFIG_HOME of the app: its Fyne preferences
	last   image.Image
	// scheduled is when the journey schedules its post; dragged where the drag moves it.
	scheduled, dragged time.Time
}

// startWindow runs the binary with its window on $DISPLAY, with its own Fyne preferences
// folder, on a computer set to Paris time like the workspace. With tray it runs under
// dbus-run-session, so it installs its tray icon. Without, its session bus address is
// "disabled:": an unset address would make Fyne's own D-Bus calls (theme portal) autolaunch
// a dbus-daemon through dbus-launch that outlives the test.
func (r *rig) startWindow(tray bool) *window {
	config := r.t.TempDir()
	env := append(withoutEnv(r.env, "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "TZ"),
		"XDG_CONFIG_HOME="+config, "TZ=Europe/Paris")
	args := []string{binary, "--debug", "--data-dir", r.dir}
	if tray {
		args = append([]string{"dbus-run-session", "--"}, args...)
	} else {
		env = append(env, "DBUS_SESSION_BUS_ADDRESS=disabled:")
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, r.stderr, r.stderr
	require.NoError(r.t, cmd.Start())
	w := &window{r: r, done: make(chan error, 1), config: config}
	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(r.t, err)
	w.scheduled, w.dragged = journeyDay(time.Now(), paris)
	go func() { w.done <- cmd.Wait() }()
	r.t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-w.done
	})
	w.id = w.find()
	return w
}

// find waits for the visible main window and returns its X id.
func (w *window) find() string {
	ctx, cancel := context.WithTimeout(context.Background(), windowTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xdotool", "search", "--sync", "--onlyvisible", "--name", "Webox Social").Output()
	require.NoError(w.r.t, err, "no visible Webox Social window within %s\nstderr:\n%s", windowTimeout, w.r.stderr)
	id, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	require.NotEmpty(w.r.t, id)
	return id
}

// clickThrough visits every navigation entry, types a post on Compose, opens the failed,
// missed and published posts on Posts, and saves each settled screen into dir.
func (w *window) clickThrough(dir string) {
	require.NoError(w.r.t, os.MkdirAll(dir, 0o755))
	w.last = w.settle()
	for i, n := range navShots {
		before := w.last
		w.click(navX, navFirstY+i*navStep)
		w.last = w.settle()
		if i > 0 {
			assert.False(w.r.t, samePixels(before, w.last), "clicking %s did not change the window", n.entry)
		}
		switch n.entry {
		case "Compose":
			w.compose()
		case "Calendar":
			w.dragJourneyChip(w.scheduled)
		}
		w.save(filepath.Join(dir, n.file))
		switch n.entry {
		case "Compose":
			w.scheduleJourneyPost(w.scheduled)
		case "Posts":
			w.postDetails(dir)
		}
	}
}

// postDetails opens the failed, the missed and the published post on Posts.
func (w *window) postDetails(dir string) {
	for _, d := range postDetailShots {
		before := w.last
		w.searchPosts(d.query)
		assert.False(w.r.t, samePixels(before, w.last), "searching and opening a post for %s changed nothing", d.file)
		w.save(filepath.Join(dir, d.file))
	}
}

// compose types the journey's post, ticks both Mastodon accounts and picks its day and time.
func (w *window) compose() {
	w.xdotool("type", "--delay", "15", composeText)
	for _, row := range []int{0, 1} {
		w.click(composeCheckX, composeCheckY+row*composeCheckStep)
	}
	w.fill(composeDateX, composeDateY, w.scheduled.Format("2006-01-02"))
	w.fill(composeTimeX, composeTimeY, w.scheduled.Format("15:04"))
	w.last = w.settle()
}

// quit presses Ctrl+Q and checks that the app exits 0 without a panic or a Fyne
// threading error.
func (w *window) quit() {
	// The key release may find the window already destroyed (BadWindow): the exit below is
	// what counts, so xdotool's own status is only logged.
	if out, err := exec.Command("xdotool", "key", "--window", w.id, "ctrl+q").CombinedOutput(); err != nil {
		w.r.t.Logf("xdotool key ctrl+q: %v: %s", err, out)
	}
	select {
	case err := <-w.done:
		w.done <- err // for the cleanup
		require.NoError(w.r.t, err, "the app must exit 0 after Ctrl+Q\nstderr:\n%s", w.r.stderr)
	case <-time.After(exitTimeout):
		w.r.t.Fatalf("the app did not exit within %s of Ctrl+Q\nstderr:\n%s", exitTimeout, w.r.stderr)
	}
	w.checkStderr()
}

// checkStderr fails on a panic or a Fyne threading error in the app's output, and logs
// Fyne's other complaints (no notification service on Xvfb, and so on).
func (w *window) checkStderr() {
	out := w.r.stderr.String()
	assert.NotContains(w.r.t, strings.ToLower(out), "panic")
	assert.NotContains(w.r.t, out, "Error in Fyne call thread")
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "Fyne error") || strings.Contains(line, "Cause:") || strings.Contains(line, "level=ERROR") {
			w.r.t.Logf("app stderr: %s", line)
		}
	}
}

// click moves the pointer to (x, y) in the window and clicks the left button.
func (w *window) click(x, y int) {
	w.xdotool("mousemove", "--window", w.id, fmt.Sprint(x), fmt.Sprint(y), "click", "1")
}

func (w *window) xdotool(args ...string) {
	out, err := exec.Command("xdotool", args...).CombinedOutput()
	require.NoError(w.r.t, err, "xdotool %v: %s", args, out)
}

// settle grabs the window until three grabs in a row match (the screen has loaded its
// data and laid itself out), or settleTimeout passes; it returns the last grab. A
// blinking text caret is not a change.
func (w *window) settle() image.Image {
	deadline := time.Now().Add(settleTimeout)
	prev, same := w.grab(), 0
	for same < 2 && time.Now().Before(deadline) {
		time.Sleep(150 * time.Millisecond)
		cur := w.grab()
		if settled(prev, cur) {
			same++
		} else {
			same = 0
		}
		prev = cur
	}
	if same < 2 {
		w.r.t.Logf("the window kept changing for %s; using the last grab", settleTimeout)
	}
	return prev
}

// grab captures the window with ImageMagick's import.
func (w *window) grab() image.Image {
	out, err := exec.Command("import", "-window", w.id, "png:-").Output()
	require.NoError(w.r.t, err, "import -window %s", w.id)
	img, err := png.Decode(bytes.NewReader(out))
	require.NoError(w.r.t, err)
	return img
}

// save writes the last settled grab as a PNG without metadata, so an unchanged screen
// gives an unchanged file.
func (w *window) save(path string) {
	var buf bytes.Buffer
	require.NoError(w.r.t, png.Encode(&buf, w.last))
	require.NoError(w.r.t, os.WriteFile(path, buf.Bytes(), 0o644))
	w.r.t.Logf("saved %s", path)
}

// settled reports whether two grabs show the same screen: identical, or different only
// in a caret-sized box (at most 3 pixels wide).
func settled(a, b image.Image) bool {
	if samePixels(a, b) {
		return true
	}
	if a.Bounds() != b.Bounds() {
		return false
	}
	return diffBox(a, b).Dx() <= 3
}

// samePixels reports whether two grabs are pixel-identical.
func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	return bytes.Equal(rgba(a).Pix, rgba(b).Pix)
}

func rgba(img image.Image) *image.RGBA {
	if r, ok := img.(*image.RGBA); ok {
		return r
	}
	r := image.NewRGBA(img.Bounds())
	draw.Draw(r, r.Bounds(), img, img.Bounds().Min, draw.Src)
	return r
}

// withoutEnv returns env without the variables named in keys.
func withoutEnv(env []string, keys ...string) []string {
	var out []string
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		keep := true
		for _, drop := range keys {
			keep = keep && k != drop
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}

// diffBox is the smallest rectangle holding every pixel that differs between two grabs
// of the same size.
func diffBox(a, b image.Image) image.Rectangle {
	ra, rb := rgba(a), rgba(b)
	var box image.Rectangle
	for y := ra.Rect.Min.Y; y < ra.Rect.Max.Y; y++ {
		for x := ra.Rect.Min.X; x < ra.Rect.Max.X; x++ {
			if ra.RGBAAt(x, y) != rb.RGBAAt(x, y) {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box
}
