package views

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
