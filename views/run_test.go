package views

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/views/viewstest"
)

func TestNavSwitchesContent(t *testing.T) {
	u := newTestUI(t, viewstest.New())
	assert.Equal(t, "Webox Social — Test workspace", u.Window().Title())
	for i, it := range u.items {
		u.nav.Select(i)
		require.Equal(t, i, u.current, it.title)
		require.Len(t, u.content.Objects, 1)
		assert.Same(t, u.screens[i].view(), u.content.Objects[0], it.title)
	}
	titles := []string{}
	for _, it := range u.items {
		titles = append(titles, it.title)
	}
	assert.Equal(t, []string{"Accounts", "Compose", "Calendar", "Posts", "Stats", "Settings"}, titles)
}

func TestMenuShortcuts(t *testing.T) {
	u := newTestUI(t, viewstest.New())
	menu := u.Window().MainMenu()
	require.NotNil(t, menu)
	view := menu.Items[1]
	for i, item := range view.Items {
		sc, ok := item.Shortcut.(interface{ ShortcutName() string })
		require.True(t, ok)
		assert.Contains(t, sc.ShortcutName(), string(u.items[i].key))
		item.Action()
		assert.Equal(t, i, u.current)
	}
	newPost := menu.Items[0].Items[0]
	u.nav.Select(0)
	newPost.Action()
	assert.Equal(t, navCompose, u.items[u.current].title)
	assert.Same(t, u.screens[u.current].(*composeScreen).text, u.Window().Canvas().Focused())
}

func TestQuitRunsOnceWithoutTray(t *testing.T) {
	c := viewstest.New()
	fa := test.NewTempApp(t)
	calls := 0
	u := newUI(fa, c, Options{OnQuit: func() { calls++ }, StartHidden: true}, func(f func()) { f() })
	u.start()
	assert.Nil(t, u.tray, "the test app is not a desktop app")
	assert.NotPanics(t, func() {
		u.Quit()
		u.Quit()
	})
	assert.Equal(t, 1, calls)
	assert.Empty(t, u.unsubs)
}

func TestStartHiddenWithoutTrayStillShows(t *testing.T) {
	fa := test.NewTempApp(t)
	u := newUI(fa, viewstest.New(), Options{StartHidden: true}, func(f func()) { f() })
	u.start()
	t.Cleanup(u.stop)
	// Without a tray a hidden window could never be reached again.
	assert.Equal(t, fyne.NewSize(windowWidth, windowHeight), u.Window().Canvas().Size())
}

func TestOpenURLFunc(t *testing.T) {
	fa := test.NewTempApp(t)
	open := OpenURLFunc(fa)
	assert.NoError(t, open("https://example.social/oauth/authorize?client_id=x"))
	assert.Error(t, open("://bad"))
}
