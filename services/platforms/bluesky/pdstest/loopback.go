//go:build pds

package pdstest

import (
	"encoding/base64"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
)

func basic(user, pass string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))
}

// Loopback addresses as /proc/net/tcp{,6} print them (hex, in host byte order per word).
const (
	loopback4 = "0100007F"
	loopback6 = "00000000000000000000000001000000"
)

// assertLoopbackOnly fails the test when a listening socket on a port of these URLs is
// bound to anything but 127.0.0.1 or ::1 (what `ss -ltn` shows, read from /proc).
func assertLoopbackOnly(t testing.TB, urls ...string) {
	t.Helper()
	ports := map[int]bool{}
	for _, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatalf("pdstest: parse %q: %v", raw, err)
		}
		p, _ := strconv.Atoi(u.Port())
		ports[p] = false
	}
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Logf("pdstest: cannot check listeners in %s: %v", f, err)
			continue
		}
		checkListeners(t, string(raw), ports)
	}
	for p, seen := range ports {
		if !seen {
			t.Logf("pdstest: no listener on port %d seen in /proc/net/tcp*", p)
		}
	}
}

func checkListeners(t testing.TB, table string, ports map[int]bool) {
	t.Helper()
	for _, line := range strings.Split(table, "\n")[1:] {
		f := strings.Fields(line)
		if len(f) < 4 || f[3] != "0A" { // 0A = LISTEN
			continue
		}
		ip, portHex, _ := strings.Cut(f[1], ":")
		port, err := strconv.ParseInt(portHex, 16, 32)
		if _, ok := ports[int(port)]; err != nil || !ok {
			continue
		}
		ports[int(port)] = true
		if ip != loopback4 && ip != loopback6 {
			t.Fatalf("pdstest: port %d listens on a non-loopback address (%s)", port, ip)
		}
	}
}
