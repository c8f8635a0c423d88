package app

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
)

func TestNextFreeSlot(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	// The week of 23 March 2026: clocks in Paris spring forward on Sunday 29 March at
	// 02:00 (CET, UTC+1 → CEST, UTC+2).
	at := func(mo time.Month, d, h, mi int) time.Time { return time.Date(2026, mo, d, h, mi, 0, 0, paris) }
	utc := func(mo time.Month, d, h, mi int) time.Time { return time.Date(2026, mo, d, h, mi, 0, 0, time.UTC) }
	slot := func(wd time.Weekday, h, mi int) model.QueueSlot {
		return model.QueueSlot{Weekday: wd, Minute: h*60 + mi}
	}
	tests := []struct {
		name  string
		slots []model.QueueSlot
		after time.Time
		taken []time.Time
		want  time.Time
	}{
		{"later the same day", []model.QueueSlot{slot(time.Monday, 9, 0)}, at(3, 23, 8, 0), nil, utc(3, 23, 8, 0)},
		{"a slot at exactly after is not after it", []model.QueueSlot{slot(time.Monday, 9, 0)}, at(3, 23, 9, 0), nil,
			utc(3, 30, 7, 0)},
		{"the wall clock survives the DST change", []model.QueueSlot{slot(time.Monday, 9, 0)}, at(3, 24, 0, 0), nil,
			at(3, 30, 9, 0)},
		{"earliest of unsorted slots", []model.QueueSlot{slot(time.Friday, 8, 0), slot(time.Tuesday, 18, 0),
			slot(time.Tuesday, 7, 30)}, at(3, 23, 12, 0), nil, at(3, 24, 7, 30)},
		{"a taken slot is skipped", []model.QueueSlot{slot(time.Monday, 9, 0), slot(time.Monday, 17, 0)},
			at(3, 23, 8, 0), []time.Time{utc(3, 23, 8, 0)}, at(3, 23, 17, 0)},
		{"a whole week taken moves to the next week", []model.QueueSlot{slot(time.Monday, 9, 0), slot(time.Monday, 17, 0)},
			at(3, 23, 8, 0), []time.Time{at(3, 23, 9, 0), at(3, 23, 17, 0)}, at(3, 30, 9, 0)},
		{"a post of another time does not take the slot", []model.QueueSlot{slot(time.Monday, 9, 0)},
			at(3, 23, 8, 0), []time.Time{at(3, 23, 9, 1)}, at(3, 23, 9, 0)},
		{"the day is read in the slot's zone", []model.QueueSlot{slot(time.Monday, 0, 45)},
			utc(3, 22, 23, 30), nil, utc(3, 22, 23, 45)},
		{"02:30 does not exist on 29 March: it moves to 03:30 summer time", []model.QueueSlot{slot(time.Sunday, 2, 30)},
			at(3, 28, 12, 0), nil, utc(3, 29, 1, 30)},
		{"a real 03:00 that day comes before the moved 02:30", []model.QueueSlot{slot(time.Sunday, 2, 30),
			slot(time.Sunday, 3, 0)}, at(3, 28, 12, 0), nil, utc(3, 29, 1, 0)},
		{"the moved 02:30 when 03:00 is taken", []model.QueueSlot{slot(time.Sunday, 2, 30), slot(time.Sunday, 3, 0)},
			at(3, 28, 12, 0), []time.Time{utc(3, 29, 1, 0)}, utc(3, 29, 1, 30)},
		{"02:30 the next Sunday is 02:30 again", []model.QueueSlot{slot(time.Sunday, 2, 30)},
			at(3, 29, 4, 0), nil, utc(4, 5, 0, 30)},
		{"nothing free before until", []model.QueueSlot{slot(time.Monday, 9, 0)}, at(3, 23, 8, 0),
			[]time.Time{at(3, 23, 9, 0), at(3, 30, 9, 0)}, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := nextFreeSlot(tt.slots, paris, tt.after, tt.after.AddDate(0, 0, 14), tt.taken)
			assert.True(t, tt.want.Equal(got), "want %v, got %v", tt.want.In(paris), got.In(paris))
			if !got.IsZero() {
				assert.Equal(t, paris, got.Location(), "the slot is given in its zone")
			}
		})
	}
}

func TestNextFreeSlotRepeatedAutumnHourHappensOnce(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	slots := []model.QueueSlot{{Weekday: time.Sunday, Minute: 2*60 + 30}}
	after := time.Date(2026, 10, 24, 12, 0, 0, 0, paris)
	until := after.AddDate(0, 0, 14)

	first := nextFreeSlot(slots, paris, after, until, nil)
	require.False(t, first.IsZero())
	assert.Equal(t, "2026-10-25 02:30", first.Format("2006-01-02 15:04"), "on the wall clock")

	second := nextFreeSlot(slots, paris, first, until, nil)
	assert.Equal(t, "2026-11-01 02:30", second.In(paris).Format("2006-01-02 15:04"), "not twice the same night")
}

func TestCleanSlots(t *testing.T) {
	got, err := cleanSlots([]model.QueueSlot{{Weekday: time.Friday, Minute: 10}, {Weekday: time.Monday, Minute: 600},
		{Weekday: time.Friday, Minute: 10}})
	require.NoError(t, err)
	assert.Equal(t, []model.QueueSlot{{Weekday: time.Monday, Minute: 600}, {Weekday: time.Friday, Minute: 10}}, got)

	for _, bad := range []model.QueueSlot{{Weekday: -1}, {Weekday: 7}, {Minute: -1}, {Minute: 1440}} {
		_, err := cleanSlots([]model.QueueSlot{bad})
		assert.ErrorIs(t, err, model.ErrInvalid, "%+v", bad)
	}
}
