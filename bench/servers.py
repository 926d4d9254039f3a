"""The two servers of a run, as production runs them: the upstream and the dashboard.

Both are gunicorn serving this project with the production settings (bench/settings.py):
- the upstream is the sandbox (XAI_API_BASE_URL=sandbox) over HTTP in four sync worker
  processes, slowed by SANDBOX_LATENCY_MS, logging every call (bench/upstream_wsgi.py);
- the dashboard calls it at http://127.0.0.1:PORT/sandbox/v1 from ONE worker process
  (with threads, as the Dockerfile's gthread workers), so that its CPU time can be read
  from /proc.
Both use the same throwaway SQLite files, in a temporary folder.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
# Longer than any page takes, however slow: a worker killed mid-request measures nothing.
REQUEST_TIMEOUT_SECONDS = 900
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environment(folder: Path) -> dict[str, str]:
    """What every process of the run shares: production settings, throwaway secrets and files."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        # TLS ends at the proxy in production; requests say so with X-Forwarded-Proto.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder / 'dashboard.sqlite3'}",
        "SANDBOX_DATABASE_URL": f"sqlite:///{folder / 'sandbox.sqlite3'}",
        "BENCH_STATIC_ROOT": str(folder / "staticfiles"),
        "XAI_API_BASE_URL": "sandbox",
        "LOG_LEVEL": "WARNING",
    }


@dataclass
class Server:
    name: str
    application: str
    port: int
    arguments: list[str]
    environment: dict[str, str]
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        self.process = subprocess.Popen(
            [GUNICORN, self.application, "--bind", f"127.0.0.1:{self.port}", *self.arguments],
            cwd=ROOT,
            env={**os.environ, **self.environment},
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"The {self.name} stopped while starting; see its errors above.")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit(f"The {self.name} did not start within 60 seconds.")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def worker_pid(self) -> int:
        """The one worker process (gunicorn's master only supervises it)."""
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = [int(pid) for pid in children.read_text().split()]
        if len(pids) != 1:
            raise SystemExit(f"Expected one {self.name} worker, found {len(pids)}.")
        return pids[0]

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def upstream(base: dict[str, str], latency_ms: int, calls_log: Path) -> Server:
    return Server(
        name="upstream (sandbox)",
        application="bench.upstream_wsgi",
        port=free_port(),
        # One request per process at a time, as separate servers of a real API would answer:
        # two calls a page makes at once are answered side by side.
        arguments=[
            "--workers",
            "4",
            "--timeout",
            str(REQUEST_TIMEOUT_SECONDS),
            "--log-level",
            "warning",
        ],
        environment={
            **base,
            "XAI_API_BASE_URL": "sandbox",
            "SANDBOX_LATENCY_MS": str(latency_ms),
            "BENCH_UPSTREAM_LOG": str(calls_log),
        },
    )


def dashboard(base: dict[str, str], upstream_url: str, access_log: Path) -> Server:
    return Server(
        name="dashboard",
        application="dashboard.wsgi",
        port=free_port(),
        arguments=[
            "--workers",
            "1",
            "--threads",
            "4",
            "--timeout",
            str(REQUEST_TIMEOUT_SECONDS),
            "--access-logfile",
            str(access_log),
            "--log-level",
            "warning",
        ],
        environment={**base, "XAI_API_BASE_URL": f"{upstream_url}/sandbox/v1"},
    )


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far, all its threads included."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    # Fields after the command name (which may hold spaces) start at field 3, "state".
    fields = stat[stat.rindex(")") + 2 :].split()
    user, system = int(fields[11]), int(fields[12])
    return (user + system) / CLOCK_TICKS
