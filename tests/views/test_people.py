"""Roles, the change record, and encryption-key rotation."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.models import Group
from django.core.management import call_command

from agents_ui import audit, roles
from agents_ui.models import AuditEvent, TeamAPIKey
from tests.conftest import add_team_key


@pytest.mark.django_db(databases=["default"])
def test_the_roles_migration_created_both_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {"editors", "reviewers"}


def test_roles_decide_who_may_change(alice, bob, charlie, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x" * 12)
    assert roles.can_edit(alice) and roles.can_view(alice)
    assert not roles.can_edit(bob) and roles.can_view(bob)
    assert not roles.can_edit(charlie) and not roles.can_view(charlie)
    assert roles.can_edit(admin)
    assert [roles.role_name(u) for u in (alice, bob, charlie, admin)] == [
        "Editor",
        "Reviewer",
        "No role",
        "Administrator",
    ]


def test_a_user_without_a_role_gets_a_plain_403(charlie_client):
    response = charlie_client.get("/audit/")
    assert response.status_code == 403
    assert "Your account has no role yet" in response.content.decode()


def test_the_header_names_the_role_and_the_team(bob_client):
    page = bob_client.get("/keys/").content.decode()
    assert "bob" in page and "(Reviewer)" in page
    assert '<label for="team-select">Team</label>' in page


def _event(alice, key, **overrides):
    values = dict(
        user=alice,
        team_key=key,
        resource_type="agent",
        resource_id="agent_1",
        action="update",
        changed_fields=["name"],
        before={"name": "Old"},
        after={"name": "New"},
    )
    values.update(overrides)
    return audit.record_change(**values)


def test_a_change_is_recorded_with_who_what_and_before_after(alice, sandbox_key):
    key = add_team_key(alice, sandbox_key, "Acme production")
    event = _event(alice, key)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_username == "alice"
    assert stored.key_label == "Acme production"
    assert stored.before == {"name": "Old"} and stored.after == {"name": "New"}
    assert stored.changed_fields == ["name"]


def test_the_record_never_holds_tool_credentials(alice, sandbox_key):
    key = add_team_key(alice, sandbox_key)
    tool = {"type": "mcp", "server_url": "https://x.example", "authorization": "Bearer s3cret"}
    event = _event(
        alice, key, changed_fields=["tools"], before={"tools": []}, after={"tools": [tool]}
    )
    assert "s3cret" not in str(AuditEvent.objects.get(pk=event.pk).after)
    stored = AuditEvent.objects.get(pk=event.pk).after["tools"][0]["authorization"]
    assert stored.startswith("(saved secret ") and stored.endswith(")")


def test_the_record_is_append_only(alice, sandbox_key):
    key = add_team_key(alice, sandbox_key)
    event = _event(alice, key)
    event.outcome = "tampered"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(outcome="tampered")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).outcome == "ok"


def test_the_audit_page_lists_changes_for_reviewers(bob_client, alice, sandbox_key):
    key = add_team_key(alice, sandbox_key, "Acme production")
    _event(alice, key, resource_name="Order Support")
    page = bob_client.get("/audit/").content.decode()
    assert "Order Support" in page and "alice" in page and "Acme production" in page


def test_the_admin_shows_events_read_only(client, django_user_model, alice, sandbox_key):
    admin = django_user_model.objects.create_superuser("root", password="x" * 12)
    event = _event(alice, add_team_key(alice, sandbox_key))
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
    key = add_team_key(alice, sandbox_key)
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
