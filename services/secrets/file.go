package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"webox-social/services/model"
)

// FileName is the name of the encrypted secrets file inside the data dir.
const FileName = "secrets.enc"

// Sentinel errors of EncryptedFile. Test with errors.Is.
var (
	// ErrWrongKey means WEBOX_ENCRYPTION_KEY is not the key secrets.enc was written with.
	ErrWrongKey = errors.New("wrong encryption key")
	// ErrCorrupt means secrets.enc opened with the right key but failed its integrity check
	// or could not be parsed: it was damaged or changed by something else.
	ErrCorrupt = errors.New("encrypted secrets file is damaged")
)

// Key derivation names written into the file header.
const (
	kdfPBKDF2 = "pbkdf2-sha256" // passphrase: PBKDF2-HMAC-SHA256, salted, kdfIterations rounds
	kdfRawKey = "raw-256"       // a base64 32-byte key (Fernet style) used as key material as is
)

const (
	fileFormat    = "webox-social-secrets"
	fileVersion   = 1
	kdfIterations = 600_000 // OWASP 2023 minimum for PBKDF2-HMAC-SHA256
	maxIterations = 100_000_000
	saltSize      = 16
	infoCipher    = "webox-social secrets.enc v1 aes-256-gcm"
	infoCheck     = "webox-social secrets.enc v1 key check"
)

// fileEnvelope is the JSON written to secrets.enc. Only Data is secret (AES-256-GCM over the
// JSON of the key→value map); the header fields are authenticated as additional data.
type fileEnvelope struct {
	Format     string `json:"format"`
	Version    int    `json:"version"`
	KDF        string `json:"kdf"`
	Iterations int    `json:"iterations,omitempty"`
	Salt       []byte `json:"salt"`
	Check      []byte `json:"check"` // HKDF(master, salt, infoCheck): tells a wrong key from a damaged file
	Nonce      []byte `json:"nonce"`
	Data       []byte `json:"data"`
}

// fileKeys is what a secret and a salt derive to.
type fileKeys struct {
	kdf        string
	iterations int
	salt       []byte
	aead       cipher.AEAD
	check      []byte
}

// EncryptedFile is a Store in one file (secrets.enc, mode 0600) holding a key→value map
// encrypted with AES-256-GCM. It is the fallback for machines without a keychain.
//
// The 256-bit file key comes from the WEBOX_ENCRYPTION_KEY value:
//   - a Fernet-style key, i.e. base64 (URL-safe or standard, padded or not) of exactly 32
//     bytes such as `openssl rand -base64 32` prints, is used as key material directly;
//   - any other value is a passphrase, stretched with PBKDF2-HMAC-SHA256 (600,000 rounds)
//     and a random 16-byte salt stored in the file.
//
// Either way HKDF-SHA256 with the salt then derives the AES key and a key check value, so a
// wrong key is told apart from a damaged file. Writes go to a temp file that is fsynced and
// renamed over secrets.enc. Methods are safe for concurrent use within one process; across
// processes the app's single-instance lock on the data dir is what keeps writers apart.
type EncryptedFile struct {
	path   string
	secret string

	mu   sync.Mutex
	keys *fileKeys
}

// NewEncryptedFile opens the encrypted store at path with the WEBOX_ENCRYPTION_KEY value
// secret. If the file exists, the key is checked now: a wrong key gives an error wrapping
// ErrWrongKey. A missing file is created, with its directory, on the first Set.
func NewEncryptedFile(path, secret string) (*EncryptedFile, error) {
	return newEncryptedFile(path, secret, kdfIterations)
}

// newEncryptedFile is NewEncryptedFile with the PBKDF2 rounds for a new file (tests use few).
func newEncryptedFile(path, secret string, iterations int) (*EncryptedFile, error) {
	if strings.TrimSpace(secret) == "" {
		return nil, fmt.Errorf("secrets: open %s: the encryption key is empty: %w", path, model.ErrInvalid)
	}
	f := &EncryptedFile{path: path, secret: secret}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, err := f.load(); err != nil {
		return nil, err
	}
	if f.keys == nil { // no file yet: choose the salt the first write will use
		salt := make([]byte, saltSize)
		_, _ = rand.Read(salt) // crypto/rand.Read never fails
		keys, err := deriveKeys(secret, salt, iterations)
		if err != nil {
			return nil, fmt.Errorf("secrets: open %s: %w", path, err)
		}
		f.keys = keys
	}
	return f, nil
}

// Path returns the file the secrets are kept in.
func (f *EncryptedFile) Path() string { return f.path }

// Set stores value under key, replacing any previous value.
func (f *EncryptedFile) Set(key, value string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	entries, err := f.load()
	if err != nil {
		return err
	}
	entries[key] = value
	return f.save(entries)
}

// Get returns the value stored under key, or an error wrapping model.ErrNotFound.
func (f *EncryptedFile) Get(key string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	entries, err := f.load()
	if err != nil {
		return "", err
	}
	value, ok := entries[key]
	if !ok {
		return "", fmt.Errorf("secrets: file get %q: %w", key, model.ErrNotFound)
	}
	return value, nil
}

// Delete removes key. It returns an error wrapping model.ErrNotFound when key is absent.
func (f *EncryptedFile) Delete(key string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	entries, err := f.load()
	if err != nil {
		return err
	}
	if _, ok := entries[key]; !ok {
		return fmt.Errorf("secrets: file delete %q: %w", key, model.ErrNotFound)
	}
	delete(entries, key)
	return f.save(entries)
}

// load reads and decrypts the file; a missing file is an empty map. Caller holds f.mu.
func (f *EncryptedFile) load() (map[string]string, error) {
	raw, err := os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("secrets: read %s: %w", f.path, err)
	}
	var env fileEnvelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return nil, f.corrupt(fmt.Errorf("not a secrets file: %w", err))
	}
	if err := f.useKeysFor(&env); err != nil {
		return nil, err
	}
	return f.decrypt(&env)
}

// useKeysFor makes f.keys match the header of env, deriving them again if the file was
// created with another salt or KDF, and checks that the key opens the file.
func (f *EncryptedFile) useKeysFor(env *fileEnvelope) error {
	if env.Format != fileFormat || env.Version != fileVersion {
		return f.corrupt(fmt.Errorf("unknown format %q version %d", env.Format, env.Version))
	}
	if env.Iterations < 0 || env.Iterations > maxIterations {
		return f.corrupt(fmt.Errorf("iteration count %d out of range", env.Iterations))
	}
	if kdfFor(f.secret) != env.KDF {
		return f.wrongKey()
	}
	if f.keys == nil || !f.keys.matches(env) {
		keys, err := deriveKeys(f.secret, env.Salt, env.Iterations)
		if err != nil {
			return f.corrupt(err)
		}
		f.keys = keys
	}
	if subtle.ConstantTimeCompare(f.keys.check, env.Check) != 1 {
		return f.wrongKey()
	}
	return nil
}

// wrongKey is the error for a WEBOX_ENCRYPTION_KEY that does not open the file.
func (f *EncryptedFile) wrongKey() error {
	return fmt.Errorf("secrets: the encryption key in WEBOX_ENCRYPTION_KEY does not open %s: %w; "+
		"set it to the key the file was written with, or move the file away to start with no saved secrets",
		f.path, ErrWrongKey)
}

// decrypt opens env.Data with f.keys.
func (f *EncryptedFile) decrypt(env *fileEnvelope) (map[string]string, error) {
	if len(env.Nonce) != f.keys.aead.NonceSize() {
		return nil, f.corrupt(errors.New("bad nonce"))
	}
	plain, err := f.keys.aead.Open(nil, env.Nonce, env.Data, f.keys.additionalData())
	if err != nil {
		return nil, f.corrupt(err)
	}
	entries := map[string]string{}
	if err := json.Unmarshal(plain, &entries); err != nil {
		return nil, f.corrupt(errors.New("decrypted content is not a key/value map"))
	}
	return entries, nil
}

// save encrypts entries under a fresh nonce and replaces the file atomically. Caller holds f.mu.
func (f *EncryptedFile) save(entries map[string]string) error {
	plain, err := json.Marshal(entries)
	if err != nil {
		return fmt.Errorf("secrets: encode %s: %w", f.path, err)
	}
	k := f.keys
	nonce := make([]byte, k.aead.NonceSize())
	_, _ = rand.Read(nonce) // crypto/rand.Read never fails
	env := fileEnvelope{
		Format: fileFormat, Version: fileVersion, KDF: k.kdf, Iterations: k.iterations,
		Salt: k.salt, Check: k.check, Nonce: nonce,
		Data: k.aead.Seal(nil, nonce, plain, k.additionalData()),
	}
	raw, err := json.MarshalIndent(env, "", "  ")
	if err != nil {
		return fmt.Errorf("secrets: encode %s: %w", f.path, err)
	}
	return writeFileAtomic(f.path, raw)
}

// corrupt wraps cause as an ErrCorrupt error that names the file.
func (f *EncryptedFile) corrupt(cause error) error {
	return fmt.Errorf("secrets: %s is damaged or was changed outside Webox Social: %w: %w", f.path, ErrCorrupt, cause)
}

// matches reports whether k was derived for the salt and KDF settings in env.
func (k *fileKeys) matches(env *fileEnvelope) bool {
	return subtle.ConstantTimeCompare(k.salt, env.Salt) == 1 && k.iterations == env.Iterations
}

// additionalData binds the header to the ciphertext, so editing it fails authentication.
func (k *fileKeys) additionalData() []byte {
	return []byte(fileFormat + "|" + strconv.Itoa(fileVersion) + "|" + k.kdf + "|" +
		strconv.Itoa(k.iterations) + "|" + base64.StdEncoding.EncodeToString(k.salt))
}

// deriveKeys turns the WEBOX_ENCRYPTION_KEY value and a salt into the AES-GCM cipher and the
// key check value. iterations is only used for a passphrase.
func deriveKeys(secret string, salt []byte, iterations int) (*fileKeys, error) {
	if len(salt) != saltSize {
		return nil, fmt.Errorf("salt is %d bytes, want %d", len(salt), saltSize)
	}
	keys := &fileKeys{kdf: kdfRawKey, salt: salt}
	master, ok := decodeRawKey(secret)
	if !ok {
		if iterations < 1 {
			return nil, fmt.Errorf("iteration count %d out of range", iterations)
		}
		var err error
		keys.kdf, keys.iterations = kdfPBKDF2, iterations
		if master, err = pbkdf2.Key(sha256.New, secret, salt, iterations, 32); err != nil {
			return nil, fmt.Errorf("derive key: %w", err)
		}
	}
	return keys.finish(master)
}

// finish derives the cipher and key check from the 32-byte master key.
func (k *fileKeys) finish(master []byte) (*fileKeys, error) {
	cipherKey, err := hkdf.Key(sha256.New, master, k.salt, infoCipher, 32)
	if err != nil {
		return nil, fmt.Errorf("derive key: %w", err)
	}
	if k.check, err = hkdf.Key(sha256.New, master, k.salt, infoCheck, 32); err != nil {
		return nil, fmt.Errorf("derive key: %w", err)
	}
	block, err := aes.NewCipher(cipherKey)
	if err != nil {
		return nil, fmt.Errorf("aes: %w", err)
	}
	if k.aead, err = cipher.NewGCM(block); err != nil {
		return nil, fmt.Errorf("aes-gcm: %w", err)
	}
	return k, nil
}

// kdfFor names the key derivation a WEBOX_ENCRYPTION_KEY value gets.
func kdfFor(secret string) string {
	if _, ok := decodeRawKey(secret); ok {
		return kdfRawKey
	}
	return kdfPBKDF2
}

// decodeRawKey accepts a Fernet-style key: base64 of exactly 32 bytes in any of the four
// common alphabets/paddings.
func decodeRawKey(secret string) ([]byte, bool) {
	s := strings.TrimSpace(secret)
	for _, enc := range []*base64.Encoding{base64.URLEncoding, base64.StdEncoding, base64.RawURLEncoding, base64.RawStdEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == 32 {
			return b, true
		}
	}
	return nil, false
}

// writeFileAtomic writes data to path with mode 0600 through a synced temp file in the same
// directory and a rename, then syncs the directory so the rename itself is durable.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("secrets: create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp") // mode 0600
	if err != nil {
		return fmt.Errorf("secrets: write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	if err := writeAndSync(tmp, data); err != nil {
		return fmt.Errorf("secrets: write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("secrets: write %s: %w", path, err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("secrets: write %s: %w", path, err)
	}
	return nil
}

// writeAndSync writes data to f, fsyncs and closes it.
func writeAndSync(f *os.File, data []byte) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir fsyncs a directory so that a rename in it survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) { // Windows cannot sync dirs
		return err
	}
	return nil
}
