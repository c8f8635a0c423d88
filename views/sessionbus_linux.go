//go:build linux

package views

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/godbus/dbus/v5"
)

// errNoSessionBus says no session bus address is known, so none is started for us.
var errNoSessionBus = errors.New("no DBUS_SESSION_BUS_ADDRESS and no $XDG_RUNTIME_DIR/bus")

// sessionBusReachable reports whether the D-Bus session bus answers. It refuses to
// autolaunch a bus (godbus would run dbus-launch) when the session advertises none.
func sessionBusReachable() error {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		rt := os.Getenv("XDG_RUNTIME_DIR")
		if rt == "" {
			return errNoSessionBus
		}
		if _, err := os.Stat(filepath.Join(rt, "bus")); err != nil {
			return errNoSessionBus
		}
	}
	if _, err := dbus.SessionBus(); err != nil {
		return fmt.Errorf("views: connect session bus: %w", err)
	}
	return nil
}
