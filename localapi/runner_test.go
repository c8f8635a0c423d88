package localapi

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunnerStartsRestartsAndStops(t *testing.T) {
	var r Runner
	t.Cleanup(r.Stop)
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
	require.NoError(t, r.Apply(t.Context(), true, "127.0.0.1:0", h))
	first := r.Addr()
	assertServes(t, first, http.StatusTeapot)

	require.NoError(t, r.Apply(t.Context(), true, "127.0.0.1:0", New(newFake(), testToken)))
	second := r.Addr()
	assert.NotEqual(t, first, second)
	assertServes(t, second, http.StatusUnauthorized)
	_, err := http.Get("http://" + first + "/")
	assert.Error(t, err, "the old address is closed")

	require.NoError(t, r.Apply(t.Context(), false, second, h))
	assert.Empty(t, r.Addr())
	_, err = http.Get("http://" + second + "/")
	assert.Error(t, err, "switched off")
}

func TestRunnerSaysWhenThePortIsTaken(t *testing.T) {
	var a, b Runner
	t.Cleanup(a.Stop)
	require.NoError(t, a.Apply(t.Context(), true, "127.0.0.1:0", http.NotFoundHandler()))
	err := b.Apply(t.Context(), true, a.Addr(), http.NotFoundHandler())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "address already in use")
	assert.ErrorIs(t, b.Apply(t.Context(), true, "0.0.0.0:0", http.NotFoundHandler()), ErrNotLoopback)
}

func assertServes(t *testing.T, addr string, status int) {
	t.Helper()
	res, err := http.Get("http://" + addr + "/")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, status, res.StatusCode)
}
