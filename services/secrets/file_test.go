package secrets

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
)

// testRawKey is a Fernet-style key: URL-safe base64 of 32 bytes.
var testRawKey = base64.URLEncoding.EncodeToString(bytes.Repeat([]byte{0x42}, 32))

// testIterations keeps passphrase tests fast; real files use kdfIterations.
const testIterations = 1000

func newTestFile(t *testing.T, path, secret string) *EncryptedFile {
	t.Helper()
	f, err := newEncryptedFile(path, secret, testIterations)
	require.NoError(t, err)
	return f
}

func TestEncryptedFileRoundTrip(t *testing.T) {
	for name, secret := range map[string]string{"raw key": testRawKey, "passphrase": "correct horse battery staple"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "data", FileName)
			f := newTestFile(t, path, secret)

			_, err := f.Get("account/7/access")
			require.ErrorIs(t, err, model.ErrNotFound, "no file yet")
			require.NoError(t, f.Set("account/7/access", "tok-1"))
			require.NoError(t, f.Set("account/7/access", "tok-2"))
			require.NoError(t, f.Set("account/7/refresh", "ref-1"))

			again := newTestFile(t, path, secret) // a new process would see the same
			got, err := again.Get("account/7/access")
			require.NoError(t, err)
			assert.Equal(t, "tok-2", got)

			require.NoError(t, again.Delete("account/7/access"))
			_, err = f.Get("account/7/access")
			assert.ErrorIs(t, err, model.ErrNotFound)
			assert.ErrorIs(t, f.Delete("account/7/access"), model.ErrNotFound)
			got, err = f.Get("account/7/refresh")
			require.NoError(t, err)
			assert.Equal(t, "ref-1", got)
		})
	}
}

func TestEncryptedFileAcceptsAnyBase64SpellingOfTheKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	key := bytes.Repeat([]byte{0xfb, 0xff}, 16) // has '-'/'_' vs '+'/'/' differences
	require.NoError(t, newTestFile(t, path, base64.URLEncoding.EncodeToString(key)).Set("k", "v"))

	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawURLEncoding, base64.RawStdEncoding} {
		got, err := newTestFile(t, path, " "+enc.EncodeToString(key)+"\n").Get("k")
		require.NoError(t, err)
		assert.Equal(t, "v", got)
	}
}

func TestEncryptedFileWrongKey(t *testing.T) {
	cases := map[string][2]string{
		"other passphrase":        {"passphrase one", "passphrase two"},
		"other raw key":           {testRawKey, base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1}, 32))},
		"passphrase for raw file": {testRawKey, "just-words-xyz"},
		"raw key for passphrase":  {"just-words-xyz", testRawKey},
	}
	for name, keys := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			require.NoError(t, newTestFile(t, path, keys[0]).Set("k", "v"))

			_, err := newEncryptedFile(path, keys[1], testIterations)
			require.ErrorIs(t, err, ErrWrongKey)
			assert.NotErrorIs(t, err, ErrCorrupt)
			assert.Contains(t, err.Error(), "the encryption key in WEBOX_ENCRYPTION_KEY does not open "+path)
			assert.NotContains(t, err.Error(), keys[1])
		})
	}
}

func TestEncryptedFileEmptyKey(t *testing.T) {
	_, err := NewEncryptedFile(filepath.Join(t.TempDir(), FileName), "  ")
	assert.ErrorIs(t, err, model.ErrInvalid)
}

// editEnvelope rewrites the JSON envelope of the file at path.
func editEnvelope(t *testing.T, path string, edit func(*fileEnvelope)) {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var env fileEnvelope
	require.NoError(t, json.Unmarshal(raw, &env))
	edit(&env)
	raw, err = json.Marshal(env)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, raw, 0o600))
}

func TestEncryptedFileDetectsTampering(t *testing.T) {
	cases := map[string]struct {
		edit func(*fileEnvelope)
		want error
	}{
		"ciphertext bit": {func(e *fileEnvelope) { e.Data[len(e.Data)/2] ^= 1 }, ErrCorrupt},
		"tag bit":        {func(e *fileEnvelope) { e.Data[len(e.Data)-1] ^= 0x80 }, ErrCorrupt},
		"truncated":      {func(e *fileEnvelope) { e.Data = e.Data[:len(e.Data)-3] }, ErrCorrupt},
		"nonce":          {func(e *fileEnvelope) { e.Nonce[0] ^= 1 }, ErrCorrupt},
		"iterations":     {func(e *fileEnvelope) { e.Iterations++ }, ErrWrongKey}, // another key comes out
		"salt":           {func(e *fileEnvelope) { e.Salt[0] ^= 1 }, ErrWrongKey},
		"version":        {func(e *fileEnvelope) { e.Version = 2 }, ErrCorrupt},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			f := newTestFile(t, path, "a passphrase")
			require.NoError(t, f.Set("account/1/access", "tok"))

			editEnvelope(t, path, tc.edit)

			_, err := f.Get("account/1/access")
			require.ErrorIs(t, err, tc.want)
			_, err = newEncryptedFile(path, "a passphrase", testIterations)
			require.ErrorIs(t, err, tc.want)
		})
	}
}

func TestEncryptedFileRejectsGarbage(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	require.NoError(t, os.WriteFile(path, []byte("account/1/access=plain\n"), 0o600))
	_, err := newEncryptedFile(path, testRawKey, testIterations)
	require.ErrorIs(t, err, ErrCorrupt)
	assert.Contains(t, err.Error(), path+" is damaged")
}

func TestEncryptedFileModeAndNoTempFilesLeft(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new-dir")
	path := filepath.Join(dir, FileName)
	f := newTestFile(t, path, testRawKey)
	for i := range 3 {
		require.NoError(t, f.Set(fmt.Sprintf("k%d", i), "v"))
		info, err := os.Stat(path)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	}
	dirInfo, err := os.Stat(dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), dirInfo.Mode().Perm())

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, FileName, entries[0].Name())
}

func TestEncryptedFileHoldsNoPlaintext(t *testing.T) {
	const key, secret = "account/42/refresh", "rt-KNOWN-SECRET-0123456789"
	path := filepath.Join(t.TempDir(), FileName)
	require.NoError(t, newTestFile(t, path, "pass phrase").Set(key, secret))

	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	for _, s := range []string{secret, key, "KNOWN-SECRET", "pass phrase",
		base64.StdEncoding.EncodeToString([]byte(secret)), base64.StdEncoding.EncodeToString([]byte(`{"` + key))} {
		assert.NotContains(t, string(raw), s)
	}
}

func TestEncryptedFileDefaultIterations(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	f, err := NewEncryptedFile(path, "a passphrase")
	require.NoError(t, err)
	require.NoError(t, f.Set("k", "v"))
	editEnvelope(t, path, func(e *fileEnvelope) {
		assert.Equal(t, kdfPBKDF2, e.KDF)
		assert.Equal(t, kdfIterations, e.Iterations)
		assert.Len(t, e.Salt, saltSize)
	})
}

func TestEncryptedFileConcurrentUse(t *testing.T) {
	f := newTestFile(t, filepath.Join(t.TempDir(), FileName), testRawKey)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			key := fmt.Sprintf("account/%d/access", i)
			assert.NoError(t, f.Set(key, key+"-value"))
			got, err := f.Get(key)
			assert.NoError(t, err)
			assert.Equal(t, key+"-value", got)
		})
	}
	wg.Wait()
	for i := range 16 {
		key := fmt.Sprintf("account/%d/access", i)
		got, err := f.Get(key)
		require.NoError(t, err)
		assert.Equal(t, key+"-value", got, "no write was lost")
	}
}
