package store_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/store/storetest"
)

func TestQueueSlotsRoundTrip(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	acct := storetest.NewAccount(t, s)

	slots, zone, err := s.QueueSlots(ctx, acct.ID)
	require.NoError(t, err)
	assert.Empty(t, slots, "a new account has no schedule")
	assert.Empty(t, zone, "a new account follows the default zone")

	want := []model.QueueSlot{{Weekday: time.Friday, Minute: 17 * 60}, {Weekday: time.Monday, Minute: 9*60 + 30},
		{Weekday: time.Monday, Minute: 9*60 + 30}, {Weekday: time.Monday, Minute: 8 * 60}}
	require.NoError(t, s.SetQueueSlots(ctx, acct.ID, "Europe/Paris", want))
	slots, zone, err = s.QueueSlots(ctx, acct.ID)
	require.NoError(t, err)
	assert.Equal(t, "Europe/Paris", zone)
	assert.Equal(t, []model.QueueSlot{{Weekday: time.Monday, Minute: 480}, {Weekday: time.Monday, Minute: 570},
		{Weekday: time.Friday, Minute: 1020}}, slots, "sorted, the duplicate kept once")

	require.NoError(t, s.SetQueueSlots(ctx, acct.ID, "", []model.QueueSlot{{Weekday: time.Sunday, Minute: 0}}))
	slots, zone, err = s.QueueSlots(ctx, acct.ID)
	require.NoError(t, err)
	assert.Empty(t, zone)
	assert.Equal(t, []model.QueueSlot{{Weekday: time.Sunday, Minute: 0}}, slots, "replaced, not merged")
}

func TestSetQueueSlotsRefusesBadSlotsAndKeepsTheOldSchedule(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	acct := storetest.NewAccount(t, s)
	keep := []model.QueueSlot{{Weekday: time.Tuesday, Minute: 600}}
	require.NoError(t, s.SetQueueSlots(ctx, acct.ID, "Europe/Paris", keep))

	for _, bad := range []model.QueueSlot{{Weekday: 7, Minute: 0}, {Weekday: time.Monday, Minute: 1440},
		{Weekday: time.Monday, Minute: -1}} {
		err := s.SetQueueSlots(ctx, acct.ID, "UTC", []model.QueueSlot{{Weekday: time.Monday}, bad})
		require.ErrorIs(t, err, model.ErrInvalid, "%+v", bad)
	}
	slots, zone, err := s.QueueSlots(ctx, acct.ID)
	require.NoError(t, err)
	assert.Equal(t, keep, slots, "rolled back")
	assert.Equal(t, "Europe/Paris", zone, "rolled back")

	assert.ErrorIs(t, s.SetQueueSlots(ctx, 9999, "", keep), model.ErrNotFound)
	_, _, err = s.QueueSlots(ctx, 9999)
	assert.ErrorIs(t, err, model.ErrNotFound)
}

func TestQueueSlotsGoAwayWithTheAccount(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	acct := storetest.NewAccount(t, s)
	require.NoError(t, s.SetQueueSlots(ctx, acct.ID, "", []model.QueueSlot{{Weekday: time.Monday, Minute: 60}}))
	require.NoError(t, s.DeleteAccount(ctx, acct.ID))
	var n int
	require.NoError(t, s.DB().QueryRowContext(ctx, `SELECT count(*) FROM queue_slots`).Scan(&n))
	assert.Zero(t, n)
}

func TestQueueTakenListsTheTimesStillGoingOut(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	acct, other := storetest.NewAccount(t, s), storetest.NewAccount(t, s)
	base := time.Date(2030, 3, 2, 9, 0, 0, 0, time.UTC)
	at := func(h int) time.Time { return base.Add(time.Duration(h) * time.Hour) }
	post := func(when time.Time, ts ...model.Target) {
		storetest.NewPost(t, s, func(p *model.Post) { p.ScheduledAt, p.Targets = when, ts })
	}
	post(at(0), storetest.Target(acct, model.TargetPending, at(0)))
	post(at(0), storetest.Target(acct, model.TargetPending, at(0))) // same time twice
	post(at(1), storetest.Target(acct, model.TargetCancelled, time.Time{}))
	post(at(2), storetest.Target(other, model.TargetPending, at(2)))
	post(at(3), storetest.Target(other, model.TargetPending, at(3)), storetest.Target(acct, model.TargetPending, at(3)))
	post(at(4), storetest.Target(acct, model.TargetFailed, time.Time{}))
	post(at(48), storetest.Target(acct, model.TargetPending, at(48)))

	got, err := s.QueueTaken(ctx, acct.ID, at(0), at(24))
	require.NoError(t, err)
	assert.Equal(t, []time.Time{at(0), at(3)}, got)

	got, err = s.QueueTaken(ctx, acct.ID, at(1), at(49))
	require.NoError(t, err)
	assert.Equal(t, []time.Time{at(3), at(48)}, got, "from is inclusive, to exclusive")
}

func TestGetWorkspace(t *testing.T) {
	s := storetest.Open(t)
	ctx := t.Context()
	w, err := s.CreateWorkspace(ctx, "  Client B ")
	require.NoError(t, err)
	got, err := s.GetWorkspace(ctx, w.ID)
	require.NoError(t, err)
	assert.Equal(t, "Client B", got.Name)
	assert.Equal(t, w, got)
	_, err = s.GetWorkspace(ctx, w.ID+100)
	assert.ErrorIs(t, err, model.ErrNotFound)
}
