"""Fixtures of the screen tests: a team's history to read, and another team's."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from agents_ui.models import Team
from tests.conftest import join_team
from tests.history.support import day, move, outside_change, recorded_on, voice_change


@pytest.fixture
def acme_log(alice):
    """Acme's history: alice changed a voice (1 March), moved a number (10 March), and an
    agent was changed outside Switchboard (15 March: first seen, then changed)."""
    join_team(alice, None, "Acme")
    acme = Team.objects.get(name="Acme")
    with recorded_on(day(2026, 3, 1, hour=10)):
        voice = voice_change(alice, acme, reason="Callers were cut off")
    with recorded_on(day(2026, 3, 10, hour=9)):
        moved = move(alice, acme, reason="Night shift ends")
    with recorded_on(day(2026, 3, 15, hour=8)):
        outside = outside_change(acme)
    return SimpleNamespace(team=acme, voice=voice, move=moved, outside=outside)


@pytest.fixture
def globex_log(django_user_model):
    """Another team's history: dave changed the voice of Globex Secret Agent."""
    dave = django_user_model.objects.create_user("dave")
    join_team(dave, None, "Globex", role="editor")
    globex = Team.objects.get(name="Globex")
    with recorded_on(day(2026, 3, 12)):
        event = voice_change(dave, globex, name="Globex Secret Agent", reason="Globex reason")
    return SimpleNamespace(team=globex, event=event, dave=dave)
