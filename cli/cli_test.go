package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fakeCore is an in-memory Core that records what it was asked.
type fakeCore struct {
	accounts []model.Account
	posts    map[int64]model.Post
	calls    []string
	failWith error
	filter   model.PostFilter
	draft    app.Draft
	period   app.StatsPeriod
}

var t0 = time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)

func newFake() *fakeCore {
	paris, _ := time.LoadLocation("Europe/Paris")
	return &fakeCore{
		accounts: []model.Account{
			{ID: 1, Platform: model.Mastodon, RemoteID: "109", Name: "Webox", Handle: "@webox@mastodon.social",
				InstanceURL: "https://mastodon.social", Status: model.AccountOK},
			{ID: 2, Platform: model.Bluesky, RemoteID: "did:plc:abc", Name: "Webox Sky", Handle: "@webox.bsky.social",
				Status: model.AccountReconnectNeeded, ExpiresAt: t0.Add(48 * time.Hour)},
		},
		posts: map[int64]model.Post{
			7: {ID: 7, Content: "Winter sale starts\nnow: everything -20% in every shop of the city", Hashtags: []string{"#sale"},
				ScheduledAt: t0.In(paris), Zone: "Europe/Paris", Status: model.PostScheduled, CreatedAt: t0.Add(-time.Hour),
				Targets: []model.Target{
					{ID: 70, PostID: 7, AccountID: 1, Platform: model.Mastodon, Status: model.TargetPending},
					{ID: 71, PostID: 7, AccountID: 2, Platform: model.Bluesky, Status: model.TargetPending}}},
			8: {ID: 8, Content: "Hello", Status: model.PostPublished, PublishedAt: t0, CreatedAt: t0.Add(-2 * time.Hour),
				Targets: []model.Target{{ID: 80, PostID: 8, AccountID: 1, Platform: model.Mastodon,
					Status: model.TargetPublished, Permalink: "https://mastodon.social/@webox/1", PublishedAt: t0}}},
		},
	}
}

func (f *fakeCore) call(name string, id int64) error {
	f.calls = append(f.calls, fmt.Sprintf("%s %d", name, id))
	if f.failWith != nil {
		return f.failWith
	}
	if _, ok := f.posts[id]; !ok && id != 0 {
		return fmt.Errorf("store: post %d: %w", id, model.ErrNotFound)
	}
	return nil
}

func (f *fakeCore) Accounts(context.Context) ([]model.Account, error) {
	return f.accounts, f.call("accounts", 0)
}

func (f *fakeCore) ListPosts(_ context.Context, filter model.PostFilter) ([]model.Post, error) {
	f.filter = filter
	return []model.Post{f.posts[7], f.posts[8]}, f.call("list", 0)
}

func (f *fakeCore) GetPost(_ context.Context, id int64) (model.Post, error) {
	return f.posts[id], f.call("get", id)
}

func (f *fakeCore) CreatePost(_ context.Context, d app.Draft) (model.Post, error) {
	f.draft = d
	p := model.Post{ID: 9, Content: d.Content, ScheduledAt: d.ScheduledAt, Zone: d.Zone, Status: model.PostDraft}
	if !d.ScheduledAt.IsZero() {
		p.Status = model.PostScheduled
	}
	for _, id := range d.AccountIDs {
		p.Targets = append(p.Targets, model.Target{AccountID: id, Platform: f.accounts[id-1].Platform, Status: model.TargetStatus(p.Status)})
	}
	return p, f.call("create", 0)
}

func (f *fakeCore) UpdatePost(_ context.Context, id int64, d app.Draft) (model.Post, error) {
	f.draft = d
	p := f.posts[id]
	p.Content = d.Content
	return p, f.call("update", id)
}

func (f *fakeCore) SchedulePost(_ context.Context, id int64, at time.Time, zone string) error {
	f.draft = app.Draft{ScheduledAt: at, Zone: zone}
	return f.call("schedule", id)
}

func (f *fakeCore) PublishNow(_ context.Context, id int64) error { return f.call("publish", id) }
func (f *fakeCore) CancelPost(_ context.Context, id int64) error { return f.call("cancel", id) }
func (f *fakeCore) DeletePost(_ context.Context, id int64) error { return f.call("delete", id) }

func (f *fakeCore) StatsOverview(_ context.Context, p app.StatsPeriod, _ []int64) (model.StatsOverview, error) {
	f.period = p
	prev := &model.StatsOverview{Posts: 2, Views: 100, Likes: 3, EngagementRate: 3, RateOK: true}
	return model.StatsOverview{Posts: 5, Views: 1000, Likes: 40, Comments: 5, Shares: 5, Saves: 1,
		EngagementRate: 5, RateOK: true, Followers: 321, FollowersOK: true, Previous: prev}, f.call("overview", 0)
}

func (f *fakeCore) StatsByNetwork(context.Context, app.StatsPeriod, []int64) ([]model.NetworkStats, error) {
	return []model.NetworkStats{
		{Platform: model.Mastodon, Posts: 3, Views: 1000, Likes: 40, Comments: 5, Shares: 5, Saves: 1, EngagementRate: 5, RateOK: true},
		{Platform: model.Bluesky, Posts: 2, Likes: 0},
	}, f.call("networks", 0)
}

// run executes args against core with a fixed clock in UTC and returns code and output.
func run(t *testing.T, core Core, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	r := &runner{core: core, stdout: &out, stderr: &errOut, now: func() time.Time { return t0 }, loc: time.UTC}
	code := r.run(context.Background(), args)
	return code, out.String(), errOut.String()
}

func TestGolden(t *testing.T) {
	cases := []struct {
		name string
		args string
		code int
	}{
		{"help", "--help", ExitOK},
		{"accounts_list", "accounts list", ExitOK},
		{"accounts_list_json", "accounts list --json", ExitOK},
		{"accounts_list_help", "accounts list --help", ExitOK},
		{"posts_list", "posts list", ExitOK},
		{"posts_list_json", "posts list --json", ExitOK},
		{"posts_list_help", "posts list -h", ExitOK},
		{"posts_show", "posts show 7", ExitOK},
		{"posts_show_json", "posts show --json 8", ExitOK},
		{"posts_show_missing", "posts show 99", ExitNotFound},
		{"posts_show_no_id", "posts show", ExitUsage},
		{"posts_show_bad_id", "posts show abc", ExitUsage},
		{"posts_create", "posts create --text Hi --accounts 1,2 --at 2026-12-05_10:30 --zone Europe/Paris", ExitOK},
		{"posts_create_json", "posts create --text Hi --accounts 1 --json", ExitOK},
		{"posts_create_missing_text", "posts create --accounts 1", ExitUsage},
		{"posts_create_help", "posts create --help", ExitOK},
		{"posts_update_json", "posts update 7 --text Changed --json", ExitOK},
		{"posts_schedule", "posts schedule 7 --at 2026-12-24_18:00 --zone UTC", ExitOK},
		{"posts_schedule_bad_time", "posts schedule 7 --at tomorrow", ExitUsage},
		{"posts_publish", "posts publish 8", ExitOK},
		{"posts_cancel_json", "posts cancel 7 --json", ExitOK},
		{"posts_delete", "posts delete 7", ExitOK},
		{"posts_delete_json", "posts delete 7 --json", ExitOK},
		{"stats", "stats", ExitOK},
		{"stats_json", "stats --period 7d --json", ExitOK},
		{"stats_bad_period", "stats --period soon", ExitUsage},
		{"unknown", "frobnicate", ExitUsage},
		{"posts_unknown", "posts frob", ExitUsage},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := strings.Fields(c.args)
			for i := range args {
				args[i] = strings.ReplaceAll(args[i], "_", " ") // times with a space
			}
			code, out, errOut := run(t, newFake(), args...)
			assert.Equal(t, c.code, code, "stderr: %s", errOut)
			golden(t, c.name, out+"--- stderr ---\n"+errOut)
		})
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got)
}

func TestCreateSendsDraft(t *testing.T) {
	f := newFake()
	code, _, _ := run(t, f, "posts", "create", "--text", "Hi", "--accounts", "1, 2", "--at", "2026-12-05 10:30", "--zone", "Europe/Paris")
	require.Equal(t, ExitOK, code)
	assert.Equal(t, "Hi", f.draft.Content)
	assert.Equal(t, []int64{1, 2}, f.draft.AccountIDs)
	assert.Equal(t, "Europe/Paris", f.draft.Zone)
	assert.True(t, f.draft.ScheduledAt.Equal(time.Date(2026, 12, 5, 9, 30, 0, 0, time.UTC)))
}

func TestCreateWithoutAtIsDraftInLocalZone(t *testing.T) {
	f := newFake()
	code, _, _ := run(t, f, "posts", "create", "--text", "Hi", "--accounts", "1")
	require.Equal(t, ExitOK, code)
	assert.True(t, f.draft.ScheduledAt.IsZero())
	assert.Equal(t, "Local", f.draft.Zone)
}

func TestUpdateKeepsWhatIsNotGiven(t *testing.T) {
	f := newFake()
	code, _, _ := run(t, f, "posts", "update", "7", "--text", "Changed")
	require.Equal(t, ExitOK, code)
	assert.Equal(t, "Changed", f.draft.Content)
	assert.Equal(t, []int64{1, 2}, f.draft.AccountIDs)
	assert.Equal(t, []string{"#sale"}, f.draft.Hashtags)
	assert.Equal(t, "Europe/Paris", f.draft.Zone)
	assert.True(t, f.draft.ScheduledAt.Equal(t0))
}

func TestScheduleReadsTimeInZone(t *testing.T) {
	f := newFake()
	code, _, _ := run(t, f, "posts", "schedule", "7", "--at", "2026-12-24 18:00", "--zone", "Europe/Paris")
	require.Equal(t, ExitOK, code)
	assert.True(t, f.draft.ScheduledAt.Equal(time.Date(2026, 12, 24, 17, 0, 0, 0, time.UTC)))
	assert.Equal(t, "Europe/Paris", f.draft.Zone)
	assert.Equal(t, []string{"schedule 7", "get 7"}, f.calls)
}

func TestListFilter(t *testing.T) {
	f := newFake()
	code, _, _ := run(t, f, "posts", "list", "--status", "scheduled", "--from", "2026-12-01", "--to", "2026-12-31")
	require.Equal(t, ExitOK, code)
	assert.Equal(t, model.PostScheduled, f.filter.Status)
	assert.True(t, f.filter.From.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)))
	assert.True(t, f.filter.To.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)), "--to includes its day")
}

func TestStatsPeriod(t *testing.T) {
	f := newFake()
	code, _, _ := run(t, f, "stats", "--period", "2w")
	require.Equal(t, ExitOK, code)
	end := t0.Add(time.Second) // this second included
	assert.Equal(t, app.StatsPeriod{From: end.AddDate(0, 0, -14), To: end}, f.period)
}

func TestFailureExitCodes(t *testing.T) {
	cases := map[string]struct {
		err  error
		code int
		msg  string
	}{
		"conflict": {fmt.Errorf("delete post 7: %w", model.ErrConflict), ExitFailure, "webox-social: Delete post 7: conflict.\n"},
		"other":    {fmt.Errorf("store: disk full"), ExitFailure, "webox-social: Something went wrong: store: disk full.\n"},
		"missing":  {fmt.Errorf("store: %w", model.ErrNotFound), ExitNotFound, "webox-social: That item no longer exists. It may have been deleted in another window.\n"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			f := newFake()
			f.failWith = c.err
			code, out, errOut := run(t, f, "posts", "delete", "7")
			assert.Equal(t, c.code, code)
			assert.Empty(t, out)
			assert.Equal(t, c.msg, errOut)
		})
	}
}

func TestIsCommand(t *testing.T) {
	assert.True(t, IsCommand("posts"))
	assert.True(t, IsCommand("stats"))
	assert.False(t, IsCommand("--headless"))
}

func TestRunWithoutArgsIsUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Run(context.Background(), newFake(), nil, Options{Stdout: &out, Stderr: &errOut})
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, errOut.String(), "Usage: webox-social")
}

// DownloadMedia refuses addresses of gone.example and hands the others back as paths.
func (f *fakeCore) DownloadMedia(_ context.Context, sources []string) ([]string, func(), error) {
	for _, s := range sources {
		if strings.Contains(s, "gone.example") {
			return nil, nil, fmt.Errorf("download media: %w", errors.New(s+" answered 404 Not Found"))
		}
	}
	f.calls = append(f.calls, "download "+strings.Join(sources, "|"))
	return sources, func() { f.calls = append(f.calls, "downloads removed") }, nil
}

func TestPostsCreateAttachesMedia(t *testing.T) {
	f := newFake()
	code, _, errOut := run(t, f, "posts", "create", "--text", "Croissants", "--accounts", "1",
		"--media", "/pics/a.jpg; https://cdn.example/b.jpg")
	require.Equal(t, ExitOK, code, errOut)
	assert.Equal(t, []string{"/pics/a.jpg", "https://cdn.example/b.jpg"}, f.draft.MediaPaths)
	assert.Equal(t, "downloads removed", f.calls[len(f.calls)-1], "after the post is saved")

	code, _, errOut = run(t, newFake(), "posts", "create", "--text", "X", "--accounts", "1", "--media", "https://gone.example/x.jpg")
	assert.Equal(t, ExitFailure, code)
	assert.Contains(t, errOut, "404 Not Found")
}

func TestSaysWhenNoRunningAppWillPublish(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"posts", "publish", "7"}, "post 7 goes out as soon as it starts"},
		{[]string{"posts", "schedule", "7", "--at", "2026-12-24 09:00"}, "scheduled posts go out only while it runs"},
		{[]string{"posts", "cancel", "7"}, ""},
	}
	for _, c := range cases {
		for _, running := range []bool{false, true} {
			var out, errOut bytes.Buffer
			woken := 0
			code := Run(context.Background(), newFake(), c.args, Options{Stdout: &out, Stderr: &errOut,
				Wake: func() bool { woken++; return running }})
			require.Equal(t, ExitOK, code, errOut.String())
			assert.Equal(t, 1, woken, "the running app is always told")
			if c.want == "" || running {
				assert.Empty(t, errOut.String(), c.args)
			} else {
				assert.Contains(t, errOut.String(), c.want, c.args)
			}
		}
	}
}
