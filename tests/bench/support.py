"""Samples and calls with round numbers, for the benchmark's bookkeeping tests."""

from __future__ import annotations

from bench.browser import Sample
from bench.measure import Call


def sample(started: float, finished: float, *, html_bytes: int = 1_000) -> Sample:
    return Sample(
        started=started,
        finished=finished,
        seconds=finished - started,
        status=200,
        html_bytes=html_bytes,
        wire_bytes=html_bytes // 10,
        content_encoding="gzip",
        cpu_seconds=0.010,
        text="",
    )


def call(start: float, end: float, path: str = "/sandbox/v1/agents") -> Call:
    return Call(start=start, end=end, method="GET", path=path)
