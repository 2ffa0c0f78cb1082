#!/usr/bin/env bash
# Transaction-ingestion benchmark: troupe on SQLite, troupe on PostgreSQL and mautrix-python's AppService, same
# transactions, same run.
#
#   scripts/bench-ingest.sh [extra IngestBench options, e.g. --transactions 500 --concurrency 1,8]
#
# Builds troupe and IngestBench in release, starts `troupe run` (temporary config, free loopback port,
# homeserver address pointing at a closed port) and Benchmarks/ingest/mautrix_peer.py, feeds both the same
# pre-generated transactions of 50 m.room.message events — sequentially (latency) and 16 in flight
# (throughput) — and prints events/s, txn/s, p50/p90/p99/max per transaction, the events/s ratio
# troupe ÷ mautrix per mode and whether the budgets (≥ 10×, troupe p99 < 5 ms) are met. Both servers are
# stopped on exit.
#
# Env:
#   BENCH_SCRATCH_PATH  SwiftPM scratch path (default .build-bench, so it never waits on the dev build's lock)
#   BENCH_SKIP_BUILD=1  use the binaries already in the scratch path
#   BENCH_TXNS (2000)  BENCH_EVENTS (50)  BENCH_WARMUP (200)  BENCH_CONCURRENCY (1,16)
#   BENCH_JSON          also write the figures as JSON to this path
#   BENCH_KEEP=1        keep the temporary directory (config, troupe.db, the servers' logs)
#   BENCH_POSTGRES=0    leave out troupe on PostgreSQL (a throw-away cluster from scripts/pg-cluster.sh, fsync off
#                       like every test cluster here: compare it with SQLite's synchronous=NORMAL, not with a
#                       production server)
#   BENCH_TROUPE_HOLD=1 diagnostic: run troupe with TROUPE_DEBUG_HOLD_INBOX=1 (store and answer, never dispatch),
#                       to see the acknowledgement path alone
#   BENCH_PARSED_BUDGET diagnostic: TROUPE_DEBUG_PARSED_BUDGET_BYTES for troupe (parsed backlog held in memory;
#                       e.g. 100000000000 to see the unbounded behaviour of before the memory fix)
#
# Sustained memory mode: `scripts/bench-ingest.sh --sustain 60` loads each server for 60 s (16 in flight unless
# BENCH_CONCURRENCY says otherwise), printing troupe's resident memory every 10 s and for 30 s after the load,
# and the sustained events/s ratio troupe ÷ mautrix-python.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '[bench-ingest] %s\n' "$*" >&2; }

SCRATCH="${BENCH_SCRATCH_PATH:-$ROOT/.build-bench}"
TXNS="${BENCH_TXNS:-2000}"
EVENTS="${BENCH_EVENTS:-50}"
WARMUP="${BENCH_WARMUP:-200}"
CONCURRENCY="${BENCH_CONCURRENCY:-1,16}"
VENV_PY="$ROOT/.venv/bin/python"

# --- prerequisites ------------------------------------------------------------
if ! [[ -x "$VENV_PY" ]] || ! "$VENV_PY" -c 'import mautrix, sys; sys.exit(mautrix.__version__ != "0.21.1")' 2>/dev/null; then
  log ".venv lacks mautrix 0.21.1: running scripts/setup.sh"
  "$ROOT/scripts/setup.sh"
fi

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  for product in troupe IngestBench; do
    log "swift build -c release --product $product --scratch-path $SCRATCH (a cold release build takes ~5 min on 2 cores)"
    set +e
    swift build -c release --scratch-path "$SCRATCH" --product "$product" 2>&1 \
      | grep -vE 'found [0-9]+ file\(s\) which are unhandled|CMakeLists.txt$' >&2
    status=${PIPESTATUS[0]}
    set -e
    if [[ $status -ne 0 ]]; then log "release build of $product failed"; exit 1; fi
  done
fi
BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)"
for product in troupe IngestBench; do
  [[ -x "$BIN/$product" ]] || { log "$BIN/$product is missing (run without BENCH_SKIP_BUILD)"; exit 1; }
done

# --- processes ------------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/troupe-bench-ingest.XXXXXX")"
TROUPE_PID=""
PEER_PID=""
PG_TROUPE_PID=""
PG_DIR=""

stop_pid() {
  local pid="$1" name="$2"
  [[ -n "$pid" ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  log "$name did not stop within 5 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_pid "$TROUPE_PID" troupe
  stop_pid "$PG_TROUPE_PID" "troupe on PostgreSQL"
  stop_pid "$PEER_PID" "mautrix peer"
  if [[ -n "$PG_DIR" ]]; then "$ROOT/scripts/pg-cluster.sh" stop --dir "$PG_DIR" >/dev/null 2>&1 || true; rm -rf "$PG_DIR"; fi
  wait 2>/dev/null || true
  if [[ "${BENCH_KEEP:-0}" == 1 || $status -ne 0 ]]; then
    log "kept $WORK (logs: troupe.log, peer.log)"
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  "$VENV_PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for_port() {
  local port="$1" pid="$2" name="$3" logfile="$4"
  for _ in $(seq 1 300); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited before listening; its log:"; tail -n 30 "$logfile" >&2; return 1
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  log "$name did not listen on 127.0.0.1:$port within 30 s; its log:"; tail -n 30 "$logfile" >&2
  return 1
}

TROUPE_PORT="$(free_port)"
PEER_PORT="$(free_port)"
while [[ "$PEER_PORT" == "$TROUPE_PORT" ]]; do PEER_PORT="$(free_port)"; done

mkdir -p "$WORK/troupe"
CONFIG="$WORK/troupe/config.yaml"
"$BIN/troupe" init -c "$CONFIG" --homeserver http://127.0.0.1:9 --domain localhost >/dev/null
# Only inside the `appservice:` section (homeserver.address is a URL too), and the log level under `logging:`.
sed -i \
  -e "/^appservice:/,/^[^ #]/ s|^  port: .*$|  port: $TROUPE_PORT|" \
  -e "/^appservice:/,/^[^ #]/ s|^  address: .*$|  address: http://127.0.0.1:$TROUPE_PORT|" \
  -e "/^appservice:/,/^[^ #]/ s|^  hostname: .*$|  hostname: 127.0.0.1|" \
  -e "/^logging:/,/^[^ #]/ s|^  level: .*$|  level: warning|" \
  "$CONFIG"
grep -q "^  port: $TROUPE_PORT$" "$CONFIG" && grep -q "^  address: http://127.0.0.1:9$" "$CONFIG" \
  || { log "could not set appservice.port/address in $CONFIG"; exit 1; }
HS_TOKEN="$(sed -n 's/^  hs_token: *//p' "$CONFIG" | head -n 1)"
[[ -n "$HS_TOKEN" ]] || { log "no hs_token in $CONFIG"; exit 1; }

log "starting troupe on 127.0.0.1:$TROUPE_PORT (homeserver http://127.0.0.1:9, closed; its start-up check errors are expected)"
hold=0
if [[ "${BENCH_TROUPE_HOLD:-0}" == 1 ]]; then
  hold=1
  log "BENCH_TROUPE_HOLD=1: troupe stores and answers but does not dispatch (diagnostic, not the benchmark figure)"
fi
TROUPE_LOG_LEVEL=warning TROUPE_DEBUG_HOLD_INBOX="$hold" TROUPE_DEBUG_PARSED_BUDGET_BYTES="${BENCH_PARSED_BUDGET:-}" "$BIN/troupe" run -c "$CONFIG" >"$WORK/troupe.log" 2>&1 &
TROUPE_PID=$!
pg_targets=()
if [[ "${BENCH_POSTGRES:-1}" != 0 ]]; then
  # Under /tmp of its own: as root the cluster runs as troupe-pg, which cannot enter $WORK (mode 0700).
  PG_DIR="/tmp/troupe-bench-pg-$$"
  PG_URI="$("$ROOT/scripts/pg-cluster.sh" start --dir "$PG_DIR" --port "$(free_port)" --db troupe_bench | tail -n 1)"
  [[ "$PG_URI" == postgres://* ]] || { log "scripts/pg-cluster.sh printed no URI"; exit 1; }
  PG_TROUPE_PORT="$(free_port)"
  while [[ "$PG_TROUPE_PORT" == "$TROUPE_PORT" || "$PG_TROUPE_PORT" == "$PEER_PORT" ]]; do PG_TROUPE_PORT="$(free_port)"; done
  mkdir -p "$WORK/troupe-pg"
  "$VENV_PY" - "$CONFIG" "$WORK/troupe-pg/config.yaml" "$PG_TROUPE_PORT" "$PG_URI" "$(free_port)" <<'PY'
import sys, yaml
source, target, port, uri, control = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
cfg = yaml.safe_load(open(source))
cfg["appservice"]["port"] = port
cfg["appservice"]["address"] = f"http://127.0.0.1:{port}"
cfg["database"] = {"type": "postgres", "uri": uri}
# Its own control port and data folder, so the two troupes never share a port or a file.
cfg["data_dir"] = target.rsplit("/", 1)[0] + "/data"
cfg.setdefault("control", {})["port"] = control
yaml.safe_dump(cfg, open(target, "w"), sort_keys=False)
PY
  log "starting troupe on PostgreSQL on 127.0.0.1:$PG_TROUPE_PORT ($PG_DIR)"
  TROUPE_LOG_LEVEL=warning TROUPE_DEBUG_HOLD_INBOX="$hold" "$BIN/troupe" run -c "$WORK/troupe-pg/config.yaml" >"$WORK/troupe-pg.log" 2>&1 &
  PG_TROUPE_PID=$!
  pg_targets=(--target "troupe-postgres=http://127.0.0.1:$PG_TROUPE_PORT" --pid "troupe-postgres=$PG_TROUPE_PID")
fi
log "starting mautrix-python $("$VENV_PY" -c 'import mautrix; print(mautrix.__version__)') peer on 127.0.0.1:$PEER_PORT"
"$VENV_PY" "$ROOT/Benchmarks/ingest/mautrix_peer.py" --port "$PEER_PORT" --hs-token "$HS_TOKEN" >"$WORK/peer.log" 2>&1 &
PEER_PID=$!

wait_for_port "$TROUPE_PORT" "$TROUPE_PID" troupe "$WORK/troupe.log"
wait_for_port "$PEER_PORT" "$PEER_PID" "mautrix peer" "$WORK/peer.log"
if [[ -n "$PG_TROUPE_PID" ]]; then wait_for_port "$PG_TROUPE_PORT" "$PG_TROUPE_PID" "troupe on PostgreSQL" "$WORK/troupe-pg.log"; fi

# --- benchmark --------------------------------------------------------------------
json_args=()
[[ -n "${BENCH_JSON:-}" ]] && json_args=(--json "$BENCH_JSON")
INGEST_BENCH_TOKEN="$HS_TOKEN" "$BIN/IngestBench" \
  --target "troupe=http://127.0.0.1:$TROUPE_PORT" --pid "troupe=$TROUPE_PID" "${pg_targets[@]}" \
  --target "mautrix-python=http://127.0.0.1:$PEER_PORT" --pid "mautrix-python=$PEER_PID" \
  --transactions "$TXNS" --events "$EVENTS" --warmup "$WARMUP" --concurrency "$CONCURRENCY" \
  "${json_args[@]}" "$@"

# --- cross-check: every acknowledged transaction really arrived -----------------------
stop_pid "$PEER_PID" "mautrix peer"
PEER_PID=""
peer_summary="$(grep '^mautrix peer: handled' "$WORK/peer.log" || echo 'mautrix peer: no summary (see peer.log)')"
troupe_summary="$("$VENV_PY" - "$WORK/troupe/troupe.db" <<'PY' 2>&1 || true
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
total, done = db.execute("SELECT count(*), count(processed_at) FROM appservice_inbox").fetchone()
seen = db.execute("SELECT count(*) FROM appservice_seen_event").fetchone()[0]
print(f"troupe: {total} transactions stored durably, {done} processed, {seen} distinct events marked seen")
PY
)"
pg_summary=""
if [[ -n "$PG_TROUPE_PID" ]]; then
  q() { "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql" -X -A -t -d "$PG_URI" -c "$1"; }
  pg_summary="troupe-postgres: $(q 'SELECT count(*) FROM appservice_inbox') transactions stored durably, \
$(q 'SELECT count(processed_at) FROM appservice_inbox') processed, $(q 'SELECT count(*) FROM appservice_seen_event') distinct events marked seen"
fi
echo
echo "$troupe_summary"
[[ -n "$pg_summary" ]] && echo "$pg_summary"
echo "$peer_summary"
