package views

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/views/viewstest"
)

func TestPostsShowTargetsAndPlatformError(t *testing.T) {
	c := viewstest.New()
	c.AccountList = []model.Account{mastodonAccount(1, "@shop@example.social")}
	at := time.Date(2030, 5, 1, 9, 0, 0, 0, time.Local)
	c.PostList = []model.Post{
		{ID: 7, Content: "Spring sale", ScheduledAt: at, Status: model.PostFailed, Targets: []model.Target{{
			ID: 70, AccountID: 1, Platform: model.Mastodon, Status: model.TargetFailed,
			LastError: "Mastodon refused the post: Validation failed: Text character limit of 500 exceeded",
		}}},
		{ID: 8, Content: "Older", ScheduledAt: at.Add(-48 * time.Hour), Status: model.PostPublished, Targets: []model.Target{{
			ID: 80, AccountID: 1, Platform: model.Mastodon, Status: model.TargetPublished, Permalink: "https://example.social/@shop/1",
		}}},
	}
	u := newTestUI(t, c)
	s := open[*postsScreen](t, u, navPosts)
	require.Len(t, s.posts, 2)
	assert.Equal(t, int64(7), s.posts[0].ID, "newest scheduled first")
	assert.Equal(t, "2 posts", s.count.Text)

	s.list.Select(0)
	got := texts(s.detail)
	assert.Contains(t, got, "Mastodon · @shop@example.social")
	assert.Contains(t, got, "Mastodon refused the post: Validation failed: Text character limit of 500 exceeded")
	assert.Equal(t, 1, strings.Count(got, "Text character limit of 500 exceeded"), "the network's words are shown once")
	assert.Contains(t, got, "Edit the post and publish again.")

	test.Tap(button(t, s.detail, "Publish now"))
	assert.Equal(t, []int64{7}, c.Published)
	test.Tap(button(t, s.detail, "Cancel"))
	assert.Equal(t, []int64{7}, c.Cancelled)
	assert.Equal(t, "Cancelled: it will not be published.", s.status.Text)
	assert.Equal(t, int64(7), s.selected, "the selection survives the reload")
}

func TestPostsEmptyStateSaysWhatToDo(t *testing.T) {
	u := newTestUI(t, viewstest.New())
	s := open[*postsScreen](t, u, navPosts)
	assert.Contains(t, texts(s.detail), "Write your first post in Compose")
	test.Tap(button(t, s.detail, "Compose a post"))
	assert.Equal(t, navCompose, u.items[u.current].title)
}

func TestAttemptsText(t *testing.T) {
	at := time.Date(2030, 5, 1, 9, 0, 0, 0, time.Local)
	got := attemptsText([]model.Attempt{{StartedAt: at, Outcome: "failed", HTTPStatus: 422, ErrorText: "Validation failed"}})
	assert.Equal(t, "Wed 1 May 2030, 09:00 — Failed (HTTP 422): Validation failed", got)
	assert.Equal(t, "No delivery attempt yet.", attemptsText(nil))
}

// publishedFixture has a post (ID 7) published on X and Mastodon and opens it in Posts.
func publishedFixture(t *testing.T) (*viewstest.Core, *UI, *postsScreen) {
	t.Helper()
	c := viewstest.New()
	c.AccountList = []model.Account{account(1, model.X, "@shop"), mastodonAccount(2, "@shop@example.social")}
	c.PostList = []model.Post{{ID: 7, Content: "Spring sale", Status: model.PostPublished, Targets: []model.Target{
		{ID: 70, AccountID: 1, Platform: model.X, Status: model.TargetPublished, PlatformPostID: "1800"},
		{ID: 71, AccountID: 2, Platform: model.Mastodon, Status: model.TargetPublished, PlatformPostID: "99"},
	}}}
	u := newTestUI(t, c)
	s := open[*postsScreen](t, u, navPosts)
	s.list.Select(0)
	return c, u, s
}

func TestPostsDeleteEverywhereCallsTheCore(t *testing.T) {
	c, u, s := publishedFixture(t)
	c.Remote = app.RemoteDeletion{Deleted: []string{"Mastodon"},
		Manual: []string{"X does not let apps delete this post: delete it on x.com."}}
	test.Tap(button(t, s.detail, "Delete"))
	top := u.Window().Canvas().Overlays().Top()
	require.NotNil(t, top)
	assert.Contains(t, texts(top), "was published on X, Mastodon")
	button(t, top, "Delete here only")
	test.Tap(button(t, top, "Delete everywhere"))
	assert.Equal(t, []int64{7}, c.DeletedEverywhere)
	assert.Equal(t, "Deleted from Mastodon. X does not let apps delete this post: delete it on x.com.", s.status.Text)
	assert.Empty(t, s.posts)
}

func TestPostsDeleteEverywhereShowsTheSentence(t *testing.T) {
	c, u, s := publishedFixture(t)
	c.RemoteErr = fmt.Errorf("delete post 7: %w", model.ErrConflict)
	test.Tap(button(t, s.detail, "Delete"))
	test.Tap(button(t, u.Window().Canvas().Overlays().Top(), "Delete everywhere"))
	assert.Equal(t, app.UserMessage(c.RemoteErr), s.status.Text)
	assert.Equal(t, widget.DangerImportance, s.status.Importance)
	assert.Len(t, s.posts, 1, "the post is kept")
}

func TestPostsDeleteHereOnly(t *testing.T) {
	c, u, s := publishedFixture(t)
	test.Tap(button(t, s.detail, "Delete"))
	test.Tap(button(t, u.Window().Canvas().Overlays().Top(), "Delete here only"))
	assert.Equal(t, []int64{7}, c.Deleted)
	assert.Empty(t, c.DeletedEverywhere)
}

func TestPostsUnpublishedDeleteAsksPlainly(t *testing.T) {
	c := viewstest.New()
	c.AccountList = []model.Account{mastodonAccount(1, "@a@example.social")}
	c.PostList = []model.Post{{ID: 3, Content: "Draft", Status: model.PostDraft, Targets: []model.Target{
		{ID: 30, AccountID: 1, Platform: model.Mastodon, Status: model.TargetDraft}}}}
	u := newTestUI(t, c)
	s := open[*postsScreen](t, u, navPosts)
	s.list.Select(0)
	test.Tap(button(t, s.detail, "Delete"))
	top := u.Window().Canvas().Overlays().Top()
	button(t, top, "Delete")
	walk(top, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok {
			assert.NotEqual(t, "Delete everywhere", b.Text, "nothing was published")
		}
	})
}

func TestPostsShowHandedOverTargets(t *testing.T) {
	c := viewstest.New()
	c.AccountList = []model.Account{account(1, model.Facebook, "Bakery")}
	c.PostList = []model.Post{{ID: 4, Content: "Opening hours", Status: model.PostScheduled,
		ScheduledAt: time.Date(2030, 5, 1, 9, 0, 0, 0, time.Local), Targets: []model.Target{
			{ID: 40, AccountID: 1, Platform: model.Facebook, Status: model.TargetPending, PlatformPostID: "123_456"}}}}
	u := newTestUI(t, c)
	s := open[*postsScreen](t, u, navPosts)
	s.list.Select(0)
	got := texts(s.detail)
	assert.Contains(t, got, "Scheduled on Facebook")
	assert.Contains(t, got, "Facebook holds the post and publishes it at its time")
	assert.NotContains(t, got, "Pending")
}
