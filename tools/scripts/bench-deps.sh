#!/usr/bin/env bash
# The benchmark compares against n8n's own HTTP Request and Webhook nodes (n8n-nodes-base), which
# live in tools/bench-deps/package.json: installed on first use, not by the root `npm ci`. A folder
# of their own, because n8n-nodes-base brings its own n8n-workflow and @n8n/di: installed in tools/
# they would shadow the root's for the harness (two DI containers: "ErrorReporter is not decorated").
set -euo pipefail
cd "$(dirname "$0")/../bench-deps"
[ -d node_modules/n8n-nodes-base ] || npm install --no-audit --no-fund --loglevel=error
