"""A fresh clone, after `make run`: every `manage.py` command that README.md shows works
exactly as written.

The repository is cloned into a temporary folder and given this project's virtualenv (a
symlink: nothing is installed). `make run` runs there as a person would (the .env step,
both migrations, the demo seed, then the server), with an environment as bare as a new
terminal's. Then each `sh` block of README.md that runs `manage.py` runs in bash, as written,
with two deliberate differences, both to keep the run honest on a shared machine: the
server listens on a free port instead of 8000 (the README's address is rewritten to it), and
`curl` fails on an HTTP error (it is wrapped with --fail-with-body), so a 4xx cannot pass.
Only committed files are cloned: commit before running this test.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
README_ADDRESS = "http://127.0.0.1:8000"
# An sh block in the README, also one indented inside a list item.
SH_BLOCK = re.compile(r"^( *)```sh\n(.*?)^\1```", re.DOTALL | re.MULTILINE)
# What each block prints when it worked, keyed by a command it runs.
EXPECTED_OUTPUT = {
    "sandbox_key": '{"agents":[{"agent_id":"agent_',
    "rotate_encryption_keys": "Re-encrypted 4 key(s) with the first encryption key.",
    "sendtestemail": "To: you@example.com",
    "createsuperuser": "Superuser created successfully.",
    "check --deploy": "System check identified no issues",
}

pytestmark = pytest.mark.slow


def readme_blocks(text: str) -> list[str]:
    """The README's sh blocks that run manage.py, dedented."""
    blocks = [textwrap.dedent(indent + body) for indent, body in SH_BLOCK.findall(text)]
    return [block for block in blocks if "manage.py" in block]


def _bare_environment(home: Path) -> dict[str, str]:
    # A new terminal's: none of the suite's settings (DJANGO_SETTINGS_MODULE, DATABASE_URL…).
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TMPDIR": os.environ.get("TMPDIR", "/tmp"),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.fail("This test needs git and make, as the README's Quickstart does.")
    folder = tmp_path_factory.mktemp("fresh") / "switchboard"
    subprocess.run(
        ["git", "clone", "--quiet", str(ROOT), str(folder)], check=True, capture_output=True
    )
    (folder / ".venv").symlink_to(ROOT / ".venv")
    return folder


@pytest.fixture(scope="module")
def running(clone: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`make run` in the clone, on a free port; its whole process group is stopped after."""
    port = _free_port()
    log = tmp_path_factory.mktemp("make-run") / "make-run.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            # -o: the shared virtualenv counts as installed; make must not reinstall it.
            ["make", "-o", ".venv/.runtime-installed", "run", f"PORT={port}"],
            cwd=clone,
            env=_bare_environment(clone),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                pytest.fail(f"make run stopped:\n{log.read_text()[-4000:]}")
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"make run did not serve in 180 s:\n{log.read_text()[-4000:]}")
            time.sleep(0.5)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_make_run_writes_a_development_env_and_serves_the_demo(clone: Path, running: str):
    env_text = (clone / ".env").read_text()
    assert "DJANGO_DEBUG=true" in env_text
    assert re.search(r"^DJANGO_SECRET_KEY=\S{50,}$", env_text, re.MULTILINE)
    assert re.search(r"^FIELD_ENCRYPTION_KEYS=\S{44}$", env_text, re.MULTILINE)
    with httpx.Client(base_url=running, timeout=30) as browser:
        login = browser.get("/accounts/login/")
        token = login.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        browser.post(
            "/accounts/login/",
            data={"csrfmiddlewaretoken": token, "username": "demo", "password": "demo"},
        )
        agents = browser.get("/agents/")
    assert agents.status_code == 200
    assert agents.text.count('<tr id="agent-') == 6


def test_every_manage_py_command_of_the_readme_works_as_written(clone: Path, running: str):
    readme = (clone / "README.md").read_text()
    blocks = readme_blocks(readme)
    commands = {command for block in blocks for command in EXPECTED_OUTPUT if command in block}
    assert commands == set(EXPECTED_OUTPUT), "each README command that runs manage.py is checked"

    for block in blocks:
        script = 'curl() { command curl --silent --show-error --fail-with-body "$@"; }\n'
        script += "set -euo pipefail\n" + block.replace(README_ADDRESS, running)
        result = subprocess.run(
            ["bash", "-c", script],
            cwd=clone,
            env=_bare_environment(clone),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        shown = (
            f"\n--- block ---\n{block}\n--- out ---\n{result.stdout}\n--- err ---\n{result.stderr}"
        )
        assert result.returncode == 0, shown
        for command, expected in EXPECTED_OUTPUT.items():
            if command in block:
                assert expected in result.stdout, shown


def test_the_readme_runs_manage_py_only_in_blocks_this_test_runs(clone: Path):
    readme = (clone / "README.md").read_text()
    outside = SH_BLOCK.sub("", readme)
    # Prose may name `manage.py`; a command to run must be in an sh block.
    assert not re.findall(r"`[^`\n]*manage\.py [^`\n]*`", outside)
    assert "../" not in readme, "the README points only inside the repository"
    for link in re.findall(r"\]\(([^)#]+)\)", readme):
        if not link.startswith("http"):
            assert (clone / link).exists(), link
