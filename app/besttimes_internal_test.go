package app

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
)

func TestQueueSlotsFromSeed(t *testing.T) {
	slots, err := queueSlotsFromSeed(map[string][]string{"monday": {"09:00", "18:30"}, "sunday": {"11:00"}})
	require.NoError(t, err)
	assert.Equal(t, []model.QueueSlot{{Weekday: time.Sunday, Minute: 660}, {Weekday: time.Monday, Minute: 540},
		{Weekday: time.Monday, Minute: 1110}}, slots)
	_, err = queueSlotsFromSeed(map[string][]string{"monday": {"9h"}})
	assert.Error(t, err)
}
