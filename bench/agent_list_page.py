"""Benchmark: the agents list page with 1,000 agents, 1,000 numbers and a 100 ms upstream.

Run: make bench   (or: .venv/bin/python bench/agent_list_page.py [--runs N] [--latency MS])

The upstream is the sandbox served over real HTTP by gunicorn in its own processes, as the
Agents API would be: the dashboard's client makes real requests on its pooled connections,
and the upstream's own work happens elsewhere, as it does in production. The page makes two
upstream calls; one after the other they would take 2 × latency, side by side about
1 × latency. The target is a median under 1.3 × latency + 40 ms.

Both databases are throwaway SQLite files in a temporary folder, never the developer's.
Not a pytest test: it prints figures and PASS/FAIL, and exits 1 on FAIL.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def configure(folder: Path, port: int) -> dict[str, str]:
    """The environment both sides share: the same two database files, debug settings."""
    environment = {
        "DJANGO_SETTINGS_MODULE": "dashboard.settings",
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{folder / 'dashboard.sqlite3'}",
        "SANDBOX_DATABASE_URL": f"sqlite:///{folder / 'sandbox.sqlite3'}",
        "XAI_API_BASE_URL": f"http://127.0.0.1:{port}/sandbox/v1",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(environment)
    return environment


def seed(count: int) -> str:
    from sandbox.keys import create_key
    from sandbox.models import Agent, PhoneNumber, Team

    key = create_key("Bench")
    team = Team.objects.using("sandbox").get(name="Bench")
    voice = {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 600}
    tools = [{"type": "web_search"}, {"type": "function", "function": {"name": "lookup"}}]
    agents = Agent.objects.using("sandbox").bulk_create(
        Agent(
            team=team,
            agent_id=f"agent_bench{index:06d}",
            name=f"Agent {index:04d}",
            instructions="Be helpful. " * 20,
            voice=voice,
            tools=tools,
        )
        for index in range(count)
    )
    PhoneNumber.objects.using("sandbox").bulk_create(
        PhoneNumber(
            team=team,
            phone_number_id=f"phone_bench{index:06d}",
            phone_number=f"+1415{index:07d}",
            name=f"Line {index}",
            area_code="415",
            agent=agents[index] if index % 2 == 0 else None,
        )
        for index in range(count)
    )
    return key


def start_upstream(port: int, latency_ms: int, environment: dict[str, str]) -> subprocess.Popen:
    # The upstream's processes are the sandbox (XAI_API_BASE_URL=sandbox), so that they serve
    # its routes; the dashboard side keeps the HTTP URL of them.
    upstream_environment = {
        **os.environ,
        **environment,
        "XAI_API_BASE_URL": "sandbox",
        "SANDBOX_LATENCY_MS": str(latency_ms),
    }
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "dashboard.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            # One request per worker process: the two calls of a page are answered in
            # parallel, as two servers of a real API would answer them.
            "--workers",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=upstream_environment,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("The sandbox upstream did not start within 30 seconds.")


def measure(args: argparse.Namespace, key: str, port: int) -> list[float]:
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from agents_ui import teams
    from agents_ui.models import TeamAPIKey

    user = User.objects.create_user("bench-editor", password="unused-bench-password")
    user.groups.add(Group.objects.get_or_create(name="editors")[0])
    team_key = TeamAPIKey(user=user, label="Bench")
    team_key.set_key(key)
    team_key.save()
    teams.activate(team_key)

    client = Client(headers={"host": "127.0.0.1"})
    client.force_login(user)
    warm = client.get("/agents/")
    assert warm.status_code == 200, warm.status_code
    page = warm.content.decode()
    assert page.count('<tr id="agent-') == args.agents, "every agent is on the page"
    assert args.agents < 1000 or "only the first 1000 are shown" in page

    # Count what the page sends upstream, on the service client's own connection pool.
    from agents_ui.api.client import get_client

    sent: list[str] = []
    get_client().event_hooks["request"].append(lambda request: sent.append(request.url.path))
    times_ms = []
    for _ in range(args.runs):
        start = time.perf_counter()
        response = client.get("/agents/")
        times_ms.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    print(f"upstream requests per page: {len(sent) / args.runs:g} ({', '.join(sorted(set(sent)))})")
    return times_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--latency", type=int, default=100, help="upstream latency in ms")
    parser.add_argument("--agents", type=int, default=1000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="switchboard-bench-") as temporary:
        port = free_port()
        environment = configure(Path(temporary), port)
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        call_command("migrate", database="sandbox", verbosity=0)
        key = seed(args.agents)

        upstream = start_upstream(port, args.latency, environment)
        try:
            times_ms = measure(args, key, port)
        finally:
            upstream.terminate()
            upstream.wait(timeout=10)

    times_ms.sort()
    median = statistics.median(times_ms)
    p95 = times_ms[max(0, round(0.95 * len(times_ms)) - 1)]
    target = 1.3 * args.latency + 40
    print(
        f"agents list page: {args.agents} agents, {args.agents} numbers, "
        f"upstream latency {args.latency} ms (sandbox over HTTP, gunicorn, 4 workers)"
    )
    print(f"runs: {args.runs}")
    print(f"server time: median {median:.1f} ms, p95 {p95:.1f} ms, min {times_ms[0]:.1f} ms")
    print(f"target: median under 1.3 × {args.latency} + 40 = {target:.0f} ms")
    passed = median < target
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
