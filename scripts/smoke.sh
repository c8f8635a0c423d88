#!/usr/bin/env bash
# smoke.sh BIN
#
# The window smoke test: runs TestSmoke (main_smoke_test.go, -tags smoke) against BIN on a
# private Xvfb display. The test opens the real window twice — without a session bus (no
# tray) and under dbus-run-session (tray icon installed) — clicks through every navigation
# entry with xdotool, types a post on Compose, saves docs/screenshots/*.png (from the run
# without a tray) and quits with Ctrl+Q, which must exit 0 with no panic on stderr.
#
#   scripts/smoke.sh bin/webox-social      (what `make smoke` runs)
#
# Needs: go, xvfb-run (xvfb, xauth), xdotool, import (imagemagick), dbus-run-session (dbus);
# scripts/install-deps.sh test installs them on Debian/Ubuntu.
set -euo pipefail

if [ "$#" -ne 1 ]; then
	echo "usage: $0 BIN" >&2
	exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
if [ ! -x "$bin" ]; then
	echo "smoke: FAIL — $1 is not an executable (run make build first)" >&2
	exit 1
fi

"$root/scripts/install-deps.sh" test
for tool in go xvfb-run xauth xdotool import dbus-run-session; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "smoke: FAIL — $tool not found; on Debian/Ubuntu: scripts/install-deps.sh test" >&2
		exit 1
	fi
done

cd "$root"
export LANG=en_US.UTF-8
export WEBOX_TEST_BINARY="$bin"
status=0
xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" \
	go test -count=1 -timeout 5m -tags smoke -run '^TestSmoke$' -v . || status=$?

if [ "$status" -eq 0 ]; then
	shots=$(find docs/screenshots -maxdepth 1 -name '*.png' | wc -l)
	echo "smoke: PASS — window and tray runs quit cleanly; $shots screenshots in docs/screenshots/"
else
	echo "smoke: FAIL — go test exited $status (see the output above)" >&2
fi
exit "$status"
