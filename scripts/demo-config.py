"""The demo's edits to its troupe config, and the choice of its main agent (used by scripts/demo.sh).

    demo-config.py edit CONFIG --admin USER [--as-port N] [--control-port N]
        makes USER an admin; with the flags, moves troupe's listeners (for parallel runs and the tests)
    demo-config.py agent CONFIG
        picks the main agent's provider while agents.main is what `troupe init` wrote, reports it on stderr and
        prints the banner's "main agent" lines on stdout
    demo-config.py ports CONFIG
        prints troupe's appservice and control ports

Edits keep the file's comments: each changes or inserts single lines, and is kept only when the file then loads to
exactly the intended values (otherwise the file is rewritten from the parsed YAML, losing comments, and says so).
Running an edit twice changes nothing the second time.

Env (agent): TROUPE_DEMO_OPENAI_URL (an OpenAI-compatible server to try first, e.g. llama.cpp or vLLM),
TROUPE_DEMO_OLLAMA_URL (default http://127.0.0.1:11434).
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import sys
import urllib.request
from pathlib import Path

import yaml

CLIS = {  # provider → (tool, install command, how to log in)
    "claude": ("Claude Code", "npm install -g @anthropic-ai/claude-code", "run `claude` once to log in"),
    "codex": ("Codex", "npm install -g @openai/codex", "`codex login`"),
    "gemini": ("Gemini CLI", "npm install -g @google/gemini-cli", "run `gemini` once to log in"),
}
DEFAULT_MAIN = {"provider": "claude"}  # agents.main as `troupe init` writes it
MODEL_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$")  # ModelName.pattern in Sources/Agents/Config
SETUP_DOC = 'docs/agents.md, "Provider setup"'


def say(text: str) -> None:
    print(f"[demo] {text}", file=sys.stderr)


# --------------------------------------------------------------------------------------------------
# comment-preserving edits of block-style YAML
# --------------------------------------------------------------------------------------------------
KEY_LINE = re.compile(r"""^(?P<indent> *)(?P<key>"(?:[^"\\]|\\.)*"|'[^']*'|[^\s#'"{\[][^:#]*?) *:(?: +(?P<rest>.*?))?\s*$""")
PLAIN = re.compile(r"^[A-Za-z0-9_./@+-][A-Za-z0-9_./@+:-]*$")


class Unsupported(Exception):
    """The text is not in a shape these line edits handle (flow style, odd indentation)."""


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def significant(line: str) -> bool:
    s = line.strip()
    return bool(s) and not s.startswith("#")


def unquote(key: str) -> str:
    if key[:1] in "\"'":
        return yaml.safe_load(key)
    return key


def reads_back(text: str) -> bool:
    """Whether text is a plain YAML scalar that loads as itself (not a number, bool, null or syntax)."""
    try:
        return bool(PLAIN.match(text)) and yaml.safe_load(text) == text
    except yaml.YAMLError:
        return False


def scalar(value: object) -> str:
    """A YAML scalar for value: plain where that reads back the same, else JSON-quoted (valid YAML)."""
    if isinstance(value, (bool, int)):
        return json.dumps(value)
    text = str(value)
    return text if reads_back(text) else json.dumps(text)


def key_text(key: str) -> str:
    return key if ":" not in key and reads_back(key) else json.dumps(key)


def block_end(lines: list[str], i: int, indent: int) -> int:
    """One past the last significant line of the block under the key on line i."""
    end = i + 1
    for j in range(i + 1, len(lines)):
        if significant(lines[j]):
            if indent_of(lines[j]) <= indent:
                break
            end = j + 1
    return end


def children(lines: list[str], start: int, end: int) -> tuple[int | None, list[tuple[int, str, str | None]]]:
    """The indentation and the (line, key, rest) of the direct children of the block mapping in lines[start:end]."""
    child = None
    found = []
    for i in range(start, end):
        if not significant(lines[i]):
            continue
        ind = indent_of(lines[i])
        if child is None:
            child = ind
        if ind < child:
            raise Unsupported(f"line {i + 1}: indentation")
        if ind == child:
            m = KEY_LINE.match(lines[i])
            if not m:
                raise Unsupported(f"line {i + 1}: not a key")
            found.append((i, unquote(m["key"]), m["rest"]))
    return child, found


def set_line(lines: list[str], path: list[str], value: object, note: str = "") -> None:
    """Sets the scalar at path (keys of block mappings), inserting the missing keys."""
    start, end, parent = 0, len(lines), -1
    for depth, key in enumerate(path):
        child, found = children(lines, start, end)
        hit = next((f for f in found if f[1] == key), None)
        if hit is None:
            ind = child if child is not None and child > parent else parent + 2
            new = []
            for k, part in enumerate(path[depth:]):
                last = depth + k == len(path) - 1
                new.append(" " * (ind + 2 * k) + key_text(part) + ":" + (" " + scalar(value) if last else "") + "\n")
            if depth == 0:  # a new section goes at the end, after a comment saying who put it there
                if lines and not lines[-1].endswith("\n"):
                    lines[-1] += "\n"
                lines.extend(["\n"] + ([f"# {note}\n"] if note else []) + new)
            else:  # after the mapping's last entry, so its leading comments stay with what they describe
                lines[end:end] = new
            return
        i, _, rest = hit
        ind = indent_of(lines[i])
        if depth == len(path) - 1:
            comment = ""
            if rest and " #" in rest:
                comment = "  #" + rest.split(" #", 1)[1]
            raw = KEY_LINE.match(lines[i])["key"]
            lines[i] = " " * ind + raw + ": " + scalar(value) + comment + "\n"
            return
        if rest and not rest.startswith("#"):
            raise Unsupported(f"line {i + 1}: {key} is written in flow style")
        start, end, parent = i + 1, block_end(lines, i, ind), ind


def lookup(data: object, path: list[str]) -> object:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def assign(data: dict, path: list[str], value: object) -> None:
    for key in path[:-1]:
        if not isinstance(data.get(key), dict):
            data[key] = {}
        data = data[key]
    data[path[-1]] = value


def apply(config: Path, changes: list[tuple[list[str], object]], note: str = "") -> bool:
    """Applies the changes to the file, keeping its comments when it can. Returns whether anything changed."""
    text = config.read_text()
    current = yaml.safe_load(text) or {}
    want = copy.deepcopy(current)
    for path, value in changes:
        assign(want, path, value)
    if want == current:
        return False
    lines = text.splitlines(keepends=True)
    new = None
    try:
        for path, value in changes:
            if lookup(current, path) != value:
                set_line(lines, path, value, note)
        candidate = "".join(lines)
        if yaml.safe_load(candidate) == want:
            new = candidate
    except (Unsupported, yaml.YAMLError):
        pass
    if new is None:
        say(f"note: rewrote {config} from its parsed YAML (its comments are gone); the edit did not fit its layout")
        new = yaml.safe_dump(want, sort_keys=False, allow_unicode=True)
    config.write_text(new)
    return True


# --------------------------------------------------------------------------------------------------
# finding an agent
# --------------------------------------------------------------------------------------------------
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # a local server, never through a proxy


def get_json(url: str) -> object:
    with NO_PROXY.open(url, timeout=3) as resp:
        return json.loads(resp.read())


def openai_server(url: str) -> tuple[str, list[str]] | None:
    """For a server at url (with or without /v1): its base URL and the models it lists, or None when it does not
    answer. Tries the OpenAI `GET /v1/models` (Ollama, llama.cpp, vLLM), then Ollama's own `GET /api/tags`."""
    root = url.rstrip("/")
    root = root[: -len("/v1")] if root.endswith("/v1") else root
    base = root + "/v1"
    answered = False
    for path, pick in (("/v1/models", lambda j: [m.get("id") for m in j.get("data") or []]),
                       ("/api/tags", lambda j: [m.get("name") or m.get("model") for m in j.get("models") or []])):
        try:
            data = get_json(root + path)
        except Exception:  # refused, timed out, not JSON: not this kind of server
            continue
        answered = True
        models = [m for m in pick(data) if isinstance(data, dict) and isinstance(m, str) and MODEL_NAME.match(m)] \
            if isinstance(data, dict) else []
        if models:
            return base, models
    return (base, []) if answered else None


def provider_kind(cfg: dict, name: str) -> str | None:
    entry = lookup(cfg, ["providers", name])
    kind = entry.get("kind") if isinstance(entry, dict) else None
    return kind or (name if name in (*CLIS, "openai") else None)


def cli_command(cfg: dict, name: str) -> str:
    entry = lookup(cfg, ["providers", name])
    return str((entry or {}).get("command") or name) if isinstance(entry, dict) else name


def generated_main(cfg: dict) -> bool:
    """Whether agents.main is still what `troupe init` wrote (and claude's command was not set by hand)."""
    main = lookup(cfg, ["agents", "main"])
    return main in (None, {}, DEFAULT_MAIN) and not lookup(cfg, ["providers", "claude", "command"])


def install_lines(config: Path) -> list[str]:
    ollama = os.environ.get("TROUPE_DEMO_OLLAMA_URL", "http://127.0.0.1:11434")
    return [
        "No agent found: Troupe runs, answers commands, and says in chat what is missing. Install one,",
        "then start the demo again (it picks the first it finds):",
        *(f"  {tool:<16} {cmd:<43} (then {login})" for tool, cmd, login in CLIS.values()),
        f"  {'Ollama':<16} https://ollama.com/download, then `ollama pull llama3.2` (looked for at {ollama})",
        f"  {'llama.cpp, vLLM':<16} start it, then: TROUPE_DEMO_OPENAI_URL=http://127.0.0.1:PORT scripts/demo.sh",
        f"Or choose by hand: agents.main.provider (and providers.<name>.command) in {config.resolve()};",
        f"see {SETUP_DOC}.",
    ]


def report_configured(cfg: dict, config: Path) -> list[str]:
    """The banner lines for a main agent set by hand (or by an earlier demo run), checked as far as we can."""
    name = str(lookup(cfg, ["agents", "main", "provider"]) or "claude")
    kind = provider_kind(cfg, name)
    say(f"agents.main in {config} is set (provider {name}); keeping it")
    if kind in CLIS:
        command = cli_command(cfg, name)
        found = shutil.which(command)
        if found:
            say(f"✓ {name}: {found}")
            return [f"main agent:  {name} ({CLIS[kind][0]}, {found})"]
        tool, install, login = CLIS[kind]
        say(f"✗ {name}: `{command}` not found; install {tool}: {install}, or set providers.{name}.command in {config}")
        return [f"main agent:  {name} — `{command}` is not installed: {install} (then {login}),",
                f"             or set providers.{name}.command in {config.resolve()} ({SETUP_DOC})"]
    if kind == "openai":
        base = lookup(cfg, ["providers", name, "base_url"]) or ("https://api.openai.com/v1" if name == "openai" else "?")
        model = lookup(cfg, ["agents", "main", "model"]) or lookup(cfg, ["providers", name, "model"]) or "?"
        if str(base).startswith(("http://127.0.0.1", "http://localhost")):
            server = openai_server(str(base))
            say(f"{'✓' if server else '✗'} {name}: {base} {'answers' if server else 'does not answer (GET /v1/models)'}")
        return [f"main agent:  {name}: model {model} at {base}"]
    return [f"main agent:  {name}"]


def choose_agent(config: Path) -> list[str]:
    cfg = yaml.safe_load(config.read_text()) or {}
    if not generated_main(cfg):
        if os.environ.get("TROUPE_DEMO_OPENAI_URL", "").strip():
            say("TROUPE_DEMO_OPENAI_URL is not used: agents.main is no longer what `troupe init` wrote; set it back to "
                "`provider: claude` alone to let the demo choose again")
        return report_configured(cfg, config)

    tried = []
    explicit = os.environ.get("TROUPE_DEMO_OPENAI_URL", "").strip()
    if explicit:
        server = openai_server(explicit)
        if server and server[1]:
            return use_openai(config, server, f"TROUPE_DEMO_OPENAI_URL ({explicit})")
        say(f"✗ TROUPE_DEMO_OPENAI_URL={explicit}: "
            + ("answers but lists no model" if server else "does not answer GET /v1/models"))
        tried.append("TROUPE_DEMO_OPENAI_URL")
    for name in CLIS:
        command = cli_command(cfg, name)
        found = shutil.which(command)
        if found:
            say(f"✓ {name}: {found}")
            if name != "claude":
                apply(config, [(["agents", "main", "provider"], name)])
                say(f"main agent: {name}, written to {config} (agents.main.provider)")
            else:
                say(f"main agent: claude ({config} already says so)")
            return [f"main agent:  {name} ({CLIS[name][0]}, {found})"]
        say(f"✗ {name}: `{command}` not on PATH")
    ollama = os.environ.get("TROUPE_DEMO_OLLAMA_URL", "http://127.0.0.1:11434")
    server = openai_server(ollama)
    if server and server[1]:
        return use_openai(config, server, f"Ollama ({ollama})")
    say(f"✗ Ollama at {ollama}: " + ("answers but has no model: run `ollama pull llama3.2`" if server else "not running"))
    say("no agent found: what to install is in the banner below")
    return ["main agent:  claude, not installed (chat answers will say what to install; see below)", "",
            *install_lines(config)]


def use_openai(config: Path, server: tuple[str, list[str]], what: str) -> list[str]:
    base, models = server
    model = models[0]
    apply(config, [(["agents", "main", "provider"], "openai"), (["agents", "main", "model"], model),
                   (["providers", "openai", "base_url"], base)],
          note="Set by scripts/demo.sh: the OpenAI-compatible server it found for the main agent.")
    say(f"✓ {what}: models {', '.join(models[:5])}{' …' if len(models) > 5 else ''}")
    say(f"main agent: openai, model {model} at {base}, written to {config} "
        "(agents.main.provider, agents.main.model, providers.openai.base_url)")
    return [f"main agent:  openai: model {model} at {base}"]


# --------------------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["edit", "agent", "ports"])
    parser.add_argument("config", type=Path)
    parser.add_argument("--admin")
    parser.add_argument("--as-port", type=int)
    parser.add_argument("--control-port", type=int)
    args = parser.parse_args()
    if args.command == "ports":
        cfg = yaml.safe_load(args.config.read_text()) or {}
        print(lookup(cfg, ["appservice", "port"]) or 29333, lookup(cfg, ["control", "port"]) or 29335)
        return 0
    if args.command == "agent":
        print("\n".join(choose_agent(args.config)))
        return 0
    changes: list[tuple[list[str], object]] = []
    if args.admin:
        changes.append((["permissions", args.admin], "admin"))
    if args.as_port:
        changes += [(["appservice", "port"], args.as_port),
                    (["appservice", "address"], f"http://127.0.0.1:{args.as_port}")]
    if args.control_port:
        changes.append((["control", "port"], args.control_port))
    if apply(args.config, changes):
        say(f"{args.config}: " + ", ".join(f"{'.'.join(p)} = {v}" for p, v in changes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
