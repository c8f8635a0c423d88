//go:build keychain

// These tests use the real Secret Service. Run them inside a throwaway one:
//
//	scripts/with-keychain.sh go test -race -tags keychain ./services/secrets/...

package secrets

import (
	"crypto/rand"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zalando/go-keyring"

	"webox-social/services/model"
)

func TestRealKeychainRoundTrip(t *testing.T) {
	k := NewKeyring()
	key := "test/" + rand.Text() + "/access"
	t.Cleanup(func() { _ = k.Delete(key) })

	_, err := k.Get(key)
	require.ErrorIs(t, err, model.ErrNotFound)

	require.NoError(t, k.Set(key, "tok-1"))
	require.NoError(t, k.Set(key, "tok-2 with spaces, ünïcode and a\nnewline"))
	got, err := k.Get(key)
	require.NoError(t, err)
	assert.Equal(t, "tok-2 with spaces, ünïcode and a\nnewline", got)

	direct, err := keyring.Get(ServiceName, key)
	require.NoError(t, err)
	assert.Equal(t, got, direct, "stored under service com.webox.social with the key as user")

	require.NoError(t, k.Delete(key))
	_, err = k.Get(key)
	require.ErrorIs(t, err, model.ErrNotFound)
	assert.ErrorIs(t, k.Delete(key), model.ErrNotFound)
}

func TestRealKeychainIsChosenByOpen(t *testing.T) {
	dir := t.TempDir()
	store, backend, err := Open(dir, WithGetenv(func(string) string { return "" }))
	require.NoError(t, err)
	require.Equal(t, BackendKeychain, backend)

	key := "test/" + rand.Text() + "/refresh"
	t.Cleanup(func() { _ = store.Delete(key) })
	require.NoError(t, store.Set(key, "rt"))
	got, err := store.Get(key)
	require.NoError(t, err)
	assert.Equal(t, "rt", got)

	_, err = keyring.Get(ServiceName, probeKey)
	assert.ErrorIs(t, err, keyring.ErrNotFound, "the probe entry was deleted")
	assert.NoFileExists(t, dir+"/"+FileName)
}
