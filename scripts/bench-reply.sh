#!/usr/bin/env bash
# Reply-latency benchmark: user message → agent reply seen by the same matrix-nio client, on a real Synapse with
# a zero-latency fake CLI (Tests/Fixtures/fake-cli/instant, a shell script), against the floor measured in the
# same run: a ping-pong between two plain nio clients through the same Synapse.
#
#   scripts/bench-reply.sh [extra bench.py run options, e.g. --messages 50]
#
# Builds troupe in release, starts its own Synapse (port 18108) and `troupe run` (appservice port 29434) in
# var/bench-reply, runs Benchmarks/reply-latency/bench.py (200 messages each after 10 warm-up, interleaved),
# prints p50/p90/p99/mean/min/max for the floor, troupe's first reply event and its final edit, and the ratios
# (target: troupe first-reply p50 ≤ 1.2 × floor p50). Stops both servers on exit.
#
# Env:
#   BENCH_SCRATCH_PATH  SwiftPM scratch path (default .build-bench)
#   BENCH_SKIP_BUILD=1  use the troupe already built there
#   BENCH_HS_PORT (18108)  BENCH_AS_PORT (29434)  BENCH_DIR (var/bench-reply, wiped at start)
#   BENCH_MESSAGES (200)  BENCH_WARMUP (10)  BENCH_JSON (write the figures as JSON here too)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
log() { printf '[bench-reply] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

SCRATCH="${BENCH_SCRATCH_PATH:-$ROOT/.build-bench}"
HS_PORT="${BENCH_HS_PORT:-18108}"
AS_PORT="${BENCH_AS_PORT:-29434}"
DIR="$ROOT/${BENCH_DIR:-var/bench-reply}"
PY="$ROOT/.venv/bin/python"
DEV_HS="$ROOT/scripts/dev-homeserver.sh"
FAKE="$ROOT/Tests/Fixtures/fake-cli/instant"
BENCH="$ROOT/Benchmarks/reply-latency/bench.py"
DOMAIN=localhost

[[ -x "$FAKE" ]] || die "$FAKE is missing or not executable"

# --- stop whatever an earlier run left behind (by its recorded pid), then start clean -----------------------------
stop_troupe() {
  local pidfile="$DIR/troupe.pid" pid
  [[ -f "$pidfile" ]] || return 0
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  if [[ "$pid" =~ ^[0-9]+$ ]] && { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -q 'troupe run '; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}
cleanup() {
  stop_troupe
  [[ -d "$DIR/synapse" ]] && "$DEV_HS" stop --dir "$DIR/synapse" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'log interrupted; exit 130' INT TERM
cleanup
rm -rf "$DIR"
mkdir -p "$DIR"

# --- build -----------------------------------------------------------------------------------------------------
"$ROOT/scripts/setup.sh" >/dev/null
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  log "swift build -c release --scratch-path $SCRATCH --product troupe (a cold release build takes minutes)"
  if ! swift build -c release --scratch-path "$SCRATCH" --product troupe >"$DIR/build.log" 2>&1; then
    grep -E 'error:' "$DIR/build.log" | head -20 >&2 || true
    tail -n 15 "$DIR/build.log" >&2
    die "release build failed (full output: $DIR/build.log)"
  fi
fi
BIN="$SCRATCH/release/troupe"
[[ -x "$BIN" ]] || die "no troupe at $BIN"

# --- config, registration, Synapse, users ----------------------------------------------------------------------
"$BIN" init -c "$DIR/config.yaml" --homeserver "http://127.0.0.1:$HS_PORT" --domain "$DOMAIN" >/dev/null
"$PY" "$BENCH" configure "$DIR/config.yaml" --as-port "$AS_PORT" --fake "$FAKE" --domain "$DOMAIN"
"$BIN" registration -c "$DIR/config.yaml" -o "$DIR/registration.yaml" >/dev/null
"$DEV_HS" start --dir "$DIR/synapse" --port "$HS_PORT" --server-name "$DOMAIN" --registration "$DIR/registration.yaml"
"$DEV_HS" register --dir "$DIR/synapse" --port "$HS_PORT" bencher bencher-bench-password
"$DEV_HS" register --dir "$DIR/synapse" --port "$HS_PORT" echoer echoer-bench-password

# --- troupe --------------------------------------------------------------------------------------------------------
"$BIN" run -c "$DIR/config.yaml" >"$DIR/troupe.log" 2>&1 </dev/null &
echo $! >"$DIR/troupe.pid"
for _ in $(seq 1 600); do
  grep -q 'troupe ready' "$DIR/troupe.log" && break
  kill -0 "$(cat "$DIR/troupe.pid")" 2>/dev/null || { tail -n 30 "$DIR/troupe.log" >&2; die "troupe exited during start-up"; }
  sleep 0.1
done
grep -q 'troupe ready' "$DIR/troupe.log" || { tail -n 30 "$DIR/troupe.log" >&2; die "troupe not ready after 60 s"; }
log "troupe ready ($BIN); Synapse on 127.0.0.1:$HS_PORT; logs in $DIR"

# --- measure -------------------------------------------------------------------------------------------------------
ARGS=(run --homeserver "http://127.0.0.1:$HS_PORT" --bot "@troupe:$DOMAIN"
      --messages "${BENCH_MESSAGES:-200}" --warmup "${BENCH_WARMUP:-10}" --synapse-log "$DIR/synapse/homeserver.log")
[[ -n "${BENCH_JSON:-}" ]] && ARGS+=(--json "$BENCH_JSON")
"$PY" "$BENCH" "${ARGS[@]}" "$@"
