"""Several runs side by side: `python -m bench.compare run1.json run2.json run3.json`.

The files are written by `python -m bench.pages --json FILE`. For each row, the minimum,
median and maximum over the runs of its median time, p95 and dashboard CPU; for each
target, the result of each run.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path


def _spread(values: list[float]) -> str:
    return f"{min(values):,.1f} / {statistics.median(values):,.1f} / {max(values):,.1f}"


def compare(runs: list[dict]) -> str:
    keys = [(row["page"], row["size"], row["latency_ms"]) for row in runs[0]["rows"]]
    lines = [
        f"Over {len(runs)} runs, min / median / max of each run's figure (ms):",
        "",
        "| page | agents & numbers | upstream latency | median | p95 | dashboard CPU "
        "| time excluding upstream |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for key in keys:
        rows = [
            row
            for run in runs
            for row in run["rows"]
            if (row["page"], row["size"], row["latency_ms"]) == key
        ]
        page, size, latency_ms = key
        lines.append(
            f"| {page} | {size:,} | {latency_ms} ms "
            f"| {_spread([row['median_ms'] for row in rows])} "
            f"| {_spread([row['p95_ms'] for row in rows])} "
            f"| {_spread([row['cpu_ms'] for row in rows])} "
            f"| {_spread([row['excluding_upstream_ms'] for row in rows])} |"
        )
    lines += ["", "| target | " + " | ".join(f"run {n}" for n in range(1, len(runs) + 1)) + " |"]
    lines.append("|---|" + "---|" * len(runs))
    for index, target in enumerate(runs[0]["targets"]):
        cells = []
        for run in runs:
            result = run["targets"][index]
            word = {True: "PASS", False: "FAIL", None: "—"}[result["passed"]]
            cells.append(f"{word} {result['figure']}")
        lines.append(f"| {target['target']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__)
    parser.add_argument("runs", nargs="+", type=Path, help="files from bench.pages --json")
    arguments = parser.parse_args()
    print(compare([json.loads(path.read_text()) for path in arguments.runs]))


if __name__ == "__main__":
    main()
