"""A team whose changes wait for review: alice asks, bob (a reviewer) decides."""

from __future__ import annotations

import pytest

from agents_ui import history
from agents_ui.models import Team
from tests.conftest import join_team


@pytest.fixture
def reviewed_team(alice, bob, sandbox_key) -> Team:
    join_team(alice, sandbox_key)
    join_team(bob, sandbox_key)
    team = Team.objects.get(name="Acme")
    team.approval_required = True
    team.save()
    return team


@pytest.fixture
def alice_asks(alice, reviewed_team) -> history.Actor:
    return history.Actor(alice, reviewed_team)


@pytest.fixture
def bob_decides(bob, reviewed_team) -> history.Actor:
    return history.Actor(bob, reviewed_team)
