"""scripts/ensure-chromium: installs Debian's chromium as root, else stops with the command."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "ensure-chromium"


def _fake_tools(folder: Path, *, uid: int) -> Path:
    """An `id` that reports `uid`, and an `apt-get` that logs its arguments and, on install,
    puts an executable where Chromium should be."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    (bin_dir / "apt-get").write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> "{folder / "apt.log"}"\n'
        'if [ "$1" = install ]; then\n'
        f'  printf "#!/bin/sh\\necho Chromium 1.0\\n" > "{folder / "chromium"}"\n'
        f'  chmod +x "{folder / "chromium"}"\n'
        "fi\n"
    )
    for tool in ("id", "apt-get"):
        (bin_dir / tool).chmod(0o755)
    return bin_dir


def _run(folder: Path, bin_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "CHROMIUM_PATH": str(folder / "chromium"),
        "HOME": os.environ.get("HOME", "/tmp"),
    }
    return subprocess.run(
        [str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30, check=False
    )


def _apt_calls(folder: Path) -> list[str]:
    log = folder / "apt.log"
    return log.read_text().splitlines() if log.exists() else []


def test_as_root_it_installs_debians_chromium(tmp_path: Path):
    result = _run(tmp_path, _fake_tools(tmp_path, uid=0))

    assert result.returncode == 0, result.stderr
    assert _apt_calls(tmp_path) == ["update -qq", "install -y -qq chromium"]
    assert "Installed: Chromium 1.0" in result.stdout


def test_as_another_user_it_stops_at_once_with_the_command_to_run(tmp_path: Path):
    result = _run(tmp_path, _fake_tools(tmp_path, uid=1000))

    assert result.returncode == 1
    assert "sudo apt-get install chromium" in result.stderr
    assert _apt_calls(tmp_path) == []


def test_when_chromium_is_there_it_does_nothing(tmp_path: Path):
    bin_dir = _fake_tools(tmp_path, uid=0)
    (tmp_path / "chromium").write_text("#!/bin/sh\n")
    (tmp_path / "chromium").chmod(0o755)

    result = _run(tmp_path, bin_dir)

    assert result.returncode == 0
    assert result.stdout == result.stderr == ""
    assert _apt_calls(tmp_path) == []


def test_a_failed_install_fails_the_step(tmp_path: Path):
    bin_dir = _fake_tools(tmp_path, uid=0)
    (bin_dir / "apt-get").write_text("#!/bin/sh\nexit 100\n")

    result = _run(tmp_path, bin_dir)

    assert result.returncode == 1
    assert "Installing chromium failed" in result.stderr


def test_make_test_and_ci_both_use_it():
    makefile = (ROOT / "Makefile").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/ensure-chromium" in makefile
    assert "scripts/ensure-chromium" in ci
    # One step, not a copy of it.
    assert not re.search(r"apt-get install[^\n]*chromium", ci)
