"""Changes made to a team in the admin go into its history as the Members page records them."""

from __future__ import annotations

import pytest

from agents_ui.models import AuditEvent, Membership, Team, TeamAPIKey
from tests.conftest import join_team


@pytest.fixture
def root(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x" * 12)
    client.force_login(admin)
    return admin


@pytest.fixture
def acme(bob, sandbox_key) -> Team:
    join_team(bob, sandbox_key, "Acme")
    return Team.objects.get(name="Acme")


def _form(team: Team, rows: list[dict], **settings) -> dict:
    """The admin's change form of `team` as a browser sends it: its settings and one inline
    row per member (existing rows first)."""
    initial = sum(1 for row in rows if row.get("id"))
    data = {
        "name": team.name,
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(initial),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update({name: "on" for name, value in settings.items() if value})
    for index, row in enumerate(rows):
        fields = {"team": team.pk or "", "id": "", "can_manage_members": False, **row}
        for name, value in fields.items():
            if value is True:
                data[f"memberships-{index}-{name}"] = "on"
            elif value is not False:
                data[f"memberships-{index}-{name}"] = str(value)
    return data


def _summaries() -> list[str]:
    return [f"{e.actor_username} {e.summary}" for e in AuditEvent.objects.order_by("id")]


def _save(client, team: Team, rows: list[dict], **settings) -> None:
    response = client.post(
        f"/admin/agents_ui/team/{team.pk}/change/", _form(team, rows, **settings)
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _bob_row(acme: Team, **changes) -> dict:
    bob = Membership.objects.get(team=acme, user__username="bob")
    return {"id": bob.pk, "user": bob.user_id, "role": bob.role, **changes}


def test_settings_changed_in_the_admin_are_recorded(client, root, acme):
    _save(client, acme, [_bob_row(acme)], reason_required=True, approval_required=True)
    assert _summaries() == [
        "root required a reason for every change and made every change wait for a "
        "reviewer's approval"
    ]
    event = AuditEvent.objects.get()
    assert (event.action, event.team) == ("settings", acme)
    assert event.after == {"reason_required": True, "approval_required": True}


def test_saving_without_a_change_records_nothing(client, root, acme):
    _save(client, acme, [_bob_row(acme)])
    assert not AuditEvent.objects.exists()


def test_members_changed_added_and_removed_in_the_admin_are_recorded(
    client, root, acme, alice, charlie
):
    join_team(alice, None, "Acme")
    alice_row = {
        "id": Membership.objects.get(user=alice).pk,
        "user": alice.pk,
        "role": "editor",
        "DELETE": True,
    }
    rows = [
        _bob_row(acme, role="editor", can_manage_members=True),
        alice_row,
        {"user": charlie.pk, "role": "reviewer"},
    ]
    _save(client, acme, rows)
    assert sorted(_summaries()) == [
        "root added charlie as a reviewer",
        "root made bob an editor and let bob add and remove members",
        "root removed alice",
    ]
    assert {m.user.username: m.role for m in Membership.objects.filter(team=acme)} == {
        "bob": "editor",
        "charlie": "reviewer",
    }


def test_a_member_removed_in_the_admin_loses_their_stored_key(
    client, root, acme, alice, sandbox_key
):
    join_team(alice, sandbox_key, "Acme")
    alice_row = {
        "id": Membership.objects.get(user=alice).pk,
        "user": alice.pk,
        "role": "editor",
        "DELETE": True,
    }
    _save(client, acme, [_bob_row(acme), alice_row])
    assert not TeamAPIKey.objects.filter(user=alice).exists()
    assert TeamAPIKey.objects.filter(user__username="bob").exists()


def test_a_new_team_records_its_members_and_settings(client, root, alice):
    data = _form(Team(name="Initech"), [{"user": alice.pk, "role": "editor"}], reason_required=True)
    response = client.post("/admin/agents_ui/team/add/", data)
    assert response.status_code == 302
    team = Team.objects.get(name="Initech")
    assert [(e.team, e.summary) for e in AuditEvent.objects.order_by("id")] == [
        (team, "required a reason for every change"),
        (team, "added alice as an editor"),
    ]
