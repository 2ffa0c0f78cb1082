"""contrib/troupe.service is a unit systemd accepts as written, with the sandboxing docs/setup.md promises.

`systemd-analyze verify` checks the unit offline (nothing is started); it needs the ExecStart binary to exist, so
the test points it at the troupe binary under test. It prints unknown or misspelled keys as warnings while still
exiting 0, so any output counts as a failure.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import REPO

UNIT = REPO / "contrib" / "troupe.service"


def verify(text: str, directory: Path) -> subprocess.CompletedProcess:
    unit = directory / "troupe.service"
    unit.write_text(text)
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing: scripts/setup.sh installs the systemd package"
    return subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True, timeout=60)


def test_the_service_file_verifies_and_is_sandboxed(troupe_bin: Path, tmp_path: Path):
    text = UNIT.read_text()
    assert "ExecStart=/usr/local/bin/troupe run -c /var/lib/troupe/config.yaml" in text
    for line in ["NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes", "User=troupe", "StateDirectory=troupe",
                 "ReadWritePaths=/var/lib/troupe"]:
        assert f"\n{line}\n" in text, f"{line} is missing from {UNIT}"
    local = text.replace("/usr/local/bin/troupe", str(troupe_bin.resolve()))
    result = verify(local, tmp_path)
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), result.stdout + result.stderr
    # The check sees mistakes: a misspelled key is reported.
    broken = verify(local.replace("NoNewPrivileges=", "NoNewPrivilege="), tmp_path)
    assert "NoNewPrivilege" in broken.stdout + broken.stderr, broken
