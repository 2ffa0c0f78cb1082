#!/usr/bin/env bash
# Quick start: a local Synapse plus Troupe in the foreground, in one command.
#
#   scripts/demo.sh          set up, build, configure (var/demo), start Synapse on 127.0.0.1:8008, run troupe
#   scripts/demo.sh stop     stop the demo's Synapse (if a previous run left it up)
#
# Files: var/demo/config.yaml (troupe's config, kept between runs), var/demo/registration.yaml,
# var/demo/credentials.txt (the @demo:localhost user's password), var/demo/synapse/ (the homeserver).
# Ctrl-C stops troupe, then Synapse. Env: TROUPE_DEMO_PORT (default 8008); TROUPE_BIN (use this binary, no build).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PORT="${TROUPE_DEMO_PORT:-8008}"
DEMO="var/demo"
CONFIG="$DEMO/config.yaml"
REG="$DEMO/registration.yaml"
SYN="$DEMO/synapse"
CREDS="$DEMO/credentials.txt"
HS="http://127.0.0.1:$PORT"
DOMAIN="localhost"
USER_LOCALPART="demo"
BIN="${TROUPE_BIN:-}"
DEVHS="$ROOT/scripts/dev-homeserver.sh"

log() { printf '[demo] %s\n' "$*" >&2; }

if [[ "${1:-}" == stop ]]; then
  exec "$DEVHS" stop --dir "$SYN"
elif [[ -n "${1:-}" ]]; then
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi

"$ROOT/scripts/setup.sh"
if [[ -z "$BIN" ]]; then
  log "building troupe (swift build)"
  swift build --product troupe
  BIN="$ROOT/.build/debug/troupe"
fi

mkdir -p "$DEMO"
if [[ ! -f "$CONFIG" ]]; then
  log "writing $CONFIG"
  "$BIN" init -c "$CONFIG" --homeserver "$HS" --domain "$DOMAIN"
fi

# Make @demo:localhost an admin (keeps the rest of the permissions map, and the file's comments when it can).
"$ROOT/.venv/bin/python" - "$CONFIG" "@$USER_LOCALPART:$DOMAIN" <<'PY'
import re, sys, yaml
path, user = sys.argv[1], sys.argv[2]
text = open(path).read()
cfg = yaml.safe_load(text) or {}
if ((cfg.get("permissions") or {}).get(user)) == "admin":
    sys.exit(0)
new = None
m = re.search(r"^permissions:[ \t]*(#.*)?\n", text, re.M)
if m and user not in text:
    # Insert a line under a block-style `permissions:` with the indentation of its first entry.
    rest = text[m.end():]
    entry = re.search(r"^([ \t]+)[^\s#]", rest, re.M)
    indent = entry.group(1) if entry else "  "
    candidate = text[:m.end()] + f'{indent}"{user}": admin\n' + rest
    try:
        if (yaml.safe_load(candidate).get("permissions") or {}).get(user) == "admin":
            new = candidate
    except yaml.YAMLError:
        pass
if new is None:  # fall back to rewriting the file (comments are lost)
    perms = cfg.get("permissions") or {}
    perms[user] = "admin"
    cfg["permissions"] = perms
    new = yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True)
open(path, "w").write(new)
print(f"[demo] {path}: {user} is admin", file=sys.stderr)
PY

"$BIN" registration -c "$CONFIG" -o "$REG"
"$DEVHS" start --dir "$SYN" --port "$PORT" --server-name "$DOMAIN" --registration "$REG"

stop_synapse() { "$DEVHS" stop --dir "$SYN" || true; }
trap stop_synapse EXIT
trap 'exit 130' INT TERM

if [[ -s "$CREDS" ]]; then
  PASS="$(sed -n 's/^password: //p' "$CREDS")"
else
  PASS="$("$ROOT/.venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(18))')"
  (umask 077; printf 'homeserver: %s\nuser: @%s:%s\npassword: %s\n' "$HS" "$USER_LOCALPART" "$DOMAIN" "$PASS" >"$CREDS")
fi
"$DEVHS" register --dir "$SYN" --port "$PORT" "$USER_LOCALPART" "$PASS"

cat <<EOF

  Troupe demo
  -----------
  homeserver:  $HS
  user:        @$USER_LOCALPART:$DOMAIN
  password:    $PASS        (saved in $CREDS)

  Log in with a Matrix client (e.g. Element, homeserver $HS),
  accept the invite from Troupe (or invite @troupe:$DOMAIN to a room) and say !help
  Ctrl-C stops troupe and the homeserver.

EOF
if ! command -v claude >/dev/null 2>&1; then
  log "note: the main agent runs Claude Code, and 'claude' is not on PATH: commands work, but chat answers"
  log "      will say so. Install it, or set providers/agents in $CONFIG (see docs/agents.md)."
fi

"$BIN" run -c "$CONFIG"
