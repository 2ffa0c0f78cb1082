"""Session fixtures for Troupe's integration tests: a real Synapse (scripts/dev-homeserver.sh) and a real
`troupe run`, both on 127.0.0.1.

Environment:
  TROUPE_BIN               the troupe executable (default .build/debug/troupe)
  TROUPE_IT_SYNAPSE_PORT   Synapse's client port (default 18008)
  TROUPE_IT_AS_PORT        troupe's appservice port (default 29334)
  TROUPE_IT_CONTROL_PORT   troupe's control API port (default: a free one)
  TROUPE_IT_DIR            working folder, wiped at session start (default var/it)
  TROUPE_IT_DATABASE       sqlite (default) or postgres: troupe's database.type. With postgres, a throw-away
                           cluster (scripts/pg-cluster.sh) runs on 127.0.0.1:TROUPE_IT_POSTGRES_PORT (15434)
                           in /tmp for the session, and tests marked `postgres` run (they are deselected otherwise).

Provider `claude` runs the fake CLI (Tests/Fixtures/fake-cli/claude: answers `echo: <prompt>`, or replays
recordings/claude/NAME.ndjson for a prompt containing `scenario:NAME`). It appends its argv to FAKE_RECORD_FILE
and its pid to FAKE_PIDS_FILE; `scenario:slow` waits FAKE_DELAY_S between lines.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

DEV_HS = REPO / "scripts" / "dev-homeserver.sh"
PG_CLUSTER = REPO / "scripts" / "pg-cluster.sh"
DATABASE = os.environ.get("TROUPE_IT_DATABASE", "sqlite")
PG_PORT = int(os.environ.get("TROUPE_IT_POSTGRES_PORT", "15434"))
# Under /tmp: as root the cluster runs as the system user troupe-pg, which cannot enter a checkout under /root.
PG_DIR = Path(f"/tmp/troupe-it-pg-{PG_PORT}")
SYNAPSE_PORT = int(os.environ.get("TROUPE_IT_SYNAPSE_PORT", "18008"))
AS_PORT = int(os.environ.get("TROUPE_IT_AS_PORT", "29334"))
IT_DIR = (REPO / os.environ.get("TROUPE_IT_DIR", "var/it")).resolve()
DOMAIN = "localhost"
BOT = f"@troupe:{DOMAIN}"
EXTRA_AGENT = "x"  # configured in the test config: @troupe_x:localhost is an agent user troupe owns
FAKE_CLI = REPO / "Tests" / "Fixtures" / "fake-cli" / "claude"
CANARY_NAME, CANARY_VALUE = "TROUPE_TELEGRAM_TOKEN_IT_CANARY", "canary-secret-0d1f"
FAKE_RECORD_FILE = IT_DIR / "fake-record.log"  # the fake CLI appends every invocation's argv here
FAKE_PIDS_FILE = IT_DIR / "fake-pids"  # ... and its pid (and a hanging grandchild's) here
FAKE_DELAY_S = "0.4"  # seconds between the lines of scenario:slow
EDIT_INTERVAL_MS = 200  # streaming.edit_interval_ms: quick edits keep the tests fast
PICKLE_KEY = "troupe-integration-tests-pickle-key-".ljust(64, "0")  # encryption.pickle_key: 64 characters
READY_LINE = "troupe ready"
READY_TIMEOUT = 60.0

PASSWORDS = {"alice": "alice-it-password", "admin": "admin-it-password", "blocked": "blocked-it-password",
             "carol": "carol-it-password"}  # carol resets her cross-signing identity (test_encryption_element.py)
PERMISSIONS = {"*": "none", DOMAIN: "user", f"@admin:{DOMAIN}": "admin", f"@blocked:{DOMAIN}": "none"}


# --------------------------------------------------------------------------------------------------
# small utilities
# --------------------------------------------------------------------------------------------------
def tail(path: Path, lines: int = 60) -> str:
    try:
        data = path.read_text(errors="replace").splitlines()
    except FileNotFoundError:
        return f"({path} does not exist)"
    return "\n".join(data[-lines:])


def run_cmd(args: list[str], timeout: float = 120, check: bool = True, **kw: Any) -> subprocess.CompletedProcess:
    """Runs a command with a bounded time; returns the CompletedProcess (text, stdout+stderr captured)."""
    try:
        cp = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=timeout, **kw)
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"command timed out after {timeout} s: {' '.join(map(str, args))}\n"
                    f"stdout: {e.stdout}\nstderr: {e.stderr}")
    if check and cp.returncode != 0:
        pytest.fail(f"command failed ({cp.returncode}): {' '.join(map(str, args))}\n"
                    f"stdout:\n{cp.stdout}\nstderr:\n{cp.stderr}")
    return cp


def psql_bin() -> str:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"), key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    return str(found[-1]) if found else "psql"


def psql_rows(uri: str, sql: str) -> list[tuple]:
    """A query through psql (unaligned, NUL-free separators): ints as int, bytea (\\x…) as bytes, NULL as None."""
    out = run_cmd([psql_bin(), "-X", "-A", "-t", "-F", "\x1f", "-R", "\x1e", "-P", "null=\x1d", "-d", uri, "-c", sql],
                  timeout=30).stdout

    def value(cell: str):
        if cell == "\x1d":
            return None
        if cell.startswith("\\x"):
            try:
                return bytes.fromhex(cell[2:])
            except ValueError:
                return cell
        if cell.lstrip("-").isdigit():
            return int(cell)
        return cell

    return [tuple(value(c) for c in row.split("\x1f")) for row in out.rstrip("\n").split("\x1e") if row != ""]


def start_postgres() -> str:
    """Starts the session's throw-away cluster with an empty database `troupe_it`; returns its URI."""
    run_cmd([PG_CLUSTER, "stop", "--dir", PG_DIR], timeout=60, check=False, cwd=REPO)
    shutil.rmtree(PG_DIR, ignore_errors=True)
    out = run_cmd([PG_CLUSTER, "start", "--dir", PG_DIR, "--port", str(PG_PORT), "--db", "troupe_it"], timeout=180,
                  cwd=REPO).stdout
    uri = next((line for line in out.splitlines() if line.startswith("postgres://")), "")
    assert uri, f"scripts/pg-cluster.sh printed no URI:\n{out}"
    return uri


def stop_postgres() -> None:
    run_cmd([PG_CLUSTER, "stop", "--dir", PG_DIR], timeout=60, check=False, cwd=REPO)


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((host, port)) == 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def dump_yaml(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


@dataclass
class HTTPResult:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    @property
    def errcode(self) -> str | None:
        j = self.json
        return j.get("errcode") if isinstance(j, dict) else None

    def __str__(self) -> str:
        return f"HTTP {self.status} {self.headers} {self.body[:300]!r}"


def http_request(method: str, port: int, path: str, body: bytes | None = None,
                 headers: dict[str, str] | None = None, timeout: float = 15) -> HTTPResult:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        hdrs = dict(headers or {})
        if body is not None:
            hdrs.setdefault("Content-Type", "application/json")
        # http.client adds Content-Length for bytes bodies (also 0 for b"").
        conn.request(method, path, body=body, headers=hdrs)
        resp = conn.getresponse()
        data = resp.read()
        return HTTPResult(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)
    finally:
        conn.close()


# --------------------------------------------------------------------------------------------------
# processes
# --------------------------------------------------------------------------------------------------
class Synapse:
    def __init__(self, directory: Path, port: int, registration: Path):
        self.dir, self.port, self.registration = directory, port, registration
        self.url = f"http://127.0.0.1:{port}"
        self.log = directory / "homeserver.log"

    def _script(self, *args: str, timeout: float = 150, check: bool = True) -> subprocess.CompletedProcess:
        return run_cmd([DEV_HS, *args], timeout=timeout, check=check, cwd=REPO)

    def start(self) -> None:
        self._script("start", "--dir", str(self.dir), "--port", str(self.port), "--server-name", DOMAIN,
                     "--registration", str(self.registration))

    def stop(self) -> None:
        self._script("stop", "--dir", str(self.dir), timeout=60, check=False)

    def running(self) -> bool:
        return self._script("status", "--dir", str(self.dir), timeout=30, check=False).returncode == 0

    def register(self, user: str, password: str, admin: bool = False) -> None:
        args = ["register", "--dir", str(self.dir), "--port", str(self.port), user, password]
        if admin:
            args.append("--admin")
        self._script(*args, timeout=60)


class Troupe:
    """`troupe run -c CONFIG`, output appended to LOG, pid in PIDFILE (so scripts/test.sh can clean up)."""

    def __init__(self, binary: Path, config: Path, log: Path, pidfile: Path):
        self.binary, self.config, self.log, self.pidfile = binary, config, log, pidfile
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    def start(self, extra_env: dict[str, str] | None = None, timeout: float = READY_TIMEOUT) -> None:
        assert not self.alive(), "troupe is already running"
        env = {k: v for k, v in os.environ.items() if not k.startswith("TROUPE_DEBUG_")}
        env.update(extra_env or {})
        env["TROUPE_BIN"] = str(self.binary)  # the fake CLI's scenario:delegate runs `$TROUPE_BIN ask …`
        env[CANARY_NAME] = CANARY_VALUE  # a stand-in secret: test_safety checks no agent CLI ever sees it
        self.starts += 1
        with self.log.open("a") as f:
            f.write(f"\n==== troupe start #{self.starts} {time.strftime('%H:%M:%S')} env={extra_env or {}} ====\n")
            offset = f.tell()
        logf = self.log.open("ab")
        try:
            self.proc = subprocess.Popen([str(self.binary), "run", "-c", str(self.config)], cwd=REPO, env=env,
                                         stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT)
        finally:
            logf.close()
        self.pidfile.write_text(f"{self.proc.pid}\n")
        deadline = time.monotonic() + timeout
        while True:
            with self.log.open("rb") as f:
                f.seek(offset)
                if READY_LINE.encode() in f.read():
                    return
            code = self.proc.poll()
            if code is not None:
                pytest.fail(f"troupe run exited with {code} before printing '{READY_LINE}'.\n"
                            f"--- {self.log} (tail) ---\n{tail(self.log)}")
            if time.monotonic() >= deadline:
                self.kill()
                pytest.fail(f"troupe run did not print '{READY_LINE}' within {timeout:g} s.\n"
                            f"--- {self.log} (tail) ---\n{tail(self.log)}")
            time.sleep(0.1)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL, as in a crash."""
        if self.alive():
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=15)

    def terminate(self, timeout: float = 15) -> int | None:
        """SIGTERM and wait; returns the exit code, or None if it had to be SIGKILLed."""
        if not self.alive():
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def restart(self, extra_env: dict[str, str] | None = None) -> None:
        self.kill()
        self.start(extra_env)


@dataclass
class Stack:
    dir: Path
    binary: Path
    config_path: Path
    registration_path: Path
    synapse: Synapse
    troupe: Troupe
    config: dict = field(default_factory=dict)

    hs_url: str = ""
    as_port: int = AS_PORT
    bot: str = BOT
    domain: str = DOMAIN

    @property
    def hs_token(self) -> str:
        return self.config["appservice"]["hs_token"]

    @property
    def as_token(self) -> str:
        return self.config["appservice"]["as_token"]

    @property
    def db_path(self) -> Path:
        uri = str((self.config.get("database") or {}).get("uri") or "troupe.db")
        if uri.startswith("sqlite://"):
            uri = uri[len("sqlite://"):]
        if uri.startswith("file:"):
            uri = uri[len("file:"):].split("?", 1)[0]
        p = Path(uri)
        return p if p.is_absolute() else self.config_path.parent / p

    @property
    def postgres_uri(self) -> str | None:
        database = self.config.get("database") or {}
        return str(database["uri"]) if database.get("type") == "postgres" else None

    def db_rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Rows of a read-only query on troupe's database, SQLite or PostgreSQL alike (`?` placeholders; values
        are the tests' own). PostgreSQL's values come back as psql prints them: integers as int, bytea as bytes,
        NULL as None, the rest as str."""
        uri = self.postgres_uri
        if uri is None:
            with sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=10) as db:
                return db.execute(sql, params).fetchall()
        for value in params:
            sql = sql.replace("?", "'" + str(value).replace("'", "''") + "'", 1)
        return psql_rows(uri, sql)

    def user_id(self, name: str) -> str:
        return f"@{name}:{self.domain}"

    def password(self, name: str) -> str:
        return PASSWORDS[name]

    def login(self, name: str):
        from matrix_client import Client
        return Client.login(self.hs_url, self.user_id(name), PASSWORDS[name])


_STACK: Stack | None = None


# --------------------------------------------------------------------------------------------------
# fixtures
# --------------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def troupe_bin() -> Path:
    p = Path(os.environ.get("TROUPE_BIN", REPO / ".build" / "debug" / "troupe"))
    if not p.is_absolute():
        p = REPO / p
    if not (p.is_file() and os.access(p, os.X_OK)):
        pytest.fail(f"troupe binary not found at {p}: build it (swift build) or set TROUPE_BIN")
    return p


def kill_stray_fakes() -> int:
    """SIGKILLs what the fake CLI left running after troupe was SIGKILLed (a hanging turn's process group), by the
    pids it recorded in FAKE_PIDS_FILE, checked to still belong to a fake started for these tests. Returns how
    many process groups it signalled."""
    try:
        pids = {int(x) for x in FAKE_PIDS_FILE.read_text().split() if x.isdigit()}
    except OSError:
        return 0
    marker = f"FAKE_PIDFILE={FAKE_PIDS_FILE}".encode()
    killed = 0
    for pid in sorted(pids):
        try:
            if marker not in Path(f"/proc/{pid}/environ").read_bytes():
                continue  # gone, or the pid was reused by something else
            pgid = os.getpgid(pid)
            if pgid == pid:  # the fake leads its own process group (troupe starts it so): take the tree
                os.killpg(pgid, signal.SIGKILL)
            else:
                os.kill(pid, signal.SIGKILL)
            killed += 1
        except OSError:
            pass
    return killed


def _cleanup_previous_run() -> None:
    """Stops what an earlier (crashed) session left behind in IT_DIR, by its recorded pids, then wipes it."""
    pidfile = IT_DIR / "troupe.pid"
    if pidfile.exists():
        try:
            pid = int(pidfile.read_text().strip())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            if b"troupe" in cmdline and b" run " in cmdline:
                os.kill(pid, signal.SIGKILL)
        except (ValueError, OSError):
            pass
    if (IT_DIR / "synapse").exists():
        run_cmd([DEV_HS, "stop", "--dir", IT_DIR / "synapse"], timeout=60, check=False, cwd=REPO)
    kill_stray_fakes()
    shutil.rmtree(IT_DIR, ignore_errors=True)
    IT_DIR.mkdir(parents=True)


def _fake_provider() -> Path:
    """An executable that stands in for a provider CLI that is not installed (so `troupe doctor` can pass)."""
    p = IT_DIR / "bin" / "fake-provider"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text("#!/bin/sh\n# stand-in for a provider CLI in the integration tests\ncat >/dev/null\nexit 0\n")
    p.chmod(0o755)
    return p


def prepare_config(config_path: Path, as_port: int) -> dict:
    """Edits a fresh `troupe init` config for the tests; returns the edited config."""
    cfg = load_yaml(config_path)
    assert isinstance(cfg, dict), f"{config_path} is not a YAML mapping"
    aps = cfg.setdefault("appservice", {})
    aps["address"] = f"http://127.0.0.1:{as_port}"
    aps["hostname"] = "127.0.0.1"
    aps["port"] = as_port
    cfg["permissions"] = dict(PERMISSIONS)
    agents = cfg.get("agents")
    if not isinstance(agents, dict):
        agents = cfg["agents"] = {}
    main = agents.get("main") if isinstance(agents.get("main"), dict) else {}
    # A second agent, so that @<prefix>x is a user troupe owns (the user query test).
    agents.setdefault(EXTRA_AGENT, {"provider": main.get("provider", "claude")})
    cfg["streaming"] = {**(cfg.get("streaming") or {}), "edit_interval_ms": EDIT_INTERVAL_MS}
    # Every agent gets its own olm device (test_encryption.py); rooms stay unencrypted unless a test makes one.
    # `troupe init` writes default: true (agents' own rooms encrypted); the plain-client tests need them unencrypted.
    cfg["encryption"] = {**(cfg.get("encryption") or {}), "allow": True, "default": False, "pickle_key": PICKLE_KEY}
    # The control API (troupe ask / troupe mcp) on a free port, so parallel sessions do not collide.
    control_port = int(os.environ.get("TROUPE_IT_CONTROL_PORT", "0")) or free_port()
    cfg["control"] = {**(cfg.get("control") or {}), "hostname": "127.0.0.1", "port": control_port}
    # The webhook listener (test_webhooks.py) on a free port, with a small body limit to test 413 cheaply.
    automation = cfg["automation"] = dict(cfg.get("automation") or {})
    automation["webhooks"] = {**(automation.get("webhooks") or {}), "enabled": True, "hostname": "127.0.0.1",
                              "port": free_port(), "max_body_bytes": 65536}
    # Prometheus metrics (test_metrics.py) on a free port.
    cfg["metrics"] = {**(cfg.get("metrics") or {}), "enabled": True, "hostname": "127.0.0.1", "port": free_port()}
    providers = cfg.get("providers")
    if not isinstance(providers, dict):
        providers = {}
    # Claude is the fake CLI that speaks Claude Code's stream-json (an executable, so `troupe doctor` passes).
    claude = providers.get("claude") if isinstance(providers.get("claude"), dict) else {}
    providers["claude"] = {**claude, "command": str(FAKE_CLI), "env": {
        "FAKE_RECORD": str(FAKE_RECORD_FILE), "FAKE_PIDFILE": str(FAKE_PIDS_FILE), "FAKE_DELAY": FAKE_DELAY_S}}
    # Other providers whose CLI is not installed here point at a stand-in, so `troupe doctor` can pass.
    names = set(providers) | {a.get("provider", "claude") for a in agents.values() if isinstance(a, dict)}
    for name in sorted(names):
        prov = providers.get(name) if isinstance(providers.get(name), dict) else {}
        if prov.get("base_url"):
            continue  # an HTTP provider: no executable
        if not shutil.which(str(prov.get("command") or name)):
            providers[name] = {**prov, "command": str(_fake_provider())}
    if providers:
        cfg["providers"] = providers
    dump_yaml(config_path, cfg)
    return cfg


def fake_runs() -> list[dict]:
    """Every fake CLI run so far (FAKE_RECORD), oldest first: its argv, prompt (stdin), agent, chat and the names of
    all variables in its environment."""
    runs: list[dict] = []
    try:
        lines = FAKE_RECORD_FILE.read_text(errors="replace").splitlines()
    except FileNotFoundError:
        return runs
    for line in lines:
        if line.startswith("--- "):
            runs.append({"argv": [], "prompt": None, "agent": "", "chat": "", "envnames": []})
        elif not runs:
            continue
        elif line.startswith("argv "):
            runs[-1]["argv"].append(line[len("argv "):])
        elif line.startswith("stdin "):
            runs[-1]["prompt"] = line[len("stdin "):].replace("\\n", "\n")
        elif line.startswith("env TROUPE_AGENT="):
            runs[-1]["agent"] = line.split("=", 1)[1]
        elif line.startswith("env TROUPE_CHAT="):
            runs[-1]["chat"] = line.split("=", 1)[1]
        elif line.startswith("envnames "):
            runs[-1]["envnames"] = line[len("envnames "):].split()
    return runs


def resume_of(argv: list[str]) -> str | None:
    """The session a fake Claude run resumed (`--resume=ID`), if any."""
    return next((a[len("--resume="):] for a in argv if a.startswith("--resume=")), None)


@pytest.fixture(scope="session")
def stack(troupe_bin: Path) -> Stack:
    global _STACK
    _cleanup_previous_run()
    for port, what in ((SYNAPSE_PORT, "Synapse (TROUPE_IT_SYNAPSE_PORT)"), (AS_PORT, "troupe (TROUPE_IT_AS_PORT)")):
        if port_open(port):
            pytest.fail(f"port {port} for {what} is already in use on 127.0.0.1")

    hs_url = f"http://127.0.0.1:{SYNAPSE_PORT}"
    config_path = IT_DIR / "config.yaml"
    registration_path = IT_DIR / "registration.yaml"
    run_cmd([troupe_bin, "init", "-c", config_path, "--homeserver", hs_url, "--domain", DOMAIN], timeout=60,
            cwd=REPO)
    assert config_path.is_file(), "troupe init wrote no config"
    cfg = prepare_config(config_path, AS_PORT)
    if DATABASE == "postgres":
        cfg["database"] = {"type": "postgres", "uri": start_postgres(), "max_open_conns": 8}
        dump_yaml(config_path, cfg)
    else:
        assert DATABASE == "sqlite", f"TROUPE_IT_DATABASE must be sqlite or postgres, not {DATABASE!r}"
    run_cmd([troupe_bin, "registration", "-c", config_path, "-o", registration_path], timeout=60, cwd=REPO)
    assert registration_path.is_file(), "troupe registration wrote no file"

    synapse = Synapse(IT_DIR / "synapse", SYNAPSE_PORT, registration_path)
    troupe = Troupe(troupe_bin, config_path, IT_DIR / "troupe.log", IT_DIR / "troupe.pid")
    st = Stack(IT_DIR, troupe_bin, config_path, registration_path, synapse, troupe, cfg, hs_url=hs_url)
    _STACK = st
    try:
        synapse.start()
        for name in PASSWORDS:
            synapse.register(name, PASSWORDS[name], admin=(name == "admin"))
        troupe.start()
        yield st
    finally:
        _STACK = None
        code = troupe.terminate()
        if code not in (0, None) and troupe.proc is not None:
            print(f"\n[it] troupe exited with {code} on SIGTERM at the end of the session", file=sys.stderr)
        kill_stray_fakes()
        synapse.stop()
        if DATABASE == "postgres":
            stop_postgres()


@pytest.fixture
def live(stack: Stack) -> Stack:
    """The session stack, checked to be up before the test; fails the test if troupe died during it."""
    if not stack.synapse.running():
        stack.synapse.start()
    if not stack.troupe.alive():
        print(f"[it] troupe was not running (exit {stack.troupe.proc.returncode}); restarting", file=sys.stderr)
        stack.troupe.start()
    yield stack
    if not stack.troupe.alive():
        code = stack.troupe.proc.returncode if stack.troupe.proc else None
        log = tail(stack.troupe.log)
        stack.troupe.start()  # leave a running stack for the next test
        pytest.fail(f"troupe exited ({code}) during the test\n--- troupe log (tail) ---\n{log}")


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres: needs TROUPE_IT_DATABASE=postgres (scripts/test.sh runs them in its PostgreSQL pass)")


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` are deselected (counted as such in pytest's summary, never skipped) on SQLite."""
    if DATABASE == "postgres":
        return
    kept = [item for item in items if item.get_closest_marker("postgres") is None]
    dropped = [item for item in items if item.get_closest_marker("postgres") is not None]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.failed and _STACK is not None and rep.when in ("setup", "call"):
        rep.sections.append(("troupe log (last 40 lines)", tail(_STACK.troupe.log, 40)))
        rep.sections.append(("synapse log (last 25 lines)", tail(_STACK.synapse.log, 25)))
