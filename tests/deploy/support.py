"""App servers in their own processes (gunicorn), sharing the test databases."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
from django.conf import settings
from django.db import connections

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
START_SECONDS = 60


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen


def database_url(alias: str) -> str:
    """The URL of a database as this test process uses it (the test database, once made)."""
    config = connections[alias].settings_dict
    if config["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(config['NAME']).resolve()}"
    if config["ENGINE"] == "django.db.backends.postgresql":
        credentials = quote(config["USER"] or "", safe="")
        if config["PASSWORD"]:
            credentials += ":" + quote(config["PASSWORD"], safe="")
        host = config["HOST"] or "127.0.0.1"
        port = f":{config['PORT']}" if config["PORT"] else ""
        return f"postgres://{credentials}@{host}{port}/{config['NAME']}"
    raise AssertionError(f"no URL for the engine {config['ENGINE']}")


def environment() -> dict[str, str]:
    """What every server gets: the same databases and keys, the sandbox as the upstream."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "XAI_", "FIELD_", "DATABASE_", "SANDBOX_", "EMAIL_"))
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "tests.deploy.server_settings",
        # Debug on only so that cookies travel over plain HTTP on the loopback address.
        "DJANGO_DEBUG": "true",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "XAI_API_BASE_URL": "sandbox",
        "DATABASE_URL": database_url("default"),
        "SANDBOX_DATABASE_URL": database_url("sandbox"),
        "EMAIL_URL": "",
        "LOG_LEVEL": "WARNING",
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(log: Path, *, workers: int) -> Server:
    port = _free_port()
    process = subprocess.Popen(
        [str(GUNICORN), "dashboard.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=ROOT,
        env=environment(),
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    return Server(url=f"http://127.0.0.1:{port}", process=process)


def _wait_until_up(server: Server, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"the server stopped at start:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{server.url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError(
        f"the server did not start in {START_SECONDS} s:\n{log.read_text()[-3000:]}"
    )


@contextmanager
def app_servers(count: int, log_dir: Path, *, workers: int = 1) -> Iterator[list[Server]]:
    """`count` gunicorn servers on the loopback address, stopped afterwards."""
    logs = [log_dir / f"server-{index}.log" for index in range(count)]
    servers = [_start(log, workers=workers) for log in logs]
    try:
        for server, log in zip(servers, logs, strict=True):
            _wait_until_up(server, log)
        yield servers
    finally:
        for server in servers:
            server.process.terminate()
        for server in servers:
            try:
                server.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()


def csrf_token(client: httpx.Client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    return page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


def log_in(client: httpx.Client, server: Server, username: str, password: str) -> httpx.Response:
    token = csrf_token(client, f"{server.url}/accounts/login/")
    return client.post(
        f"{server.url}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": password},
    )
