package secrets

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	dbus "github.com/godbus/dbus/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zalando/go-keyring"

	"webox-social/services/model"
)

func TestKeyringRoundTrip(t *testing.T) {
	fake := newFakeBackend()
	k := NewKeyring(WithKeyringBackend(fake))

	require.NoError(t, k.Set("account/7/access", "tok-1"))
	require.NoError(t, k.Set("account/7/access", "tok-2"))
	got, err := k.Get("account/7/access")
	require.NoError(t, err)
	assert.Equal(t, "tok-2", got)

	direct, err := fake.Get(ServiceName, "account/7/access")
	require.NoError(t, err)
	assert.Equal(t, "tok-2", direct, "entries live under service com.webox.social with the key as user")

	require.NoError(t, k.Delete("account/7/access"))
	_, err = k.Get("account/7/access")
	assert.ErrorIs(t, err, model.ErrNotFound)
	assert.ErrorIs(t, k.Delete("account/7/access"), model.ErrNotFound)
}

func TestMapKeyringError(t *testing.T) {
	cases := []struct {
		name       string
		err        error
		notFound   bool
		noKeychain bool
	}{
		{"not found", keyring.ErrNotFound, true, false},
		{"no dbus-launch", &exec.Error{Name: "dbus-launch", Err: exec.ErrNotFound}, false, true},
		{"dbus-launch failed", &exec.ExitError{}, false, true},
		{"no provider", dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown",
			Body: []any{"The name org.freedesktop.secrets was not provided by any .service files"}}, false, true},
		{"no reply", &dbus.Error{Name: "org.freedesktop.DBus.Error.NoReply", Body: []any{"timeout"}}, false, true},
		{"locked", dbus.Error{Name: "org.freedesktop.Secret.Error.IsLocked"}, false, true},
		{"cannot unlock", errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"), false, true},
		{"bus socket gone", &net.OpError{Op: "dial", Net: "unix", Err: os.ErrNotExist}, false, true},
		{"bus closed", dbus.ErrClosed, false, true},
		{"no session bus", errNoSessionBus, false, true},
		{"no address", errors.New("dbus: couldn't determine address of session bus"), false, true},
		{"too big", keyring.ErrSetDataTooBig, false, false},
		{"other secret error", dbus.Error{Name: "org.freedesktop.Secret.Error.NoSuchObject"}, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := mapKeyringError("get", "account/1/access", fmt.Errorf("wrapped: %w", tc.err))
			require.Error(t, err)
			assert.Equal(t, tc.notFound, errors.Is(err, model.ErrNotFound), err.Error())
			assert.Equal(t, tc.noKeychain, errors.Is(err, model.ErrNoKeychain), err.Error())
			if !tc.notFound {
				assert.Contains(t, err.Error(), tc.err.Error(), "the keychain's own words are kept")
			}
			assert.Contains(t, err.Error(), "secrets: keychain get \"account/1/access\"")
		})
	}
	assert.NoError(t, mapKeyringError("get", "k", nil))
}

func TestKeyringNoKeychainErrorKeepsTheKeychainsWords(t *testing.T) {
	fake := newFakeBackend()
	fake.err = dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown",
		Body: []any{"The name org.freedesktop.secrets was not provided by any .service files"}}
	k := NewKeyring(WithKeyringBackend(fake))

	err := k.Set("account/1/refresh", "s3cr3t-value")
	require.ErrorIs(t, err, model.ErrNoKeychain)
	assert.Equal(t, "The name org.freedesktop.secrets was not provided by any .service files", keychainSaid(err))
	assert.NotContains(t, err.Error(), "s3cr3t-value")
}

func TestKeyringTimesOutOnAStuckKeychain(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := newFakeBackend()
		fake.release = make(chan struct{})
		k := NewKeyring(WithKeyringBackend(fake), WithTimeout(5*time.Second))

		_, err := k.Get("account/1/access")
		require.ErrorIs(t, err, model.ErrNoKeychain)
		assert.Contains(t, err.Error(), "did not answer within 5s")

		close(fake.release) // let the abandoned call finish so the bubble can end
		synctest.Wait()
	})
}

func TestSessionBusKnown(t *testing.T) {
	runUser := t.TempDir()
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }

	assert.ErrorIs(t, sessionBusKnown(getenv, runUser), errNoSessionBus)

	env["DBUS_SESSION_BUS_ADDRESS"] = "autolaunch:"
	assert.ErrorIs(t, sessionBusKnown(getenv, runUser), errNoSessionBus, "autolaunch would start a stray bus")

	env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/run/user/1000/bus"
	assert.NoError(t, sessionBusKnown(getenv, runUser))

	delete(env, "DBUS_SESSION_BUS_ADDRESS")
	dir := filepath.Join(runUser, strconv.Itoa(os.Getuid()))
	require.NoError(t, os.MkdirAll(dir, 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bus"), nil, 0o600))
	assert.NoError(t, sessionBusKnown(getenv, runUser))
}
