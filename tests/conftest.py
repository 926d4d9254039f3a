"""Shared fixtures: databases, the sandbox, the standing users, and the browser."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every test may reach the sandbox, whose calls run in other threads (the view's worker
    # pool, the live server): only real commits are visible there, so tests are
    # transactional and see both databases unless they say otherwise.
    for item in items:
        if item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db(transaction=True, databases="__all__"))


@pytest.fixture(autouse=True)
def _sandbox_faults_reset():
    """No fault or latency set by one test leaks into the next."""
    from sandbox import faults

    faults.reset()
    yield
    faults.reset()


@pytest.fixture
def sandbox_key() -> str:
    """A sandbox key with agent access, for the team "Acme"."""
    from sandbox.keys import create_key

    return create_key("Acme")


@pytest.fixture
def other_team_key() -> str:
    from sandbox.keys import create_key

    return create_key("Globex")


@pytest.fixture
def no_access_key() -> str:
    from sandbox.keys import create_key

    return create_key("Acme", agent_access=False)
