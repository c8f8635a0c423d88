package views

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/views/viewstest"
)

func newComposeFixture(t *testing.T) (*viewstest.Core, *UI, *composeScreen) {
	t.Helper()
	c := viewstest.New()
	c.Sett.DefaultZone = "Europe/Paris"
	c.AccountList = []model.Account{mastodonAccount(1, "@a@example.social"), mastodonAccount(2, "@b@example.social")}
	u := newTestUI(t, c)
	return c, u, open[*composeScreen](t, u, navCompose)
}

func check(t *testing.T, s *composeScreen, i int) {
	t.Helper()
	c, ok := s.checks.Objects[i].(*widget.Check)
	require.True(t, ok)
	c.SetChecked(true)
}

func TestComposeScheduleCallsCreatePost(t *testing.T) {
	c, u, s := newComposeFixture(t)
	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	assert.Contains(t, s.zoneInfo.Text, "Europe/Paris")
	test.Type(s.text, "Hello from Lyon")
	check(t, s, 1)
	s.date.SetText("2030-11-24")
	s.clock.SetText("14:30")
	test.Tap(button(t, u.Window().Content(), "Schedule"))

	require.Len(t, c.Created, 1)
	d := c.Created[0]
	assert.Equal(t, "Hello from Lyon", d.Content)
	assert.Equal(t, []int64{2}, d.AccountIDs)
	assert.Equal(t, "Europe/Paris", d.Zone)
	assert.True(t, d.ScheduledAt.Equal(time.Date(2030, 11, 24, 14, 30, 0, 0, paris)), d.ScheduledAt.String())
	assert.Equal(t, "Scheduled for Sun 24 Nov 2030, 14:30 (Europe/Paris).", s.status.Text)
	assert.Empty(t, s.text.Text, "success clears the text")
	s.unsent.flush()
	assert.Empty(t, c.Unsent, "the stored unsent text is cleared too")
}

func TestComposeDefaultsToNextRoundHour(t *testing.T) {
	_, _, s := newComposeFixture(t)
	at, err := s.when()
	require.NoError(t, err)
	assert.True(t, at.After(time.Now()))
	assert.Zero(t, at.Minute())
	assert.LessOrEqual(t, time.Until(at), time.Hour)
}

func TestComposeShowsValidation(t *testing.T) {
	c, _, s := newComposeFixture(t)
	c.Problems = []string{"Mastodon allows 500 characters; this post has 512."}
	test.Type(s.text, "Hi")
	assert.False(t, s.problems.Visible(), "no account chosen yet")
	assert.Equal(t, "2 characters\n", texts(s.counters))
	check(t, s, 0)
	assert.True(t, s.problems.Visible())
	assert.Equal(t, "Mastodon allows 500 characters; this post has 512.", s.problems.Text)
}

func TestComposeRefusesPastTimeAndMissingAccount(t *testing.T) {
	c, u, s := newComposeFixture(t)
	test.Type(s.text, "Hello")
	test.Tap(button(t, u.Window().Content(), "Schedule"))
	assert.Equal(t, "Choose at least one account to publish to.", s.status.Text)
	check(t, s, 0)
	s.date.SetText("2001-01-01")
	test.Tap(button(t, u.Window().Content(), "Schedule"))
	assert.Contains(t, s.status.Text, "already passed")
	s.date.SetText("24/11/2030")
	test.Tap(button(t, u.Window().Content(), "Schedule"))
	assert.Equal(t, "Type the date as 2026-11-24 and the time as 14:30.", s.status.Text)
	assert.Empty(t, c.Created)
}

func TestComposePublishNowAndDraft(t *testing.T) {
	c, u, s := newComposeFixture(t)
	test.Type(s.text, "Now")
	check(t, s, 0)
	test.Tap(button(t, u.Window().Content(), "Publish now"))
	require.Len(t, c.Created, 1)
	assert.True(t, c.Created[0].ScheduledAt.IsZero())
	require.Len(t, c.Published, 1)
	assert.Equal(t, "Publishing now. Follow it in Posts.", s.status.Text)

	test.Type(s.text, "Later")
	test.Tap(button(t, u.Window().Content(), "Save draft"))
	require.Len(t, c.Created, 2)
	assert.Equal(t, "Later", c.Created[1].Content)
	assert.Len(t, c.Published, 1)
}

func TestComposeShowsCoreErrorAsSentence(t *testing.T) {
	c, u, s := newComposeFixture(t)
	test.Type(s.text, "Hello")
	check(t, s, 0)
	c.Err = model.ErrNotFound
	test.Tap(button(t, u.Window().Content(), "Save draft"))
	assert.Equal(t, "That item no longer exists. It may have been deleted in another window.", s.status.Text)
	assert.Equal(t, widget.DangerImportance, s.status.Importance)
	assert.Equal(t, "Hello", s.text.Text, "a failed save keeps the text")
}

func TestComposeUnsentTextIsKeptByTheCore(t *testing.T) {
	c := viewstest.New()
	c.Unsent = "Unsent idea"
	u := newTestUI(t, c)
	s := open[*composeScreen](t, u, navCompose)
	assert.Equal(t, "Unsent idea", s.text.Text, "loaded when the screen is built")
	assert.Empty(t, c.UnsentSaves, "loading does not store it back")

	test.Type(s.text, "Note: ")
	assert.Empty(t, c.UnsentSaves, "stored after a pause, not on each keystroke")
	s.unsent.flush()
	assert.Equal(t, []string{"Note: Unsent idea"}, c.UnsentSaves, "one store with the last text")
	assert.Empty(t, u.env.fa.Preferences().String("compose.draft"), "not in the Fyne preferences")

	test.Type(s.text, "!")
	u.stop()
	assert.Equal(t, s.text.Text, c.Unsent, "quitting stores what was typed last")
	assert.Len(t, c.UnsentSaves, 2)
}

func TestComposeUnsentTextDoesNotOverwriteTyping(t *testing.T) {
	c := viewstest.New()
	u := newTestUI(t, c)
	s := open[*composeScreen](t, u, navCompose)
	test.Type(s.text, "Typed first")
	s.applyUnsent("Stored earlier", nil)
	assert.Equal(t, "Typed first", s.text.Text)
}
