package secrets

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	dbus "github.com/godbus/dbus/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
)

func envOf(vars map[string]string) Option {
	return WithGetenv(func(k string) string { return vars[k] })
}

var noProvider = dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown",
	Body: []any{"The name org.freedesktop.secrets was not provided by any .service files"}}

func TestOpenUsesAReachableKeychain(t *testing.T) {
	fake := newFakeBackend()
	dir := t.TempDir()
	store, backend, err := Open(dir, WithKeyringBackend(fake), envOf(map[string]string{EnvEncryptionKey: testRawKey}))
	require.NoError(t, err)
	assert.Equal(t, BackendKeychain, backend)
	assert.IsType(t, &Keyring{}, store)
	assert.Equal(t, 3, fake.callCount(), "probe: set, get, delete")
	assert.Zero(t, fake.size(), "the probe entry is deleted")

	require.NoError(t, store.Set("account/1/access", "tok"))
	assert.Equal(t, 1, fake.size())
	assert.NoFileExists(t, filepath.Join(dir, FileName))
}

func TestOpenFallsBackToTheFileWithAKey(t *testing.T) {
	for name, failure := range map[string]error{
		"no session bus": &exec.Error{Name: "dbus-launch", Err: exec.ErrNotFound},
		"no provider":    noProvider,
	} {
		t.Run(name, func(t *testing.T) {
			fake := newFakeBackend()
			fake.err = failure
			dir := t.TempDir()
			store, backend, err := Open(dir, WithKeyringBackend(fake), envOf(map[string]string{EnvEncryptionKey: testRawKey}))
			require.NoError(t, err)
			assert.Equal(t, BackendEncryptedFile, backend)
			require.NoError(t, store.Set("account/1/access", "tok"))
			assert.FileExists(t, filepath.Join(dir, FileName))
		})
	}
}

func TestOpenWithoutKeychainOrKeySaysWhatToDo(t *testing.T) {
	fake := newFakeBackend()
	fake.err = noProvider
	dir := t.TempDir()
	_, _, err := Open(dir, WithKeyringBackend(fake), envOf(nil))
	require.ErrorIs(t, err, model.ErrNoKeychain)
	assert.Equal(t, "No keychain is available: install and unlock a Secret Service provider (for example gnome-keyring; "+
		"on Debian/Ubuntu `apt install gnome-keyring dbus-x11`) or set WEBOX_ENCRYPTION_KEY to store secrets in an "+
		"encrypted file in "+dir+". The keychain said: The name org.freedesktop.secrets was not provided by any .service files.",
		err.Error())
}

func TestOpenTreatsAProbeThatReadsBackGarbageAsNoKeychain(t *testing.T) {
	fake := newFakeBackend()
	fake.mangle = true
	_, _, err := Open(t.TempDir(), WithKeyringBackend(fake), envOf(nil))
	require.ErrorIs(t, err, model.ErrNoKeychain)
	assert.Contains(t, err.Error(), "The keychain said: the value read back differs from the one written.")
	assert.Zero(t, fake.size(), "the probe entry is still deleted")
}

func TestOpenForcedFile(t *testing.T) {
	fake := newFakeBackend()
	dir := t.TempDir()
	store, backend, err := Open(dir, WithKeyringBackend(fake),
		envOf(map[string]string{EnvSecrets: "file", EnvEncryptionKey: testRawKey}))
	require.NoError(t, err)
	assert.Equal(t, BackendEncryptedFile, backend)
	assert.Zero(t, fake.callCount(), "the keychain is not even probed")
	require.NoError(t, store.Set("k", "v"))
	assert.FileExists(t, filepath.Join(dir, FileName))

	_, _, err = Open(dir, WithKeyringBackend(fake), envOf(map[string]string{EnvSecrets: "File"}))
	require.ErrorIs(t, err, ErrNoEncryptionKey)
	assert.Contains(t, err.Error(), "set WEBOX_ENCRYPTION_KEY to a passphrase")
}

func TestOpenForcedKeychainDoesNotFallBack(t *testing.T) {
	fake := newFakeBackend()
	fake.err = noProvider
	_, _, err := Open(t.TempDir(), WithKeyringBackend(fake),
		envOf(map[string]string{EnvSecrets: "keychain", EnvEncryptionKey: testRawKey}))
	require.ErrorIs(t, err, model.ErrNoKeychain)
	assert.Contains(t, err.Error(), "WEBOX_SECRETS=keychain")

	ok := newFakeBackend()
	_, backend, err := Open(t.TempDir(), WithKeyringBackend(ok), envOf(map[string]string{EnvSecrets: "keychain"}))
	require.NoError(t, err)
	assert.Equal(t, BackendKeychain, backend)
}

func TestOpenRejectsAnUnknownMode(t *testing.T) {
	_, _, err := Open(t.TempDir(), WithKeyringBackend(newFakeBackend()), envOf(map[string]string{EnvSecrets: "vault"}))
	assert.ErrorIs(t, err, model.ErrInvalid)
}

func TestOpenKeepsUsingAnExistingFile(t *testing.T) {
	dir := t.TempDir()
	env := envOf(map[string]string{EnvEncryptionKey: testRawKey})
	down := newFakeBackend()
	down.err = noProvider
	store, _, err := Open(dir, WithKeyringBackend(down), env)
	require.NoError(t, err)
	require.NoError(t, store.Set("account/1/access", "tok"))

	up := newFakeBackend() // a keychain appeared later
	store, backend, err := Open(dir, WithKeyringBackend(up), env)
	require.NoError(t, err)
	assert.Equal(t, BackendEncryptedFile, backend)
	got, err := store.Get("account/1/access")
	require.NoError(t, err)
	assert.Equal(t, "tok", got)
	assert.Zero(t, up.callCount())
}

func TestOpenWithTheWrongKeyForAnExistingFile(t *testing.T) {
	dir := t.TempDir()
	f := newTestFile(t, filepath.Join(dir, FileName), testRawKey)
	require.NoError(t, f.Set("k", "v"))

	_, _, err := Open(dir, WithKeyringBackend(newFakeBackend()),
		envOf(map[string]string{EnvEncryptionKey: "not the key"}))
	require.ErrorIs(t, err, ErrWrongKey)
}

func TestOpenUsesTheRealEnvironmentByDefault(t *testing.T) {
	t.Setenv(EnvSecrets, "file")
	t.Setenv(EnvEncryptionKey, testRawKey)
	dir := t.TempDir()
	_, backend, err := Open(dir)
	require.NoError(t, err)
	assert.Equal(t, BackendEncryptedFile, backend)
	_, err = os.Stat(dir)
	require.NoError(t, err)
}
