package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"syscall"

	"webox-social/services/model"
)

// The local REST API's settings: on/off and address in settings, the token in the keychain.
const (
	keyAPIEnabled  = "localapi.enabled"
	keyAPIAddr     = "localapi.addr"
	apiTokenSecret = "app/localapi/token"
	// DefaultLocalAPIAddr is where the local API listens unless the user picks a port.
	DefaultLocalAPIAddr = "127.0.0.1:8765"
)

// LocalAPISettings turn the local REST API (the seed's /api/social routes for scripts
// on this computer) on or off; it is off by default and listens on 127.0.0.1 only.
type LocalAPISettings struct {
	Enabled bool
	Addr    string // "127.0.0.1:PORT"
}

// LocalAPISettings returns the stored local API settings.
func (a *App) LocalAPISettings(ctx context.Context) (LocalAPISettings, error) {
	all, err := a.store.AllSettings(ctx)
	if err != nil {
		return LocalAPISettings{}, fmt.Errorf("read the local API settings: %w", err)
	}
	s := LocalAPISettings{Addr: all[keyAPIAddr]}
	s.Enabled, _ = strconv.ParseBool(all[keyAPIEnabled])
	if s.Addr == "" {
		s.Addr = DefaultLocalAPIAddr
	}
	return s, nil
}

// SaveLocalAPI stores the settings. Turning the API on the first time creates its token
// in the keychain and returns it, to be shown once; otherwise token is "". The server is
// started, moved or stopped at once (see OnLocalAPIChange); LocalAPIState says how it went.
func (a *App) SaveLocalAPI(ctx context.Context, s LocalAPISettings) (token string, err error) {
	s.Addr = strings.TrimSpace(s.Addr)
	if err := checkLoopbackAddr(s.Addr); err != nil {
		return "", err
	}
	if s.Enabled {
		if token, err = a.ensureAPIToken(); err != nil {
			return "", err
		}
	}
	if err := a.store.SetSetting(ctx, keyAPIAddr, s.Addr); err != nil {
		return "", fmt.Errorf("save the local API address: %w", err)
	}
	if err := a.store.SetSetting(ctx, keyAPIEnabled, strconv.FormatBool(s.Enabled)); err != nil {
		return "", fmt.Errorf("save the local API switch: %w", err)
	}
	if apply := a.apiApply.Load(); apply != nil {
		(*apply)()
	}
	return token, nil
}

// LocalAPIState is what the local API server reports: the address it listens on, or
// why it could not listen (a port in use).
type LocalAPIState struct {
	Listening string // "127.0.0.1:PORT" while it serves; "" when stopped
	Err       error  // why the last start failed; nil otherwise
}

// OnLocalAPIChange registers the function that applies the stored settings to the
// server (main's); SaveLocalAPI calls it before returning.
func (a *App) OnLocalAPIChange(apply func()) { a.apiApply.Store(&apply) }

// SetLocalAPIState records what the server (run by main) reports, for Settings to show.
func (a *App) SetLocalAPIState(s LocalAPIState) {
	if s.Err != nil {
		a.log.Warn("local API not listening", "err", s.Err)
	}
	if errors.Is(s.Err, syscall.EADDRINUSE) {
		s.Err = &userError{msg: "Another program already uses this port: pick another one and save again.", kind: model.ErrConflict}
	}
	a.apiState.Store(&s)
}

// LocalAPIState returns what the server last reported (zero before it was started).
func (a *App) LocalAPIState() LocalAPIState {
	if s := a.apiState.Load(); s != nil {
		return *s
	}
	return LocalAPIState{}
}

// LocalAPIToken returns the API's bearer token from the keychain (for starting the server).
func (a *App) LocalAPIToken() (string, error) {
	tok, err := a.secrets.Get(apiTokenSecret)
	if err != nil {
		return "", fmt.Errorf("read the local API token from the keychain: %w", err)
	}
	return tok, nil
}

// ensureAPIToken returns a new token when none is stored yet, "" when one exists.
func (a *App) ensureAPIToken() (string, error) {
	if _, err := a.secrets.Get(apiTokenSecret); err == nil {
		return "", nil
	} else if !errors.Is(err, model.ErrNotFound) {
		return "", fmt.Errorf("read the local API token from the keychain: %w", err)
	}
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	tok := hex.EncodeToString(b[:])
	if err := a.secrets.Set(apiTokenSecret, tok); err != nil {
		return "", fmt.Errorf("store the local API token in the keychain: %w", err)
	}
	return tok, nil
}

// checkLoopbackAddr accepts only 127.0.0.1:PORT: the API is for this computer.
func checkLoopbackAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	n, perr := strconv.Atoi(port)
	if err != nil || host != "127.0.0.1" || perr != nil || n < 1 || n > 65535 {
		return invalid(fmt.Sprintf("The local API listens on this computer only: write 127.0.0.1 and a port, like %s (not %q).",
			DefaultLocalAPIAddr, addr))
	}
	return nil
}
