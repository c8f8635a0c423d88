package views

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
)

// bulkFixture has three scheduled posts — Alpha (Paris), Beta (New York), Gamma (Paris,
// failing every change) — all ticked with "Select all shown".
func bulkFixture(t *testing.T) (*postsFake, *UI, *postsScreen) {
	t.Helper()
	c := newPostsFake()
	acct := mastodonAccount(1, "@shop@example.social")
	c.AccountList = []model.Account{acct}
	at := time.Date(2030, 5, 1, 9, 0, 0, 0, time.UTC)
	c.PostList = []model.Post{
		scheduledPost(1, "Alpha", at.Add(2*time.Hour), "Europe/Paris", acct),
		scheduledPost(2, "Beta", at.Add(time.Hour), "America/New_York", acct),
		scheduledPost(3, "Gamma", at, "Europe/Paris", acct),
	}
	c.fail[3] = refusal("This post has nothing left to cancel: it is published or being published.")
	u, s := openPosts(t, c)
	require.Len(t, s.posts, 3)
	test.Tap(s.bulk.all)
	require.Len(t, s.checkedPosts(), 3)
	assert.Equal(t, "3 selected", s.bulk.count.Text)
	return c, u, s
}

func TestPostsSelectAllShownAndUntick(t *testing.T) {
	_, _, s := bulkFixture(t)
	s.setChecked(2, false)
	assert.False(t, s.bulk.all.Checked, "not all are ticked any more")
	assert.Equal(t, "2 selected", s.bulk.count.Text)
	test.Tap(s.bulk.all)
	assert.Len(t, s.checkedPosts(), 3)
	test.Tap(s.bulk.all)
	assert.Empty(t, s.checkedPosts())
	assert.True(t, s.bulk.del.Disabled(), "nothing to act on")

	test.Tap(s.bulk.all)
	s.filters.order.SetSelected("Oldest first")
	assert.Len(t, s.checkedPosts(), 3, "reloading keeps the ticks of posts still shown")
	test.Type(s.filters.search, "alpha")
	s.filters.typing.flush()
	assert.Len(t, s.checkedPosts(), 1, "posts filtered out are unticked: actions touch only what is shown")
}

func TestPostsBulkCancelWithAFailureThenUndo(t *testing.T) {
	c, _, s := bulkFixture(t)
	test.Tap(s.bulk.cancel)
	assert.ElementsMatch(t, []int64{1, 2}, c.Cancelled)
	assert.Equal(t, "Cancelled 2 posts: they will not be published. “Gamma” was not cancelled: "+
		"This post has nothing left to cancel: it is published or being published.", s.status.Text)
	assert.Equal(t, widget.WarningImportance, s.status.Importance)
	assert.False(t, s.bulk.progress.Visible(), "the progress bar goes once done")
	assert.False(t, s.busy)

	require.True(t, s.undo.button.Visible())
	test.Tap(s.undo.button)
	assert.ElementsMatch(t, []scheduleCall{
		{id: 1, at: time.Date(2030, 5, 1, 11, 0, 0, 0, time.UTC), zone: "Europe/Paris"},
		{id: 2, at: time.Date(2030, 5, 1, 10, 0, 0, 0, time.UTC), zone: "America/New_York"},
	}, c.scheduled(), "each cancelled post is scheduled back at its old time, in its zone")
	assert.Equal(t, "Undone: 2 posts are back as they were.", s.status.Text)
	assert.False(t, s.undo.button.Visible())
}

func TestPostsBulkDeleteWithAFailureWaitsThenDeletes(t *testing.T) {
	c, u, s := bulkFixture(t)
	c.fail[3] = refusal("This post is being published right now; wait a moment, then delete it.")
	test.Tap(s.bulk.del)
	top := topOverlay(t, u)
	assert.Contains(t, texts(top), "Posts already published stay on the networks.")
	test.Tap(button(t, top, "Delete"))
	assert.Equal(t, "Deleted 3 posts.", s.status.Text)
	assert.Empty(t, s.posts, "deleted posts are hidden while Undo shows")
	assert.Empty(t, c.Deleted, "nothing is deleted before the undo window closes")
	assert.Contains(t, texts(s.empty), "No posts yet")

	s.undo.settle()
	assert.ElementsMatch(t, []int64{1, 2}, c.Deleted)
	assert.Equal(t, "Deleted 2 posts. “Gamma” was not deleted: This post is being published right now; wait a "+
		"moment, then delete it.", s.status.Text)
	require.Len(t, s.posts, 1, "the post that could not be deleted shows again")
	assert.Equal(t, int64(3), s.posts[0].ID)
}

func TestPostsBulkDeleteRefusesAPostBeingPublished(t *testing.T) {
	c, u, s := bulkFixture(t)
	c.PostList[2].Targets[0].Status = model.TargetPublishing
	c.PostList[2].Status = model.PostPublishing
	s.reload()
	require.Len(t, s.checkedPosts(), 3, "the reload keeps the ticks")
	test.Tap(s.bulk.del)
	test.Tap(button(t, topOverlay(t, u), "Delete"))
	assert.Equal(t, "Deleted 2 posts. “Gamma” was not deleted: It is being published right now; wait a moment, "+
		"then delete it.", s.status.Text)
	require.Len(t, s.posts, 1)
	s.undo.settle()
	assert.ElementsMatch(t, []int64{1, 2}, c.Deleted)
}

func TestPostsUndoDeleteDeletesNothing(t *testing.T) {
	c, u, s := bulkFixture(t)
	delete(c.fail, 3)
	test.Tap(s.bulk.del)
	test.Tap(button(t, topOverlay(t, u), "Delete"))
	require.Empty(t, s.posts)
	test.Tap(s.undo.button)
	assert.Len(t, s.posts, 3, "the posts are back")
	assert.Equal(t, "Undone: nothing was deleted.", s.status.Text)
	s.undo.settle()
	u.stop()
	assert.Empty(t, c.Deleted, "nothing was ever deleted")
	assert.Empty(t, c.Cancelled)
	assert.Empty(t, c.scheduled())
}

func TestPostsPendingDeletionsAreDoneWhenTheAppQuits(t *testing.T) {
	c, u, s := bulkFixture(t)
	delete(c.fail, 3)
	test.Tap(s.bulk.del)
	test.Tap(button(t, topOverlay(t, u), "Delete"))
	assert.Empty(t, c.Deleted)
	u.stop()
	assert.ElementsMatch(t, []int64{1, 2, 3}, c.Deleted)
}

func TestPostsANewActionMakesThePreviousDeletionFinal(t *testing.T) {
	c, u, s := bulkFixture(t)
	delete(c.fail, 3)
	s.setChecked(2, false)
	s.setChecked(3, false)
	test.Tap(s.bulk.del)
	test.Tap(button(t, topOverlay(t, u), "Delete"))
	require.Len(t, s.posts, 2)
	s.setChecked(2, true)
	test.Tap(s.bulk.cancel)
	assert.Equal(t, []int64{1}, c.Deleted, "only one action can be undone: the deletion is done")
	test.Tap(s.undo.button)
	assert.Len(t, c.scheduled(), 1, "Undo takes back the cancel")
}

func TestPostsDeletingAPostDueNowCancelsItFirst(t *testing.T) {
	c := newPostsFake()
	acct := mastodonAccount(1, "@shop@example.social")
	c.AccountList = []model.Account{acct}
	soon := time.Now().Add(10 * time.Second).Truncate(time.Second)
	c.PostList = []model.Post{scheduledPost(1, "Flash sale", soon, "Europe/Paris", acct)}
	u, s := openPosts(t, c)
	s.list.Select(0)
	test.Tap(button(t, s.detail, "Delete"))
	test.Tap(button(t, topOverlay(t, u), "Delete"))
	assert.Equal(t, []int64{1}, c.Cancelled, "it cannot go out while its deletion waits")
	assert.Empty(t, c.Deleted)

	test.Tap(s.undo.button)
	assert.Equal(t, []scheduleCall{{id: 1, at: soon, zone: "Europe/Paris"}}, c.scheduled(), "undo schedules it back")
	assert.Equal(t, "Undone: “Flash sale” is back as it was.", s.status.Text)
	assert.Empty(t, c.Deleted)
}

func TestPostsBulkRescheduleInEachZoneWithAFailureThenUndo(t *testing.T) {
	c, u, s := bulkFixture(t)
	c.fail[3] = refusal("This post has nothing left to schedule.")
	test.Tap(s.bulk.reschedule)
	top := topOverlay(t, u)
	assert.Contains(t, texts(top), "The time is read in each post's own time zone.")
	var entries []*widget.Entry
	walk(top, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok {
			entries = append(entries, e)
		}
	})
	require.Len(t, entries, 2)
	entries[0].SetText("2030-06-01")
	entries[1].SetText("09:30")
	test.Tap(button(t, top, "Reschedule"))

	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	york, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	assert.ElementsMatch(t, []scheduleCall{
		{id: 1, at: time.Date(2030, 6, 1, 9, 30, 0, 0, paris), zone: "Europe/Paris"},
		{id: 2, at: time.Date(2030, 6, 1, 9, 30, 0, 0, york), zone: "America/New_York"},
	}, c.scheduled())
	assert.Equal(t, "Rescheduled 2 posts. “Gamma” was not rescheduled: This post has nothing left to schedule.",
		s.status.Text)

	test.Tap(s.undo.button)
	got := c.scheduled()
	require.Len(t, got, 4)
	assert.ElementsMatch(t, []scheduleCall{
		{id: 1, at: time.Date(2030, 5, 1, 11, 0, 0, 0, time.UTC), zone: "Europe/Paris"},
		{id: 2, at: time.Date(2030, 5, 1, 10, 0, 0, 0, time.UTC), zone: "America/New_York"},
	}, got[2:], "undo puts each post back at its old time")
}

func TestRestorePost(t *testing.T) {
	c := newPostsFake()
	acct := mastodonAccount(1, "@shop@example.social")
	c.AccountList = []model.Account{acct}
	now := time.Date(2030, 5, 1, 9, 0, 0, 0, time.UTC)
	draft := scheduledPost(1, "Draft", time.Time{}, "", acct)
	draft.Status = model.PostDraft
	cancelled := scheduledPost(2, "Off", now.Add(time.Hour), "", acct)
	cancelled.Status = model.PostCancelled
	missed := scheduledPost(3, "Late", now.Add(-time.Hour), "", acct)
	missed.Status = model.PostMissed
	c.PostList = []model.Post{draft, cancelled, missed}
	ctx := t.Context()

	require.NoError(t, restorePost(ctx, c, draft, now))
	require.Len(t, c.Updated, 1, "a draft goes back to a draft")
	assert.True(t, c.Updated[0].Draft.ScheduledAt.IsZero())
	require.NoError(t, restorePost(ctx, c, cancelled, now))
	assert.Equal(t, []int64{2}, c.Cancelled, "a cancelled post is cancelled again")
	err := restorePost(ctx, c, missed, now)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "has passed")
	assert.Empty(t, c.scheduled(), "a time in the past is not scheduled again")
}
