//go:build !linux

package views

// sessionBusReachable is always satisfied outside Linux: the tray does not use D-Bus there.
func sessionBusReachable() error { return nil }
