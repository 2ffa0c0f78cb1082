#!/usr/bin/env bash
# A throw-away PostgreSQL cluster on 127.0.0.1, for the tests and for trying `database.type: postgres`.
#
#   scripts/pg-cluster.sh start  [--dir DIR] [--port PORT] [--db NAME]   starts it (initdb the first time), prints the URI
#   scripts/pg-cluster.sh stop   [--dir DIR]                             stops it (nothing to do is not an error)
#   scripts/pg-cluster.sh uri    [--dir DIR] [--port PORT] [--db NAME]   prints the URI
#   scripts/pg-cluster.sh status [--dir DIR]                             exits 0 when running, 3 when not
#
# Defaults: DIR var/postgres, PORT 15432, database troupe, max_connections 500 (PG_MAX_CONNECTIONS). Uses initdb and pg_ctl from Debian's postgresql package
# (/usr/lib/postgresql/<newest>/bin, or PG_BIN); never pg_ctlcluster, systemd or the system cluster's files.
# DIR holds data/ (the cluster), socket/ (its unix socket), password (the superuser "troupe"'s, made at initdb),
# port and postgres.log. The server listens on 127.0.0.1 only, with fsync off: it is for data you can lose.
# PostgreSQL refuses to run as root: as root the cluster belongs to the system user troupe-pg (created here when
# missing), and DIR is made its own, so DIR's parent folders must be open to it (/tmp is).
# Exit status: 0 ok, 1 failure, 2 usage.
set -euo pipefail

die() { printf '[pg-cluster] error: %s\n' "$*" >&2; exit 1; }
log() { printf '[pg-cluster] %s\n' "$*" >&2; }
usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

cmd="${1:-}"; [[ -n "$cmd" ]] || usage; shift
DIR="var/postgres"; PORT=""; DB="troupe"
while (($#)); do
  case "$1" in
    --dir) DIR="${2:?--dir needs a value}"; shift 2 ;;
    --port) PORT="${2:?--port needs a value}"; shift 2 ;;
    --db) DB="${2:?--db needs a value}"; shift 2 ;;
    -h|--help) usage ;;
    *) die "unknown argument $1" ;;
  esac
done
[[ -z "$PORT" || "$PORT" =~ ^[0-9]+$ ]] || die "--port must be a number, got '$PORT'"
[[ "$DB" =~ ^[a-z_][a-z0-9_]*$ ]] || die "--db must be a lower-case SQL name, got '$DB'"
[[ "$DIR" == /* ]] || DIR="$PWD/$DIR"
DIR="${DIR%/}"
case "$DIR/" in
  /var/lib/postgresql/*|/etc/postgresql/*|/var/run/postgresql/*|/run/postgresql/*)
    die "$DIR belongs to the system's PostgreSQL; give a folder of your own" ;;
esac
DATA="$DIR/data"; SOCKET="$DIR/socket"; LOGFILE="$DIR/postgres.log"
SUPERUSER="troupe"

bindir() {
  local dir="${PG_BIN:-}"
  [[ -n "$dir" ]] || dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]] \
    || die "PostgreSQL's server programs (initdb, pg_ctl) are not in ${PG_BIN:-/usr/lib/postgresql/*/bin}: run scripts/setup.sh (Debian's postgresql)"
  printf '%s\n' "$dir"
}

OWNER=""
if [[ "$(id -u)" == 0 ]]; then OWNER="${TROUPE_PG_USER:-troupe-pg}"; fi
as_owner() { if [[ -n "$OWNER" ]]; then runuser -u "$OWNER" -- "$@"; else "$@"; fi; }

running() { [[ -f "$DATA/postmaster.pid" ]] && as_owner "$(bindir)/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

port_of_running() { sed -n 4p "$DATA/postmaster.pid" 2>/dev/null; }

print_uri() {
  local port="${PORT:-$(cat "$DIR/port" 2>/dev/null || true)}"
  [[ -n "$port" ]] || die "no port given and $DIR/port is missing: pass --port"
  [[ -f "$DIR/password" ]] || die "$DIR/password is missing: start the cluster first"
  printf 'postgres://%s:%s@127.0.0.1:%s/%s?sslmode=disable\n' "$SUPERUSER" "$(cat "$DIR/password")" "$port" "$DB"
}

init_cluster() {
  local bin="$1"
  if [[ -n "$OWNER" ]] && ! id "$OWNER" >/dev/null 2>&1; then
    log "creating system user $OWNER (PostgreSQL does not run as root)"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$OWNER"
  fi
  mkdir -p "$DIR"
  [[ -n "$OWNER" ]] && chown "$OWNER:" "$DIR"
  chmod 700 "$DIR"
  as_owner test -w "$DIR" || die "$OWNER cannot write to $DIR (a parent folder is closed to it): use a folder under /tmp"
  if [[ ! -f "$DATA/PG_VERSION" ]]; then
    local password
    password="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    (umask 077; printf '%s\n' "$password" >"$DIR/password.init"; printf '%s' "$password" >"$DIR/password")
    [[ -n "$OWNER" ]] && chown "$OWNER:" "$DIR/password.init" "$DIR/password"
    log "initdb in $DATA"
    as_owner "$bin/initdb" -D "$DATA" -U "$SUPERUSER" --pwfile="$DIR/password.init" --auth=scram-sha-256 \
      --encoding=UTF8 --locale=C >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
    rm -f "$DIR/password.init"
    cat >>"$DATA/postgresql.conf" <<EOF

# scripts/pg-cluster.sh: loopback only, socket in its own folder, and speed over durability (test data only).
listen_addresses = '127.0.0.1'
unix_socket_directories = '$SOCKET'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  fi
  as_owner mkdir -p "$SOCKET"
}

# The server outlives this script: it must not keep the caller's descriptors (a test runner waiting for this
# script to end, through a pipe or socket, would wait for the server instead).
close_inherited_fds() {
  local fd
  for fd in /proc/$$/fd/*; do
    fd="${fd##*/}"
    if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}

case "$cmd" in
  start)
    close_inherited_fds
    PORT="${PORT:-15432}"
    bin="$(bindir)"
    init_cluster "$bin"
    if running; then
      [[ "$(port_of_running)" == "$PORT" ]] || die "the cluster in $DIR already runs on port $(port_of_running); stop it first"
    else
      log "starting PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT ($DIR)"
      # Room for the test suites: each test has a database and a pool of its own, and suites run in parallel.
      if ! as_owner "$bin/pg_ctl" -D "$DATA" -l "$LOGFILE" -w -t 60 -o "-p $PORT -c max_connections=${PG_MAX_CONNECTIONS:-500}" start >/dev/null; then
        tail -n 20 "$LOGFILE" >&2 || true
        die "PostgreSQL did not start (is port $PORT taken?)"
      fi
    fi
    printf '%s\n' "$PORT" >"$DIR/port"
    export PGPASSWORD; PGPASSWORD="$(cat "$DIR/password")"
    psql=("$bin/psql" -X -q -h 127.0.0.1 -p "$PORT" -U "$SUPERUSER" -d postgres -v ON_ERROR_STOP=1 -tA)
    if [[ -z "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]]; then
      "${psql[@]}" -c "CREATE DATABASE $DB" >/dev/null
    fi
    print_uri
    ;;
  stop)
    if running; then
      as_owner "$(bindir)/pg_ctl" -D "$DATA" -w -t 60 -m fast stop >/dev/null
      log "stopped the cluster in $DIR"
    fi
    ;;
  uri) print_uri ;;
  status)
    if running; then log "running on 127.0.0.1:$(port_of_running) ($DIR)"; else log "not running ($DIR)"; exit 3; fi
    ;;
  *) usage ;;
esac
