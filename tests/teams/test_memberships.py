"""The person's teams as every request reads them: each membership with its team and key."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from agents_ui import teams
from agents_ui.middleware import ActiveTeamMiddleware
from tests.conftest import join_team

pytestmark = pytest.mark.django_db


def test_each_membership_carries_the_persons_own_key_for_its_team(alice, bob):
    join_team(alice, "xai-alice-acme", "Acme")
    join_team(alice, None, "Globex", active=False)
    join_team(bob, "xai-bob-acme", "Acme")

    mine = {m.team.name: teams.own_key(m) for m in teams.memberships(alice)}

    assert mine["Globex"] is None
    assert mine["Acme"].reveal() == "xai-alice-acme"  # not bob's key for the same team
    assert mine["Acme"].team.name == "Acme"


def test_a_request_reads_its_team_role_and_key_in_one_query(alice, django_assert_num_queries):
    join_team(alice, "xai-alice-acme", "Acme")
    join_team(alice, "xai-alice-globex", "Globex", active=False)
    request = RequestFactory().get("/")
    request.user = alice
    seen = {}

    def view(request):
        seen.update(team=request.team.name, key=request.team_key.reveal())
        seen.update(label=request.team_key.label, role=request.membership.role)

    with django_assert_num_queries(1):
        ActiveTeamMiddleware(view)(request)

    assert seen == {"team": "Acme", "key": "xai-alice-acme", "label": "Acme", "role": "editor"}
