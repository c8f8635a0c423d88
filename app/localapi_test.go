package app_test

import (
	"fmt"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
)

func TestLocalAPIIsOffByDefaultAndItsTokenIsShownOnce(t *testing.T) {
	r := newRig(t)
	s, err := r.core.LocalAPISettings(t.Context())
	require.NoError(t, err)
	assert.Equal(t, app.LocalAPISettings{Addr: app.DefaultLocalAPIAddr}, s)

	_, err = r.core.SaveLocalAPI(t.Context(), app.LocalAPISettings{Enabled: true, Addr: "0.0.0.0:8765"})
	assert.Contains(t, app.UserMessage(err), "this computer only")

	tok, err := r.core.SaveLocalAPI(t.Context(), app.LocalAPISettings{Enabled: true, Addr: "127.0.0.1:9911"})
	require.NoError(t, err)
	assert.Len(t, tok, 64)
	stored, err := r.core.LocalAPIToken()
	require.NoError(t, err)
	assert.Equal(t, tok, stored)
	again, err := r.core.SaveLocalAPI(t.Context(), app.LocalAPISettings{Enabled: true, Addr: "127.0.0.1:9911"})
	require.NoError(t, err)
	assert.Empty(t, again, "the token is shown once")
	s, err = r.core.LocalAPISettings(t.Context())
	require.NoError(t, err)
	assert.Equal(t, app.LocalAPISettings{Enabled: true, Addr: "127.0.0.1:9911"}, s)
	all, err := r.store.AllSettings(t.Context())
	require.NoError(t, err)
	for k, v := range all {
		assert.NotContains(t, v, tok, "the token is not in setting %s", k)
	}
}

func TestSavingTheLocalAPIAppliesItAtOnce(t *testing.T) {
	r := newRig(t)
	var applied []bool
	r.core.OnLocalAPIChange(func() {
		s, err := r.core.LocalAPISettings(t.Context())
		require.NoError(t, err)
		applied = append(applied, s.Enabled)
		r.core.SetLocalAPIState(app.LocalAPIState{Listening: s.Addr})
	})
	assert.Equal(t, app.LocalAPIState{}, r.core.LocalAPIState())

	_, err := r.core.SaveLocalAPI(t.Context(), app.LocalAPISettings{Enabled: true, Addr: "127.0.0.1:9912"})
	require.NoError(t, err)
	assert.Equal(t, []bool{true}, applied, "applied before SaveLocalAPI returns")
	assert.Equal(t, "127.0.0.1:9912", r.core.LocalAPIState().Listening)
	_, err = r.core.SaveLocalAPI(t.Context(), app.LocalAPISettings{Addr: "127.0.0.1:9912"})
	require.NoError(t, err)
	assert.Equal(t, []bool{true, false}, applied)
}

func TestAPortInUseIsSaidPlainly(t *testing.T) {
	r := newRig(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	_, err = net.Listen("tcp", ln.Addr().String())
	require.Error(t, err)
	r.core.SetLocalAPIState(app.LocalAPIState{Err: fmt.Errorf("localapi: listen: %w", err)})
	assert.Equal(t, "Another program already uses this port: pick another one and save again.",
		app.UserMessage(r.core.LocalAPIState().Err))
}
