"""The run's figures as Markdown tables, and each target of issue 11 with PASS or FAIL.

1 KB is 1,000 bytes here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

HEADLINE_SIZE = 1_000
SLOW_UPSTREAM_MS = 100
PAGE_MEDIAN_MS = 145
PAGE_MAX_CALLS = 2
PAGE_HTML_BYTES = 150_000
PAGE_COMPRESSED_BYTES = 30_000
PAGE_CPU_MS = 40
CPU_GROWTH_WHEN_DOUBLED = 2.0
EDIT_MS_EXCLUDING_UPSTREAM = 15
EDIT_PARTIAL_BYTES = 4_000
ASSET_COMPRESSED_BYTES = 60_000


@dataclass(frozen=True)
class Verdict:
    target: str
    figure: str
    passed: bool | None  # None: not measured in this run

    @property
    def word(self) -> str:
        return {True: "PASS", False: "FAIL", None: "not measured"}[self.passed]


def kb(size: float) -> str:
    return f"{size / 1000:,.1f} KB"


def _find(summaries: list[dict], page: str, size: int, latency_ms: int) -> dict | None:
    return next(
        (
            summary
            for summary in summaries
            if (summary["page"], summary["size"], summary["latency_ms"]) == (page, size, latency_ms)
        ),
        None,
    )


def _calls(summary: dict) -> str:
    low, high = summary["calls_min"], summary["calls_max"]
    return str(high) if low == high else f"{low}–{high}"


def _at_once(summary: dict) -> str:
    together, of = summary["at_once"]
    if of == 0:
        return "—"
    if together == of:
        return "yes"
    return "no" if together == 0 else f"{together} of {of}"


def figures_table(summaries: Iterable[dict]) -> str:
    lines = [
        "| page | agents & numbers | upstream latency | requests | median | p95 "
        "| upstream calls | made at once | HTML | compressed | dashboard CPU "
        "| time excluding upstream |",
        "|---|--:|--:|--:|--:|--:|--:|:-:|--:|--:|--:|--:|",
    ]
    for summary in summaries:
        lines.append(
            f"| {summary['page']} | {summary['size']:,} | {summary['latency_ms']} ms "
            f"| {summary['requests']} | {summary['median_ms']:,.1f} ms "
            f"| {summary['p95_ms']:,.1f} ms | {_calls(summary)} | {_at_once(summary)} "
            f"| {kb(summary['html_bytes'])} | {kb(summary['wire_bytes'])} "
            f"| {summary['cpu_ms']:,.1f} ms | {summary['excluding_upstream_ms']:,.1f} ms |"
        )
    return "\n".join(lines)


def scaling_table(summaries: list[dict], pages: Iterable[str], sizes: list[int]) -> str:
    lines = [
        "| page | " + " | ".join(f"CPU at {size:,}" for size in sizes) + " |",
        "|---|" + "--:|" * len(sizes),
    ]
    for page in pages:
        cells = []
        for size in sizes:
            summary = _find(summaries, page, size, 0)
            cells.append(f"{summary['cpu_ms']:,.1f} ms" if summary else "—")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def assets_table(weights: list[dict]) -> str:
    lines = ["| page | scripts and style sheets | as sent |", "|---|---|--:|"]
    for weight in weights:
        files = ", ".join(
            f"{file['url'].rsplit('/', 1)[-1]} ({kb(file['wire_bytes'])}, {file['encoding']})"
            for file in weight["files"]
        )
        lines.append(f"| {weight['page']} | {files} | {kb(weight['wire_bytes'])} |")
    return "\n".join(lines)


def calls_list(summaries: list[dict]) -> str:
    lines = []
    for summary in summaries:
        if (summary["size"], summary["latency_ms"]) == (HEADLINE_SIZE, SLOW_UPSTREAM_MS):
            calls = ", ".join(summary["calls"]) or "none"
            lines.append(f"- {summary['page']}: {calls}")
    return "\n".join(lines)


def _page_verdicts(summaries: list[dict], page: str) -> list[Verdict]:
    slow = _find(summaries, page, HEADLINE_SIZE, SLOW_UPSTREAM_MS)
    idle = _find(summaries, page, HEADLINE_SIZE, 0)
    where = f"{page} at {HEADLINE_SIZE:,}"
    if slow is None:
        verdicts = [Verdict(f"{where}, {SLOW_UPSTREAM_MS} ms upstream", "—", None)]
    else:
        made_at_once = _at_once(slow) in ("yes", "—")
        verdicts = [
            Verdict(
                f"{where}: median ≤ {PAGE_MEDIAN_MS} ms",
                f"{slow['median_ms']:,.1f} ms",
                slow["median_ms"] <= PAGE_MEDIAN_MS,
            ),
            Verdict(
                f"{where}: ≤ {PAGE_MAX_CALLS} upstream calls, made at once",
                f"{_calls(slow)} calls, at once: {_at_once(slow)}",
                slow["calls_max"] <= PAGE_MAX_CALLS and made_at_once,
            ),
            Verdict(
                f"{where}: HTML ≤ {kb(PAGE_HTML_BYTES)}",
                kb(slow["html_bytes"]),
                slow["html_bytes"] <= PAGE_HTML_BYTES,
            ),
            Verdict(
                f"{where}: HTML compressed ≤ {kb(PAGE_COMPRESSED_BYTES)}",
                f"{kb(slow['wire_bytes'])} ({', '.join(slow['encodings'])})",
                slow["wire_bytes"] <= PAGE_COMPRESSED_BYTES,
            ),
        ]
    if idle is None:
        verdicts.append(Verdict(f"{where}: dashboard CPU at 0 ms upstream", "—", None))
    else:
        verdicts.append(
            Verdict(
                f"{where}: dashboard CPU ≤ {PAGE_CPU_MS} ms (0 ms upstream)",
                f"{idle['cpu_ms']:,.1f} ms",
                idle["cpu_ms"] <= PAGE_CPU_MS,
            )
        )
    return verdicts


def _growth_verdicts(summaries: list[dict], page: str, sizes: list[int]) -> list[Verdict]:
    verdicts = []
    for small in sizes:
        large = small * 2
        if large not in sizes:
            continue
        before, after = _find(summaries, page, small, 0), _find(summaries, page, large, 0)
        target = f"{page}: CPU from {small:,} to {large:,} at most doubles"
        if before is None or after is None:
            verdicts.append(Verdict(target, "—", None))
            continue
        growth = after["cpu_ms"] / before["cpu_ms"] if before["cpu_ms"] else float("inf")
        verdicts.append(
            Verdict(
                target,
                f"×{growth:.2f} ({before['cpu_ms']:,.1f} → {after['cpu_ms']:,.1f} ms)",
                growth <= CPU_GROWTH_WHEN_DOUBLED,
            )
        )
    return verdicts


def _edit_verdicts(summaries: list[dict], label: str) -> list[Verdict]:
    save = _find(summaries, label, HEADLINE_SIZE, SLOW_UPSTREAM_MS)
    where = f"{label} at {HEADLINE_SIZE:,}, {SLOW_UPSTREAM_MS} ms upstream"
    if save is None:
        return [Verdict(where, "—", None)]
    return [
        Verdict(
            f"{where}: round trip ≤ {EDIT_MS_EXCLUDING_UPSTREAM} ms excluding the upstream",
            f"{save['excluding_upstream_ms']:,.1f} ms (of {save['median_ms']:,.1f} ms, "
            f"{_calls(save)} calls)",
            save["excluding_upstream_ms"] <= EDIT_MS_EXCLUDING_UPSTREAM,
        ),
        Verdict(
            f"{where}: partial ≤ {kb(EDIT_PARTIAL_BYTES)}",
            kb(save["html_bytes"]),
            save["html_bytes"] <= EDIT_PARTIAL_BYTES,
        ),
    ]


def verdicts(
    summaries: list[dict],
    weights: list[dict],
    *,
    target_pages: Iterable[str],
    edit_saves: Iterable[str],
    scaling_sizes: list[int],
) -> list[Verdict]:
    results: list[Verdict] = []
    for page in target_pages:
        results += _page_verdicts(summaries, page)
        results += _growth_verdicts(summaries, page, scaling_sizes)
    for label in edit_saves:
        results += _edit_verdicts(summaries, label)
    for weight in weights:
        results.append(
            Verdict(
                f"{weight['page']}: JavaScript and CSS ≤ {kb(ASSET_COMPRESSED_BYTES)} compressed",
                kb(weight["wire_bytes"]),
                weight["wire_bytes"] <= ASSET_COMPRESSED_BYTES,
            )
        )
    return results


def verdicts_table(results: list[Verdict]) -> str:
    lines = ["| target | figure | result |", "|---|---|---|"]
    lines += [f"| {result.target} | {result.figure} | {result.word} |" for result in results]
    return "\n".join(lines)
