"""Benchmark: the audit log and its CSV download over a long history.

Run: .venv/bin/python bench/audit_page.py [--events N] [--runs N]

Seeds two teams' histories (N changes in the reader's team, N/10 in another) into throwaway
SQLite files, then times, through Django's test client:
  - the first page, a page deep in the history, and pages filtered by name, person, kind and
    dates (each page shows 50 changes: its cost should not grow with the history), with the
    number of database queries of each;
  - the whole history as CSV (streamed), with its size and the most memory Python held while
    writing it.
Prints min / median / max per case. Not a pytest test; it prints figures only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


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


def seed(count: int):
    """A reviewer of "Bench" with `count` changes there (1,000 agents, 1,000 numbers, five
    people), and another team's `count // 10` changes the reviewer must never see."""
    from django.contrib.auth.models import User
    from django.db import connection

    from agents_ui.models import AuditEvent, Membership, Team

    reader = User.objects.create_user("bench-reviewer")
    people = [User.objects.create_user(f"editor{n}") for n in range(5)]
    bench, other = Team.objects.create(name="Bench"), Team.objects.create(name="Other")
    Membership.objects.create(user=reader, team=bench, role="reviewer", is_active=True)

    def event(team: Team, index: int) -> AuditEvent:
        person = people[index % 5]
        agent = f"Agent {index % 1000:04d}"
        if index % 3:
            return AuditEvent(
                team=team,
                actor=person,
                actor_username=person.username,
                key_label=team.name,
                resource_type="agent",
                resource_id=f"agent_{index % 1000}",
                resource_name=agent,
                action="update",
                changed_fields=["voice"],
                before={"voice": {"vad_silence_duration_ms": 300}},
                after={"voice": {"vad_silence_duration_ms": 800}},
                summary=f"changed the voice of {agent}: silence 300 ms → 800 ms",
                reason="Callers were cut off" if index % 2 else "",
                snapshot={"name": agent, "instructions": "Be helpful. " * 200},
            )
        number = f"(415) 555-{index % 1000:04d}"
        return AuditEvent(
            team=team,
            actor=person,
            actor_username=person.username,
            key_label=team.name,
            resource_type="phone_number",
            resource_id=f"phone_{index % 1000}",
            resource_name=number,
            action="move",
            changed_fields=["agent"],
            before={"agent_name": "Night Line"},
            after={"agent_name": agent},
            summary=f"moved {number} from Night Line to {agent}",
        )

    for team, total in ((bench, count), (other, count // 10)):
        for start in range(0, total, 5000):
            AuditEvent.objects.bulk_create(
                event(team, index) for index in range(start, min(total, start + 5000))
            )
    # One change a minute, oldest first (records are append-only: only raw SQL dates them).
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE agents_ui_auditevent SET created_at = "
            "strftime('%Y-%m-%d %H:%M:%f', '2025-01-01', '+' || id || ' minutes')"
        )
    return reader


def timed(client, url: str, runs: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    count = len(queries)  # now: the next request empties the log
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times, count


def line(label: str, times: list[float], extra: str = "") -> str:
    return (
        f"{label:<44} min {min(times):7.1f}  median {statistics.median(times):7.1f}  "
        f"max {max(times):7.1f} ms{extra}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--csv-runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="switchboard-bench-") as temporary:
        configure(Path(temporary))
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        reader = seed(args.events)
        print(
            f"seeded {args.events:,} changes (+{args.events // 10:,} of another team) "
            f"in {time.perf_counter() - start:.1f} s"
        )

        from django.test import Client

        client = Client(headers={"host": "127.0.0.1"})
        client.force_login(reader)
        last = (args.events + 49) // 50
        cases = [
            ("first page", "/audit/"),
            (f"page {last // 2} of {last}", f"/audit/?page={last // 2}"),
            ("name contains “agent 0999”", "/audit/?name=agent+0999"),
            ("one person, one kind", "/audit/?person=editor3&kind=assignment"),
            ("one month", "/audit/?from=2025-02-01&to=2025-02-28"),
            ("all filters", "/audit/?name=0999&person=editor2&kind=agent-changed&from=2025-01-01"),
        ]
        print(f"pages of 50, {args.runs} runs each (server time, test client):")
        for label, url in cases:
            times, queries = timed(client, url, args.runs)
            print(line(label, times, f"  ({queries} queries)"))

        times, sizes, peaks = [], [], []
        for _ in range(args.csv_runs):
            tracemalloc.start()
            start = time.perf_counter()
            response = client.get("/audit/export.csv")
            size = sum(len(piece) for piece in response.streaming_content)
            times.append((time.perf_counter() - start) * 1000)
            peaks.append(tracemalloc.get_traced_memory()[1] / 1e6)
            tracemalloc.stop()
            sizes.append(size)
        print(
            line(
                f"CSV of all {args.events:,} changes",
                times,
                f"  ({sizes[0] / 1e6:.1f} MB; peak Python memory "
                f"{min(peaks):.1f} / {statistics.median(peaks):.1f} / {max(peaks):.1f} MB)",
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
