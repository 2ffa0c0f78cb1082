#!/usr/bin/env bash
# Troupe's one test command: setup, build, Swift unit tests, then the integration tests against a real Synapse.
#
#   scripts/test.sh [PYTEST ARGS...]      e.g. scripts/test.sh -k ping
#
# Steps: scripts/setup.sh -> swift build -> swift test -> pytest Tests/IntegrationTests (TROUPE_BIN=.build/debug/troupe)
#        -> the core scenarios again with troupe on PostgreSQL (TROUPE_IT_DATABASE=postgres), failover included.
# A failing build stops the run; failing unit tests do not stop the integration tests. Exits non-zero if any step
# failed; pytest collecting no test counts as a failure. Synapse and troupe started by the tests are always stopped.
# Env: SKIP_UNIT_TESTS=1 skips `swift test`; SWIFT_SCRATCH_PATH=DIR builds in DIR instead of .build;
#      the PostgreSQL pass runs when no PYTEST ARGS are given, or with TROUPE_IT_POSTGRES=1 (then with those args);
#      TROUPE_IT_* (see Tests/IntegrationTests/conftest.py).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
IT_DIR="$ROOT/${TROUPE_IT_DIR:-var/it}"
PG_IT_DIR="$IT_DIR-pg"
# The core scenarios that run a second time on PostgreSQL: chat, commands, buttons, restarts and crash replay,
# encryption as Element does it, runs, durable turns across SIGKILLs, and active/standby failover.
PG_SCENARIOS=(test_bridge.py test_appservice.py test_encryption_element.py test_runs.py test_durable.py test_failover.py)
SCRATCH="${SWIFT_SCRATCH_PATH:-.build}"
[[ "$SCRATCH" == /* ]] || SCRATCH="$ROOT/$SCRATCH"
SWIFT_ARGS=(--scratch-path "$SCRATCH")

STEPS=(); RESULTS=(); TIMES=()
record() { STEPS+=("$1"); RESULTS+=("$2"); TIMES+=("$3"); }

cleanup() {
  local dir pidfile pid
  for dir in "$IT_DIR" "$PG_IT_DIR"; do
    # troupe started by the integration tests (pid recorded by conftest.py), if pytest did not stop it
    for pidfile in "$dir/troupe.pid"; do
      [[ -f "$pidfile" ]] || continue
      pid="$(cat "$pidfile" 2>/dev/null || true)"
      if [[ "$pid" =~ ^[0-9]+$ ]] && { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -q 'troupe.* run '; then
        kill -KILL "$pid" 2>/dev/null || true
      fi
    done
    if [[ -d "$dir/synapse" ]]; then
      "$ROOT/scripts/dev-homeserver.sh" stop --dir "$dir/synapse" >/dev/null 2>&1 || true
    fi
  done
  "$ROOT/scripts/pg-cluster.sh" stop --dir "/tmp/troupe-it-pg-${TROUPE_IT_POSTGRES_PORT:-15434}" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'echo "[test] interrupted" >&2; exit 130' INT TERM

banner() { printf '\n==================== %s ====================\n' "$*"; }

step() { # step NAME COMMAND...: runs it, records pass/fail and the time
  local name="$1"; shift
  banner "$name"
  local t0=$SECONDS rc=0
  "$@" || rc=$?
  local dt=$((SECONDS - t0))
  if ((rc == 0)); then record "$name" PASS "$dt"; else record "$name" "FAIL (exit $rc)" "$dt"; fi
  return "$rc"
}

summary() {
  banner "summary"
  local i failed=0
  for i in "${!STEPS[@]}"; do
    printf '  %-22s %-16s %5ss\n' "${STEPS[$i]}" "${RESULTS[$i]}" "${TIMES[$i]}"
    case "${RESULTS[$i]}" in FAIL*|"NOT RUN") failed=1 ;; esac
  done
  if ((failed)); then echo "RESULT: FAILED"; else echo "RESULT: all steps passed"; fi
  return "$failed"
}

pytest_step() {
  local rc=0
  TROUPE_BIN="$SCRATCH/debug/troupe" timeout --signal=TERM --kill-after=30 2400 \
    "$ROOT/.venv/bin/python" -m pytest "$ROOT/Tests/IntegrationTests" -v "$@" || rc=$?
  if ((rc == 5)); then echo "[test] pytest collected no tests: counted as a failure" >&2; fi
  if ((rc == 124)); then echo "[test] integration tests timed out (40 min)" >&2; fi
  return "$rc"
}

pytest_postgres_step() {
  local rc=0 files=()
  for f in "${PG_SCENARIOS[@]}"; do files+=("$ROOT/Tests/IntegrationTests/$f"); done
  TROUPE_IT_DATABASE=postgres TROUPE_IT_DIR="${PG_IT_DIR#"$ROOT/"}" TROUPE_BIN="$SCRATCH/debug/troupe" \
    timeout --signal=TERM --kill-after=30 1800 "$ROOT/.venv/bin/python" -m pytest "${files[@]}" -v "$@" || rc=$?
  if ((rc == 5)); then echo "[test] pytest collected no tests on PostgreSQL: counted as a failure" >&2; fi
  if ((rc == 124)); then echo "[test] integration tests on PostgreSQL timed out (30 min)" >&2; fi
  return "$rc"
}

export CI="${CI:-}"
if ! step "setup" "$ROOT/scripts/setup.sh"; then summary; exit 1; fi
if ! step "swift build" swift build "${SWIFT_ARGS[@]}"; then
  record "swift test" "NOT RUN" 0; record "integration tests" "NOT RUN" 0
  summary; exit 1
fi
if [[ "${SKIP_UNIT_TESTS:-0}" == 1 ]]; then
  record "swift test" "SKIPPED" 0
else
  step "swift test" swift test "${SWIFT_ARGS[@]}" || true
fi
step "integration tests" pytest_step "$@" || true
if (($# == 0)) || [[ "${TROUPE_IT_POSTGRES:-}" == 1 ]]; then
  step "on PostgreSQL" pytest_postgres_step "$@" || true
else
  record "on PostgreSQL" "SKIPPED (args)" 0
fi
summary
