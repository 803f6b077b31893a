#!/usr/bin/env bash
# The benchmark compares against n8n's own HTTP Request and Webhook nodes (n8n-nodes-base), which
# live in tools/package.json: installed on first use, not by the root `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/n8n-nodes-base ] || npm install --no-audit --no-fund --loglevel=error
