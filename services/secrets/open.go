package secrets

import (
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"webox-social/services/model"
)

// Environment variables read by Open.
const (
	// EnvEncryptionKey holds the key or passphrase of the encrypted-file store.
	EnvEncryptionKey = "WEBOX_ENCRYPTION_KEY"
	// EnvSecrets chooses the store: "auto" (or empty), "keychain" or "file".
	EnvSecrets = "WEBOX_SECRETS"
)

// Backend names returned by Open.
const (
	BackendKeychain      = "keychain"
	BackendEncryptedFile = "encrypted-file"
)

// ErrNoEncryptionKey means the encrypted file was asked for but WEBOX_ENCRYPTION_KEY is empty.
var ErrNoEncryptionKey = errors.New("WEBOX_ENCRYPTION_KEY is not set")

// probeKey is the keychain entry Open writes, reads back and deletes to test the keychain.
const probeKey = "webox-social/keychain-probe"

// config is what Options set.
type config struct {
	backend KeyringBackend
	getenv  func(string) string
	timeout time.Duration
}

// Option configures Open and NewKeyring.
type Option func(*config)

// WithKeyringBackend replaces the OS keychain (SystemKeyring), e.g. with a fake in tests.
func WithKeyringBackend(b KeyringBackend) Option {
	return func(c *config) { c.backend = b }
}

// WithGetenv replaces os.Getenv for reading WEBOX_SECRETS and WEBOX_ENCRYPTION_KEY.
func WithGetenv(getenv func(string) string) Option {
	return func(c *config) { c.getenv = getenv }
}

// WithTimeout bounds each keychain call, the probe included (default, and for d <= 0,
// DefaultKeyringTimeout).
func WithTimeout(d time.Duration) Option {
	return func(c *config) { c.timeout = d }
}

func newConfig(opts []Option) config {
	cfg := config{backend: SystemKeyring{}, getenv: os.Getenv, timeout: DefaultKeyringTimeout}
	for _, opt := range opts {
		opt(&cfg)
	}
	if cfg.timeout <= 0 {
		cfg.timeout = DefaultKeyringTimeout
	}
	return cfg
}

// Open chooses where secrets live for the data dir dataDir and returns that Store with its
// backend name (BackendKeychain or BackendEncryptedFile).
//
// WEBOX_SECRETS decides:
//   - "" or "auto": the OS keychain if a probe entry can be set, read back and deleted;
//     otherwise, if WEBOX_ENCRYPTION_KEY is set, the encrypted file dataDir/secrets.enc
//     (see EncryptedFile for the key format); otherwise an error wrapping
//     model.ErrNoKeychain that tells the user what to install or set. When secrets.enc
//     already exists and WEBOX_ENCRYPTION_KEY is set, the file is used without probing, so
//     saved secrets do not vanish when a keychain shows up later.
//   - "file": always the encrypted file, for headless servers and end-to-end tests; an
//     empty WEBOX_ENCRYPTION_KEY is an error wrapping ErrNoEncryptionKey.
//   - "keychain": always the keychain, with no fallback.
//
// A wrong WEBOX_ENCRYPTION_KEY for an existing file is an error wrapping ErrWrongKey.
func Open(dataDir string, opts ...Option) (Store, string, error) {
	cfg := newConfig(opts)
	switch mode := strings.ToLower(strings.TrimSpace(cfg.getenv(EnvSecrets))); mode {
	case "", "auto":
		return openAuto(dataDir, cfg)
	case "file":
		return openFile(dataDir, cfg)
	case BackendKeychain:
		return openKeychain(cfg)
	default:
		return nil, "", fmt.Errorf("secrets: %s=%q: %w: use auto, keychain or file", EnvSecrets, mode, model.ErrInvalid)
	}
}

// openAuto prefers an existing encrypted file, then the keychain, then a new encrypted file.
func openAuto(dataDir string, cfg config) (Store, string, error) {
	path := filepath.Join(dataDir, FileName)
	_, statErr := os.Stat(path)
	fileExists := statErr == nil
	if fileExists && cfg.getenv(EnvEncryptionKey) != "" {
		return openFile(dataDir, cfg)
	}
	kr := &Keyring{backend: cfg.backend, timeout: cfg.timeout}
	probeErr := kr.probe()
	if probeErr == nil {
		if fileExists {
			slog.Warn("secrets: using the keychain; secrets.enc is ignored because WEBOX_ENCRYPTION_KEY is not set", "path", path)
		}
		slog.Info("secrets: using the keychain", "backend", BackendKeychain, "service", ServiceName)
		return kr, BackendKeychain, nil
	}
	if cfg.getenv(EnvEncryptionKey) == "" {
		return nil, "", &noKeychainError{dir: dataDir, cause: probeErr}
	}
	slog.Warn("secrets: keychain unavailable, using the encrypted file", "path", path, "err", probeErr)
	return openFile(dataDir, cfg)
}

// openFile opens dataDir/secrets.enc with WEBOX_ENCRYPTION_KEY.
func openFile(dataDir string, cfg config) (Store, string, error) {
	key := cfg.getenv(EnvEncryptionKey)
	if strings.TrimSpace(key) == "" {
		return nil, "", fmt.Errorf("secrets: %s=file keeps secrets in an encrypted file, which needs a key: "+
			"set %s to a passphrase or to a key from `openssl rand -base64 32`: %w",
			EnvSecrets, EnvEncryptionKey, ErrNoEncryptionKey)
	}
	f, err := NewEncryptedFile(filepath.Join(dataDir, FileName), key)
	if err != nil {
		return nil, "", err
	}
	slog.Info("secrets: using the encrypted file", "backend", BackendEncryptedFile, "path", f.Path())
	return f, BackendEncryptedFile, nil
}

// openKeychain returns the keychain if the probe passes, with no fallback.
func openKeychain(cfg config) (Store, string, error) {
	kr := &Keyring{backend: cfg.backend, timeout: cfg.timeout}
	if err := kr.probe(); err != nil {
		return nil, "", fmt.Errorf("secrets: %s=keychain, but the keychain cannot be used: %w", EnvSecrets, err)
	}
	slog.Info("secrets: using the keychain", "backend", BackendKeychain, "service", ServiceName)
	return kr, BackendKeychain, nil
}

// probe sets, reads back and deletes a random value under probeKey. Its errors always
// wrap model.ErrNoKeychain.
func (k *Keyring) probe() error {
	err := k.setGetDelete()
	if err != nil && !errors.Is(err, model.ErrNoKeychain) {
		return &keychainError{op: "probe", key: probeKey, cause: err}
	}
	return err
}

func (k *Keyring) setGetDelete() error {
	want := rand.Text()
	if err := k.Set(probeKey, want); err != nil {
		return err
	}
	got, getErr := k.Get(probeKey)
	delErr := k.Delete(probeKey)
	switch {
	case getErr != nil:
		return getErr
	case got != want:
		return &keychainError{op: "probe", key: probeKey, cause: errors.New("the value read back differs from the one written")}
	default:
		return delErr
	}
}

// noKeychainError is Open's error when neither the keychain nor the encrypted file can be
// used: one sentence saying what to do, then the keychain's own words.
type noKeychainError struct {
	dir   string
	cause error
}

func (e *noKeychainError) Error() string {
	return "No keychain is available: install and unlock a Secret Service provider (for example gnome-keyring; " +
		"on Debian/Ubuntu `apt install gnome-keyring dbus-x11`) or set " + EnvEncryptionKey +
		" to store secrets in an encrypted file in " + e.dir + ". The keychain said: " +
		strings.TrimRight(keychainSaid(e.cause), ".") + "."
}

func (e *noKeychainError) Unwrap() []error { return []error{model.ErrNoKeychain, e.cause} }

var (
	_ Store          = (*Keyring)(nil)
	_ Store          = (*EncryptedFile)(nil)
	_ Store          = (*Memory)(nil)
	_ KeyringBackend = SystemKeyring{}
)
