package app_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/mastodon"
	"webox-social/services/secrets"
	"webox-social/services/store"
	"webox-social/services/store/storetest"
)

// deskCore is a core on a real store with a fixed clock; its engine is never started, so
// nothing is published.
func deskCore(t *testing.T, st *store.Store, now time.Time) *app.App {
	t.Helper()
	core, err := app.New(t.Context(), app.Params{Store: st, Secrets: secrets.NewMemory(), DataDir: t.TempDir(),
		Connectors: platforms.Registry{model.Mastodon: mastodon.New(http.DefaultClient)},
		Now:        func() time.Time { return now }})
	require.NoError(t, err)
	return core
}

func paris(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	return loc
}

func TestAddToQueueTakesTheNextFreeSlotOfItsAccounts(t *testing.T) {
	st := storetest.Open(t)
	loc := paris(t)
	// Monday 23 March 2026, 08:00 in Paris; clocks spring forward on Sunday the 29th.
	core := deskCore(t, st, time.Date(2026, 3, 23, 8, 0, 0, 0, loc))
	ctx := t.Context()
	settings := app.DefaultSettings()
	settings.DefaultZone = "UTC"
	require.NoError(t, core.SaveSettings(ctx, settings))
	cafe, shop := storetest.NewAccount(t, st), storetest.NewAccount(t, st)
	require.NoError(t, core.SetQueueSlots(ctx, cafe.ID, "Europe/Paris",
		[]model.QueueSlot{{Weekday: time.Monday, Minute: 17 * 60}, {Weekday: time.Monday, Minute: 9 * 60}}))
	require.NoError(t, core.SetQueueSlots(ctx, shop.ID, "", []model.QueueSlot{{Weekday: time.Monday, Minute: 12 * 60}}))

	queue := func(ids ...int64) model.Post {
		t.Helper()
		p, err := core.AddToQueue(ctx, app.Draft{Content: "Soup of the day", AccountIDs: ids})
		require.NoError(t, err)
		assert.Equal(t, model.PostScheduled, p.Status)
		return p
	}
	first := queue(cafe.ID)
	assert.Equal(t, time.Date(2026, 3, 23, 9, 0, 0, 0, loc).UTC(), first.ScheduledAt)
	assert.Equal(t, "Europe/Paris", first.Zone)
	assert.Equal(t, time.Date(2026, 3, 23, 17, 0, 0, 0, loc).UTC(), queue(cafe.ID).ScheduledAt)
	assert.Equal(t, time.Date(2026, 3, 30, 9, 0, 0, 0, loc).UTC(), queue(cafe.ID).ScheduledAt,
		"next Monday, still 09:00 in Paris after the DST change")

	both := queue(cafe.ID, shop.ID)
	assert.Equal(t, time.Date(2026, 3, 23, 12, 0, 0, 0, time.UTC), both.ScheduledAt, "the shop's slot comes first")
	assert.Equal(t, "UTC", both.Zone, "an account without a zone follows the default zone setting")
	assert.Len(t, both.Targets, 2)

	require.NoError(t, core.CancelPost(ctx, first.ID))
	assert.Equal(t, first.ScheduledAt, queue(cafe.ID).ScheduledAt, "a cancelled post frees its slot")
}

func TestNextQueueSlotSaysWhatIsMissing(t *testing.T) {
	st := storetest.Open(t)
	core := deskCore(t, st, time.Date(2026, 3, 23, 8, 0, 0, 0, time.UTC))
	ctx := t.Context()
	acct := storetest.NewAccount(t, st)

	_, _, err := core.NextQueueSlot(ctx, []int64{acct.ID})
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.Contains(t, app.UserMessage(err), "No posting schedule is set up yet")
	_, _, err = core.NextQueueSlot(ctx, nil)
	assert.ErrorIs(t, err, model.ErrInvalid)
	_, err = core.AddToQueue(ctx, app.Draft{Content: "Hello", AccountIDs: []int64{acct.ID}})
	assert.ErrorIs(t, err, model.ErrInvalid)
	posts, err := core.ListPosts(ctx, model.PostFilter{})
	require.NoError(t, err)
	assert.Empty(t, posts, "nothing saved without a slot")
}

func TestSetQueueSlotsChecksTheZoneAndTheTimes(t *testing.T) {
	st := storetest.Open(t)
	core := deskCore(t, st, time.Now())
	ctx := t.Context()
	acct := storetest.NewAccount(t, st)
	changed := make(chan app.AccountChanged, 1)
	defer core.Events().Accounts.Subscribe(func(_ context.Context, e app.AccountChanged) { changed <- e })()

	err := core.SetQueueSlots(ctx, acct.ID, "Mars/Olympus", nil)
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.Contains(t, app.UserMessage(err), "Mars/Olympus")
	assert.ErrorIs(t, core.SetQueueSlots(ctx, acct.ID, "", []model.QueueSlot{{Weekday: time.Monday, Minute: 24 * 60}}),
		model.ErrInvalid)

	require.NoError(t, core.SetQueueSlots(ctx, acct.ID, " America/New_York ",
		[]model.QueueSlot{{Weekday: time.Friday, Minute: 600}, {Weekday: time.Friday, Minute: 600}}))
	assert.Equal(t, acct.ID, (<-changed).AccountID)
	slots, zone, err := core.QueueSlots(ctx, acct.ID)
	require.NoError(t, err)
	assert.Equal(t, "America/New_York", zone)
	assert.Equal(t, []model.QueueSlot{{Weekday: time.Friday, Minute: 600}}, slots)
}
