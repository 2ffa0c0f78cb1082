"""scripts/demo.sh as a newcomer runs it: prerequisites first, the build only when Sources/ changed, the main agent
picked from what is installed, and a Synapse that Ctrl-C stops.

The build checks run the script in a temporary tree with a fake `swift` and a fake troupe (which stops the demo at
`troupe init`), so they take a second. The two full runs start the real script with TROUPE_BIN, their own
TROUPE_DEMO_DIR and free ports: one with nothing installed, one with a fake OpenAI-compatible server in Ollama's
place. Each waits for "troupe ready", checks what the demo user sees, then sends SIGINT to the demo's process group
as Ctrl-C does, and checks that the demo's Synapse is gone.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from conftest import BOT, DEV_HS, READY_LINE, REPO, free_port, run_cmd, tail
from matrix_client import Client, is_edit, run

DEMO = REPO / "scripts" / "demo.sh"
CLIS = ("claude", "codex", "gemini")
INSTALL_COMMANDS = ("npm install -g @anthropic-ai/claude-code", "npm install -g @openai/codex",
                    "npm install -g @google/gemini-cli")
PREREQUISITES = ("checking prerequisites", "✓ python3: Python", "✓ system packages:", "✓ port ")
DEMO_TIMEOUT = 75.0  # seconds from start to "troupe ready" (Synapse's first start generates keys)


def path_without(*commands: str) -> str:
    """PATH without the entries that hold any of commands (so the demo cannot find an installed agent CLI)."""
    kept = [d for d in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep)
            if d and not any(os.access(os.path.join(d, c), os.X_OK) for c in commands)]
    path = os.pathsep.join(kept)
    for tool in ("bash", "find", "sed", "python3"):
        assert shutil.which(tool, path=path), f"{tool} shares a PATH entry with one of {commands}: cannot hide them"
    return path


def outside_env() -> dict[str, str]:
    """This process's environment without the demo's own settings, which each test sets."""
    return {k: v for k, v in os.environ.items() if not k.startswith("TROUPE_DEMO_") and k != "TROUPE_BIN"}


def lines_before(output: str, marker: str, expected: tuple[str, ...]) -> None:
    """Each expected text appears in output, before marker."""
    assert marker in output, f"{marker!r} is not in the output:\n{output}"
    cut = output.index(marker)
    for text in expected:
        assert text in output, f"{text!r} is not in the output:\n{output}"
        assert output.index(text) < cut, f"{text!r} comes after {marker!r}:\n{output}"


# --------------------------------------------------------------------------------------------------
# the build step, in a temporary tree
# --------------------------------------------------------------------------------------------------
FAKE_SWIFT = """#!/bin/bash
# fake swift: answers --version, records `swift build` and "builds" a troupe that stops the demo at init
case "$1" in
  --version) echo "Swift version 6.0.3 (fake)"; exit 0 ;;
  build) echo "build $*" >>"$FAKE_SWIFT_LOG"; mkdir -p .build/debug
         printf '#!/bin/sh\\necho "fake troupe $*" >&2; exit 7\\n' >.build/debug/troupe; chmod +x .build/debug/troupe ;;
esac
"""
FAKE_SETUP = """#!/bin/bash
[[ "${1:-}" == --missing-apt ]] && exit 0
echo "[setup] fake setup" >&2
"""


@pytest.fixture
def tree(tmp_path: Path) -> dict:
    """A copy of the demo script in a tree with Sources/, Package.swift, a fake setup.sh and a fake swift."""
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    shutil.copy2(DEMO, root / "scripts" / "demo.sh")
    (root / "scripts" / "setup.sh").write_text(FAKE_SETUP)
    (root / "scripts" / "setup.sh").chmod(0o755)
    (root / "Sources" / "troupe").mkdir(parents=True)
    (root / "Sources" / "troupe" / "Main.swift").write_text("// a source\n")
    (root / "Package.swift").write_text("// the package\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "swift").write_text(FAKE_SWIFT)
    (bin_dir / "swift").chmod(0o755)
    log = tmp_path / "swift.log"
    env = {**outside_env(), "PATH": f"{bin_dir}{os.pathsep}{path_without('swift', *CLIS)}", "FAKE_SWIFT_LOG": str(log),
           "TROUPE_DEMO_PORT": str(free_port()), "TROUPE_DEMO_AS_PORT": str(free_port()),
           "TROUPE_DEMO_CONTROL_PORT": str(free_port()), "TROUPE_DEMO_DIR": str(tmp_path / "demo")}
    return {"root": root, "env": env, "log": log, "bin": bin_dir}


def start(tree: dict, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return run_cmd([tree["root"] / "scripts" / "demo.sh", *args], timeout=60, check=False,
                   env=env or tree["env"], cwd=tree["root"], stdin=subprocess.DEVNULL)


def builds(tree: dict) -> int:
    return len(tree["log"].read_text().splitlines()) if tree["log"].exists() else 0


def test_prerequisites_come_first_and_a_second_start_skips_the_build(tree: dict):
    first = start(tree)
    out = first.stdout + first.stderr
    # The fake troupe stops the demo at init; everything before it ran.
    assert first.returncode != 0 and "fake troupe init" in out, out
    lines_before(out, "building troupe (swift build): the first build takes 5-10 minutes",
                 PREREQUISITES + ("✓ Swift: Swift version 6.0.3",))
    assert builds(tree) == 1

    second = start(tree)
    out = second.stdout + second.stderr
    assert "no build needed" in out and "building troupe" not in out, out
    lines_before(out, "fake troupe init", PREREQUISITES)
    assert "Swift:" not in out, "a start that does not build needs no toolchain check"
    assert builds(tree) == 1, "the second start ran swift build"

    # A changed source file brings the build back, and names the file.
    source = tree["root"] / "Sources" / "troupe" / "Main.swift"
    later = time.time() + 5
    os.utime(source, (later, later))
    third = start(tree)
    out = third.stdout + third.stderr
    assert "building troupe (swift build): Sources/troupe/Main.swift changed since the last build" in out, out
    assert builds(tree) == 2


def test_check_fresh_compares_the_binary_with_sources_and_package_swift(tree: dict):
    check = lambda: start(tree, "--check-fresh")  # noqa: E731
    missing = check()
    assert missing.returncode == 1 and missing.stdout.startswith("missing:"), missing.stdout
    binary = tree["root"] / ".build" / "debug" / "troupe"
    binary.parent.mkdir(parents=True)
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    now = time.time()
    os.utime(binary, (now + 10, now + 10))
    fresh = check()
    assert fresh.returncode == 0 and fresh.stdout.startswith("fresh:"), fresh.stdout
    package = tree["root"] / "Package.swift"
    os.utime(package, (now + 20, now + 20))
    stale = check()
    assert stale.returncode == 1 and f"stale: {package} is newer" in stale.stdout, stale.stdout
    # A file deleted from Sources/ changes its folder, which counts too.
    os.utime(package, (now, now))
    (tree["root"] / "Sources" / "troupe" / "Main.swift").unlink()
    os.utime(tree["root"] / "Sources" / "troupe", (now + 30, now + 30))
    assert check().returncode == 1


def test_every_missing_prerequisite_is_named_before_anything_runs(tree: dict):
    busy = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    try:
        env = {**tree["env"], "PATH": path_without("swift", *CLIS), "TROUPE_DEMO_PORT": str(busy.server_port)}
        cp = start(tree, env=env)
    finally:
        busy.server_close()
    out = cp.stdout + cp.stderr
    assert cp.returncode == 1, out
    assert "✗ Swift: 'swift' is not on PATH; install Swift 6.x" in out, out
    assert f"✗ port {busy.server_port}: in use by another program" in out and "TROUPE_DEMO_PORT=" in out, out
    assert "✓ python3: Python" in out, "the checks go on after a failure, so every problem shows at once"
    assert "fix the lines marked ✗ above" in out and "[setup]" not in out and "building" not in out, out
    assert builds(tree) == 0


# --------------------------------------------------------------------------------------------------
# the agent choice (scripts/demo-config.py) on a config as `troupe init` writes it
# --------------------------------------------------------------------------------------------------
def choose(config: Path, path: str, **env: str) -> subprocess.CompletedProcess:
    env = {**outside_env(), "PATH": path, "TROUPE_DEMO_OLLAMA_URL": f"http://127.0.0.1:{free_port()}", **env}
    return run_cmd([REPO / ".venv" / "bin" / "python", REPO / "scripts" / "demo-config.py", "agent", config], env=env,
                   timeout=30)


def test_the_agent_choice_honours_the_config_and_keeps_a_hand_made_main_agent(troupe_bin: Path, tmp_path: Path):
    config = tmp_path / "config.yaml"
    run_cmd([troupe_bin, "init", "-c", config], timeout=60)
    generated = config.read_text()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("codex", "gemini"):
        (bin_dir / name).write_text("#!/bin/sh\n")
        (bin_dir / name).chmod(0o755)
    path = f"{bin_dir}{os.pathsep}{path_without(*CLIS)}"

    # The first CLI found (codex before gemini) becomes the main agent; the rest of the file stays as it was.
    first = choose(config, path)
    assert f"main agent:  codex (Codex, {bin_dir / 'codex'})" in first.stdout, first.stdout + first.stderr
    assert yaml.safe_load(config.read_text())["agents"]["main"] == {"provider": "codex"}
    assert config.read_text() == generated.replace("\n    provider: claude\n", "\n    provider: codex\n", 1)
    # Chosen once, kept: a later start with claude installed does not switch, and reports what is configured.
    shutil.copy2(bin_dir / "codex", bin_dir / "claude")
    again = choose(config, path)
    assert "is set (provider codex); keeping it" in again.stderr and "main agent:  codex" in again.stdout
    assert yaml.safe_load(config.read_text())["agents"]["main"] == {"provider": "codex"}

    # providers.claude.command pointing elsewhere counts as installed (and as the user's choice): the banner names it.
    elsewhere = tmp_path / "opt" / "claude-code"
    elsewhere.parent.mkdir()
    shutil.copy2(bin_dir / "codex", elsewhere)
    config.write_text(generated + f"providers:\n  claude:\n    command: {elsewhere}\n")
    named = choose(config, path_without(*CLIS))
    assert f"main agent:  claude (Claude Code, {elsewhere})" in named.stdout, named.stdout + named.stderr
    assert "not on PATH" not in named.stderr
    elsewhere.unlink()
    missing = choose(config, path_without(*CLIS))
    assert f"`{elsewhere}` is not installed: npm install -g @anthropic-ai/claude-code" in missing.stdout, missing.stdout


def test_a_server_named_by_troupe_demo_openai_url_comes_before_installed_clis(troupe_bin: Path, tmp_path: Path):
    config = tmp_path / "config.yaml"
    run_cmd([troupe_bin, "init", "-c", config], timeout=60)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "claude").write_text("#!/bin/sh\n")
    (bin_dir / "claude").chmod(0o755)
    server = FakeOpenAI()
    try:
        cp = choose(config, f"{bin_dir}{os.pathsep}{path_without(*CLIS)}", TROUPE_DEMO_OPENAI_URL=f"{server.url}/v1/")
    finally:
        server.close()
    assert f"main agent:  openai: model {FakeOpenAI.MODEL} at {server.url}/v1" in cp.stdout, cp.stdout + cp.stderr
    cfg = yaml.safe_load(config.read_text())
    assert cfg["agents"]["main"] == {"provider": "openai", "model": FakeOpenAI.MODEL}
    assert cfg["providers"] == {"openai": {"base_url": f"{server.url}/v1"}}


# --------------------------------------------------------------------------------------------------
# full runs against a real Synapse
# --------------------------------------------------------------------------------------------------
class FakeOpenAI:
    """An OpenAI-compatible server as Ollama serves it: GET /v1/models, streaming POST /v1/chat/completions."""

    MODEL = "fake-model:latest"

    def __init__(self) -> None:
        self.prompts: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def reply(self, status: int, body: bytes, content_type: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802
                if self.path == "/v1/models":
                    self.reply(200, json.dumps({"object": "list", "data": [{"id": outer.MODEL}]}).encode())
                else:
                    self.reply(404, b"{}")

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                if self.path != "/v1/chat/completions" or body.get("model") != outer.MODEL:
                    self.reply(404, json.dumps({"error": {"message": f"no {self.path} for {body.get('model')}"}}).encode())
                    return
                outer.prompts.append(str((body.get("messages") or [{}])[-1].get("content")))
                chunks = [{"choices": [{"delta": {"content": "fake answer "}}]},
                          {"choices": [{"delta": {"content": "from the local server"}, "finish_reason": "stop"}]}]
                sse = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks) + "data: [DONE]\n\n"
                self.reply(200, sse.encode(), "text/event-stream")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class DemoRun:
    """scripts/demo.sh in the foreground of its own process group, output in a file."""

    def __init__(self, directory: Path, troupe_bin: Path, env: dict[str, str]):
        self.dir = directory
        self.port = free_port()
        self.log = directory.parent / f"{directory.name}.log"
        self.env = {**outside_env(), "TROUPE_BIN": str(troupe_bin), "TROUPE_DEMO_DIR": str(directory),
                    "TROUPE_DEMO_PORT": str(self.port), "TROUPE_DEMO_AS_PORT": str(free_port()),
                    "TROUPE_DEMO_CONTROL_PORT": str(free_port()), "PATH": path_without(*CLIS),
                    "TROUPE_DEMO_OLLAMA_URL": f"http://127.0.0.1:{free_port()}", **env}
        self.proc: subprocess.Popen | None = None

    @property
    def hs(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def start(self) -> None:
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen([str(DEMO)], cwd=REPO, env=self.env, stdin=subprocess.DEVNULL, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + DEMO_TIMEOUT
        while READY_LINE not in self.output:
            if self.proc.poll() is not None:
                pytest.fail(f"the demo exited with {self.proc.returncode} before '{READY_LINE}':\n{self.output}")
            if time.monotonic() > deadline:
                pytest.fail(f"no '{READY_LINE}' within {DEMO_TIMEOUT:g} s:\n{self.output}")
            time.sleep(0.2)

    def password(self) -> str:
        lines = (self.dir / "credentials.txt").read_text().splitlines()
        creds = dict(line.split(": ", 1) for line in lines if ": " in line)
        assert creds["user"] == "@demo:localhost" and creds["homeserver"] == self.hs, creds
        return creds["password"]

    def synapse_running(self) -> bool:
        return run_cmd([DEV_HS, "status", "--dir", self.dir / "synapse"], timeout=30, check=False).returncode == 0

    def interrupt(self) -> int:
        """Ctrl-C: SIGINT to the whole foreground process group; returns the demo's exit status."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGINT)
        try:
            return self.proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            pytest.fail(f"the demo did not stop within 40 s of SIGINT:\n{tail(self.log)}")

    def cleanup(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=15)
        subprocess.run([str(DEMO), "stop"], cwd=REPO, env=self.env, capture_output=True, timeout=60)


@pytest.fixture
def demo_runs(tmp_path: Path):
    runs: list[DemoRun] = []
    yield runs
    for r in runs:
        r.cleanup()


def stop_and_check(demo: DemoRun) -> None:
    assert demo.synapse_running(), "the demo's Synapse is not running while the demo is"
    code = demo.interrupt()
    assert code in (0, 130), f"the demo exited with {code} on Ctrl-C:\n{tail(demo.log)}"
    assert not demo.synapse_running(), f"Ctrl-C left the demo's Synapse running:\n{tail(demo.log)}"


def test_with_nothing_installed_the_demo_says_what_to_install(troupe_bin: Path, tmp_path: Path, demo_runs: list):
    demo = DemoRun(tmp_path / "nothing", troupe_bin, {})
    demo_runs.append(demo)
    demo.start()
    out = demo.output
    lines_before(out, "writing ", PREREQUISITES + ("✓ troupe: ",))
    assert "[setup]" not in out.split("checking prerequisites")[0], "setup ran before the prerequisite checks"
    for command in INSTALL_COMMANDS:
        assert command in out, f"{command!r} is not in the output:\n{out}"
    config = (demo.dir / "config.yaml").resolve()
    assert f"agents.main.provider (and providers.<name>.command) in {config}" in out, out
    assert "main agent:  claude, not installed" in out
    assert f'"Edit" next to the homeserver, enter {demo.hs}' in out
    cfg = yaml.safe_load(config.read_text())
    assert cfg["agents"]["main"] == {"provider": "claude"}, "nothing found must leave the generated main agent alone"
    assert cfg["permissions"]["@demo:localhost"] == "admin"

    async def invited() -> None:  # the banner's credentials work, and the bot invites the user to its room
        async with await Client.login(demo.hs, "@demo:localhost", demo.password()) as c:
            await c.wait_for_invite(BOT, timeout=30)
    run(invited(), timeout=60)
    stop_and_check(demo)


def test_a_local_openai_server_becomes_the_main_agent(troupe_bin: Path, tmp_path: Path, demo_runs: list):
    server = FakeOpenAI()
    try:
        demo = DemoRun(tmp_path / "ollama", troupe_bin, {"TROUPE_DEMO_OLLAMA_URL": server.url})
        demo_runs.append(demo)
        # A config as `troupe init` writes it (so the demo still picks the agent), with the agents' rooms unencrypted
        # so that this test's plain client can read the welcome.
        config = demo.dir / "config.yaml"
        run_cmd([troupe_bin, "init", "-c", config, "--homeserver", demo.hs, "--domain", "localhost"], timeout=60)
        text = config.read_text()
        assert text.count("\n  default: true\n") == 1, "troupe init no longer writes encryption.default: true"
        config.write_text(text.replace("\n  default: true\n", "\n  default: false\n"))
        demo.start()
        out = demo.output
        base = f"{server.url}/v1"
        assert f"main agent:  openai: model {FakeOpenAI.MODEL} at {base}" in out, out
        assert f"main agent: openai, model {FakeOpenAI.MODEL} at {base}, written to" in out, out
        cfg = yaml.safe_load(config.read_text())
        assert cfg["agents"]["main"] == {"provider": "openai", "model": FakeOpenAI.MODEL}, cfg["agents"]
        assert cfg["providers"]["openai"]["base_url"] == base, cfg.get("providers")
        text = config.read_text()
        assert "# A key of `providers` (built-ins: claude, codex, gemini, openai)." in text, "the edit lost comments"

        async def welcome_and_answer() -> None:
            async with await Client.login(demo.hs, "@demo:localhost", demo.password()) as c:
                room = await c.wait_for_invite(BOT, timeout=30)
                await c.join(room)
                welcome = (await c.wait_for_message(room, BOT, timeout=30))[0]
                body = welcome["content"]["body"]
                assert f"running on openai ({base}), model {FakeOpenAI.MODEL}" in body, body
                assert "not installed" not in body, body
                sent = await c.send_text(room, "hello from the demo test")
                answer = (await c.wait_for_message(room, BOT, lambda e: not is_edit(e), after=sent, timeout=30))[0]
                await c.wait_for_final_text(room, answer, lambda t: "fake answer from the local server" in t,
                                            "the local server's answer", timeout=30)
        run(welcome_and_answer(), timeout=90)
        assert any("hello from the demo test" in p for p in server.prompts), server.prompts
        stop_and_check(demo)

        # A second edit run changes nothing: the main agent is no longer the generated default.
        before = config.read_bytes()
        cp = run_cmd([REPO / ".venv" / "bin" / "python", REPO / "scripts" / "demo-config.py", "agent", config],
                     env={**demo.env, "TROUPE_DEMO_OLLAMA_URL": "http://127.0.0.1:9"}, timeout=30)
        assert config.read_bytes() == before
        assert f"main agent:  openai: model {FakeOpenAI.MODEL} at {base}" in cp.stdout, cp.stdout + cp.stderr
        assert "is set (provider openai); keeping it" in cp.stderr
    finally:
        server.close()
