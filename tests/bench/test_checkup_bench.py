"""The checkup benchmark reads the words of one overview page: the page it means is home's."""

from __future__ import annotations

from agents_ui.views import home
from bench import checkup as checkup_bench


def test_it_reads_as_many_findings_and_idle_numbers_as_the_overview_shows():
    assert checkup_bench.OVERVIEW_PAGE == home.FINDINGS_PER_PAGE
    assert checkup_bench.OVERVIEW_IDLE_NUMBERS == home.IDLE_NUMBERS_SHOWN
