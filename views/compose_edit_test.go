package views

import (
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

// editFixture has two accounts and a failed post (ID 7) scheduled at 18:00 in Paris on
// account 2, with hashtags (Compose keeps them unseen) and a per-account text.
func editFixture(t *testing.T) (*viewstest.Core, *UI, *postsScreen) {
	t.Helper()
	c := viewstest.New()
	c.Sett.DefaultZone = "UTC"
	c.AccountList = []model.Account{mastodonAccount(1, "@a@example.social"), mastodonAccount(2, "@b@example.social")}
	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	c.PostList = []model.Post{{ID: 7, Content: "Spring sale", Hashtags: []string{"shop"}, Zone: "Europe/Paris",
		ScheduledAt: time.Date(2030, 5, 1, 18, 0, 0, 0, paris), Status: model.PostFailed,
		Targets: []model.Target{{ID: 70, AccountID: 2, Platform: model.Mastodon, Status: model.TargetFailed,
			TextOverride: "Spring sale on B", LastError: "Mastodon refused the post: Validation failed"}}}}
	u := newTestUI(t, c)
	s := open[*postsScreen](t, u, navPosts)
	s.list.Select(0)
	return c, u, s
}

// composeOf returns the Compose screen after Edit switched to it.
func composeOf(t *testing.T, u *UI) *composeScreen {
	t.Helper()
	require.Equal(t, navCompose, u.items[u.current].title)
	s, ok := u.screens[u.current].(*composeScreen)
	require.True(t, ok)
	return s
}

func checked(s *composeScreen) []bool {
	var out []bool
	for _, o := range s.checks.Objects {
		if c, ok := o.(*widget.Check); ok {
			out = append(out, c.Checked)
		}
	}
	return out
}

func TestEditLoadsThePostIntoCompose(t *testing.T) {
	c, u, posts := editFixture(t)
	c.Unsent = "My new idea"
	test.Tap(button(t, posts.detail, "Edit"))
	s := composeOf(t, u)
	assert.Equal(t, "Spring sale", s.text.Text)
	assert.Equal(t, []bool{false, true}, checked(s))
	assert.Equal(t, "2030-05-01", s.date.Text)
	assert.Equal(t, "18:00", s.clock.Text, "the time in the post's own zone")
	assert.Contains(t, s.zoneInfo.Text, "Europe/Paris")
	assert.True(t, s.editBar.Visible())
	assert.Contains(t, texts(s.editBar), "Editing a post")
	assert.Empty(t, c.UnsentSaves, "the post's text is not stored as the unsent text")

	test.Tap(button(t, s.root, "Stop editing"))
	assert.False(t, s.editBar.Visible())
	assert.Equal(t, "My new idea", s.text.Text, "the new post being written comes back")
	assert.Equal(t, []bool{false, false}, checked(s))
	assert.Contains(t, s.zoneInfo.Text, "UTC")
	assert.Empty(t, c.Updated)
}

func TestEditScheduleCallsUpdatePost(t *testing.T) {
	c, u, posts := editFixture(t)
	test.Tap(button(t, posts.detail, "Edit"))
	s := composeOf(t, u)
	s.text.SetText("Spring sale, now longer")
	check(t, s, 0)
	s.clock.SetText("19:30")
	test.Tap(button(t, s.root, "Schedule"))

	assert.Empty(t, c.Created, "no new post")
	require.Len(t, c.Updated, 1)
	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	got := c.Updated[0]
	assert.Equal(t, int64(7), got.ID)
	assert.True(t, got.Draft.ScheduledAt.Equal(time.Date(2030, 5, 1, 19, 30, 0, 0, paris)), got.Draft.ScheduledAt.String())
	got.Draft.ScheduledAt = time.Time{}
	assert.Equal(t, app.Draft{Content: "Spring sale, now longer", Hashtags: []string{"shop"}, AccountIDs: []int64{1, 2},
		Overrides: map[int64]string{2: "Spring sale on B"}, Zone: "Europe/Paris"}, got.Draft)
	assert.Equal(t, "Changes saved. Scheduled for Wed 1 May 2030, 19:30 (Europe/Paris).", s.status.Text)
	assert.False(t, s.editBar.Visible(), "success leaves edit mode")
	assert.Empty(t, s.text.Text)
	assert.Empty(t, c.UnsentSaves)
}

func TestEditPublishNowUpdatesThenPublishes(t *testing.T) {
	c, u, posts := editFixture(t)
	test.Tap(button(t, posts.detail, "Edit"))
	s := composeOf(t, u)
	test.Tap(button(t, s.root, "Publish now"))
	require.Len(t, c.Updated, 1)
	assert.True(t, c.Updated[0].Draft.ScheduledAt.IsZero())
	assert.Equal(t, []int64{7}, c.Published)
	assert.Empty(t, c.Created)
	assert.False(t, s.editBar.Visible())
}

func TestEditSaveDraftAndErrors(t *testing.T) {
	c, u, posts := editFixture(t)
	test.Tap(button(t, posts.detail, "Edit"))
	s := composeOf(t, u)
	c.Err = model.ErrNotFound
	test.Tap(button(t, s.root, "Save draft"))
	assert.Equal(t, "That item no longer exists. It may have been deleted in another window.", s.status.Text)
	assert.True(t, s.editBar.Visible(), "a failure stays in edit mode")

	c.Err = nil
	test.Tap(button(t, s.root, "Save draft"))
	require.Len(t, c.Updated, 1)
	assert.True(t, c.Updated[0].Draft.ScheduledAt.IsZero())
	assert.Contains(t, s.status.Text, "Changes saved as a draft")
	assert.Empty(t, c.Created)
}

func TestEditDraftWithoutTimeLeavesTheTimeEmpty(t *testing.T) {
	c := viewstest.New()
	c.AccountList = []model.Account{mastodonAccount(1, "@a@example.social")}
	c.PostList = []model.Post{{ID: 9, Content: "Idea", Status: model.PostDraft}}
	u := newTestUI(t, c)
	u.editPost(c.PostList[0])
	s := composeOf(t, u)
	assert.Empty(t, s.date.Text)
	assert.Empty(t, s.clock.Text)
	assert.Equal(t, "Idea", s.text.Text)
}

func TestEditIsDisabledOncePublished(t *testing.T) {
	c := viewstest.New()
	c.AccountList = []model.Account{mastodonAccount(1, "@a@example.social"), mastodonAccount(2, "@b@example.social")}
	c.PostList = []model.Post{{ID: 8, Content: "Out", Status: model.PostPartiallyPublished, Targets: []model.Target{
		{ID: 80, AccountID: 1, Platform: model.Mastodon, Status: model.TargetPublished},
		{ID: 81, AccountID: 2, Platform: model.Mastodon, Status: model.TargetFailed, LastError: "Mastodon refused the post: no"},
	}}}
	u := newTestUI(t, c)
	s := open[*postsScreen](t, u, navPosts)
	s.list.Select(0)
	edit := button(t, s.detail, "Edit")
	assert.True(t, edit.Disabled())
	got := texts(s.detail)
	assert.NotContains(t, got, "Edit the post", "no hint promises an Edit that is disabled")
	assert.Contains(t, got, "Choose Publish now to try this account again.")
	test.Tap(edit)
	assert.Equal(t, navPosts, u.items[u.current].title)
}

// label finds the visible label showing text under o.
func label(t *testing.T, o fyne.CanvasObject, text string) *widget.Label {
	t.Helper()
	var found *widget.Label
	walk(o, func(c fyne.CanvasObject) {
		if l, ok := c.(*widget.Label); ok && l.Text == text && found == nil {
			found = l
		}
	})
	require.NotNil(t, found, "no label %q", text)
	return found
}

func TestTargetCardsShowEachMessageOnce(t *testing.T) {
	c := viewstest.New()
	c.AccountList = []model.Account{mastodonAccount(1, "@a@example.social")}
	missed := "Missed: Webox Social was not running at 09:00, and the post would have gone out 3 h late. Publish now, edit it to pick a new time, or cancel it."
	unsure := "Mastodon did not confirm the post after 5 attempts and Webox Social cannot tell whether it went out (timeout)."
	c.PostList = []model.Post{
		{ID: 1, Content: "Missed one", Status: model.PostMissed, Targets: []model.Target{
			{ID: 10, AccountID: 1, Platform: model.Mastodon, Status: model.TargetMissed, LastError: missed}}},
		{ID: 2, Content: "Unsure one", Status: model.PostUnconfirmed, Targets: []model.Target{
			{ID: 20, AccountID: 1, Platform: model.Mastodon, Status: model.TargetUnconfirmed, LastError: unsure}}},
	}
	u := newTestUI(t, c)
	s := open[*postsScreen](t, u, navPosts)
	for _, p := range s.posts {
		s.selected = p.ID
		s.showDetail()
		if p.ID == 1 {
			assert.Equal(t, widget.DangerImportance, label(t, s.detail, missed).Importance)
			label(t, s.detail, "To reschedule, choose Edit and pick a new time.")
			continue
		}
		assert.Equal(t, widget.DangerImportance, label(t, s.detail, unsure).Importance)
		label(t, s.detail, "Check the account on Mastodon: if the post is not there, choose Publish now.")
		assert.NotContains(t, texts(s.detail), "Unconfirmed: Webox Social could not tell")
	}
}
