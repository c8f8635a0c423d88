package app_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/services/store"
	"webox-social/services/store/storetest"
)

// publishedWith stores a post published on acct at `at` with these metrics.
func publishedWith(t *testing.T, st *store.Store, acct model.Account, at time.Time, views, engagements int64) {
	t.Helper()
	p := storetest.NewPost(t, st, func(p *model.Post) {
		p.Targets = []model.Target{storetest.Target(acct, model.TargetPending, p.ScheduledAt)}
	})
	const (
		pub     = `UPDATE post_targets SET status = 'published', published_at = ? WHERE id = ?`
		metrics = `INSERT INTO post_analytics (post_id, target_id, platform, views, likes, updated_at) VALUES (?, ?, ?, ?, ?, ?)`
	)
	_, err := st.DB().ExecContext(t.Context(), pub, at.Unix(), p.Targets[0].ID)
	require.NoError(t, err)
	_, err = st.DB().ExecContext(t.Context(), metrics, p.ID, p.Targets[0].ID, acct.Platform, views, engagements, at.Unix())
	require.NoError(t, err)
}

func TestBestTimesFollowTheAccountsHistoryInItsZone(t *testing.T) {
	r := newAIRig(t, nil) // Sunday 15 March 2026, 12:00 UTC
	ctx := t.Context()
	shop := storetest.NewAccount(t, r.store, func(a *model.Account) { a.Platform = model.Instagram })
	require.NoError(t, r.core.SetQueueSlots(ctx, shop.ID, "Europe/Paris", nil))
	paris := mustZone(t, "Europe/Paris")
	// Eight Tuesdays at 18:00 in Paris with 10 % engagement (across the end of summer
	// time on 26 October 2025), twenty Monday mornings with 1 %.
	for i := range 8 {
		publishedWith(t, r.store, shop, time.Date(2025, 10, 7+7*i, 18, 0, 0, 0, paris), 1000, 100)
	}
	for i := range 20 {
		publishedWith(t, r.store, shop, time.Date(2025, 4, 7+7*i, 9, 0, 0, 0, paris), 1000, 10)
	}
	publishedWith(t, r.store, shop, time.Date(2024, 3, 5, 18, 0, 0, 0, paris), 1000, 900) // over a year ago

	bt, err := r.core.BestTimes(ctx, shop.ID)
	require.NoError(t, err)
	assert.Equal(t, "Europe/Paris", bt.Zone)
	require.NotEmpty(t, bt.Slots)
	assert.Equal(t, time.Tuesday, bt.Slots[0].Weekday)
	assert.Equal(t, 18, bt.Slots[0].Hour)
	assert.Equal(t, 8, bt.Slots[0].Samples, "the post older than a year is left out")
	assert.Contains(t, bt.Seed(1)["tuesday"], "18:00")

	sug, err := r.core.SuggestTime(ctx, []int64{shop.ID})
	require.NoError(t, err)
	assert.Equal(t, app.TimeSuggestion{At: time.Date(2026, 3, 17, 18, 0, 0, 0, paris), Zone: "Europe/Paris",
		Slot: bt.Slots[0], Network: model.Instagram, Posts: 28, FromHistory: true}, sug)
	assert.True(t, sug.At.Equal(time.Date(2026, 3, 17, 17, 0, 0, 0, time.UTC)))
}

func TestSuggestTimeWithoutHistoryUsesTheNetworksTypicalTimes(t *testing.T) {
	r := newAIRig(t, nil)
	ctx := t.Context()
	fresh := storetest.NewAccount(t, r.store, func(a *model.Account) { a.Platform = model.LinkedIn })
	some := storetest.NewAccount(t, r.store, func(a *model.Account) { a.Platform = model.Instagram })
	publishedWith(t, r.store, some, r.now.AddDate(0, 0, -10), 500, 20)

	sug, err := r.core.SuggestTime(ctx, []int64{fresh.ID, some.ID})
	require.NoError(t, err)
	assert.Equal(t, model.Instagram, sug.Network, "the account with the most history leads")
	assert.Equal(t, 1, sug.Posts)
	assert.False(t, sug.FromHistory, "one post is not enough history")
	assert.Equal(t, "UTC", sug.Zone, "the default zone")
	assert.True(t, sug.At.After(r.now))
	assert.Less(t, sug.At.Sub(r.now), 7*24*time.Hour+time.Hour)
	assert.Equal(t, sug.Slot.Weekday, sug.At.Weekday())
	assert.Equal(t, sug.Slot.Hour, sug.At.Hour())

	_, err = r.core.SuggestTime(ctx, nil)
	assert.Equal(t, "Pick at least one account: the time is suggested from its history.", app.UserMessage(err))
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}
