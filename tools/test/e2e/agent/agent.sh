#!/usr/bin/env bash
# npm run e2e:agent — the Symbl node as a tool of n8n's own AI Agent, in a real n8n 2.40.7 (Node 24).
# The packed package is installed as a community package; n8n generates its tool variant
# (n8n-nodes-symbl.symblTool). Two published workflows, Webhook → AI Agent (OpenAI Chat Model +
# Symbl tools "Get Topics" and "Get Transcript", the conversation ID from $fromAI):
#   responses  the OpenAI Chat Model's default API (/v1/responses); the webhook answers with the
#              agent's output
#   chat       "Use Responses API" off (/v1/chat/completions); the webhook streams the answer
# The chat model's credential points at model.ts, an OpenAI-compatible stand-in on loopback scripted
# to call a tool first and then answer from the tool's output; the Symbl credential points at the
# emulator, where a finished conversation is created before the runs. Checks (scenarios.ts check):
# the tool definitions n8n sends, the Symbl calls the emulator received (with the model's
# conversation ID), the tool output in the model's second request, the final answer in the webhook
# response and in the execution n8n stored.
# Env: E2E_AGENT_N8N_PORT (5900), E2E_AGENT_BROKER_PORT (5901), E2E_AGENT_EMULATOR_PORT (18690),
#      E2E_AGENT_MODEL_PORT (18691), E2E_AGENT_N8N_VERSION (2.40.7), E2E_TARBALL (skip the pack),
#      E2E_KEEP=1 (keep the work folder), N8N_SYMBL_CACHE.
# Everything runs in a temporary folder under the cache, removed at exit with every process started here.
set -euo pipefail
VERSION=${E2E_AGENT_N8N_VERSION:-2.40.7}
ROOT=$(cd "$(dirname "$0")/../../../.." && pwd)
E2E="$ROOT/tools/test/e2e"
AGENT="$E2E/agent"
CACHE=${N8N_SYMBL_CACHE:-$HOME/.cache/n8n-nodes-symbl}
N8N_PORT=${E2E_AGENT_N8N_PORT:-5900}
BROKER_PORT=${E2E_AGENT_BROKER_PORT:-5901}
EMU_PORT=${E2E_AGENT_EMULATOR_PORT:-18690}
MODEL_PORT=${E2E_AGENT_MODEL_PORT:-18691}
case "$VERSION" in
2.*) NODE_BIN="$CACHE/node-24/bin" ;;
*) echo "the AI Agent e2e runs on n8n 2.x (got $VERSION)" >&2; exit 2 ;;
esac

mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/e2e-agent.XXXXXX")
mkdir -p "$WORK/tmp"
export TMPDIR="$WORK/tmp" # n8n, npm and the stand-ins leave nothing in /tmp
EMU_PID= MODEL_PID= N8N_PID= STEP=
T0=$SECONDS

# Processes run in their own process group (setsid), so stopping one stops its children (2.x's runner).
stop() {
	local pid=$1 _
	kill -TERM -- "-$pid" 2>/dev/null || return 0
	for _ in $(seq 100); do kill -0 -- "-$pid" 2>/dev/null || return 0; sleep 0.1; done
	kill -KILL -- "-$pid" 2>/dev/null || true
}
cleanup() {
	local rc=$?
	[ -z "$STEP" ] || echo "FAILED during: $STEP" >&2
	if [ "$rc" != 0 ] && [ -f "$WORK/n8n.log" ]; then
		echo "-- last lines of n8n's log:"; grep -v '^    at ' "$WORK/n8n.log" | tail -30
	fi
	[ -z "$N8N_PID" ] || stop "$N8N_PID"
	[ -z "$MODEL_PID" ] || stop "$MODEL_PID"
	[ -z "$EMU_PID" ] || stop "$EMU_PID"
	if [ "${E2E_KEEP:-}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
failed() { echo "FAIL: $*" >&2; exit 1; }
step() { STEP=$1; echo "== [$VERSION agent] $1 ($((SECONDS - T0)) s)"; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
scenarios() { node -r ts-node/register "$AGENT/scenarios.ts" "$@"; }
n8n() { PATH="$NODE_BIN:$PATH" "$N8N" "$@"; }
# n8n's SQLite DB as JSON: every execution with its (flatted) data.
executions() {
	python3 - "$N8N_USER_FOLDER/.n8n/database.sqlite" <<-'PY'
		import json, sqlite3, sys
		db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
		db.row_factory = sqlite3.Row
		rows = db.execute("select e.id, e.workflowId, e.status, d.data from execution_entity e"
		                  " join execution_data d on d.executionId = e.id order by e.id").fetchall()
		print(json.dumps([dict(r) for r in rows]))
	PY
}

step "setup: n8n $VERSION (cached), the packed package installed as a community package"
for port in "$N8N_PORT" "$BROKER_PORT" "$EMU_PORT" "$MODEL_PORT"; do port_free "$port" || failed "port $port is in use"; done
N8N=$(bash "$E2E/install-n8n.sh" "$VERSION" | tail -1)
N8N_MODULES=$(dirname "$(dirname "$N8N")")
TARBALL=${E2E_TARBALL:-}
[ -n "$TARBALL" ] || TARBALL=$(bash "$E2E/pack.sh" "$WORK" | tail -1)
export N8N_USER_FOLDER="$WORK/user"
bash "$E2E/install-package.sh" "$N8N_USER_FOLDER" "$TARBALL"
export N8N_PORT N8N_LISTEN_ADDRESS=127.0.0.1 N8N_ENCRYPTION_KEY=e2e-key N8N_LOG_LEVEL=info \
	N8N_RUNNERS_BROKER_PORT="$BROKER_PORT" N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false \
	N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_PERSONALIZATION_ENABLED=false \
	N8N_TEMPLATES_ENABLED=false N8N_SECURE_COOKIE=false

step "the emulator with a finished conversation, the model stand-in"
(cd "$ROOT" && JOB_STEP_MS=100 exec setsid node -r ts-node/register tools/scripts/emulator.ts "$EMU_PORT") > "$WORK/emulator.log" 2>&1 &
EMU_PID=$!
(cd "$ROOT" && exec setsid node -r ts-node/register "$AGENT/model.ts" "$MODEL_PORT" "$WORK/model.jsonl") > "$WORK/model.log" 2>&1 &
MODEL_PID=$!
EMU_URL="http://127.0.0.1:$EMU_PORT"
for _ in $(seq 120); do grep -q listening "$WORK/emulator.log" && grep -q listening "$WORK/model.log" && break; sleep 0.5; done
grep -q listening "$WORK/emulator.log" || failed "the emulator did not start: $(cat "$WORK/emulator.log")"
grep -q listening "$WORK/model.log" || failed "the model stand-in did not start: $(cat "$WORK/model.log")"
CONVERSATION=$(scenarios seed "$EMU_URL")
echo "conversation $CONVERSATION is ready in the emulator"
step "import the credentials and workflows, publish the workflows (n8n CLI)"
scenarios workflows "$WORK" "$EMU_URL" "http://127.0.0.1:$MODEL_PORT/v1"
n8n import:credentials --input="$WORK/credentials.json" > "$WORK/import.log" 2>&1 || { tail -20 "$WORK/import.log"; failed "import:credentials"; }
n8n import:workflow --input="$WORK/workflows.json" >> "$WORK/import.log" 2>&1 || { tail -20 "$WORK/import.log"; failed "import:workflow"; }
for id in e2eAgentResponses e2eAgentChat; do
	n8n publish:workflow --id="$id" >> "$WORK/import.log" 2>&1 || { tail -20 "$WORK/import.log"; failed "publishing $id"; }
done

step "n8n start"
(PATH="$NODE_BIN:$PATH" exec setsid "$N8N" start) > "$WORK/n8n.log" 2>&1 &
N8N_PID=$!
BASE="http://127.0.0.1:$N8N_PORT/webhook"
# A production webhook registered for POST answers GET with 404 "…Did you mean to make a POST
# request?"; before the workflow is active it says the webhook is not registered.
registered() { curl -s "$BASE/$1" | grep -q 'POST request'; }
T_START=$SECONDS
for _ in $(seq 360); do
	registered agent-responses && registered agent-chat && break
	kill -0 "$N8N_PID" 2>/dev/null || failed "n8n start exited"
	sleep 0.5
done
registered agent-responses && registered agent-chat || failed "the agents' webhooks did not answer within 3 minutes"
echo "n8n answers on both production webhook URLs $((SECONDS - T_START)) s after start"

step "the agents run"
ask() { # ask PATH QUESTION OUT
	local body code
	body=$(node -e 'console.log(JSON.stringify({ question: process.argv[1] }))' "$2")
	code=$(curl -s -o "$3" -w '%{http_code}' --max-time 300 -X POST -H 'Content-Type: application/json' --data-binary "$body" "$BASE/$1")
	[ "$code" = 200 ] || failed "$1 answered $code: $(head -c 2000 "$3")"
}
T_RUN=$SECONDS
ask agent-responses "Which topics were discussed in conversation $CONVERSATION?" "$WORK/responses.out"
ask agent-chat "Show me the transcript of conversation $CONVERSATION, please." "$WORK/chat.out"
echo "both agents answered in $((SECONDS - T_RUN)) s"
# Executions are saved as they end, just after the webhook's answer: wait until both are stored.
for _ in $(seq 120); do
	executions > "$WORK/rows.json" 2> /dev/null &&
		[ "$(node -e 'console.log(require(process.argv[1]).filter((r) => !["new", "running", "waiting"].includes(r.status)).length)' "$WORK/rows.json")" -ge 2 ] && break
	sleep 0.5
done
executions > "$WORK/rows.json"

step "checks"
scenarios check "$WORK" "$N8N_MODULES" "$CONVERSATION"
STEP=
echo "e2e:agent: all checks passed in n8n $VERSION ($((SECONDS - T0)) s)"
