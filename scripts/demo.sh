#!/usr/bin/env bash
# Quick start: a local Synapse plus Troupe in the foreground, in one command.
#
#   scripts/demo.sh          check prerequisites, set up, build (when Sources/ changed), configure (var/demo),
#                            pick the main agent, start Synapse on 127.0.0.1:8008, run troupe
#   scripts/demo.sh stop     stop the demo's Synapse (if a previous run left it up)
#
# Files: var/demo/config.yaml (troupe's config, kept between runs), var/demo/registration.yaml,
# var/demo/credentials.txt (the @demo:localhost user's password), var/demo/synapse/ (the homeserver).
# Ctrl-C stops troupe, then Synapse. Env: TROUPE_DEMO_PORT (default 8008); TROUPE_BIN (use this binary, no build);
# TROUPE_DEMO_OPENAI_URL (an OpenAI-compatible server to use, e.g. http://127.0.0.1:8080 for llama.cpp);
# TROUPE_DEMO_DIR (default var/demo); TROUPE_DEMO_AS_PORT, TROUPE_DEMO_CONTROL_PORT (troupe's listeners).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PORT="${TROUPE_DEMO_PORT:-8008}"
DEMO="${TROUPE_DEMO_DIR:-var/demo}"
CONFIG="$DEMO/config.yaml"
REG="$DEMO/registration.yaml"
SYN="$DEMO/synapse"
CREDS="$DEMO/credentials.txt"
HS="http://127.0.0.1:$PORT"
DOMAIN="localhost"
USER_LOCALPART="demo"
BIN="${TROUPE_BIN:-}"
BUILT="$ROOT/.build/debug/troupe"
DEVHS="$ROOT/scripts/dev-homeserver.sh"
VENV_PY="$ROOT/.venv/bin/python"
DEMO_CONFIG="$ROOT/scripts/demo-config.py"

log() { printf '[demo] %s\n' "$*" >&2; }

# stale_file BIN: prints the first file under Sources/ (or Package.swift) newer than BIN; fails if there is none.
stale_file() {
  find "$ROOT/Sources" "$ROOT/Package.swift" -newer "$1" -print -quit 2>/dev/null | grep .
}

# binary_fresh BIN: the build can be skipped when BIN exists and nothing it is built from changed since.
binary_fresh() {
  [[ -x "$1" ]] && ! stale_file "$1" >/dev/null
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

case "${1:-}" in
  stop) exec "$DEVHS" stop --dir "$SYN" ;;
  --check-fresh)  # for the tests: would a start skip the build?
    if [[ ! -x "$BUILT" ]]; then echo "missing: $BUILT"; exit 1; fi
    if newer="$(stale_file "$BUILT")"; then echo "stale: $newer is newer than $BUILT"; exit 1; fi
    echo "fresh: $BUILT"; exit 0 ;;
  "") ;;
  *) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac

# --- prerequisites: one line each, all of them before anything slow ---------------------------------------------
log "checking prerequisites"
failed=0
ok() { log "  ✓ $*"; }
bad() { log "  ✗ $*"; failed=1; }

build=0
if [[ -n "$BIN" ]]; then
  if [[ -x "$BIN" ]]; then ok "troupe: $BIN (TROUPE_BIN, no build)"; else bad "troupe: TROUPE_BIN=$BIN is not an executable file"; fi
elif binary_fresh "$BUILT"; then
  ok "troupe: ${BUILT#"$ROOT"/} is newer than Sources/ and Package.swift, no build needed"
  BIN="$BUILT"
else
  build=1
  if ! command -v swift >/dev/null 2>&1; then
    bad "Swift: 'swift' is not on PATH; install Swift 6.x (https://www.swift.org/install/linux/) and run this again"
  elif ! version="$(swift --version 2>&1 | grep -o 'Swift version [0-9][0-9.]*' | head -n 1)" || [[ -z "$version" ]]; then
    bad "Swift: 'swift --version' does not answer; check the toolchain (https://www.swift.org/install/linux/)"
  elif [[ "${version#Swift version }" != [6-9]* ]]; then
    bad "Swift: $version found, Troupe needs Swift 6 or newer (https://www.swift.org/install/linux/)"
  else
    ok "Swift: $version"
  fi
fi

PYTHON="${PYTHON:-python3}"
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  bad "python3: not found; install it (sudo apt-get install python3 python3-venv)"
else
  ok "python3: $("$PYTHON" --version 2>&1)"
  if [[ ! -x "$VENV_PY" ]]; then
    if "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then ok "python3 venv module (for .venv)"
    else bad "python3 venv module: missing; install it (sudo apt-get install python3-venv)"; fi
  fi
fi

# Only what scripts/setup.sh would install needs root.
missing_apt="$("$ROOT/scripts/setup.sh" --missing-apt 2>/dev/null || true)"
if [[ -z "$missing_apt" ]]; then
  ok "system packages: installed"
elif [[ "$(id -u)" == 0 ]]; then
  ok "system packages: will install $missing_apt (apt-get, as root)"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  ok "system packages: will install $missing_apt (sudo apt-get)"
elif command -v sudo >/dev/null 2>&1 && [[ -t 0 ]]; then
  ok "system packages: will install $missing_apt (sudo apt-get: it will ask for your password)"
else
  bad "system packages: $missing_apt missing, and this is neither root nor allowed to sudo; install them, then run this again"
fi

if "$DEVHS" status --dir "$SYN" >/dev/null 2>&1; then
  ok "port $PORT: the demo's Synapse from the last run is still up (reused)"
elif port_busy "$PORT"; then
  bad "port $PORT: in use by another program; stop it, or choose a free port: TROUPE_DEMO_PORT=18408 scripts/demo.sh"
else
  ok "port $PORT: free"
fi
if [[ -f "$CONFIG" && -x "$VENV_PY" ]]; then
  read -r as_port control_port < <("$VENV_PY" "$DEMO_CONFIG" ports "$CONFIG" 2>/dev/null || echo "29333 29335")
else
  as_port=29333 control_port=29335
fi
as_port="${TROUPE_DEMO_AS_PORT:-$as_port}"
control_port="${TROUPE_DEMO_CONTROL_PORT:-$control_port}"
busy=()
for p in "$as_port" "$control_port"; do port_busy "$p" && busy+=("$p"); done
if ((${#busy[@]})); then
  bad "port ${busy[*]} (troupe's own listeners): in use; is another troupe running? Stop it, or set TROUPE_DEMO_AS_PORT / TROUPE_DEMO_CONTROL_PORT"
else
  ok "ports $as_port, $control_port (troupe's listeners): free"
fi
((failed)) && { log "fix the lines marked ✗ above, then run scripts/demo.sh again"; exit 1; }

# --- set up and build ---------------------------------------------------------------------------------------------
"$ROOT/scripts/setup.sh"
if ((build)); then
  if [[ -x "$BUILT" ]]; then
    log "building troupe (swift build): $(stale_file "$BUILT" | sed "s|^$ROOT/||") changed since the last build"
  else
    log "building troupe (swift build): the first build takes 5-10 minutes; later starts skip it while Sources/ is unchanged"
  fi
  swift build --product troupe
  # swift build leaves the binary alone when a touched file compiled to the same thing: mark it current anyway.
  touch "$BUILT"
  BIN="$BUILT"
fi

# --- configure ----------------------------------------------------------------------------------------------------
mkdir -p "$DEMO"
if [[ ! -f "$CONFIG" ]]; then
  log "writing $CONFIG"
  "$BIN" init -c "$CONFIG" --homeserver "$HS" --domain "$DOMAIN" >/dev/null
fi
edit=(edit "$CONFIG" --admin "@$USER_LOCALPART:$DOMAIN")
[[ -n "${TROUPE_DEMO_AS_PORT:-}" ]] && edit+=(--as-port "$TROUPE_DEMO_AS_PORT")
[[ -n "${TROUPE_DEMO_CONTROL_PORT:-}" ]] && edit+=(--control-port "$TROUPE_DEMO_CONTROL_PORT")
"$VENV_PY" "$DEMO_CONFIG" "${edit[@]}"
log "looking for an agent: TROUPE_DEMO_OPENAI_URL if set, then claude, codex and gemini on PATH, then Ollama"
AGENT="$("$VENV_PY" "$DEMO_CONFIG" agent "$CONFIG")"

"$BIN" registration -c "$CONFIG" -o "$REG" >/dev/null
"$DEVHS" start --dir "$SYN" --port "$PORT" --server-name "$DOMAIN" --registration "$REG"

stop_synapse() { "$DEVHS" stop --dir "$SYN" || true; }
trap stop_synapse EXIT
trap 'exit 130' INT TERM

if [[ -s "$CREDS" ]]; then
  PASS="$(sed -n 's/^password: //p' "$CREDS")"
else
  PASS="$("$VENV_PY" -c 'import secrets; print(secrets.token_urlsafe(18))')"
  (umask 077; printf 'homeserver: %s\nuser: @%s:%s\npassword: %s\n' "$HS" "$USER_LOCALPART" "$DOMAIN" "$PASS" >"$CREDS")
fi
"$DEVHS" register --dir "$SYN" --port "$PORT" "$USER_LOCALPART" "$PASS"

cat <<EOF

  Troupe demo
  -----------
  homeserver:  $HS
  user:        $USER_LOCALPART   (full id @$USER_LOCALPART:$DOMAIN)
  password:    $PASS   (saved in $CREDS)
$(sed 's/^/  /; s/^ *$//' <<<"$AGENT")

  Clients cannot discover "localhost": type the homeserver URL by hand. In Element, on the sign-in
  screen choose "Edit" next to the homeserver, enter $HS, then sign in with the user
  and password above. Accept the invite from Troupe (its room opens with a welcome saying what it
  runs on), or invite @troupe:$DOMAIN to a room, and say !help.
  Ctrl-C stops troupe and the homeserver.

EOF

log "running troupe (config $CONFIG); it logs 'troupe ready' once the homeserver reaches it"
"$BIN" run -c "$CONFIG"
