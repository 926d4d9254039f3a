"""Fixtures of the transfer tests: two sandbox teams, Acme and Globex, and alice in both."""

from __future__ import annotations

import pytest

from agents_ui import history
from agents_ui.models import Team


@pytest.fixture
def globex(alice) -> history.Actor:
    """alice importing into team Globex."""
    return history.Actor(alice, Team.objects.create(name="Globex"))


@pytest.fixture
def acme(alice) -> history.Actor:
    """alice importing into team Acme."""
    return history.Actor(alice, Team.objects.create(name="Acme"))
