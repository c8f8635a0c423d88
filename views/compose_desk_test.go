package views

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/views/viewstest"
)

// iconButtons returns the visible buttons under o showing icon res, in order.
func iconButtons(o fyne.CanvasObject, res fyne.Resource) []*widget.Button {
	var out []*widget.Button
	walk(o, func(c fyne.CanvasObject) {
		if b, ok := c.(*widget.Button); ok && b.Icon != nil && b.Icon.Name() == res.Name() {
			out = append(out, b)
		}
	})
	return out
}

func TestComposeAttachmentsReorderAndRemoveIntoTheDraft(t *testing.T) {
	_, _, s := newComposeFixture(t)
	paths := pictures(t, "a.png", "b.png", "c.png")
	for _, p := range paths {
		s.attach(p)
	}
	assert.Contains(t, texts(s.attachList), "Image, 1080×1080, 245.0 KB", "what the core read is shown")
	up := iconButtons(s.attachList, theme.MoveUpIcon())
	require.Len(t, up, 3)
	assert.True(t, up[0].Disabled(), "the first file cannot go up")
	test.Tap(up[2]) // c before b
	assert.Equal(t, []string{paths[0], paths[2], paths[1]}, s.draft().MediaPaths)
	test.Tap(iconButtons(s.attachList, theme.MoveDownIcon())[0]) // a after c
	assert.Equal(t, []string{paths[2], paths[0], paths[1]}, s.draft().MediaPaths)
	test.Tap(iconButtons(s.attachList, theme.DeleteIcon())[1]) // remove a
	assert.Equal(t, []string{paths[2], paths[1]}, s.draft().MediaPaths)
}

func TestComposeKeptFilesStayBeforeNewOnes(t *testing.T) {
	_, _, s := newComposeFixture(t)
	s.attached = keptAttachments([]int64{4, 5})
	s.attach("/videos/clip.mp4")
	assert.False(t, s.canMove(2, 1), "a new file cannot go before a kept one")
	s.move(0, 1)
	d := s.draft()
	assert.Equal(t, []int64{5, 4}, d.MediaIDs)
	assert.Equal(t, []string{"/videos/clip.mp4"}, d.MediaPaths)
	assert.Contains(t, texts(s.attachList), "Video, 0:42, 1920×1080, 12.4 MB")
}

func TestComposeDroppedFilesAreAttached(t *testing.T) {
	c := viewstest.New()
	u := newTestUI(t, c)
	open[*accountsScreen](t, u, navAccounts)
	paths := pictures(t, "cake.png")
	u.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(paths[0]), storage.NewFileURI("/docs/notes.txt")})
	require.Equal(t, navCompose, u.items[u.current].title, "a drop switches to Compose")
	s := u.screens[u.current].(*composeScreen)
	assert.Equal(t, paths, s.draft().MediaPaths)
	assert.Equal(t, "Only images and videos can be attached; left out: notes.txt.", s.status.Text)
}

func TestComposeAddToQueue(t *testing.T) {
	c, u, s := newComposeFixture(t)
	test.Type(s.text, "Queued post")
	check(t, s, 0)
	test.Tap(button(t, u.Window().Content(), "Add to queue"))
	assert.Equal(t, string(viewstest.NoSchedule), s.status.Text, "the core's sentence is shown")
	assert.Empty(t, c.Created)
	assert.Equal(t, "Queued post", s.text.Text)

	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	c.Compose().QueueAt, c.Compose().QueueZone = time.Date(2030, 3, 5, 9, 30, 0, 0, paris), "Europe/Paris"
	test.Tap(button(t, u.Window().Content(), "Add to queue"))
	require.Len(t, c.Created, 1)
	assert.Equal(t, []int64{1}, c.Compose().Queued[1].AccountIDs)
	assert.Equal(t, "Queued for Tue 5 Mar 2030, 09:30 (Europe/Paris).", s.status.Text)
	assert.Empty(t, s.text.Text, "success clears the form")
}

func TestComposeShortcuts(t *testing.T) {
	c, u, s := newComposeFixture(t)
	test.Type(s.text, "Keyboard post")
	check(t, s, 0)
	s.text.TypedShortcut(keySaveDraft)
	require.Len(t, c.Created, 1, "Ctrl+S saves a draft")

	test.Type(s.text, "Now")
	s.text.TypedShortcut(keyPublishNow[0])
	require.Len(t, c.Created, 2, s.status.Text)
	assert.Len(t, c.Published, 1, "Ctrl+Shift+Enter publishes now")

	test.Type(s.text, "Later")
	s.date.SetText("2030-11-24")
	s.clock.SetText("14:30")
	s.clock.TypedShortcut(keySchedule[1])
	require.Len(t, c.Created, 3, "Ctrl+Enter schedules, from any entry")
	assert.False(t, c.Created[2].ScheduledAt.IsZero())

	test.Type(s.text, "Elsewhere")
	open[*accountsScreen](t, u, navAccounts)
	assert.True(t, s.onShortcut(keySaveDraft), "still Compose's shortcut")
	assert.Len(t, c.Created, 3, "the shortcuts act only while Compose is shown")
}

func TestComposeShowsProgressWhileSaving(t *testing.T) {
	c := viewstest.New()
	c.AccountList = []model.Account{mastodonAccount(1, "@a@example.social")}
	var queued []func()
	fa := test.NewTempApp(t)
	u := newUI(fa, c, Options{}, func(f func()) { queued = append(queued, f) })
	u.start()
	t.Cleanup(u.stop)
	run := func() {
		for len(queued) > 0 {
			f := queued[0]
			queued = queued[1:]
			f()
		}
	}
	s := open[*composeScreen](t, u, navCompose)
	run()
	check(t, s, 0)
	s.attach("/videos/large.mp4")
	run()
	test.Type(s.text, "Big video")
	test.Tap(button(t, s.root, "Save draft"))
	assert.True(t, s.progress.Visible(), "the status line shows progress")
	assert.True(t, button(t, s.root, "Publish now").Disabled())
	s.onShortcut(keySaveDraft)
	run()
	assert.False(t, s.progress.Visible())
	assert.Len(t, c.Created, 1, "a shortcut while saving does not save twice")
}
