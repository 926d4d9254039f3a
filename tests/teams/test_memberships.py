"""The person's teams as every request reads them: each membership with its team and key."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import FilteredRelation, Q
from django.test import RequestFactory

from agents_ui import teams
from agents_ui.middleware import ActiveTeamMiddleware
from agents_ui.models import Membership, Team
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


def _through_the_orm(user):
    """What `teams.memberships` writes out by hand, as the ORM builds it."""
    return list(
        Membership.objects.filter(user=user)
        .annotate(own_key=FilteredRelation("team__keys", condition=Q(team__keys__user=user)))
        .select_related("team", "own_key")
        .order_by("team__name")
    )


def _values(instance):
    """A model instance's field values, as read (types included), and where it was read."""
    if instance is None:
        return None
    fields = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}
    types = {name: type(value) for name, value in fields.items()}
    return fields, types, instance._state.db, instance._state.adding


def test_the_written_out_query_reads_what_the_orms_query_reads(alice, bob, charlie):
    join_team(alice, "xai-alice-acme", "Acme")
    join_team(alice, None, "globex", active=False)  # lower case: sorted as the database sorts
    join_team(alice, "xai-alice-initech", "Initech", role="reviewer", active=False)
    join_team(bob, "xai-bob-acme", "Acme")
    join_team(bob, "xai-bob-globex", "globex")
    Team.objects.filter(name="Initech").update(approval_required=True)
    Membership.objects.filter(user=alice, team__name="Initech").update(can_manage_members=True)

    for person in (alice, bob, charlie):  # charlie is in no team
        written, built = teams.memberships(person), _through_the_orm(person)

        assert [m.team.name for m in written] == [m.team.name for m in built]
        for mine, theirs in zip(written, built, strict=True):
            assert _values(mine) == _values(theirs)
            assert _values(mine.team) == _values(theirs.team)
            assert _values(teams.own_key(mine)) == _values(teams.own_key(theirs))
    assert len(teams.memberships(alice)) == 3


def test_no_one_signed_in_has_no_memberships_and_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert teams.memberships(AnonymousUser()) == []


def test_the_team_and_key_come_with_the_membership(alice, django_assert_num_queries):
    join_team(alice, "xai-alice-acme", "Acme")

    with django_assert_num_queries(1):
        (membership,) = teams.memberships(alice)
        key = teams.own_key(membership)
        assert (membership.team.name, key.team.name, key.reveal()) == (
            "Acme",
            "Acme",
            "xai-alice-acme",
        )
