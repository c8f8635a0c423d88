package secrets

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
)

func TestMemory(t *testing.T) {
	var m Memory // the zero value works
	_, err := m.Get("a")
	assert.ErrorIs(t, err, model.ErrNotFound)
	assert.ErrorIs(t, m.Delete("a"), model.ErrNotFound)

	require.NoError(t, m.Set("b", "2"))
	require.NoError(t, m.Set("a", "1"))
	got, err := m.Get("a")
	require.NoError(t, err)
	assert.Equal(t, "1", got)
	assert.Equal(t, []string{"a", "b"}, m.Keys())

	require.NoError(t, m.Delete("a"))
	assert.Equal(t, []string{"b"}, m.Keys())

	var _ Store = NewMemory()
}
