# Shell pieces the multi-process e2e scripts share (queue/queue.sh, faults/faults.sh): stopping a
# process group, free ports, a private Postgres and Redis on loopback, starting n8n processes.
#   source "$E2E/lib.sh"
# The caller sets WORK (its work folder, logs go to $WORK/run) and, before starting n8n, N8N (the
# binary from install-n8n.sh) and NODE_BIN (Node 24's bin folder for n8n 2.x, empty for 1.x).
# Every process started here is recorded in STARTED (process groups), so the caller can prove at
# exit that none is left.
STARTED=()

# Stops a process group started with setsid: SIGTERM, then SIGKILL after $2 seconds (default 35).
stop_group() {
	local pid=$1 _
	kill -TERM -- "-$pid" 2>/dev/null || return 0
	for _ in $(seq $((${2:-35} * 10))); do kill -0 -- "-$pid" 2>/dev/null || return 0; sleep 0.1; done
	kill -KILL -- "-$pid" 2>/dev/null || true
}
# SIGKILLs a process group and waits until it is gone.
kill_group() {
	local pid=$1 _
	kill -KILL -- "-$pid" 2>/dev/null || return 0
	for _ in $(seq 100); do kill -0 -- "-$pid" 2>/dev/null || return 0; sleep 0.1; done
}
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# The HTTP status a request gets (000 when nothing answers).
http_code() { curl -s -m "${HTTP_TIMEOUT:-10}" -o /dev/null -w '%{http_code}' "$@" || true; }

# ---------- Postgres: a private cluster on loopback (Debian's packages, no service) ----------
PGBIN= PGDIR= PG_STARTED=
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# pg_create PORT: initdb in a fresh folder, start it, create the role n8n (password n8n).
pg_create() {
	PG_PORT=$1
	PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
	if [ "$(id -u)" = 0 ]; then
		# Postgres refuses to run as root; its folder must be reachable by the postgres user.
		PGDIR=$(mktemp -d /tmp/symbl-e2e-pg.XXXXXX) && chown postgres: "$PGDIR"
	else
		PGDIR="$WORK/pg" && mkdir -p "$PGDIR"
	fi
	as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 > "$WORK/run/initdb.log"
	PG_STARTED=1
	pg_start
	psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q -c "CREATE USER n8n PASSWORD 'n8n'"
}
# Test settings: no fsync (nothing here must survive a power cut, only a restart of Postgres).
pg_start() {
	as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/pg.log" -w \
		-o "-p $PG_PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		start > /dev/null
}
pg_stop() { as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop > /dev/null; }
pg_running() { [ -n "$PG_STARTED" ] && as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" status > /dev/null 2>&1; }
# A fresh database $1 owned by n8n.
pg_fresh_db() {
	psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q \
		-c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1 OWNER n8n"
}

# ---------- Redis on loopback ----------
REDIS_PID=
# redis_start PORT DIR [redis-server options…]: starts it (its own process group) and waits for PONG.
redis_start() {
	REDIS_PORT=$1
	local dir=$2 _
	shift 2
	mkdir -p "$dir"
	(cd "$dir" && exec setsid redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$dir" "$@") \
		>> "$WORK/run/redis.log" 2>&1 &
	REDIS_PID=$!
	STARTED+=("$REDIS_PID")
	disown "$REDIS_PID"
	for _ in $(seq 100); do redis-cli -p "$REDIS_PORT" ping > /dev/null 2>&1 && return 0; sleep 0.1; done
	echo "redis did not start: $(tail -5 "$WORK/run/redis.log")" >&2
	return 1
}

# ---------- n8n processes ----------
declare -A PIDS=()
N8N_ENV=()
# n8n_spawn NAME ARGS…: one n8n process (env: the caller's plus N8N_ENV), its own process group,
# log in $WORK/run/NAME.log (appended: a restarted process keeps one log). Its PID also goes to
# $WORK/run/NAME.pid and $WORK/run/started, for processes started in a subshell.
n8n_spawn() {
	local name=$1
	shift
	(PATH="${NODE_BIN:+$NODE_BIN:}$PATH" exec env "${N8N_ENV[@]}" setsid "$N8N" "$@") \
		>> "$WORK/run/$name.log" 2>&1 < /dev/null &
	PIDS[$name]=$!
	STARTED+=($!)
	echo $! > "$WORK/run/$name.pid"
	echo $! >> "$WORK/run/started"
	disown $! # never waited for; a killed one is no news for the shell to print
}
# Stops the named n8n processes (all of PIDS when none is named) at once, each SIGTERM then SIGKILL.
n8n_stop() {
	local name names=("$@") stoppers=()
	[ ${#names[@]} -gt 0 ] || names=("${!PIDS[@]}")
	for name in "${names[@]}"; do
		[ -z "${PIDS[$name]:-}" ] || { stop_group "${PIDS[$name]}" & stoppers+=($!); }
	done
	[ ${#stoppers[@]} = 0 ] || wait "${stoppers[@]}"
	for name in "${names[@]}"; do unset "PIDS[$name]"; done
}
# Every process group in STARTED (or $WORK/run/started) that is still running.
still_running() {
	local pid left=()
	for pid in "${STARTED[@]}" $(cat "$WORK/run/started" 2>/dev/null); do
		! kill -0 -- "-$pid" 2>/dev/null || left+=("$pid")
	done
	printf '%s\n' "${left[@]}" | sort -u | xargs
}
