#!/usr/bin/env bash
# The final judge: the packed package inside one real n8n, with that version's own CLI and defaults.
#   bash tools/test/e2e/real-n8n.sh 1.123.50    (system Node 20)
#   bash tools/test/e2e/real-n8n.sh 2.40.7      (Node 24 from install-n8n.sh)
# (npm run e2e runs it for every supported version: tools/test/e2e/all.sh.)
#  setup  install n8n once (install-n8n.sh), build + npm pack, install the tarball as a
#         community package into a throwaway N8N_USER_FOLDER, import a credential and the workflows
#  A      n8n execute: Read Files → Submit Video → Read Files → Append Video against the emulator
#  B      n8n start with an active Symbl Trigger: one valid callback starts one execution; a filtered
#         status, a missing or wrong token and broken bodies start none (n8n's SQLite DB)
#  C      in the running n8n: Webhook → Read → Submit → Read → Append with webhookUrl = a Symbl Trigger's
#         production URL; the emulator's callbacks → Symbl Trigger → IF → Get Results. Symbl documents
#         callbacks as {jobId, status}: Append's names its conversation through the URL, Submit's need not
#  D      in the running n8n: Submit with Wait for Completion (callback, poll) → Get Messages
#  E      in the running n8n, one webhook-started workflow: Submit/Append Video URL and Audio URL (the
#         emulator downloads them from a file server on loopback, through signed URLs, and checks their
#         SHA-256), Job → Get Status, URLs answering 404 or HTML (the job fails; the node and B's trigger
#         say so), Submit/Append Audio of a WAV and an MP3 made with SoX, an MP4 refused by Audio,
#         50 items → Submit Text, then Append Text (operations.ts)
#  F      in the running n8n: a two-part conversation, then every Conversation operation, Delete last,
#         404 for the deleted and an unknown conversation; E and F print one summary row per operation
# Env: E2E_V1_EMULATOR_PORT (18090), E2E_V1_N8N_PORT (5679), E2E_V2_EMULATOR_PORT (18290),
#      E2E_V2_N8N_PORT (5790), E2E_V2_BROKER_PORT (5791); E2E_TARBALL (skip the pack);
#      E2E_SUMMARY (append result rows here); E2E_KEEP=1 (keep the work folder); N8N_SYMBL_CACHE.
# Everything runs in a temporary folder under the cache, removed at exit with every process started here.
set -euo pipefail
VERSION=${1:?usage: real-n8n.sh N8N_VERSION}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
E2E="$ROOT/tools/test/e2e"
FIXTURES="$ROOT/tools/test/fixtures"
CACHE=${N8N_SYMBL_CACHE:-$HOME/.cache/n8n-nodes-symbl}
NODE_BIN=
case "$VERSION" in
1.*)
	EMU_PORT=${E2E_V1_EMULATOR_PORT:-18090}
	N8N_PORT=${E2E_V1_N8N_PORT:-5679}
	BROKER_PORT= # 1.x runs no task broker unless N8N_RUNNERS_ENABLED=true
	BINARY_MODE=memory
	;;
2.*)
	EMU_PORT=${E2E_V2_EMULATOR_PORT:-18290}
	N8N_PORT=${E2E_V2_N8N_PORT:-5790}
	BROKER_PORT=${E2E_V2_BROKER_PORT:-5791}
	BINARY_MODE=filesystem
	NODE_BIN="$CACHE/node-24/bin"
	;;
*) echo "unsupported n8n version $VERSION" >&2; exit 2 ;;
esac

mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/e2e-$VERSION.XXXXXX")
SUMMARY=${E2E_SUMMARY:-$WORK/summary.tsv}
mkdir -p "$WORK/tmp"
export TMPDIR="$WORK/tmp" # n8n, npm and the emulator leave nothing in /tmp
EMU_PID= N8N_PID= FILES_PID= SCENARIO= NODE_VERSION=?

# Processes run in their own process group (setsid), so stopping one stops its children (2.x's runner).
stop() {
	local pid=$1 _
	kill -TERM -- "-$pid" 2>/dev/null || return 0
	for _ in $(seq 100); do kill -0 -- "-$pid" 2>/dev/null || return 0; sleep 0.1; done
	kill -KILL -- "-$pid" 2>/dev/null || true
}
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$VERSION" "$NODE_VERSION" "$BINARY_MODE" "$1" "$2" "$3" >> "$SUMMARY"; }
begin() { SCENARIO=$1; T_SCENARIO=$SECONDS; echo "== [$VERSION] $1"; }
pass() { row "$SCENARIO" ok $((SECONDS - T_SCENARIO)); SCENARIO=; }
cleanup() {
	local rc=$?
	[ -z "$SCENARIO" ] || row "$SCENARIO" FAIL $((SECONDS - T_SCENARIO))
	if [ "$rc" != 0 ] && [ -f "$WORK/n8n.log" ]; then
		echo "-- last lines of n8n's log:"; grep -v '^    at ' "$WORK/n8n.log" | tail -25
	fi
	[ -z "$N8N_PID" ] || stop "$N8N_PID"
	[ -z "$EMU_PID" ] || stop "$EMU_PID"
	[ -z "$FILES_PID" ] || stop "$FILES_PID"
	[ -n "${E2E_SUMMARY:-}" ] || [ ! -f "$SUMMARY" ] || bash "$E2E/summary.sh" < "$SUMMARY"
	if [ "${E2E_KEEP:-}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
failed() { echo "FAIL: $*" >&2; exit 1; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Type-checked by npm run typecheck; here only transpiled (each check starts faster).
scenarios() { TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register "$E2E/scenarios.ts" "$@"; }
n8n() { PATH="${NODE_BIN:+$NODE_BIN:}$PATH" "$N8N" "$@"; }
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
# Waits until WORKFLOW has COUNT finished executions (at most SECONDS, default 60); then a moment for
# any extra one.
await_executions() {
	local _
	for _ in $(seq $((${3:-60} * 2))); do
		executions > "$WORK/rows.json" || continue # busy DB: try again
		[ "$(node -e 'const [f, w] = process.argv.slice(1); console.log(require(f).filter((r) => r.workflowId === w && !["new", "running", "waiting"].includes(r.status)).length)' "$WORK/rows.json" "$1")" -ge "$2" ] && break
		sleep 0.5
	done
	sleep 1
	executions > "$WORK/rows.json"
}

T0=$SECONDS
begin setup
for port in "$EMU_PORT" "$N8N_PORT" $BROKER_PORT; do port_free "$port" || failed "port $port is in use"; done
N8N=$(bash "$E2E/install-n8n.sh" "$VERSION" | tail -1)
NODE_VERSION=$(PATH="${NODE_BIN:+$NODE_BIN:}$PATH" node -v)
FLATTED="$(dirname "$(dirname "$N8N")")/flatted"
echo "n8n $VERSION on node $NODE_VERSION, binary data mode: n8n's default ($BINARY_MODE)"

TARBALL=${E2E_TARBALL:-}
if [ -z "$TARBALL" ]; then
	TARBALL=$(bash "$E2E/pack.sh" "$WORK" | tail -1)
fi
export N8N_USER_FOLDER="$WORK/user"
bash "$E2E/install-package.sh" "$N8N_USER_FOLDER" "$TARBALL"

# E, F: the recordings Read Files reads and the file server serves: the two MP4 parts, and a WAV and an
# MP3 made now with SoX (a 2 s, 16 kHz mono tone; the MP3 encoded by LAME); then the file server, on
# an ephemeral loopback port, whose signed URLs must carry this run's signature.
bash "$E2E/media-tools.sh"
MEDIA="$WORK/media"
mkdir -p "$MEDIA"
ln -s "$FIXTURES/meeting-part1.mp4" "$FIXTURES/meeting-part2.mp4" "$MEDIA/"
sox -q -n -r 16000 -c 1 -b 16 "$MEDIA/call.wav" synth 2 sine 440 vol 0.5
sox -q "$MEDIA/call.wav" -C 32 "$MEDIA/call.mp3"
FILES_SIGNATURE=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
FILES_LOG="$WORK/files.log"
(cd "$ROOT" && TS_NODE_TRANSPILE_ONLY=true exec setsid node -r ts-node/register tools/test/e2e/file-server.ts \
	"$MEDIA" "$FILES_SIGNATURE") > "$FILES_LOG" 2>&1 &
FILES_PID=$!

# Only what a test instance needs; binary data mode and task runners stay at each version's default.
# 2.x: Read/Write Files may only read under N8N_RESTRICT_FILE_ACCESS_TO (default ~/.n8n-files), and the
# task broker always listens, on 5679 unless told otherwise.
export N8N_PORT N8N_LISTEN_ADDRESS=127.0.0.1 N8N_ENCRYPTION_KEY=e2e-key N8N_LOG_LEVEL=info \
	N8N_RESTRICT_FILE_ACCESS_TO="$FIXTURES;$MEDIA" N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false \
	N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_PERSONALIZATION_ENABLED=false \
	N8N_TEMPLATES_ENABLED=false N8N_SECURE_COOKIE=false
[ -z "$BROKER_PORT" ] || export N8N_RUNNERS_BROKER_PORT="$BROKER_PORT"

EMU_LOG="$WORK/emulator.log"
(cd "$ROOT" && JOB_STEP_MS=300 exec setsid node -r ts-node/register tools/scripts/emulator.ts "$EMU_PORT") > "$EMU_LOG" 2>&1 &
EMU_PID=$!
scenarios workflows "$WORK" "http://127.0.0.1:$EMU_PORT" "$N8N_PORT"
n8n import:credentials --input="$WORK/credentials.json" > "$WORK/import.log" 2>&1 || { tail -20 "$WORK/import.log"; failed "import:credentials"; }
n8n import:workflow --input="$WORK/workflows.json" >> "$WORK/import.log" 2>&1 || { tail -20 "$WORK/import.log"; failed "import:workflow"; }
for id in e2eTrigger e2eLoop e2eResults e2eWaitCallback e2eWaitPoll e2eOps e2eConversation; do
	case "$VERSION" in
	1.*) n8n update:workflow --id="$id" --active=true ;;
	*) n8n publish:workflow --id="$id" ;;
	esac >> "$WORK/import.log" 2>&1 || { tail -20 "$WORK/import.log"; failed "activating $id"; }
done
grep -q listening "$EMU_LOG" || failed "the emulator did not start: $(cat "$EMU_LOG")"
FILES_URL=$(sed -n 's/^file server listening on //p' "$FILES_LOG")
[ -n "$FILES_URL" ] || failed "the file server did not start: $(cat "$FILES_LOG")"
pass

begin "A execute"
n8n execute --id=e2eUpload --rawOutput > "$WORK/execute.out" 2> "$WORK/execute.err" ||
	{ tail -40 "$WORK/execute.out" "$WORK/execute.err"; failed "n8n execute"; }
scenarios execute "$WORK/execute.out" "$EMU_LOG" "$BINARY_MODE"
pass

begin "B trigger"
(PATH="${NODE_BIN:+$NODE_BIN:}$PATH" exec setsid "$N8N" start) > "$WORK/n8n.log" 2>&1 &
N8N_PID=$!
BASE="http://127.0.0.1:$N8N_PORT/webhook"
URL="$BASE/e2e-symbl-trigger/symbl"
# 2.x logs no "Activated workflow" line: wait until both triggers' production URLs answer (401: no token).
registered() { [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$1")" = 401 ]; }
for _ in $(seq 240); do
	registered "$URL" && registered "$BASE/e2e-symbl-results/symbl" && break
	kill -0 "$N8N_PID" 2>/dev/null || failed "n8n start exited"
	sleep 0.5
done
registered "$URL" || failed "the Symbl Trigger's production URL did not answer within 2 minutes"
echo "n8n answers on its production webhook URLs $((SECONDS - T_SCENARIO)) s after start"
check() {
	local got
	got=$(curl -s -o "$WORK/resp" -w '%{http_code}' -X POST -H "Content-Type: $2" --data-binary "$3" "$URL$4")
	got="$got $(cat "$WORK/resp")"
	case "$got" in "$5"*) echo "ok: $1 -> $got" ;; *) failed "$1 -> $got (wanted $5)" ;; esac
}
check "completed callback" application/json '{"jobId":"j-1","status":"completed"}' '?token=e2e-token&conversationId=c-1' '200 {"received":true,"started":true}'
check "filtered status" application/json '{"jobId":"j-1","status":"in_progress"}' '?token=e2e-token' '200 {"received":true,"started":false}'
check "wrong token" application/json '{"jobId":"j-1","status":"completed"}' '?token=nope' '403'
check "missing token" application/json '{"jobId":"j-1","status":"completed"}' '' '401'
check "text body" text/plain 'hello' '?token=e2e-token' '400'
check "JSON array" application/json '[1,2]' '?token=e2e-token' '400'
check "no jobId" application/json '{"status":"completed"}' '?token=e2e-token' '400'
check "unknown status" application/json '{"jobId":"j","status":"done"}' '?token=e2e-token' '400'
check "body over 16 KiB" application/json "{\"jobId\":\"j\",\"status\":\"completed\",\"x\":\"$(head -c 20000 /dev/zero | tr '\0' a)\"}" '?token=e2e-token' '413'
check "malformed JSON (n8n refuses it before the node)" application/json '{"jobId":' '?token=e2e-token' '422'
await_executions e2eTrigger 1
scenarios trigger "$WORK/rows.json" "$FLATTED"
pass

begin "C loop"
code=$(curl -s -o "$WORK/resp" -w '%{http_code}' -X POST "$BASE/e2e-start")
[ "$code" = 200 ] || failed "the loop's start webhook answered $code $(cat "$WORK/resp")"
await_executions e2eResults 2
scenarios loop "$WORK/rows.json" "$EMU_LOG" "$FLATTED"
# The app secret and the access tokens it buys stay out of n8n's logs and stored executions.
! grep -lE 'emulator-app-secret|emu\.[A-Za-z0-9_-]{16,}' "$WORK/n8n.log" "$WORK/execute.err" "$WORK/rows.json" ||
	failed "a secret appears in the files above"
echo "ok: no secret in n8n's logs or stored executions"
pass

begin "D wait"
for path in e2e-wait-callback e2e-wait-poll; do
	code=$(curl -s -o "$WORK/resp" -w '%{http_code}' -X POST "$BASE/$path")
	[ "$code" = 200 ] || failed "$path answered $code $(cat "$WORK/resp")"
done
await_executions e2eWaitCallback 1
await_executions e2eWaitPoll 1
scenarios wait "$WORK/rows.json" "$EMU_LOG" "$FLATTED"
pass

# E, F: one workflow each, started by its webhook with a body naming its recordings and URLs; checked
# in n8n's stored run data, the emulator's log and the file server's log; one row per operation.
start_workflow() {
	local code
	scenarios request "$1" "$FILES_URL" "$FILES_SIGNATURE" "$MEDIA" "$N8N_PORT" > "$WORK/request-$1.json"
	code=$(curl -s -o "$WORK/resp" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
		--data-binary "@$WORK/request-$1.json" "$BASE/$2")
	[ "$code" = 200 ] || failed "$2 answered $code $(cat "$WORK/resp")"
}
check_operations() {
	local rc=0 name result seconds
	scenarios operations "$1" "$WORK/rows.json" "$EMU_LOG" "$FILES_LOG" "$FLATTED" "$MEDIA" "$WORK/ops-$1.tsv" || rc=$?
	[ "$rc" != 0 ] || pass
	[ ! -f "$WORK/ops-$1.tsv" ] ||
		while IFS=$'\t' read -r name result seconds; do row "$name" "$result" "$seconds"; done < "$WORK/ops-$1.tsv"
	[ "$rc" = 0 ] || failed "$1: an operation check failed"
}

begin "E uploads"
start_workflow uploads e2e-ops
await_executions e2eOps 1 180
await_executions e2eTrigger 3 # B's one, and one for each failed job that did not wait
check_operations uploads

begin "F conversation"
start_workflow conversation e2e-conversation
await_executions e2eConversation 1 180
check_operations conversation
! grep -lE 'emulator-app-secret|emu\.[A-Za-z0-9_-]{16,}' "$WORK/n8n.log" "$WORK/rows.json" ||
	failed "a secret appears in the files above"
echo "ok: no secret in n8n's logs or stored executions"

echo "e2e: all checks passed in n8n $VERSION on node $NODE_VERSION ($((SECONDS - T0)) s)"
