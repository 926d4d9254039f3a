"""Benchmark: the agents list page with 1,000 agents, 1,000 numbers and a 100 ms upstream.

Run: DJANGO_DEBUG=true .venv/bin/python bench/agent_list_page.py [--runs N] [--latency MS]

The page makes two upstream calls; run one after the other they would take 2 × latency,
side by side about 1 × latency. The target is 1.3 × latency + 40 ms at the median. The
databases are throwaway test files (dashboard.settings_test), never the developer's
db.sqlite3. Not a pytest test: it prints figures and PASS/FAIL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dashboard.settings_test")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--latency", type=int, default=100, help="sandbox latency in ms")
    parser.add_argument("--agents", type=int, default=1000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    # Creates the test databases (files under .pytest_db/), as the test suite does.
    old_config = setup_databases(verbosity=0, interactive=False, aliases={"default", "sandbox"})
    try:
        return run(args)
    finally:
        teardown_databases(old_config, verbosity=0)


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


def run(args: argparse.Namespace) -> int:
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from agents_ui import teams
    from agents_ui.models import TeamAPIKey
    from sandbox import faults

    key = seed(args.agents)
    user = User.objects.create_user("bench-editor", password="unused-bench-password")
    user.groups.add(Group.objects.get_or_create(name="editors")[0])
    team_key = TeamAPIKey(user=user, label="Bench")
    team_key.set_key(key)
    team_key.save()
    teams.activate(team_key)

    client = Client()
    client.force_login(user)
    faults.set_latency(0)
    warm = client.get("/agents/")
    assert warm.status_code == 200, warm.status_code
    page = warm.content.decode()
    assert page.count('<tr id="agent-') == args.agents, "every agent is on the page"
    assert "only the first 1000 are shown" in page or args.agents < 1000

    faults.set_latency(args.latency)
    faults.clear_request_log()
    times_ms = []
    for _ in range(args.runs):
        start = time.perf_counter()
        response = client.get("/agents/")
        times_ms.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    requests = len(faults.request_log())
    faults.reset()

    times_ms.sort()
    median = statistics.median(times_ms)
    p95 = times_ms[max(0, round(0.95 * len(times_ms)) - 1)]
    target = 1.3 * args.latency + 40
    print(
        f"agents list page: {args.agents} agents, {args.agents} numbers, "
        f"upstream latency {args.latency} ms"
    )
    print(f"runs: {args.runs}, upstream requests per page: {requests / args.runs:g}")
    print(f"server time: median {median:.1f} ms, p95 {p95:.1f} ms, min {times_ms[0]:.1f} ms")
    print(f"target: median under 1.3 × {args.latency} + 40 = {target:.0f} ms")
    passed = median < target
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
