#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Webox Social needs, when they are missing.
#   scripts/install-deps.sh build   — C toolchain and GL/X11 headers to build the app
#   scripts/install-deps.sh test    — build + Xvfb, xdotool, ImageMagick, D-Bus and gnome-keyring
# As root (or with sudo available) it installs them; otherwise it says exactly what is missing.
set -euo pipefail

build_pkgs=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev)
test_pkgs=(xvfb xauth x11-utils xdotool imagemagick dbus dbus-x11 gnome-keyring procps)

# Go itself: Debian's golang packages are older than this module needs, so only check it.
need_go=$(sed -n 's/^go \([0-9.]*\).*/\1/p' "$(dirname "$0")/../go.mod")
if ! command -v go >/dev/null 2>&1; then
  echo "install-deps: Go $need_go or newer is needed and 'go' is not on PATH; install the official Go release for your system (Debian's golang package is too old)" >&2
  exit 1
fi

want=("${build_pkgs[@]}")
if [ "${1:-build}" = test ]; then
  want+=("${test_pkgs[@]}")
  # The Bluesky tests fetch Node 22 and the atproto PDS with npm; any npm will do, so
  # Debian's is installed only when none is on PATH (a NodeSource node brings its own).
  command -v npm >/dev/null 2>&1 || want+=(npm)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-deps: not a Debian/Ubuntu system; install a C compiler and the OpenGL/X11 development headers (see README)." >&2
  exit 0
fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"
else
  echo "install-deps: these packages are missing: ${missing[*]}" >&2
  echo "install-deps: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
