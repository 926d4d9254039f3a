"""Benchmark of every page: `make bench` (or `python -m bench.pages [--quick] [--json FILE]`).

Prints, for the list pages, the assignment table and the inline agent and number edits, at
100 and 1,000 agents and numbers and with the upstream answering in 0 and 100 ms: median
and p95 time, upstream calls per request (and whether they were made at once), HTML size
raw and as sent (gzip), and the dashboard's CPU time per request; then the dashboard CPU
at 500, 1,000 and 2,000 for the "doubling at most doubles" check, the JavaScript and CSS
each page loads, and every target of issue 11 with PASS or FAIL. Exits 1 if any fails.

Production-like: the upstream is the sandbox served over HTTP by gunicorn in its own
processes, the dashboard is gunicorn with production settings, both on throwaway SQLite
files; requests come from this process through httpx, logged in, accepting gzip.
See bench/README.md for how to read the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from bench import machine, servers

TABLE_SIZES = [100, 1_000]
SCALING_SIZES = [500, 1_000, 2_000]
LATENCIES_MS = [0, 100]
PASSWORD = "bench-password-not-secret"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.pages",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="10 requests a row, no 500/2,000")
    parser.add_argument("--requests", type=int, default=30, help="requests a row (default 30)")
    parser.add_argument(
        "--budget",
        type=float,
        default=20.0,
        help="seconds a row may take before it stops short of --requests (default 20)",
    )
    parser.add_argument(
        "--least", type=int, default=3, help="requests a row gets however slow (default 3)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.requests, arguments.budget = min(arguments.requests, 10), 5.0
    return arguments


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _prepare(folder: Path, sizes: list[int]) -> dict:
    """Migrates both databases, collects static files, seeds one team per size."""
    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("migrate", database="sandbox", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    from bench.seed import make_bench_editor, seed_team

    teams = {}
    for block, size in enumerate(sizes):
        team = seed_team(f"Bench {size}", size, number_block=block)
        make_bench_editor(f"bench-{size}", PASSWORD, team.name, team.key)
        teams[size] = team
    connections.close_all()
    return teams


def _run_latency(
    latency_ms: int, environment: dict, folder: Path, teams: dict, arguments: argparse.Namespace
) -> tuple[list, list[dict]]:
    from django.urls import reverse

    from bench.browser import Browser
    from bench.measure import (
        INLINE_EDITS,
        LIST_PAGES,
        TARGET_PAGES,
        Effort,
        attribute_calls,
        measure,
        read_calls,
        weigh_assets,
    )

    effort = Effort(arguments.requests, arguments.least, arguments.budget)
    sizes = sorted(set(TABLE_SIZES) | (set(SCALING_SIZES) if latency_ms == 0 else set()))
    calls_log = folder / f"upstream-calls-{latency_ms}.jsonl"
    rows, weights = [], []
    with (
        servers.upstream(environment, latency_ms, calls_log) as upstream,
        servers.dashboard(environment, upstream.url, folder / "dashboard-access.log") as dashboard,
    ):
        for size in sizes:
            if size not in teams:
                continue
            team = teams[size]
            browser = Browser(dashboard.url, dashboard.worker_pid())
            browser.log_in(f"bench-{size}", PASSWORD, reverse("login"))
            pages = (*LIST_PAGES, *INLINE_EDITS) if size in TABLE_SIZES else TARGET_PAGES
            for page in pages:
                began = time.monotonic()
                for row in measure(page, browser, team, latency_ms, effort):
                    rows.append(row)
                    _progress(
                        f"{row.page:<20} {size:>5,} × {latency_ms:>3} ms: "
                        f"{len(row.samples):>2} requests in {time.monotonic() - began:5.1f} s"
                    )
            if latency_ms == 0 and size == TABLE_SIZES[0]:
                weights = weigh_assets(browser, team)
            browser.close()
    # The upstream's workers have all written their logs now that they have stopped.
    attribute_calls(rows, read_calls(calls_log))
    return rows, weights


def main() -> int:
    arguments = _arguments()
    started = time.monotonic()
    host = machine.describe()
    with tempfile.TemporaryDirectory(prefix="switchboard-bench-") as temporary:
        folder = Path(temporary)
        environment = servers.production_environment(folder)
        os.environ.update(environment)
        sizes = TABLE_SIZES if arguments.quick else sorted(set(TABLE_SIZES + SCALING_SIZES))
        _progress(f"Seeding {', '.join(f'{size:,}' for size in sizes)} agents and numbers…")
        teams = _prepare(folder, sizes)
        rows, weights = [], []
        for latency_ms in LATENCIES_MS:
            latency_rows, latency_weights = _run_latency(
                latency_ms, environment, folder, teams, arguments
            )
            rows += latency_rows
            weights = weights or latency_weights
    host["load at the end"] = machine.load()
    return _report(rows, weights, arguments, time.monotonic() - started, host)


def _report(
    rows: list, weights: list[dict], arguments: argparse.Namespace, took: float, host: dict
) -> int:
    from bench import report
    from bench.measure import INLINE_EDITS, TARGET_PAGES

    summaries = [row.summary() for row in rows]
    table_rows = sorted(
        (summary for summary in summaries if summary["size"] in TABLE_SIZES),
        key=lambda summary: (summary["latency_ms"], summary["size"]),
    )
    target_pages = [page.label for page in TARGET_PAGES]
    results = report.verdicts(
        summaries,
        weights,
        target_pages=target_pages,
        edit_saves=[edit.labels[1] for edit in INLINE_EDITS],
        scaling_sizes=SCALING_SIZES,
    )
    print(
        f"Machine: {host['cores']} cores, {host['cpu']}; Python {host['python']}, "
        f"Django {host['django']}, gunicorn {host['gunicorn']}. Load average (1, 5, 15 min) "
        f"{host['load']} at the start, {host['load at the end']} at the end.\n"
    )
    print(report.figures_table(table_rows))
    if not arguments.quick:
        print("\nDashboard CPU per request as the team grows (upstream at 0 ms):\n")
        print(report.scaling_table(summaries, target_pages, SCALING_SIZES))
    print("\nJavaScript and CSS each page loads:\n")
    print(report.assets_table(weights))
    print("\nTargets (issue 11):\n")
    print(report.verdicts_table(results))
    print("\nUpstream calls of each page (1,000 agents and numbers, 100 ms):\n")
    print(report.calls_list(summaries))
    failed = [result for result in results if result.passed is False]
    met = [result for result in results if result.passed]
    print(
        f"\n{len(met)} targets met, {len(failed)} failed, "
        f"{len(results) - len(met) - len(failed)} not measured "
        f"({'--quick, ' if arguments.quick else ''}the run took {took / 60:.1f} minutes)."
    )
    if arguments.json:
        arguments.json.write_text(
            json.dumps(
                {
                    "machine": host,
                    "quick": arguments.quick,
                    "rows": summaries,
                    "assets": weights,
                    "targets": [vars(result) for result in results],
                },
                indent=2,
            )
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
