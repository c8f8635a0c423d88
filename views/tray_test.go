package views

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/views/viewstest"
)

func TestTrayNotInstalledWithoutDesktopApp(t *testing.T) {
	u := newTestUI(t, viewstest.New())
	assert.NotPanics(t, func() {
		assert.Nil(t, installTray(u.env, u.Show, u.Quit))
	})
}

func TestTrayMenu(t *testing.T) {
	c := viewstest.New()
	at := time.Date(2030, 5, 1, 9, 5, 0, 0, time.Local)
	c.PostList = []model.Post{{ID: 1, Content: "Spring sale starts now", ScheduledAt: at, Status: model.PostScheduled}}
	u := newTestUI(t, c)
	shown, quit := 0, 0
	tr := newTray(u.env, func() { shown++ }, func() { quit++ })
	labels := []string{}
	for _, it := range tr.menu.Items {
		labels = append(labels, it.Label)
	}
	assert.Equal(t, []string{"Open Webox Social", "Workspace: Test workspace", "", "Next: nothing scheduled",
		"Pause publishing", "", "Quit"}, labels)
	assert.True(t, tr.next.Disabled)
	assert.True(t, tr.ws.Disabled)

	tr.refreshNext()
	assert.Equal(t, "Next: Wed 1 May 09:05 Spring sale starts now", tr.next.Label)

	tr.pause.Action()
	assert.True(t, c.Paused())
	assert.Equal(t, "Resume publishing", tr.pause.Label)
	tr.pause.Action()
	assert.False(t, c.Paused())
	assert.Equal(t, "Pause publishing", tr.pause.Label)

	tr.menu.Items[0].Action()
	tr.menu.Items[6].Action()
	assert.Equal(t, 1, shown)
	assert.Equal(t, 1, quit)
	assert.True(t, tr.menu.Items[6].IsQuit)
}

func TestNotificationsForProblemsOnly(t *testing.T) {
	c := viewstest.New()
	u := newTestUI(t, c)
	ev := app.DeliveryEvent{Kind: app.DeliveryFailed, Platform: model.Mastodon, Message: "Mastodon refused the post. Mastodon said: too long."}
	want := fyne.NewNotification("Post not published on Mastodon", ev.Message)
	test.AssertNotificationSent(t, want, func() { notifyDelivery(context.Background(), u.env, ev) })

	ok := app.DeliveryEvent{Kind: app.DeliveryPublished, Platform: model.Mastodon}
	test.AssertNotificationSent(t, nil, func() { notifyDelivery(context.Background(), u.env, ok) })

	c.Sett.Notifications = false
	test.AssertNotificationSent(t, nil, func() { notifyDelivery(context.Background(), u.env, ev) })
}

func TestNotificationTitles(t *testing.T) {
	for kind, want := range map[app.DeliveryKind]string{
		app.DeliveryMissed:          "Post missed its time on Mastodon",
		app.DeliveryUnconfirmed:     "Post may not have gone out on Mastodon",
		app.DeliveryReconnectNeeded: "Reconnect your Mastodon account",
	} {
		got, ok := notificationTitle(app.DeliveryEvent{Kind: kind, Platform: model.Mastodon})
		require.True(t, ok, kind)
		assert.Equal(t, want, got)
	}
	_, ok := notificationTitle(app.DeliveryEvent{Kind: app.DeliveryRetrying})
	assert.False(t, ok)
}

func TestPauseFooterToggles(t *testing.T) {
	c := viewstest.New()
	u := newTestUI(t, c)
	b := button(t, u.Window().Content(), "Pause publishing")
	test.Tap(b)
	assert.True(t, c.Paused())
	assert.Equal(t, "Resume publishing", b.Text)
	assert.Contains(t, texts(u.Window().Content()), "Publishing is paused")
}
