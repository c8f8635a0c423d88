#!/bin/sh
# with-keychain.sh CMD [ARG...]
#
# Runs CMD inside a throwaway, unlocked Secret Service: a private D-Bus session bus
# (dbus-run-session) with gnome-keyring-daemon on it, whose keyrings live in a temp dir that
# is deleted afterwards. Exits with CMD's status. Example:
#
#   scripts/with-keychain.sh go test -race -tags keychain ./services/secrets/...
#
# Needs: dbus (dbus-run-session, dbus-send) and gnome-keyring
# (Debian/Ubuntu: apt install dbus gnome-keyring).
#
# Only gnome-keyring-daemon runs with HOME set to the temp dir (that is where it keeps its
# keyrings); CMD keeps the caller's HOME so that tools like go keep their caches.
set -eu

if [ "$#" -eq 0 ]; then
	echo "usage: $0 CMD [ARG...]" >&2
	exit 2
fi
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "$0: $tool not found; on Debian/Ubuntu: apt install dbus gnome-keyring" >&2
		exit 127
	fi
done

WITH_KEYCHAIN_HOME=$(mktemp -d "${TMPDIR:-/tmp}/with-keychain.XXXXXX")
export WITH_KEYCHAIN_HOME
trap 'rm -rf "$WITH_KEYCHAIN_HOME"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The inner script runs on the private session bus. $0 is "with-keychain", $@ is CMD.
inner='
set -eu
dir=$WITH_KEYCHAIN_HOME
unset WITH_KEYCHAIN_HOME

# Start the daemon with a new login keyring unlocked by a throwaway password.
printf pw | HOME="$dir" XDG_DATA_HOME="$dir/.local/share" XDG_CACHE_HOME="$dir/.cache" \
	gnome-keyring-daemon --unlock --components=secrets >"$dir/keyring.env"
while IFS= read -r line; do
	case $line in
	[A-Za-z_]*=*) export "$line" ;;
	esac
done <"$dir/keyring.env"

# Wait up to 10 s for org.freedesktop.secrets to get an owner on the bus.
has_owner() {
	dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
		org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
		grep -q "boolean true"
}
tries=0
until has_owner; do
	tries=$((tries + 1))
	if [ "$tries" -ge 100 ]; then
		echo "$0: org.freedesktop.secrets has no owner after 10 s; gnome-keyring-daemon did not start" >&2
		exit 1
	fi
	sleep 0.1
done
daemon_pid=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
	org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null |
	sed -n "s/^ *uint32 //p")

status=0
"$@" || status=$?
if [ -n "$daemon_pid" ]; then
	kill "$daemon_pid" 2>/dev/null || true
fi
exit "$status"
'

status=0
dbus-run-session -- sh -c "$inner" with-keychain "$@" || status=$?
exit "$status"
