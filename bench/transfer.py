"""Benchmark: export and import of a team of 1,000 agents, page by page and step by step.

Run: DJANGO_DEBUG=true .venv/bin/python bench/transfer.py [--agents N] [--runs N]
     [--latency MS] [--apply N]

The upstream is the embedded sandbox, in process; the pages go through Django's test client
with a signed-in editor, so each figure is the dashboard's own work plus the sandbox's.
Printed: min / median / max in ms of
- the export download (two list calls, the document, its JSON),
- reading a 1,000-agent document (strict JSON, lines, every limit),
- planning it against a team with none of them, all of them, and all of them changed,
- the dry-run page for those three cases (read + list call + plan + template),
- applying: the cost of one change, without latency and with `--latency` ms per call,
and the size of the document and of the signed copy the Apply form carries.
Both databases are throwaway SQLite files in a temporary folder, never the developer's.
Not a pytest test: it prints figures, and checks only that every step did what it says.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOOLS = [
    {"type": "web_search"},
    {
        "type": "function",
        "function": {
            "name": "lookup_order",
            "description": "Look up an order by its id",
            "parameters": {
                "type": "object",
                "properties": {"order_id": {"type": "string"}},
                "required": ["order_id"],
            },
        },
    },
    {"type": "mcp", "server_url": "https://crm.example.com/mcp", "server_label": "crm"},
]
VOICE = {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 600}
INSTRUCTIONS = "You are a friendly support agent. Help callers with their orders.\n" * 30


def configure(folder: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "dashboard.settings",
            "DJANGO_DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{folder / 'dashboard.sqlite3'}",
            "SANDBOX_DATABASE_URL": f"sqlite:///{folder / 'sandbox.sqlite3'}",
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.pop("XAI_API_BASE_URL", None)


def seed(team_name: str, count: int, instructions: str = INSTRUCTIONS) -> str:
    from sandbox.keys import create_key
    from sandbox.models import Agent, Team

    key = create_key(team_name)
    team = Team.objects.using("sandbox").get(name=team_name)
    Agent.objects.using("sandbox").bulk_create(
        Agent(
            team=team,
            agent_id=f"agent_{team_name.lower()}{index:06d}",
            name=f"Agent {index:04d}",
            instructions=instructions,
            voice=VOICE,
            tools=TOOLS,
            collection_ids=["col_faq"],
        )
        for index in range(count)
    )
    return key


def timed(runs: int, step: Callable[[], Any]) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = step()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def show(label: str, times: list[float]) -> None:
    print(
        f"{label:<58} min {min(times):8.1f}  median {statistics.median(times):8.1f}  "
        f"max {max(times):8.1f} ms"
    )


def signed_in(user_name: str, team_name: str, key: str) -> Any:
    from django.contrib.auth.models import User
    from django.test import Client
    from django.utils import timezone

    from agents_ui import teams
    from agents_ui.models import Membership, Team, TeamAPIKey

    user, _ = User.objects.get_or_create(username=user_name)
    team, _ = Team.objects.get_or_create(name=team_name)
    membership, _ = Membership.objects.get_or_create(
        user=user, team=team, defaults={"role": Membership.Role.EDITOR}
    )
    teams.activate(membership)
    team_key = TeamAPIKey(user=user, team=team, verified_at=timezone.now())
    team_key.set_key(key)
    team_key.save()
    client = Client(headers={"host": "127.0.0.1"})
    client.force_login(user)
    return client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--latency", type=int, default=100, help="upstream latency in ms")
    parser.add_argument("--apply", type=int, default=20, help="changes applied per measure")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="switchboard-bench-") as temporary:
        configure(Path(temporary))
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        call_command("migrate", database="sandbox", verbosity=0)
        return run(args)


def run(args: argparse.Namespace) -> int:
    from agents_ui import api, history, transfer
    from agents_ui.models import Team
    from sandbox import faults

    count = args.agents
    source_key = seed("Source", count)
    same_key = seed("Same", count)
    changed_key = seed("Changed", count, INSTRUCTIONS.replace("friendly", "patient"))
    from sandbox.keys import create_key

    empty_key = create_key("Empty")
    print(f"{count:,} agents of 3 tools each, {len(INSTRUCTIONS):,} characters of instructions")

    exporter = signed_in("bench-export", "Source", source_key)
    times, response = timed(args.runs, lambda: exporter.get("/agents/export/"))
    assert response.status_code == 200, response.status_code
    text = response.content.decode()
    show("export download (GET /agents/export/)", times)

    times, (document, problems) = timed(args.runs, lambda: transfer.read_document(text))
    assert problems == [] and len(document["agents"]) == count
    show("read_document", times)

    for label, key, expected in (
        ("none there", empty_key, "to_create"),
        ("all there, the same", same_key, "unchanged"),
        ("all there, instructions changed", changed_key, "to_update"),
    ):
        agents = api.agent_list(key, limit=api.MAX_LIST_LIMIT)
        times, plan = timed(args.runs, lambda agents=agents: transfer.plan_import(document, agents))
        assert len(getattr(plan, expected)) == count, (label, expected)
        show(f"plan_import, {label}", times)

    for label, user, team, key in (
        ("none there", "bench-empty", "Empty", empty_key),
        ("all there, the same", "bench-same", "Same", same_key),
        ("all there, instructions changed", "bench-changed", "Changed", changed_key),
    ):
        client = signed_in(user, team, key)
        times, page = timed(
            args.runs, lambda client=client: client.post("/agents/import/", {"document": text})
        )
        assert page.status_code == 200, (label, page.status_code)
        show(f"dry-run page, {label} ({len(page.content) / 1024:,.0f} KiB)", times)

    token = transfer.sign_document(
        document, plan.fingerprint, user_id=1, team_id=Team.objects.get(name="Same").pk
    )
    print(
        f"document {len(text.encode()) / 1024:,.0f} KiB; signed copy in the Apply form "
        f"{len(token) / 1024:,.0f} KiB"
    )

    few = {**document, "agents": document["agents"][: args.apply]}
    actor = history.Actor(None, Team.objects.get(name="Empty"))
    for latency in (0, args.latency):
        target = create_key(f"Apply{latency}")
        plan = transfer.plan_import(few, api.agent_list(target, limit=api.MAX_LIST_LIMIT))
        faults.set_latency(latency)
        start = time.perf_counter()
        applied = transfer.apply_import(target, actor, plan)
        spent = (time.perf_counter() - start) * 1000
        faults.set_latency(None)
        assert applied.ok and len(applied.done) == args.apply, applied.message
        per_change = spent / args.apply
        print(
            f"apply {args.apply} creates at {latency} ms upstream latency: {spent:,.0f} ms, "
            f"{per_change:.1f} ms a change (1,000 changes: about {per_change:.0f} s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
