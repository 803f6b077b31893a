#!/usr/bin/env bash
# npm run e2e:installer — proves from the outside that install-n8n.sh does not trust a broken cache
# and that its sqlite3 build survives `npm run`'s settings: the repository's .npmrc sets
# ignore-scripts=true, which `npm run` hands to every child as npm_config_ignore_scripts=true; an
# `npm rebuild` under it builds nothing and still says it succeeded.
#   1. a copy of the cached n8n 1.123.50 (hard links, seconds) with sqlite3's build deleted, in an
#      empty temporary cache folder: the installer must detect it, rebuild sqlite3 and hand out an
#      n8n that imports a credential into a fresh SQLite database;
#   2. the real cache passes the installer's own check untouched (the copy shares no written file).
# About 2 minutes (the sqlite3 build). Needs the cached n8n (npm run e2e or prepare.sh installs it).
set -euo pipefail
E2E=$(cd "$(dirname "$0")" && pwd)
CACHE=${N8N_SYMBL_CACHE:-$HOME/.cache/n8n-nodes-symbl}
VERSION=1.123.50
REAL="$CACHE/n8n-$VERSION"
# What `npm run` exports from this repository's .npmrc, set here too so a direct run proves the same.
export npm_config_ignore_scripts=true npm_config_legacy_peer_deps=true
T0=$SECONDS

bash "$E2E/install-n8n.sh" "$VERSION" > /dev/null # the real cache, installed and checked
WORK=$(mktemp -d "$CACHE/installer-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
COPY="$WORK/cache/n8n-$VERSION"
mkdir -p "$WORK/cache"
cp -al "$REAL" "$COPY"
# The copy must share no file the installer writes: its own marker and logs, and no sqlite3 build.
find "$COPY" -maxdepth 1 -type f -delete
cp "$REAL/package.json" "$COPY/package.json"
touch "$COPY/.installed"
builds=$(find "$COPY/node_modules" -type d -path '*/node_modules/sqlite3/build')
[ -n "$builds" ] || { echo "FAIL: no sqlite3 build in the cached n8n"; exit 1; }
echo "$builds" | xargs rm -rf
echo "== broken cache: sqlite3's build deleted in a copy; install-n8n.sh under npm_config_ignore_scripts=$npm_config_ignore_scripts"
N8N_SYMBL_CACHE="$WORK/cache" bash "$E2E/install-n8n.sh" "$VERSION" 2> "$WORK/install.log" > "$WORK/n8n-path" ||
	{ cat "$WORK/install.log"; echo "FAIL: the installer did not repair the cache"; exit 1; }
cat "$WORK/install.log"
grep -q 'fails its check' "$WORK/install.log" || { echo "FAIL: the broken cache was not detected"; exit 1; }
N8N=$(tail -1 "$WORK/n8n-path")
[ "$N8N" = "$COPY/node_modules/.bin/n8n" ] || { echo "FAIL: handed out $N8N, not the repaired copy"; exit 1; }

echo "== the repaired n8n imports a credential into a new SQLite database"
mkdir -p "$WORK/user"
cat > "$WORK/credential.json" <<'JSON'
[{ "id": "installerTest1", "name": "installer test", "type": "httpHeaderAuth", "data": { "name": "X-Test", "value": "1" } }]
JSON
N8N_USER_FOLDER="$WORK/user" N8N_ENCRYPTION_KEY=installer-test N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false \
	N8N_DIAGNOSTICS_ENABLED=false "$N8N" import:credentials --input="$WORK/credential.json" > "$WORK/import.log" 2>&1 ||
	{ tail -20 "$WORK/import.log"; echo "FAIL: import:credentials"; exit 1; }
grep -qi 'successfully imported 1 credential' "$WORK/import.log" ||
	{ tail -20 "$WORK/import.log"; echo "FAIL: import:credentials said no success"; exit 1; }

echo "== the real cache still passes its check"
bash "$E2E/install-n8n.sh" "$VERSION" 2> "$WORK/real.log" > /dev/null || { cat "$WORK/real.log"; exit 1; }
if grep -q 'fails its check\|installing n8n' "$WORK/real.log"; then cat "$WORK/real.log"; echo "FAIL: the real cache was disturbed"; exit 1; fi
echo "installer e2e passed in $((SECONDS - T0)) s"
