#!/usr/bin/env bash
# Installs what Troupe's build and tests need; idempotent and fast when already done.
#   - Debian packages: libolm-dev, libsqlite3-dev, libcmark-gfm(-extensions)-dev, libvips-dev, libvips-tools (the `vips` CLI
#     the image benchmark compares against), pkg-config, systemd (for `systemd-analyze verify` of contrib/troupe.service;
#     nothing is started), postgresql (the server programs scripts/pg-cluster.sh runs for the PostgreSQL tests; the
#     system cluster is never used) (apt-get update only if one is missing)
#   - .venv (python3 -m venv) with scripts/requirements-dev.txt, stamped by its hash
# Env: PYTHON (default python3), TROUPE_SKIP_APT=1 to skip the apt step.
#   scripts/setup.sh --missing-apt   prints the packages the apt step would install (nothing when none), changes nothing
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '[setup] %s\n' "$*" >&2; }

# --- apt packages -----------------------------------------------------------
APT_PACKAGES=(libolm-dev libsqlite3-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libvips-dev libvips-tools pkg-config systemd postgresql)
missing=()
if [[ "${TROUPE_SKIP_APT:-0}" != 1 ]]; then
  for p in "${APT_PACKAGES[@]}"; do
    if ! dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed'; then
      missing+=("$p")
    fi
  done
fi
if [[ "${1:-}" == --missing-apt ]]; then
  ((${#missing[@]} == 0)) || printf '%s\n' "${missing[*]}"
  exit 0
fi
if [[ "${TROUPE_SKIP_APT:-0}" != 1 ]]; then
  if ((${#missing[@]})); then
    SUDO=""
    if [[ "$(id -u)" != 0 ]]; then
      if command -v sudo >/dev/null; then SUDO="sudo"; else
        log "missing packages ${missing[*]} and not root (no sudo): install them and re-run"; exit 1
      fi
    fi
    log "installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

# --- python venv --------------------------------------------------------------
PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"
REQ="$ROOT/scripts/requirements-dev.txt"
STAMP="$VENV/.troupe-requirements.stamp"

want="$( { cat "$REQ"; "$PYTHON" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)"
if [[ -x "$VENV/bin/python" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
  exit 0
fi

start=$SECONDS
if [[ ! -x "$VENV/bin/python" ]]; then
  log "creating $VENV with $("$PYTHON" --version 2>&1)"
  "$PYTHON" -m venv "$VENV"
fi
log "installing $(grep -cvE '^\s*(#|$)' "$REQ") requirements into .venv"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQ"
# Smoke check: the pieces the scripts and tests import.
"$VENV/bin/python" - <<'PY'
import synapse, nio, yaml, pytest, aiohttp, mautrix, olm  # noqa: F401
PY
printf '%s\n' "$want" > "$STAMP"
log "venv ready in $((SECONDS - start)) s"
