"""The benchmark's bookkeeping: which calls a request made, at once or not, and its times."""

from __future__ import annotations

import pytest

from bench.measure import Row, attribute_calls
from tests.bench.support import call, sample


def test_each_request_gets_the_calls_that_began_while_it_was_under_way():
    first, second = sample(10.0, 10.5), sample(11.0, 11.2)
    row = Row("/agents/", 1_000, 100, [first, second])

    attribute_calls(
        [row],
        [
            call(9.0, 9.1, "/sandbox/v1/warm-up"),
            call(10.1, 10.4),
            call(10.1, 10.45, "/sandbox/v1/phone-numbers"),
            call(11.05, 11.15),
        ],
    )

    assert [len(calls) for calls in row.calls] == [2, 1]
    assert row.summary()["calls"] == ["GET /sandbox/v1/agents", "GET /sandbox/v1/phone-numbers"]


def test_two_calls_side_by_side_were_made_at_once():
    row = Row("/agents/", 1_000, 100, [sample(0.0, 0.2)], [[call(0.01, 0.12), call(0.012, 0.13)]])
    assert row.summary()["at_once"] == (1, 1)


def test_two_calls_count_as_at_once_when_the_upstream_was_slow_to_take_up_one():
    # Issued together; the upstream began the second 90 ms late, still within the first.
    row = Row("/agents/", 1_000, 100, [sample(0.0, 0.3)], [[call(0.0, 0.13), call(0.09, 0.22)]])
    assert row.summary()["at_once"] == (1, 1)


def test_a_call_begun_as_the_previous_one_was_still_being_logged_was_not_made_at_once():
    # The first call's end was logged 2 ms after the dashboard had begun the second one.
    row = Row("edit", 1_000, 100, [sample(0.0, 0.3)], [[call(0.01, 0.112), call(0.11, 0.22)]])
    assert row.summary()["at_once"] == (0, 1)


def test_time_excluding_the_upstream_counts_overlapping_calls_once():
    row = Row("/agents/", 1_000, 100, [sample(0.0, 1.0)], [[call(0.1, 0.3), call(0.2, 0.4)]])
    assert row.summary()["excluding_upstream_ms"] == pytest.approx(700.0)


def test_the_summary_reads_median_and_p95_of_the_round_trips():
    samples = [sample(0.0, seconds / 1000) for seconds in range(1, 21)]  # 1 … 20 ms
    row = Row("/agents/", 100, 0, samples, [[] for _ in samples])

    summary = row.summary()

    assert summary["requests"] == 20
    assert summary["median_ms"] == pytest.approx(10.5)
    assert summary["p95_ms"] == pytest.approx(19.0)
    assert summary["cpu_ms"] == pytest.approx(10.0)
