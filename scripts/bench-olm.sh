#!/usr/bin/env bash
# Megolm benchmark: Troupe's libolm wrappers vs the same libolm calls made directly from C, in one run,
# plus the time to share a room key with 100 devices.
#
#   scripts/bench-olm.sh [--messages N] [--size BYTES] [--devices D] [--rounds R]
#
# Builds OlmBench in release (its own scratch path, so it never waits on the dev build's lock) and runs it.
# Prints messages/s for wrapper and C, the ratio wrapper ÷ C (budget ≥ 0.9) and the key-share time.
# Env: BENCH_SCRATCH_PATH (default .build-crypto-rel), BENCH_SKIP_BUILD=1 to reuse the built binary.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SCRATCH="${BENCH_SCRATCH_PATH:-$ROOT/.build-crypto-rel}"

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  echo "[bench-olm] building OlmBench (release) in $SCRATCH" >&2
  swift build -c release --scratch-path "$SCRATCH" --product OlmBench >&2
fi
exec "$SCRATCH/release/OlmBench" "$@"
