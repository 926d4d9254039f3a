"""Roles, the change record, and encryption-key rotation."""

from __future__ import annotations

import io
from types import SimpleNamespace

from cryptography.fernet import Fernet
from django.core.management import call_command

from agents_ui import roles
from agents_ui.models import AuditEvent, TeamAPIKey
from tests.conftest import join_team
from tests.support import record_rename


def _as(user):
    """A request as the middleware leaves it, for `user` in their active team."""
    from agents_ui import teams

    return SimpleNamespace(user=user, membership=teams.active_membership(user))


def test_the_role_in_the_active_team_decides_who_may_change(
    alice, bob, charlie, django_user_model, sandbox_key
):
    admin = django_user_model.objects.create_superuser("root", password="x" * 12)
    for user in (alice, bob, charlie):
        join_team(user, sandbox_key)
    join_team(admin, sandbox_key, role="reviewer")
    alice_, bob_, charlie_, admin_ = (_as(user) for user in (alice, bob, charlie, admin))
    assert roles.can_edit(alice_) and roles.can_view(alice_)
    assert not roles.can_edit(bob_) and roles.can_view(bob_)
    assert not roles.can_edit(charlie_) and not roles.can_view(charlie_)
    assert roles.can_edit(admin_)
    assert [roles.role_name(r) for r in (alice_, bob_, charlie_, admin_)] == [
        "Editor",
        "Reviewer",
        "No role yet",
        "Administrator",
    ]


def test_a_role_in_one_team_gives_nothing_in_another(alice, sandbox_key, other_team_key):
    join_team(alice, sandbox_key, "Acme")
    join_team(alice, other_team_key, "Globex", role="reviewer")
    request = _as(alice)
    assert request.membership.team.name == "Globex"
    assert not roles.can_edit(request) and roles.can_view(request)


def test_nobody_outside_a_team_may_look(alice):
    assert not roles.can_view(_as(alice))
    assert roles.role_name(_as(alice)) == "Not in a team"


def test_a_user_without_a_role_gets_a_plain_403(charlie_client):
    response = charlie_client.get("/audit/")
    assert response.status_code == 403
    assert "Your account has no role in this team yet" in response.content.decode()


def test_the_header_names_the_role_and_the_team(bob_client):
    page = bob_client.get("/keys/").content.decode()
    assert "bob" in page and "(Reviewer)" in page
    assert '<span class="team-name">Acme</span>' in page


def test_the_header_offers_a_switcher_to_someone_in_two_teams(bob_client, bob, other_team_key):
    join_team(bob, other_team_key, "Globex", active=False)
    page = bob_client.get("/keys/").content.decode()
    assert '<label for="team-select">Team</label>' in page
    assert ">Acme</option>" in page and ">Globex</option>" in page


def _event(alice, key, **overrides):
    return record_rename(alice, key.team, **overrides)


def test_the_audit_page_lists_the_teams_changes_for_its_reviewers(bob_client, alice, sandbox_key):
    key = join_team(alice, sandbox_key, "Acme")
    _event(alice, key, new="Order Support")
    page = bob_client.get("/audit/").content.decode()
    assert "Order Support" in page and "alice" in page


def test_the_audit_page_never_shows_another_teams_changes(bob_client, alice, other_team_key):
    key = join_team(alice, other_team_key, "Globex")
    _event(alice, key, new="Globex Secret Agent")
    page = bob_client.get("/audit/").content.decode()
    assert "Globex Secret Agent" not in page


def test_the_admin_shows_events_read_only(client, django_user_model, alice, sandbox_key):
    admin = django_user_model.objects.create_superuser("root", password="x" * 12)
    event = _event(alice, join_team(alice, sandbox_key))
    client.force_login(admin)
    assert client.get(f"/admin/agents_ui/auditevent/{event.pk}/change/").status_code == 200
    response = client.post(f"/admin/agents_ui/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_rotation_reencrypts_with_the_first_key_and_old_rows_still_decrypt(
    alice, sandbox_key, settings
):
    old = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    key = join_team(alice, sandbox_key)
    before = TeamAPIKey.objects.get(pk=key.pk).encrypted_key

    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    # Before rotation the old row still decrypts through the second key.
    assert TeamAPIKey.objects.get(pk=key.pk).reveal() == sandbox_key
    call_command("rotate_encryption_keys", stdout=io.StringIO())
    after = TeamAPIKey.objects.get(pk=key.pk).encrypted_key
    assert after != before

    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert TeamAPIKey.objects.get(pk=key.pk).reveal() == sandbox_key
