#!/usr/bin/env bash
# The benchmark compares against n8n's own HTTP Request and Webhook nodes (n8n-nodes-base), which
# live in tools/bench-deps/package.json: installed on first use, not by the root `npm ci`. A folder
# of their own, because n8n-nodes-base brings its own n8n-workflow and @n8n/di: installed in tools/
# they would shadow the root's for the harness (two DI containers: "ErrorReporter is not decorated").
# Installed from its lockfile with the user's npm settings, not this repository's (clean-npm-env.sh);
# nothing in it needs an install script, and some of its dependencies' scripts download from
# outside the npm registry. An install that does not load is installed again.
set -euo pipefail
cd "$(dirname "$0")/../bench-deps"
source ../scripts/clean-npm-env.sh
if ! node -e 'require("n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js")' > /dev/null 2>&1; then
	echo "== installing n8n-nodes-base for the benchmark (tools/bench-deps, about a minute)" >&2
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	node -e 'require("n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js")' ||
		{ echo "n8n-nodes-base installed but its HTTP Request node does not load" >&2; exit 1; }
fi
