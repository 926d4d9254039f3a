"""Targets of issue 11: a figure over its target fails, one not measured never passes."""

from __future__ import annotations

from bench import report


def summary(page: str, size: int, latency_ms: int, **figures) -> dict:
    values = {
        "page": page,
        "size": size,
        "latency_ms": latency_ms,
        "requests": 30,
        "median_ms": 120.0,
        "p95_ms": 140.0,
        "calls_min": 2,
        "calls_max": 2,
        "calls": [],
        "at_once": (30, 30),
        "html_bytes": 100_000,
        "wire_bytes": 20_000,
        "encodings": ["gzip"],
        "cpu_ms": 30.0,
        "excluding_upstream_ms": 10.0,
    }
    return {**values, **figures}


def results(summaries: list[dict], weights: list[dict] | None = None) -> dict[str, bool | None]:
    verdicts = report.verdicts(
        summaries,
        weights or [],
        target_pages=["/agents/"],
        edit_saves=[],
        scaling_sizes=[500, 1_000, 2_000],
    )
    return {verdict.target: verdict.passed for verdict in verdicts}


def fast_agents_page(**slow_figures) -> list[dict]:
    return [
        summary("/agents/", 1_000, 100, **slow_figures),
        summary("/agents/", 500, 0, cpu_ms=16.0),
        summary("/agents/", 1_000, 0),
        summary("/agents/", 2_000, 0, cpu_ms=31.0),
    ]


def test_a_page_within_every_target_passes_them_all():
    assert set(results(fast_agents_page()).values()) == {True}


def test_a_median_of_146_ms_fails_the_145_ms_target():
    outcome = results(fast_agents_page(median_ms=146.0))
    assert outcome["/agents/ at 1,000: median ≤ 145 ms"] is False


def test_two_calls_one_after_the_other_fail_made_at_once():
    outcome = results(fast_agents_page(at_once=(0, 30)))
    assert outcome["/agents/ at 1,000: ≤ 2 upstream calls, made at once"] is False


def test_three_calls_fail_even_at_once():
    outcome = results(fast_agents_page(calls_max=3))
    assert outcome["/agents/ at 1,000: ≤ 2 upstream calls, made at once"] is False


def test_cpu_that_more_than_doubles_with_the_team_fails():
    summaries = fast_agents_page()
    summaries[3]["cpu_ms"] = 61.0
    outcome = results(summaries)
    assert outcome["/agents/: CPU from 1,000 to 2,000 at most doubles"] is False
    assert outcome["/agents/: CPU from 500 to 1,000 at most doubles"] is True


def test_a_figure_not_measured_is_reported_as_such_not_passed():
    outcome = results([summary("/agents/", 1_000, 100)])
    assert outcome["/agents/: CPU from 500 to 1,000 at most doubles"] is None


def test_scripts_and_styles_over_60_kb_compressed_fail():
    weights = [{"page": "/agents/", "files": [], "wire_bytes": 60_001}]
    outcome = results(fast_agents_page(), weights)
    assert outcome["/agents/: JavaScript and CSS ≤ 60.0 KB compressed"] is False
