"""`troupe doctor` against the live Synapse: the homeserver and registration lines, and that doctor writes nothing."""
from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

from conftest import IT_DIR, REPO, Stack, dump_yaml, load_yaml, run_cmd

LINE = re.compile(r"^(ok|warn|fail|skip) {1,4}([^:]+): (.*)$")


def listing(d: Path) -> dict[str, tuple[int, int]]:
    """Every file under d with its size and modification time (ns)."""
    return {str(p.relative_to(d)): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(d.rglob("*"))}


def doctor(binary: Path, config: Path) -> tuple[int, dict[str, tuple[str, str]], str]:
    cp = run_cmd([binary, "doctor", "-c", config], check=False, timeout=90, cwd=REPO)
    lines: dict[str, tuple[str, str]] = {}
    for line in cp.stdout.splitlines():
        m = LINE.match(line)
        assert m, f"not a check line: {line!r}\n{cp.stdout}\n{cp.stderr}"
        lines.setdefault(m.group(2), (m.group(1), m.group(3)))
    return cp.returncode, lines, cp.stdout + cp.stderr


def test_doctor_checks_the_homeserver_and_registration_and_writes_nothing(live: Stack, troupe_bin: Path):
    d = IT_DIR / "doctor-readonly"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    d.chmod(0o700)
    cfg = load_yaml(live.config_path)
    cfg["database"] = {"uri": str(d / "troupe.db")}
    cfg["data_dir"] = str(d / "data")
    config = d / "config.yaml"
    dump_yaml(config, cfg)
    config.chmod(0o600)
    shutil.copy(live.registration_path, d / "registration.yaml")

    # No database yet: doctor says so and does not make one.
    before = listing(d)
    code, lines, out = doctor(troupe_bin, config)
    assert code == 0, f"doctor failed against the live stack ({code}):\n{out}"
    assert listing(d) == before, f"doctor wrote into {d}:\n{before}\n{listing(d)}"
    assert lines["database"][0] == "warn" and "does not exist" in lines["database"][1], out
    assert lines["homeserver"][0] == "ok", out
    # Synapse turns MSC2409/MSC3202 on from experimental_features without listing them in unstable_features.
    assert lines["homeserver features"][0] == "skip" and "Matrix v1." in lines["homeserver features"][1], out
    assert lines["as_token"][0] == "ok", out
    assert lines["registration ping"][0] == "ok", out
    assert lines["registration"] == ("ok", f"{d / 'registration.yaml'} matches the config"), out
    assert lines["registration flags"][0] == "ok", out
    assert lines["registration encryption flags"] == ("ok", "org.matrix.msc3202 and io.element.msc4190 are on"), out
    assert lines["config file"][0] == "ok" and "private" in lines["config file"][1], out

    # A database troupe is not holding (a consistent copy of the live one): read, not migrated, not touched.
    src, dst = sqlite3.connect(live.db_path), sqlite3.connect(d / "troupe.db")
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    (d / "troupe.db").chmod(0o600)
    before = listing(d)
    code, lines, out = doctor(troupe_bin, config)
    assert code == 0, f"doctor failed ({code}):\n{out}"
    assert lines["database"][0] == "ok" and "read-only" in lines["database"][1], out
    assert listing(d) == before, f"doctor wrote into {d}:\n{before}\n{listing(d)}"

    # The registration without the encryption flags fails, naming them.
    reg = load_yaml(d / "registration.yaml")
    reg["io.element.msc4190"] = False
    dump_yaml(d / "registration.yaml", reg)
    code, lines, out = doctor(troupe_bin, config)
    assert code == 1, out
    assert lines["registration encryption flags"][0] == "fail" and "io.element.msc4190" in lines["registration encryption flags"][1], out


def test_doctor_reports_every_config_problem_at_once(live: Stack, troupe_bin: Path):
    d = IT_DIR / "doctor-bad-config"
    d.mkdir(parents=True, exist_ok=True)
    cfg = load_yaml(live.config_path)
    cfg["appservice"]["port"] = "abc"
    cfg["streaming"]["max_edits"] = [1]
    cfg["logging"]["levle"] = "debug"
    config = d / "config.yaml"
    dump_yaml(config, cfg)
    code, lines, out = doctor(troupe_bin, config)
    assert code == 1, out
    problems = [line for line in out.splitlines() if line.startswith("fail  config: ")]
    assert [p.split(": ")[1] for p in problems] == ["appservice.port", "logging.levle", "streaming.max_edits"], out
    assert "skip  everything else" in out, out
