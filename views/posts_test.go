package views

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
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
	_, s := openPosts(t, c)
	require.Len(t, s.posts, 2)
	assert.Equal(t, int64(7), s.posts[0].ID, "newest scheduled first")
	assert.Equal(t, "2 posts", s.count.Text)

	s.list.Select(0)
	got := texts(s.detail)
	assert.Contains(t, got, "Mastodon · @shop@example.social")
	assert.Contains(t, got, "Mastodon refused the post: Validation failed: Text character limit of 500 exceeded")
	assert.Equal(t, 1, strings.Count(got, "Text character limit of 500 exceeded"), "the network's words are shown once")
	assert.Contains(t, got, "Edit the post and publish again.")
	assert.True(t, button(t, s.detail, "Publish now").Disabled(), "nothing is waiting: the failed target is retried")

	test.Tap(button(t, s.detail, "Retry"))
	assert.Equal(t, []int64{7}, c.Published, "a failed target is retried without asking")
	test.Tap(button(t, s.detail, "Cancel"))
	assert.Equal(t, []int64{7}, c.Cancelled)
	assert.Equal(t, "Cancelled: it will not be published.", s.status.Text)
	assert.Equal(t, int64(7), s.selected, "the selection survives the reload")
}

func TestPostsRowShowsStatusTimeAndAChipPerAccount(t *testing.T) {
	c := viewstest.New()
	at := time.Date(2030, 5, 1, 9, 0, 0, 0, time.Local)
	c.PostList = []model.Post{{ID: 7, Content: "Spring sale\nsecond line", ScheduledAt: at, Status: model.PostPartiallyPublished,
		Targets: []model.Target{
			{ID: 70, AccountID: 1, Platform: model.Mastodon, Status: model.TargetPublished},
			{ID: 71, AccountID: 2, Platform: model.Bluesky, Status: model.TargetFailed},
		}}}
	_, s := openPosts(t, c)
	row := newPostRow()
	s.updateRow(0, row)
	got := texts(row)
	assert.Contains(t, got, "Spring sale …")
	assert.Contains(t, got, "Partially published · Wed 1 May 2030, 09:00")
	assert.Contains(t, got, "Mastodon: Published")
	assert.Contains(t, got, "Bluesky: Failed")

	var check *widget.Check
	walk(row, func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok {
			check = c
		}
	})
	require.NotNil(t, check)
	test.Tap(check)
	assert.True(t, s.checked[7], "the row's box ticks the post")
	assert.Equal(t, "1 selected", s.bulk.count.Text)
	assert.False(t, s.bulk.cancel.Disabled())
}

func TestPostsEmptyStatesSayWhatToDo(t *testing.T) {
	u := newTestUI(t, viewstest.New())
	s := open[*postsScreen](t, u, navPosts)
	assert.Contains(t, texts(s.empty), "No posts yet")
	assert.Contains(t, texts(s.empty), "Write one in Compose")
	test.Tap(button(t, s.empty, "Compose a post"))
	assert.Equal(t, navCompose, u.items[u.current].title)
}

func TestPostsNoMatchOffersToClearTheFilters(t *testing.T) {
	c := newPostsFake()
	c.PostList = []model.Post{scheduledPost(1, "Spring sale", time.Date(2030, 5, 1, 9, 0, 0, 0, time.Local), "")}
	_, s := openPosts(t, c)
	s.filters.status.SetSelected(postStatusText(model.PostFailed))
	assert.Empty(t, s.posts)
	assert.Contains(t, texts(s.empty), "No posts match these filters")
	test.Tap(button(t, s.empty, "Clear filters"))
	assert.Equal(t, model.PostFilter{}, c.lastFilter())
	assert.Len(t, s.posts, 1)
	assert.False(t, s.empty.Visible())
	assert.Equal(t, "Any status", s.filters.status.Selected)
}

func TestPostsFiltersAndSearchReachListPosts(t *testing.T) {
	c := newPostsFake()
	masto, sky := mastodonAccount(1, "@shop@example.social"), account(2, model.Bluesky, "@shop.bsky.social")
	c.AccountList = []model.Account{masto, sky}
	at := time.Date(2030, 5, 1, 9, 0, 0, 0, time.Local)
	sale := scheduledPost(1, "Spring SALE", at, "", masto)
	c.PostList = []model.Post{sale, scheduledPost(2, "Opening hours", at, "", sky)}
	_, s := openPosts(t, c)
	require.Len(t, s.posts, 2)

	s.filters.status.SetSelected(postStatusText(model.PostScheduled))
	s.filters.network.SetSelected("Mastodon")
	s.filters.account.SetSelected("Mastodon · @shop@example.social")
	s.filters.from.SetText("2030-05-01")
	s.filters.to.SetText("2030-05-31")
	calls := c.listCalls()
	test.Type(s.filters.search, "sale")
	assert.Equal(t, calls, c.listCalls(), "typing waits for a pause")
	s.filters.typing.flush()

	want := model.PostFilter{Status: model.PostScheduled, Platform: model.Mastodon, AccountID: 1, Query: "sale",
		From: time.Date(2030, 5, 1, 0, 0, 0, 0, time.Local), To: time.Date(2030, 6, 1, 0, 0, 0, 0, time.Local)}
	assert.Equal(t, want, c.lastFilter())
	assert.Equal(t, calls+1, c.listCalls(), "one search for the whole word")
	require.Len(t, s.posts, 1)
	assert.Equal(t, int64(1), s.posts[0].ID)

	s.filters.to.SetText("2030-13-01")
	assert.Equal(t, want, c.lastFilter(), "an invalid date is not applied")
	assert.Error(t, s.filters.to.Validate())
}

func TestPostsCtrlFFocusesTheSearch(t *testing.T) {
	u, s := openPosts(t, newPostsFake())
	u.navigate(navAccounts)
	sc := &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	u.Window().Canvas().(fyne.Shortcutable).TypedShortcut(sc)
	assert.Equal(t, navPosts, u.items[u.current].title)
	assert.Equal(t, s.filters.search, u.Window().Canvas().Focused())
}

func TestSortPosts(t *testing.T) {
	at := time.Date(2030, 5, 1, 9, 0, 0, 0, time.UTC)
	draft := model.Post{ID: 1, Status: model.PostDraft, CreatedAt: at.Add(-72 * time.Hour)}
	early := model.Post{ID: 2, Status: model.PostScheduled, ScheduledAt: at}
	late := model.Post{ID: 3, Status: model.PostPublished, ScheduledAt: at.Add(24 * time.Hour)}
	failed := model.Post{ID: 4, Status: model.PostFailed, ScheduledAt: at.Add(-24 * time.Hour)}
	tests := []struct {
		order postsOrder
		want  []int64
	}{
		{newestFirst, []int64{3, 2, 4, 1}},
		{oldestFirst, []int64{1, 4, 2, 3}},
		{byStatus, []int64{4, 2, 1, 3}},
	}
	for _, tc := range tests {
		posts := []model.Post{draft, early, late, failed}
		sortPosts(posts, tc.order)
		var got []int64
		for _, p := range posts {
			got = append(got, p.ID)
		}
		assert.Equal(t, tc.want, got, "order %d", tc.order)
	}
}

func TestPostsSortMenuReordersTheList(t *testing.T) {
	c := newPostsFake()
	at := time.Date(2030, 5, 1, 9, 0, 0, 0, time.Local)
	c.PostList = []model.Post{scheduledPost(1, "First", at, ""), scheduledPost(2, "Second", at.Add(time.Hour), "")}
	_, s := openPosts(t, c)
	assert.Equal(t, int64(2), s.posts[0].ID)
	s.filters.order.SetSelected("Oldest first")
	assert.Equal(t, int64(1), s.posts[0].ID)
	assert.Equal(t, model.PostFilter{}, c.lastFilter(), "the order is not a filter")
}

func TestAttemptsText(t *testing.T) {
	at := time.Date(2030, 5, 1, 9, 0, 0, 0, time.Local)
	got := attemptsText([]model.Attempt{{StartedAt: at, Outcome: "failed", HTTPStatus: 422, ErrorText: "Validation failed"},
		{StartedAt: at, Outcome: "retry", HTTPStatus: 503}, {StartedAt: at, Outcome: "published"}})
	assert.Equal(t, "Wed 1 May 2030, 09:00 — Failed (HTTP 422): Validation failed\n"+
		"Wed 1 May 2030, 09:00 — Retry (HTTP 503)\nWed 1 May 2030, 09:00 — Published", got)
	assert.Equal(t, "No delivery attempt yet.", attemptsText(nil))
}

// publishedFixture has a post (ID 7) published on X and Mastodon and opens it in Posts.
func publishedFixture(t *testing.T) (*postsFake, *UI, *postsScreen) {
	t.Helper()
	c := newPostsFake()
	c.AccountList = []model.Account{account(1, model.X, "@shop"), mastodonAccount(2, "@shop@example.social")}
	c.PostList = []model.Post{{ID: 7, Content: "Spring sale", Status: model.PostPublished, Targets: []model.Target{
		{ID: 70, AccountID: 1, Platform: model.X, Status: model.TargetPublished, PlatformPostID: "1800",
			Permalink: "https://x.com/shop/status/1800"},
		{ID: 71, AccountID: 2, Platform: model.Mastodon, Status: model.TargetPublished, PlatformPostID: "99"},
	}}}
	u, s := openPosts(t, c)
	s.list.Select(0)
	return c, u, s
}

func TestPostsDeleteEverywhereWaitsForTheUndoWindow(t *testing.T) {
	c, u, s := publishedFixture(t)
	c.Remote = app.RemoteDeletion{Deleted: []string{"Mastodon"},
		Manual: []string{"X does not let apps delete this post: delete it on x.com."}}
	test.Tap(button(t, s.detail, "Delete"))
	top := topOverlay(t, u)
	assert.Contains(t, texts(top), "was published on X, Mastodon")
	button(t, top, "Delete here only")
	test.Tap(button(t, top, "Delete everywhere"))
	assert.Empty(t, c.DeletedEverywhere, "nothing is deleted while Undo shows")
	assert.Empty(t, s.posts, "the post is hidden meanwhile")
	assert.True(t, s.undo.button.Visible())

	s.undo.settle()
	assert.Equal(t, []int64{7}, c.DeletedEverywhere)
	assert.Equal(t, "Deleted from Mastodon. X does not let apps delete this post: delete it on x.com.", s.status.Text)
	assert.Empty(t, s.posts)
	assert.False(t, s.undo.button.Visible())
}

func TestPostsDeleteEverywhereShowsTheSentence(t *testing.T) {
	c, u, s := publishedFixture(t)
	c.RemoteErr = fmt.Errorf("delete post 7: %w", model.ErrConflict)
	test.Tap(button(t, s.detail, "Delete"))
	test.Tap(button(t, topOverlay(t, u), "Delete everywhere"))
	s.undo.settle()
	assert.Equal(t, app.UserMessage(c.RemoteErr), s.status.Text)
	assert.Equal(t, widget.DangerImportance, s.status.Importance)
	assert.Len(t, s.posts, 1, "the post is kept and shows again")
}

func TestPostsDeleteHereOnly(t *testing.T) {
	c, u, s := publishedFixture(t)
	test.Tap(button(t, s.detail, "Delete"))
	test.Tap(button(t, topOverlay(t, u), "Delete here only"))
	s.undo.settle()
	assert.Equal(t, []int64{7}, c.Deleted)
	assert.Empty(t, c.DeletedEverywhere)
}

func TestPostsPermalinkOpensTheBrowser(t *testing.T) {
	_, _, s := publishedFixture(t)
	var opened []string
	s.openURL = func(u string) error { opened = append(opened, u); return nil }
	var link *widget.Hyperlink
	walk(s.detail, func(o fyne.CanvasObject) {
		if h, ok := o.(*widget.Hyperlink); ok {
			link = h
		}
	})
	require.NotNil(t, link)
	activate := func() { link.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace}) } // as from the keyboard
	activate()
	assert.Equal(t, []string{"https://x.com/shop/status/1800"}, opened)

	s.openURL = func(string) error { return fmt.Errorf("views: open browser: %w", fmt.Errorf("xdg-open not found")) }
	activate()
	assert.Contains(t, s.status.Text, "xdg-open not found")
}

func TestPostsUnpublishedDeleteAsksPlainly(t *testing.T) {
	c := viewstest.New()
	c.AccountList = []model.Account{mastodonAccount(1, "@a@example.social")}
	c.PostList = []model.Post{{ID: 3, Content: "Draft", Status: model.PostDraft, Targets: []model.Target{
		{ID: 30, AccountID: 1, Platform: model.Mastodon, Status: model.TargetDraft}}}}
	u, s := openPosts(t, c)
	s.list.Select(0)
	test.Tap(button(t, s.detail, "Delete"))
	top := topOverlay(t, u)
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
	_, s := openPosts(t, c)
	s.list.Select(0)
	got := texts(s.detail)
	assert.Contains(t, got, "Scheduled on Facebook")
	assert.Contains(t, got, "Facebook holds the post and publishes it at its time")
	assert.NotContains(t, got, "Pending")
}

func TestPostsRetryOfAnUnconfirmedTargetAsksFirst(t *testing.T) {
	c := viewstest.New()
	c.AccountList = []model.Account{mastodonAccount(1, "@shop@example.social")}
	c.PostList = []model.Post{{ID: 5, Content: "Launch", Status: model.PostUnconfirmed,
		ScheduledAt: time.Date(2030, 5, 1, 9, 0, 0, 0, time.Local), Targets: []model.Target{
			{ID: 50, AccountID: 1, Platform: model.Mastodon, Status: model.TargetUnconfirmed}}}}
	u, s := openPosts(t, c)
	s.list.Select(0)
	test.Tap(button(t, s.detail, "Retry"))
	top := topOverlay(t, u)
	assert.Contains(t, texts(top), "could not tell whether this post went out on Mastodon")
	assert.Empty(t, c.Published, "nothing is sent before the user confirms")
	test.Tap(button(t, top, "Not now"))
	assert.Empty(t, c.Published)

	test.Tap(button(t, s.detail, "Retry"))
	test.Tap(button(t, topOverlay(t, u), "It did not go out: publish again"))
	assert.Equal(t, []int64{5}, c.Published)
	assert.Equal(t, "Publishing now.", s.status.Text)
}

func TestPostsDuplicateOpensTheCopyInCompose(t *testing.T) {
	c := viewstest.New()
	c.AccountList = []model.Account{mastodonAccount(1, "@shop@example.social")}
	c.PostList = []model.Post{{ID: 7, Content: "Spring sale", Status: model.PostPublished, Zone: "Europe/Paris",
		ScheduledAt: time.Date(2030, 5, 1, 9, 0, 0, 0, time.Local), Targets: []model.Target{
			{ID: 70, AccountID: 1, Platform: model.Mastodon, Status: model.TargetPublished, TextOverride: "Spring sale!"}}}}
	u, s := openPosts(t, c)
	s.list.Select(0)
	test.Tap(button(t, s.detail, "Duplicate"))
	require.Len(t, c.Created, 1)
	assert.Equal(t, "Spring sale", c.Created[0].Content)
	assert.Equal(t, map[int64]string{1: "Spring sale!"}, c.Created[0].Overrides)
	assert.True(t, c.Created[0].ScheduledAt.IsZero(), "the copy is a draft")
	assert.Equal(t, navCompose, u.items[u.current].title)
}

func TestSummarySaysWhatWorkedAndWhy(t *testing.T) {
	a, b, g := model.Post{ID: 1, Content: "Alpha"}, model.Post{ID: 2, Content: "Beta"}, model.Post{ID: 3, Content: "Gamma"}
	no := refusal("This post has nothing left to cancel: it is published or being published.")
	tests := []struct {
		name string
		out  bulkOutcome
		want string
		imp  widget.Importance
	}{
		{"one", bulkOutcome{done: []model.Post{a}}, "Cancelled: it will not be published.", widget.SuccessImportance},
		{"several", bulkOutcome{done: []model.Post{a, b}}, "Cancelled 2 posts: they will not be published.",
			widget.SuccessImportance},
		{"some failed", bulkOutcome{done: []model.Post{a, b}, failed: []bulkFailure{{g, no}}},
			"Cancelled 2 posts: they will not be published. “Gamma” was not cancelled: " + string(no), widget.WarningImportance},
		{"the only one failed", bulkOutcome{failed: []bulkFailure{{g, no}}},
			"“Gamma” was not cancelled: " + string(no), widget.DangerImportance},
		{"all failed", bulkOutcome{failed: []bulkFailure{{a, no}, {g, no}}},
			"Nothing was cancelled. “Alpha” was not cancelled: " + string(no) + " “Gamma” was not cancelled: " + string(no),
			widget.DangerImportance},
	}
	for _, tc := range tests {
		got, imp := summary(tc.out, cancelWords())
		assert.Equal(t, tc.want, got, tc.name)
		assert.Equal(t, tc.imp, imp, tc.name)
	}
}
