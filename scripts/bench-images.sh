#!/usr/bin/env bash
# Image conversion benchmark: Troupe's converter (ImageShrinker, libvips in process) against `vips thumbnail` on the
# command line doing the same job, in the same run, on a 12-megapixel (4000 × 3000) photo-like JPEG made on the spot.
#
#   scripts/bench-images.sh [rounds=10] [format=webp] [max_dimension=2000] [quality=85]
#
# Builds ImagesBench in release (its own scratch path, so it never waits on the dev build's lock) and runs it.
# Prints the time per photo for both (median and mean), what each wrote, what starting `vips` alone costs, and the
# ratio Troupe ÷ CLI. Needs the `vips` command (libvips-tools, installed by scripts/setup.sh).
# Env: BENCH_SCRATCH_PATH (default .build-bench-images), BENCH_SKIP_BUILD=1 to reuse the built binary,
#      VIPS (default vips) the command to compare against.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SCRATCH="${BENCH_SCRATCH_PATH:-$ROOT/.build-bench-images}"

if ! command -v "${VIPS:-vips}" >/dev/null; then
  echo "[bench-images] no \`${VIPS:-vips}\` command: install libvips-tools (scripts/setup.sh does)" >&2
  exit 1
fi
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  echo "[bench-images] building ImagesBench (release) in $SCRATCH" >&2
  swift build -c release --scratch-path "$SCRATCH" --product ImagesBench >&2
fi
echo "[bench-images] $("${VIPS:-vips}" --version), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec "$SCRATCH/release/ImagesBench" "$@"
