package views

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/views/viewstest"
)

// scheduleFake is a fake core with one account whose schedule is Monday 09:00 in Paris.
func scheduleFake(t *testing.T) (*viewstest.Core, model.Account) {
	t.Helper()
	c := viewstest.New()
	acct := mastodonAccount(7, "@cafe@mastodon.example")
	c.AccountList = []model.Account{acct}
	c.Sett.DefaultZone = "UTC"
	c.Queue().Slots[acct.ID] = []model.QueueSlot{{Weekday: time.Monday, Minute: 9 * 60}}
	c.Queue().Zones[acct.ID] = "Europe/Paris"
	c.Compose().QueueAt = time.Date(2030, 3, 25, 8, 0, 0, 0, time.UTC)
	c.Compose().QueueZone = "Europe/Paris"
	return c, acct
}

func TestPostingScheduleOpensFromTheAccountCard(t *testing.T) {
	c, _ := scheduleFake(t)
	u := newTestUI(t, c)
	s := open[*accountsScreen](t, u, navAccounts)
	test.Tap(button(t, s.view(), "Posting schedule"))
	shown := texts(overlay(t, u))
	assert.Contains(t, shown, "Posting schedule of @cafe@mastodon.example")
	assert.Contains(t, shown, "Monday")
	assert.Contains(t, shown, "Next free time: Mon 25 Mar 2030, 09:00 Europe/Paris")
}

func TestPostingScheduleEditsAndSaves(t *testing.T) {
	c, acct := scheduleFake(t)
	u := newTestUI(t, c)
	d := showScheduleDialog(u.env, acct)
	assert.Equal(t, "Europe/Paris", d.zone.Text)
	assert.Equal(t, "Default time zone (UTC)", d.zone.PlaceHolder)
	require.False(t, d.save.Disabled(), "loaded")

	d.days.SetSelected("Weekdays (Monday to Friday)")
	d.hour.SetSelected("17")
	d.minute.SetSelected("30")
	test.Tap(d.add)
	d.days.SetSelected("Sunday")
	test.Tap(d.add)
	test.Tap(d.add) // twice the same time is kept once
	test.Tap(button(t, d.list, "09:00"))
	shown := texts(d.list)
	for _, day := range []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Sunday"} {
		assert.Contains(t, shown, day)
	}
	assert.NotContains(t, shown, "Saturday")

	d.zone.SetText("")
	test.Tap(d.save)
	require.Len(t, c.Queue().Saves, 1)
	save := c.Queue().Saves[0]
	assert.Equal(t, acct.ID, save.AccountID)
	assert.Empty(t, save.Zone, "empty follows the default zone")
	var want []model.QueueSlot
	for _, wd := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Sunday} {
		want = append(want, model.QueueSlot{Weekday: wd, Minute: 17*60 + 30})
	}
	assert.Equal(t, want, save.Slots)
	assert.Nil(t, u.Window().Canvas().Overlays().Top(), "saved and closed")
}

func TestPostingScheduleStaysOpenWhenSavingFails(t *testing.T) {
	c, acct := scheduleFake(t)
	c.Queue().SaveErr = viewstest.NoSchedule // any sentence of the core
	u := newTestUI(t, c)
	d := showScheduleDialog(u.env, acct)
	d.zone.SetText("Mars/Olympus")
	test.Tap(d.save)
	assert.True(t, d.status.Visible())
	assert.Equal(t, string(viewstest.NoSchedule), d.status.Text)
	assert.NotNil(t, u.Window().Canvas().Overlays().Top(), "the dialog stays open")
	assert.Equal(t, "Mars/Olympus", c.Queue().Saves[0].Zone)
}

func TestPostingScheduleEmptyStateSaysWhatToDo(t *testing.T) {
	c := viewstest.New()
	acct := mastodonAccount(8, "@shop@mastodon.example")
	u := newTestUI(t, c)
	d := showScheduleDialog(u.env, acct)
	assert.Contains(t, texts(d.list), "No posting times yet")
	assert.Empty(t, d.next.Text, "no next time without a schedule")
	assert.Contains(t, d.zone.PlaceHolder, "Default time zone (this computer's")
}

func TestSortSlotsMondayFirst(t *testing.T) {
	got := sortSlots([]model.QueueSlot{{Weekday: time.Sunday, Minute: 60}, {Weekday: time.Monday, Minute: 600},
		{Weekday: time.Monday, Minute: 60}, {Weekday: time.Sunday, Minute: 60}})
	assert.Equal(t, []model.QueueSlot{{Weekday: time.Monday, Minute: 60}, {Weekday: time.Monday, Minute: 600},
		{Weekday: time.Sunday, Minute: 60}}, got)
	assert.Equal(t, "07:05", clockText(7*60+5))
}

func TestPostingScheduleUsesTheBestTimes(t *testing.T) {
	c, acct := scheduleFake(t)
	best := []model.QueueSlot{{Weekday: time.Tuesday, Minute: 18 * 60}, {Weekday: time.Tuesday, Minute: 9 * 60}}
	c.Queue().Best = best
	u := newTestUI(t, c)
	d := showScheduleDialog(u.env, acct)
	test.Tap(d.best)
	assert.Contains(t, texts(d.list), "Tuesday")
	assert.NotContains(t, texts(d.list), "Monday", "the proposal replaces the times being edited")
	assert.Contains(t, d.status.Text, "press Save to keep them")
	test.Tap(d.save)
	require.Len(t, c.Queue().Saves, 1)
	assert.Equal(t, []model.QueueSlot{best[1], best[0]}, c.Queue().Saves[0].Slots)
}
