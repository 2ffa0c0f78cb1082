#!/usr/bin/env bash
# A throw-away Synapse on 127.0.0.1 for development and the integration tests.
#
#   scripts/dev-homeserver.sh start    [--dir DIR] [--port PORT] [--server-name NAME] [--registration FILE]...
#   scripts/dev-homeserver.sh stop     [--dir DIR]
#   scripts/dev-homeserver.sh restart  [same options as start]
#   scripts/dev-homeserver.sh register [--dir DIR] [--port PORT] USER PASS [--admin]
#   scripts/dev-homeserver.sh status   [--dir DIR]
#
# Defaults: DIR var/synapse, PORT 8008, server name localhost. Synapse comes from .venv (scripts/setup.sh).
# DIR holds homeserver.yaml (rewritten on every start), the SQLite database, the media store, the signing
# key, the registration shared secret (shared_secret), the pid file (synapse.pid) and homeserver.log.
# Starting a homeserver that already runs with the same homeserver.yaml does nothing; with a different one
# it restarts it. Exit status: 0 ok, 1 failure, 2 usage; `status` exits 3 when not running.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="$ROOT/.venv/bin/python"

die() { printf '[dev-homeserver] error: %s\n' "$*" >&2; exit 1; }
log() { printf '[dev-homeserver] %s\n' "$*" >&2; }
usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

abspath() { # abspath PATH -> absolute path (the file need not exist)
  local p="$1"
  [[ "$p" == /* ]] || p="$PWD/$p"
  printf '%s\n' "$p"
}

cmd="${1:-}"; [[ -n "$cmd" ]] || usage; shift
DIR="var/synapse"; PORT=8008; SERVER_NAME="localhost"; REGISTRATIONS=(); ADMIN=0; POSITIONAL=()
while (($#)); do
  case "$1" in
    --dir) DIR="${2:?--dir needs a value}"; shift 2 ;;
    --port) PORT="${2:?--port needs a value}"; shift 2 ;;
    --server-name) SERVER_NAME="${2:?--server-name needs a value}"; shift 2 ;;
    --registration) REGISTRATIONS+=("$(abspath "${2:?--registration needs a value}")"); shift 2 ;;
    --admin) ADMIN=1; shift ;;
    -h|--help) usage ;;
    --*) die "unknown option $1" ;;
    *) POSITIONAL+=("$1"); shift ;;
  esac
done
[[ "$PORT" =~ ^[0-9]+$ ]] || die "--port must be a number, got '$PORT'"
DIR="$(abspath "$DIR")"
PIDFILE="$DIR/synapse.pid"
LOGFILE="$DIR/homeserver.log"
CONFIG="$DIR/homeserver.yaml"
SECRET_FILE="$DIR/shared_secret"

running_pid() { # prints the pid and succeeds if the homeserver started from DIR is alive
  [[ -f "$PIDFILE" ]] || return 1
  local pid; pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Make sure the pid was not recycled by something else.
  { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -q 'synapse.app.homeserver' || return 1
  printf '%s\n' "$pid"
}

configured_port() { # the port in DIR/homeserver.yaml, else PORT
  if [[ -f "$CONFIG" ]]; then
    local p; p="$(sed -n 's/^ *- port: *\([0-9]\+\).*/\1/p' "$CONFIG" | head -1)"
    [[ -n "$p" ]] && { printf '%s\n' "$p"; return; }
  fi
  printf '%s\n' "$PORT"
}

ensure_venv() {
  "$ROOT/scripts/setup.sh"
  [[ -x "$PY" ]] || die "no $PY after scripts/setup.sh"
}

write_config() { # write_config FILE
  local out="$1" regs="" r
  for r in "${REGISTRATIONS[@]}"; do
    [[ -f "$r" ]] || die "registration file $r does not exist"
    regs+="  - \"$r\""$'\n'
  done
  [[ -n "$regs" ]] && regs=$'\n'"$regs" || regs=" []"$'\n'
  local rl="{per_second: 1000, burst_count: 10000}"
  cat >"$out" <<YAML
# Written by scripts/dev-homeserver.sh on every start; edits are overwritten.
server_name: "$SERVER_NAME"
public_baseurl: "http://127.0.0.1:$PORT/"
listeners:
  - port: $PORT
    bind_addresses: ['127.0.0.1']
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: "$DIR/homeserver.db"
media_store_path: "$DIR/media_store"
signing_key_path: "$DIR/signing.key"
registration_shared_secret: "$(cat "$SECRET_FILE")"
enable_registration: false
report_stats: false
trusted_key_servers: []
suppress_key_server_warning: true
federation_domain_whitelist: []
presence:
  enabled: false
app_service_config_files:${regs}experimental_features:
  msc2409_to_device_messages_enabled: true
  msc3202_transaction_extensions: true
rc_message: $rl
rc_registration: $rl
rc_login:
  address: $rl
  account: $rl
  failed_attempts: $rl
rc_joins:
  local: $rl
  remote: $rl
rc_joins_per_room: $rl
rc_invites:
  per_room: $rl
  per_user: $rl
  per_issuer: $rl
rc_key_requests: $rl
rc_room_creation: $rl
rc_profile: $rl
rc_media_create: $rl
YAML
}

wait_ready() { # wait_ready PID PORT TIMEOUT: polls /_matrix/client/versions while PID lives
  "$PY" - "$1" "$2" "$3" <<'PY'
import os, sys, time, urllib.request
pid, port, timeout = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
url = f"http://127.0.0.1:{port}/_matrix/client/versions"
deadline = time.monotonic() + timeout
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        print("homeserver process exited during start-up", file=sys.stderr); sys.exit(1)
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            if r.status == 200:
                sys.exit(0)
    except Exception:
        pass
    time.sleep(0.1)
print(f"{url} did not answer within {timeout:g} s", file=sys.stderr)
sys.exit(1)
PY
}

port_in_use() { # port_in_use PORT: succeeds if something listens on 127.0.0.1:PORT
  "$PY" - "$1" <<'PY'
import socket, sys
s = socket.socket()
s.settimeout(1)
try:
    s.connect(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
sys.exit(0)
PY
}

do_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PIDFILE"
    log "not running ($DIR)"
    return 0
  fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid still alive after 10 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$PIDFILE"
  log "stopped"
}

do_start() {
  ensure_venv
  mkdir -p "$DIR/media_store"
  if [[ ! -s "$SECRET_FILE" ]]; then
    (umask 077; "$PY" -c 'import secrets; print(secrets.token_urlsafe(32))' >"$SECRET_FILE")
  fi
  local new="$CONFIG.new"
  write_config "$new"
  local pid
  if pid="$(running_pid)"; then
    if cmp -s "$new" "$CONFIG"; then
      rm -f "$new"
      log "already running (pid $pid) with the same configuration on port $PORT"
      return 0
    fi
    log "configuration changed: restarting"
    do_stop
  fi
  mv "$new" "$CONFIG"
  if port_in_use "$PORT"; then
    die "port 127.0.0.1:$PORT is already in use by another process (not the homeserver of $DIR)"
  fi
  if [[ ! -s "$DIR/signing.key" ]]; then
    log "generating keys"
    (cd "$DIR" && "$PY" -m synapse.app.homeserver -c "$CONFIG" --generate-keys >>"$LOGFILE" 2>&1) \
      || { tail -n 40 "$LOGFILE" >&2; die "key generation failed"; }
  fi
  local t0=$SECONDS
  printf '\n==== start %s ====\n' "$(date -u +%FT%TZ)" >>"$LOGFILE"
  # setsid: its own session, so a Ctrl-C in the terminal reaches only our traps, which stop it by pid.
  # (os.setsid + exec keeps the pid, so the pid file names Synapse itself.)
  (cd "$DIR" && exec "$PY" -c 'import os, sys
try:
    os.setsid()
except OSError:
    pass
os.execv(sys.argv[1], sys.argv[1:])' "$PY" -m synapse.app.homeserver -c "$CONFIG" >>"$LOGFILE" 2>&1 </dev/null) &
  pid=$!
  printf '%s\n' "$pid" >"$PIDFILE"
  if ! wait_ready "$pid" "$PORT" "${SYNAPSE_START_TIMEOUT:-60}"; then
    log "start failed; last lines of $LOGFILE:"
    tail -n 60 "$LOGFILE" >&2
    do_stop >/dev/null 2>&1 || true
    exit 1
  fi
  log "Synapse ready on http://127.0.0.1:$PORT (server name $SERVER_NAME, pid $pid, $((SECONDS - t0)) s, log $LOGFILE)"
}

do_register() {
  ((${#POSITIONAL[@]} == 2)) || die "usage: register [--dir DIR] [--port PORT] USER PASS [--admin]"
  local user="${POSITIONAL[0]}" pass="${POSITIONAL[1]}"
  [[ -x "$PY" ]] || ensure_venv
  [[ -s "$SECRET_FILE" ]] || die "no $SECRET_FILE: start the homeserver first"
  local port; port="$(configured_port)"
  local flag="--no-admin"; ((ADMIN)) && flag="--admin"
  local out rc=0
  out="$("$ROOT/.venv/bin/register_new_matrix_user" -u "$user" -p "$pass" "$flag" \
          -k "$(cat "$SECRET_FILE")" "http://127.0.0.1:$port" 2>&1)" || rc=$?
  if ((rc == 0)); then
    log "registered @$user"
  elif grep -qiE 'already taken|M_USER_IN_USE' <<<"$out"; then
    log "@$user already exists"
  else
    printf '%s\n' "$out" >&2
    die "registering $user failed"
  fi
}

do_status() {
  local pid
  if pid="$(running_pid)"; then
    echo "running: pid $pid, http://127.0.0.1:$(configured_port), dir $DIR"
  else
    echo "not running (dir $DIR)"
    exit 3
  fi
}

case "$cmd" in
  start) do_start ;;
  stop) do_stop ;;
  restart) do_stop; do_start ;;
  register) do_register ;;
  status) do_status ;;
  -h|--help|help) usage ;;
  *) log "unknown command '$cmd'"; usage ;;
esac
