"""`logging.format: json`: `troupe run` writes one JSON object per line with the documented fields.

A copy of the test config points at a homeserver that is not there, so troupe logs its start-up and its retries
without touching the shared Synapse; the test stops it with SIGTERM.
"""
from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

from conftest import Stack, dump_yaml, free_port, load_yaml


def test_json_logs_are_one_object_per_line_with_stable_fields(stack: Stack, tmp_path: Path):
    cfg = load_yaml(stack.config_path)
    cfg["logging"] = {"level": "info", "format": "json"}
    cfg["homeserver"] = {**cfg["homeserver"], "address": f"http://127.0.0.1:{free_port()}"}
    cfg["appservice"] = {**cfg["appservice"], "port": free_port()}
    cfg["control"] = {**cfg.get("control", {}), "port": free_port()}
    # The shared troupe holds the other listeners' ports too.
    cfg["automation"]["webhooks"] = {**cfg["automation"]["webhooks"], "port": free_port()}
    cfg["metrics"] = {**cfg["metrics"], "port": free_port()}
    cfg["database"] = {"type": "sqlite", "uri": str(tmp_path / "troupe.db")}
    cfg["data_dir"] = str(tmp_path / "data")
    config = tmp_path / "config.yaml"
    dump_yaml(config, cfg)

    proc = subprocess.Popen([str(stack.binary), "run", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    try:
        deadline = time.monotonic() + 30
        lines: list[str] = []
        # Until troupe has said that the homeserver does not answer.
        while time.monotonic() < deadline and not any("homeserver unreachable" in line for line in lines):
            line = proc.stderr.readline()
            if not line:
                break
            lines.append(line)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, rest = proc.communicate(timeout=30)
    lines += [line + "\n" for line in rest.splitlines()]
    assert len(lines) >= 2, f"troupe logged too little: {lines}"
    objects = []
    for line in lines:
        assert line.endswith("\n") and line.strip().startswith("{"), f"not a JSON line: {line!r}"
        objects.append(json.loads(line))
    for obj in objects:
        assert {"time", "level", "message", "label", "source"} <= obj.keys(), obj
        assert obj["time"].endswith("Z") and obj["level"] in {"trace", "debug", "info", "notice", "warning", "error", "critical"}
    # The line about the homeserver carries its details as fields of their own, not inside the message.
    unreachable = next((obj for obj in objects if obj["message"] == "homeserver unreachable, retrying"), None)
    assert unreachable and {"path", "reason", "delay"} <= unreachable.keys(), objects
    assert proc.returncode == 0, f"troupe exited {proc.returncode} on SIGTERM"
