#!/usr/bin/env bash
# The final judge: the packed package inside a real n8n 1.123.50 process (opt-in: npm run e2e).
#  1. installs n8n once into $N8N_E2E_DIR (default /tmp/n8n-e2e; ~1.7 GB, a few minutes)
#  2. installs the packed tarball as a community package (npm install --omit=peer)
#  3. n8n execute: Read Files → Symbl Submit Video → Symbl Append Video against the emulator,
#     filesystem binary mode; checks the hashes the emulator received
#  4. n8n start with an active Symbl Trigger workflow: a valid callback starts an execution,
#     a filtered status and broken bodies do not
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
WORK=${N8N_E2E_DIR:-/tmp/n8n-e2e}
EMU_PORT=${E2E_EMULATOR_PORT:-18090}
N8N_PORT=${E2E_N8N_PORT:-5679}
mkdir -p "$WORK"

if [ ! -x "$WORK/host/node_modules/.bin/n8n" ]; then
	echo "== installing n8n 1.123.50 into $WORK/host (once)"
	mkdir -p "$WORK/host"
	cat > "$WORK/host/package.json" <<'JSON'
{ "name": "n8n-e2e-host", "private": true, "dependencies": { "n8n": "1.123.50" }, "overrides": { "xlsx": "0.18.5" } }
JSON
	(cd "$WORK/host" && npm install --no-audit --no-fund --loglevel=error)
fi
N8N="$WORK/host/node_modules/.bin/n8n"

echo "== packing and installing n8n-nodes-symbl as a community package"
cd "$ROOT"
npm run build --silent
TARBALL="$ROOT/$(npm pack --silent | tail -1)"
export N8N_USER_FOLDER="$WORK/user"
rm -rf "$N8N_USER_FOLDER"
mkdir -p "$N8N_USER_FOLDER/.n8n/nodes"
echo '{ "name": "installed-nodes", "private": true }' > "$N8N_USER_FOLDER/.n8n/nodes/package.json"
(cd "$N8N_USER_FOLDER/.n8n/nodes" && npm install --no-audit --no-fund --omit=peer --loglevel=error "$TARBALL")
rm -f "$TARBALL"

export N8N_DEFAULT_BINARY_DATA_MODE=filesystem N8N_ENCRYPTION_KEY=e2e-key N8N_DIAGNOSTICS_ENABLED=false \
	N8N_RUNNERS_ENABLED=false N8N_RESTRICT_FILE_ACCESS_TO="$ROOT/tools/test/fixtures" N8N_LOG_LEVEL=info \
	N8N_PORT N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false N8N_SECURE_COOKIE=false DB_SQLITE_POOL_SIZE=0
export N8N_PORT

echo "== emulator on 127.0.0.1:$EMU_PORT"
EMU_LOG="$WORK/emulator.log"
(cd "$ROOT" && exec node -r ts-node/register tools/scripts/emulator.ts "$EMU_PORT") > "$EMU_LOG" 2>&1 &
EMU_PID=$!
N8N_PID=
cleanup() { kill "$EMU_PID" ${N8N_PID:+"$N8N_PID"} 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 50); do grep -q listening "$EMU_LOG" && break; sleep 0.2; done
BASE="http://127.0.0.1:$EMU_PORT"

cat > "$WORK/credentials.json" <<JSON
[{ "id": "symblE2E", "name": "Symbl (emulator)", "type": "symblApi",
   "data": { "appId": "emulator-app-id", "appSecret": "emulator-app-secret", "baseUrl": "$BASE" } }]
JSON
"$N8N" import:credentials --input="$WORK/credentials.json" > /dev/null

node -e '
const [root, out] = process.argv.slice(1);
const cred = { symblApi: { id: "symblE2E", name: "Symbl (emulator)" } };
const read = (name, file, x) => ({ id: name, name, type: "n8n-nodes-base.readWriteFile", typeVersion: 1, position: [x, 0], parameters: { fileSelector: `${root}/tools/test/fixtures/${file}`, options: {} } });
const nodes = [
  { id: "t", name: "Start", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, position: [0, 0], parameters: {} },
  read("Read Part 1", "meeting-part1.mp4", 200),
  { id: "s", name: "Submit", type: "n8n-nodes-symbl.symbl", typeVersion: 1, position: [400, 0], credentials: cred,
    parameters: { resource: "video", operation: "submit", binaryPropertyName: "data", options: { name: "e2e", customVocabulary: ["n8n", "Symbl"] } } },
  read("Read Part 2", "meeting-part2.mp4", 600),
  { id: "a", name: "Append", type: "n8n-nodes-symbl.symbl", typeVersion: 1, position: [800, 0], credentials: cred,
    parameters: { resource: "video", operation: "append", conversationId: "={{ $(\"Submit\").item.json.conversationId }}", binaryPropertyName: "data", options: { confidenceThreshold: 0.8 } } },
];
const names = nodes.map((n) => n.name);
const connections = Object.fromEntries(names.slice(0, -1).map((n, i) => [n, { main: [[{ node: names[i + 1], type: "main", index: 0 }]] }]));
require("fs").writeFileSync(out, JSON.stringify([{ id: "e2eUpload", name: "e2e upload", active: false, nodes, connections, settings: { executionOrder: "v1" } }]));
' "$ROOT" "$WORK/upload.json"
"$N8N" import:workflow --input="$WORK/upload.json" > /dev/null

echo "== n8n execute: Read → Submit → Read → Append"
"$N8N" execute --id=e2eUpload --rawOutput > "$WORK/execute.out" 2> "$WORK/execute.err" || { tail -30 "$WORK/execute.err"; exit 1; }
node -e '
const fs = require("fs"); const crypto = require("crypto");
const [outFile, logFile, root] = process.argv.slice(1);
const text = fs.readFileSync(outFile, "utf8"); const run = JSON.parse(text.slice(text.indexOf("{")));
const out = (n) => run.data.resultData.runData[n][0].data.main[0].map((i) => i.json);
const submit = out("Submit")[0], append = out("Append")[0];
if (run.data.resultData.error) throw new Error("run failed: " + run.data.resultData.error.message);
if (!submit.conversationId || append.conversationId !== submit.conversationId || !append.jobId) throw new Error("unexpected output " + JSON.stringify({ submit, append }));
const uploads = fs.readFileSync(logFile, "utf8").split("\n").filter((l) => l.startsWith("{")).map(JSON.parse).filter((r) => r.path.startsWith("/v1/process/video"));
const sha = (f) => crypto.createHash("sha256").update(fs.readFileSync(`${root}/tools/test/fixtures/${f}`)).digest("hex");
if (uploads.length !== 2 || uploads[0].bodySha256 !== sha("meeting-part1.mp4") || uploads[1].bodySha256 !== sha("meeting-part2.mp4")) throw new Error("emulator saw " + JSON.stringify(uploads));
if (uploads[0].query.customVocabulary !== "[\"n8n\",\"Symbl\"]" || uploads[1].query.confidenceThreshold !== "0.8") throw new Error("query " + JSON.stringify(uploads.map((u) => u.query)));
for (const secret of ["emulator-app-secret"]) if (text.includes(secret)) throw new Error("secret in output");
console.log(`ok: conversation ${submit.conversationId}, jobs ${submit.jobId} and ${append.jobId}; both files arrived intact (sha256), query as set`);
' "$WORK/execute.out" "$EMU_LOG" "$ROOT"

echo "== n8n start with an active Symbl Trigger workflow"
node -e '
const nodes = [
  { id: "tr", name: "Symbl Trigger", type: "n8n-nodes-symbl.symblTrigger", typeVersion: 1, position: [0, 0], webhookId: "e2e-symbl-trigger",
    parameters: { statuses: ["completed", "failed"], options: { sharedSecret: "e2e-token" } } },
];
require("fs").writeFileSync(process.argv[1], JSON.stringify([{ id: "e2eTrigger", name: "e2e trigger", active: true, nodes, connections: {}, settings: { executionOrder: "v1" } }]));
' "$WORK/trigger.json"
"$N8N" import:workflow --input="$WORK/trigger.json" > /dev/null
"$N8N" update:workflow --id=e2eTrigger --active=true > /dev/null
"$N8N" start > "$WORK/n8n.log" 2>&1 &
N8N_PID=$!
# /healthz answers before active workflows are registered; wait for the activation itself.
for _ in $(seq 120); do grep -q 'Activated workflow "e2e trigger"' "$WORK/n8n.log" && break; sleep 1; done
grep -q 'Activated workflow "e2e trigger"' "$WORK/n8n.log" || { echo "FAIL: the trigger workflow was not activated"; tail -20 "$WORK/n8n.log"; exit 1; }
URL="http://127.0.0.1:$N8N_PORT/webhook/e2e-symbl-trigger/symbl"
post() { curl -s -o "$WORK/resp" -w '%{http_code}' -X POST -H "Content-Type: $1" --data-binary "$2" "$URL$3"; echo " $(cat "$WORK/resp")"; }
check() { local got; got=$(post "$2" "$3" "$4"); case "$got" in "$5"*) echo "ok: $1 -> $got";; *) echo "FAIL: $1 -> $got (wanted $5)"; exit 1;; esac; }
check "completed callback" application/json '{"jobId":"j-1","status":"completed"}' '?token=e2e-token&conversationId=c-1' '200 {"received":true,"started":true}'
check "filtered status" application/json '{"jobId":"j-1","status":"in_progress"}' '?token=e2e-token' '200 {"received":true,"started":false}'
check "wrong token" application/json '{"jobId":"j-1","status":"completed"}' '?token=nope' '403'
check "text body" text/plain 'hello' '?token=e2e-token' '400'
check "JSON array" application/json '[1,2]' '?token=e2e-token' '400'
check "unknown status" application/json '{"jobId":"j","status":"done"}' '?token=e2e-token' '400'
check "malformed JSON (n8n refuses it before the node)" application/json '{"jobId":' '?token=e2e-token' '422'
sleep 2
python3 - "$N8N_USER_FOLDER/.n8n/database.sqlite" <<'PY'
import sqlite3, sys, json
db = sqlite3.connect(sys.argv[1])
rows = db.execute("select e.status, d.data from execution_entity e join execution_data d on d.executionId = e.id where e.workflowId = 'e2eTrigger'").fetchall()
assert len(rows) == 1, f"expected exactly one trigger execution, got {len(rows)}"
status, data = rows[0]
assert status == "success", status
assert '"j-1"' in data and '"c-1"' in data and 'e2e-token' not in data, "item content"
print(f"ok: exactly one execution started ({status}); it carries jobId j-1 and conversationId c-1, not the token")
PY
echo "e2e: all checks passed in n8n $("$N8N" --version)"
