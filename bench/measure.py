"""What is measured: the pages and inline edits, their samples, and the upstream calls each made.

Pages are found by their URL names, so the benchmark follows them whatever they become.
Each measured request is timed by the client, its dashboard CPU read from /proc, and the
upstream calls it made are the ones the upstream began while it was under way (requests
go one at a time, so no call can belong to another).
"""

from __future__ import annotations

import itertools
import json
import math
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.urls import reverse

from bench.browser import Browser, Form, Sample, asset_urls, find_form
from bench.seed import SeededTeam

# --- What a page is ----------------------------------------------------------------------


class Measured(Protocol):
    labels: tuple[str, ...]

    def once(self, browser: Browser, team: SeededTeam) -> dict[str, Sample]:
        """One visit: a sample for each of `labels`."""
        ...


@dataclass(frozen=True)
class FullPage:
    """A full page, as a browser loads it."""

    label: str
    url_name: str
    of_an_agent: bool = False  # the page of one agent: its URL takes the agent's id

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label,)

    def path(self, team: SeededTeam) -> str:
        if self.of_an_agent:
            return reverse(self.url_name, args=[team.agent_with_number_id])
        return reverse(self.url_name)

    def once(self, browser: Browser, team: SeededTeam) -> dict[str, Sample]:
        sample = browser.get_page(self.path(team))
        _expect(sample, 200, self.label)
        return {self.label: sample}


_renames = itertools.count(1)


@dataclass(frozen=True)
class InlineEdit:
    """Opening an inline edit form as htmx does, then saving a new name with it."""

    label: str
    url_name: str
    kind: str  # "agent" or "number"

    @property
    def labels(self) -> tuple[str, ...]:
        return (f"{self.label}: open", f"{self.label}: save")

    def _request(self, team: SeededTeam) -> tuple[str, str]:
        if self.kind == "agent":
            agent_id = team.agent_with_number_id
            return reverse(self.url_name, args=[agent_id, "basics"]), "section-basics"
        number_id = team.assigned_phone_number_id
        return reverse(self.url_name, args=[number_id]), f"number-{number_id}"

    def once(self, browser: Browser, team: SeededTeam) -> dict[str, Sample]:
        path, target = self._request(team)
        opened = browser.request("GET", path, htmx_target=target)
        _expect(opened, 200, self.labels[0])
        form: Form = find_form(opened.text, lambda attributes: "hx-post" in attributes)
        name = f"Renamed by the benchmark {next(_renames)}"
        form.set("name", name)
        form.set("action", "save")
        saved = browser.request(
            "POST", form.attributes["hx-post"], data=form.fields, htmx_target=target
        )
        _expect(saved, 200, self.labels[1])
        if name not in saved.text:
            raise SystemExit(f"{self.labels[1]}: the answer does not show the new name.")
        return {self.labels[0]: opened, self.labels[1]: saved}


def _expect(sample: Sample, status: int, label: str) -> None:
    if sample.status != status:
        raise SystemExit(f"{label}: answered {sample.status}, expected {status}.")


LIST_PAGES = (
    FullPage("/agents/", "agent-list"),
    FullPage("/phone-numbers/", "phone-number-list"),
    FullPage("assignment table", "assign-board"),
    FullPage("/audit/", "audit"),
)
TARGET_PAGES = LIST_PAGES[:3]
INLINE_EDITS = (
    InlineEdit("agent edit", "agent-section", "agent"),
    InlineEdit("number edit", "phone-number-edit", "number"),
)
# Full pages whose scripts and style sheets are weighed: the lists, and the agent's pages.
ASSET_PAGES = (
    *LIST_PAGES,
    FullPage("agent page", "agent-detail", of_an_agent=True),
    FullPage("new agent", "agent-create"),
)


# --- Samples and the calls they made -----------------------------------------------------


@dataclass(frozen=True)
class Call:
    start: float
    end: float
    method: str
    path: str


@dataclass
class Row:
    """One line of the table: a page at a size and an upstream latency."""

    page: str
    size: int
    latency_ms: int
    samples: list[Sample] = field(default_factory=list)
    calls: list[list[Call]] = field(default_factory=list)

    def summary(self) -> dict:
        seconds = sorted(sample.seconds for sample in self.samples)
        counts = [len(calls) for calls in self.calls]
        overlapping = [_at_once(calls) for calls in self.calls if len(calls) >= 2]
        outside = [
            sample.seconds - _union_seconds(calls, sample)
            for sample, calls in zip(self.samples, self.calls, strict=True)
        ]
        return {
            "page": self.page,
            "size": self.size,
            "latency_ms": self.latency_ms,
            "requests": len(seconds),
            "median_ms": statistics.median(seconds) * 1000,
            "p95_ms": seconds[math.ceil(0.95 * len(seconds)) - 1] * 1000,
            "calls_min": min(counts),
            "calls_max": max(counts),
            "calls": sorted(
                {f"{call.method} {call.path}" for calls in self.calls for call in calls}
            ),
            "at_once": (sum(overlapping), len(overlapping)),
            "html_bytes": statistics.median(sample.html_bytes for sample in self.samples),
            "wire_bytes": statistics.median(sample.wire_bytes for sample in self.samples),
            "encodings": sorted({sample.content_encoding or "none" for sample in self.samples}),
            "cpu_ms": sum(sample.cpu_seconds for sample in self.samples) / len(seconds) * 1000,
            "excluding_upstream_ms": statistics.median(outside) * 1000,
        }


# Calls made at once share their time; calls made one after the other do not, though a busy
# machine can log a call's end a moment after the dashboard, done with it, began the next.
# And a busy upstream can be slow to take up one of two calls made at once.
AT_ONCE_MIN_SHARED_SECONDS = 0.005


def _at_once(calls: list[Call]) -> bool:
    """Whether the calls were all under way together for 5 ms, or for half of the shortest
    call if that is less (calls to an upstream answering in 0 ms can take 2 ms)."""
    together = min(call.end for call in calls) - max(call.start for call in calls)
    shortest = min(call.end - call.start for call in calls)
    return together > 0 and together >= min(AT_ONCE_MIN_SHARED_SECONDS, shortest / 2)


def _union_seconds(calls: list[Call], sample: Sample) -> float:
    """How long, during the request, at least one upstream call was under way."""
    total, reached = 0.0, sample.started
    for call in sorted(calls, key=lambda call: call.start):
        start, end = max(call.start, reached), min(call.end, sample.finished)
        if end > start:
            total += end - start
            reached = end
    return total


def read_calls(log: Path) -> list[Call]:
    if not log.exists():
        return []
    calls = []
    for line in log.read_text().splitlines():
        entry = json.loads(line)
        calls.append(Call(entry["start"], entry["end"], entry["method"], entry["path"]))
    return sorted(calls, key=lambda call: call.start)


def attribute_calls(rows: list[Row], calls: list[Call]) -> None:
    """Gives each sample the upstream calls that began while it was under way."""
    for row in rows:
        row.calls = [
            [call for call in calls if sample.started <= call.start <= sample.finished]
            for sample in row.samples
        ]


# --- Measuring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Effort:
    """How many requests a row gets: `requests`, or fewer (never under `least`) when the
    page is so slow that they would take more than `budget_seconds`."""

    requests: int
    least: int
    budget_seconds: float


# A first request slower than this is kept: what warming up spares the others (compiling
# templates, opening connections) is lost in it, and a slow page spends minutes on it.
KEEP_WARM_UP_AFTER_SECONDS = 1.0


def measure(
    page: Measured, browser: Browser, team: SeededTeam, latency_ms: int, effort: Effort
) -> list[Row]:
    began = time.monotonic()
    warm_up = page.once(browser, team)
    samples: dict[str, list[Sample]] = defaultdict(list)
    if max(sample.seconds for sample in warm_up.values()) > KEEP_WARM_UP_AFTER_SECONDS:
        for label, sample in warm_up.items():
            samples[label].append(sample)
    else:
        began = time.monotonic()
    for done in itertools.count(len(samples[page.labels[0]])):
        if done >= effort.requests or (
            done >= effort.least and time.monotonic() - began > effort.budget_seconds
        ):
            break
        for label, sample in page.once(browser, team).items():
            samples[label].append(sample)
    return [Row(label, team.size, latency_ms, samples[label]) for label in page.labels]


def weigh_assets(browser: Browser, team: SeededTeam) -> list[dict]:
    """For each full page: its scripts and style sheets, and their bytes as sent."""
    weights = []
    for page in ASSET_PAGES:
        html = browser.get_page(page.path(team))
        _expect(html, 200, page.label)
        files = []
        for url in asset_urls(html.text):
            asset = browser.request("GET", url)
            _expect(asset, 200, url)
            files.append(
                {
                    "url": url,
                    "bytes": asset.html_bytes,
                    "wire_bytes": asset.wire_bytes,
                    "encoding": asset.content_encoding or "none",
                }
            )
        weights.append(
            {
                "page": page.label,
                "files": files,
                "wire_bytes": sum(file["wire_bytes"] for file in files),
            }
        )
    return weights
