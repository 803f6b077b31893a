#!/usr/bin/env bash
# npm run screenshots: the dev environment of tools/scripts/dev.sh, headless and from an empty user
# folder, photographed by Debian's chromium driven by playwright-core (tools/screenshots/take.mjs).
# PNGs (1400x900) go to docs/screenshots/; everything started is stopped at the end.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -x /usr/bin/chromium ]; then
	echo "npm run screenshots needs Debian's chromium: apt-get update && apt-get install -y chromium" >&2
	exit 1
fi
# playwright-core lives in a folder of its own, so the package's root install does not change;
# installed from its lockfile with the user's npm settings, not this repository's (clean-npm-env.sh).
if ! (cd "$ROOT/tools/screenshots" && node -e 'require("playwright-core")') > /dev/null 2>&1; then
	(cd "$ROOT/tools/screenshots" && source "$ROOT/tools/scripts/clean-npm-env.sh" &&
		npm ci --no-audit --no-fund --loglevel=error)
fi
exec bash "$ROOT/tools/scripts/dev.sh" --headless --then node "$ROOT/tools/screenshots/take.mjs"
