#!/usr/bin/env bash
# Sub-agent run benchmark: N runs on the instant fake CLI under runtime.runs.max_concurrent, against the floor
# of spawning the same fake N times, the same number at a time, from a shell — measured in the same run.
#
#   scripts/bench-runs.sh [runs=200] [concurrent=8]
#
# Builds AgentsBench in release (its own scratch path, so it never waits on the dev build's lock) and runs its
# `runs` mode. Prints runs/s against the floor's spawns/s, each run's time in its slot against one bare spawn,
# the scheduling overhead per run, and how long handing every result back took.
# Env: BENCH_SCRATCH_PATH (default .build-bench-agents), BENCH_SKIP_BUILD=1 to reuse the built binary.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SCRATCH="${BENCH_SCRATCH_PATH:-$ROOT/.build-bench-agents}"

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  echo "[bench-runs] building AgentsBench (release) in $SCRATCH" >&2
  swift build -c release --scratch-path "$SCRATCH" --product AgentsBench >&2
fi
exec "$SCRATCH/release/AgentsBench" runs "$@"
