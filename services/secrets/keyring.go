package secrets

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"

	dbus "github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"

	"webox-social/services/model"
)

// ServiceName is the keychain service every entry is stored under; the Store key is the
// keychain user (e.g. service "com.webox.social", user "account/7/access").
const ServiceName = "com.webox.social"

// DefaultKeyringTimeout bounds one keychain call. A locked keychain can wait for a password
// prompt forever; after this long the call fails with an error wrapping model.ErrNoKeychain.
const DefaultKeyringTimeout = 30 * time.Second

// KeyringBackend is the three calls Keyring makes to an OS keychain. SystemKeyring is the
// real one; tests pass fakes.
type KeyringBackend interface {
	Set(service, user, secret string) error
	Get(service, user string) (string, error)
	Delete(service, user string) error
}

// Keyring is a Store over an OS keychain (the Secret Service on Linux, the macOS Keychain,
// the Windows Credential Manager). Errors wrap model.ErrNotFound for a missing entry and
// model.ErrNoKeychain when the keychain cannot be reached or is locked.
type Keyring struct {
	backend KeyringBackend
	timeout time.Duration
}

// NewKeyring returns a Keyring over the backend and timeout given by WithKeyringBackend and
// WithTimeout; by default SystemKeyring and DefaultKeyringTimeout. Other options are ignored.
func NewKeyring(opts ...Option) *Keyring {
	cfg := newConfig(opts)
	return &Keyring{backend: cfg.backend, timeout: cfg.timeout}
}

// Set stores value under key, replacing any previous value.
func (k *Keyring) Set(key, value string) error {
	_, err := k.call("set", key, func() (string, error) {
		return "", k.backend.Set(ServiceName, key, value)
	})
	return err
}

// Get returns the value stored under key.
func (k *Keyring) Get(key string) (string, error) {
	return k.call("get", key, func() (string, error) {
		return k.backend.Get(ServiceName, key)
	})
}

// Delete removes key. It returns an error wrapping model.ErrNotFound when key is absent.
func (k *Keyring) Delete(key string) error {
	_, err := k.call("delete", key, func() (string, error) {
		return "", k.backend.Delete(ServiceName, key)
	})
	return err
}

type callResult struct {
	value string
	err   error
}

// call runs fn on its own goroutine so a keychain stuck on a prompt cannot block the
// caller for longer than k.timeout. A timed-out call's goroutine is left to finish alone.
func (k *Keyring) call(op, key string, fn func() (string, error)) (string, error) {
	done := make(chan callResult, 1)
	go func() {
		v, err := fn()
		done <- callResult{value: v, err: err}
	}()
	timer := time.NewTimer(k.timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.value, mapKeyringError(op, key, r.err)
	case <-timer.C:
		return "", &keychainError{op: op, key: key,
			cause: fmt.Errorf("the keychain did not answer within %s; it may be locked and waiting for its password", k.timeout)}
	}
}

// keychainError is a keychain call that failed because no usable keychain is there. It
// wraps model.ErrNoKeychain and the keychain's own error, kept apart for the user message.
type keychainError struct {
	op, key string
	cause   error
}

func (e *keychainError) Error() string {
	return fmt.Sprintf("secrets: keychain %s %q: %v: %v", e.op, e.key, model.ErrNoKeychain, e.cause)
}

func (e *keychainError) Unwrap() []error { return []error{model.ErrNoKeychain, e.cause} }

// keychainSaid returns the keychain's own words in err, without our context.
func keychainSaid(err error) string {
	var ke *keychainError
	if errors.As(err, &ke) {
		return ke.cause.Error()
	}
	return err.Error()
}

// mapKeyringError turns go-keyring and D-Bus errors into errors wrapping the model sentinels.
func mapKeyringError(op, key string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrNotFound):
		return fmt.Errorf("secrets: keychain %s %q: %w", op, key, model.ErrNotFound)
	case isNoKeychain(err):
		return &keychainError{op: op, key: key, cause: err}
	default:
		return fmt.Errorf("secrets: keychain %s %q: %w", op, key, err)
	}
}

// noKeychainTexts are go-keyring and godbus messages that come as plain strings and mean
// that no usable keychain is there.
var noKeychainTexts = []string{
	"failed to unlock correct collection", // go-keyring: locked, no prompter to unlock it
	"dbus-launch",
	"couldn't determine address of session bus",
	"dbus: authentication failed",
}

// isNoKeychain reports whether err means that the keychain cannot be reached at all:
// no session bus, no Secret Service provider on it, or a locked collection.
func isNoKeychain(err error) bool {
	var execErr *exec.Error
	var exitErr *exec.ExitError
	var netErr *net.OpError
	var dbusErr dbus.Error
	var dbusErrPtr *dbus.Error
	switch {
	case errors.Is(err, errNoSessionBus), errors.Is(err, dbus.ErrClosed),
		errors.As(err, &execErr), errors.As(err, &exitErr), errors.As(err, &netErr):
		return true
	case errors.As(err, &dbusErr):
		return isNoKeychainDBusName(dbusErr.Name)
	case errors.As(err, &dbusErrPtr):
		return isNoKeychainDBusName(dbusErrPtr.Name)
	}
	msg := err.Error()
	for _, text := range noKeychainTexts {
		if strings.Contains(msg, text) {
			return true
		}
	}
	return false
}

// isNoKeychainDBusName reports whether a D-Bus error name is a bus-level failure (such as
// org.freedesktop.DBus.Error.ServiceUnknown) or a locked Secret Service.
func isNoKeychainDBusName(name string) bool {
	return strings.HasPrefix(name, "org.freedesktop.DBus.Error.") ||
		name == "org.freedesktop.Secret.Error.IsLocked"
}

// errNoSessionBus is returned by SystemKeyring when no D-Bus session bus is known.
var errNoSessionBus = errors.New("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set and /run/user/<uid>/bus does not exist")

// SystemKeyring is the OS keychain through github.com/zalando/go-keyring.
//
// On Linux it first checks that a session bus is known (DBUS_SESSION_BUS_ADDRESS, or the
// /run/user/<uid>/bus socket) and fails with an error that Keyring maps to
// model.ErrNoKeychain otherwise. This stops godbus from starting a new session bus through
// dbus-launch, which would leave a dbus-daemon and a locked, unusable keyring daemon behind
// on every start of the app.
type SystemKeyring struct{}

// Set stores secret for (service, user) in the OS keychain.
func (SystemKeyring) Set(service, user, secret string) error {
	if err := sessionBusKnown(os.Getenv, "/run/user"); err != nil {
		return err
	}
	return keyring.Set(service, user, secret)
}

// Get reads the secret for (service, user) from the OS keychain.
func (SystemKeyring) Get(service, user string) (string, error) {
	if err := sessionBusKnown(os.Getenv, "/run/user"); err != nil {
		return "", err
	}
	return keyring.Get(service, user)
}

// Delete removes the secret for (service, user) from the OS keychain.
func (SystemKeyring) Delete(service, user string) error {
	if err := sessionBusKnown(os.Getenv, "/run/user"); err != nil {
		return err
	}
	return keyring.Delete(service, user)
}

// sessionBusKnown mirrors godbus's discovery of the session bus without its dbus-launch
// fallback. It only applies where the keychain is the Secret Service (not macOS/Windows).
func sessionBusKnown(getenv func(string) string, runUserDir string) error {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		return nil
	}
	if addr := getenv("DBUS_SESSION_BUS_ADDRESS"); addr != "" && addr != "autolaunch:" {
		return nil
	}
	dir := runUserDir + "/" + strconv.Itoa(os.Getuid())
	for _, name := range []string{"bus", "dbus-session"} {
		if _, err := os.Stat(dir + "/" + name); err == nil {
			return nil
		}
	}
	return errNoSessionBus
}
