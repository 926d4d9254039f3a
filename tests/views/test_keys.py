"""Team API keys: verified before saving, encrypted at rest, never shown back, one per team."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.db import connections

from agents_ui.models import Membership, TeamAPIKey
from sandbox import faults
from tests.conftest import join_team


def _add(client, team, key: str):
    return client.post("/keys/", {"team": getattr(team, "pk", team), "api_key": key})


@pytest.fixture
def acme(alice):
    """alice's team, before she has a key for it."""
    join_team(alice, None, "Acme")
    return Membership.objects.get(user=alice).team


def test_it_saves_a_verified_key_encrypted_and_shows_only_its_last_four(
    client, alice, acme, sandbox_key
):
    client.force_login(alice)
    response = _add(client, acme, sandbox_key)
    assert response.status_code == 302

    key = TeamAPIKey.objects.get(user=alice)
    assert key.team == acme
    assert key.verified_at is not None
    assert sandbox_key not in key.encrypted_key
    assert key.reveal() == sandbox_key

    page = client.get("/keys/").content.decode()
    assert "Your key for “Acme” was added and verified." in page
    assert f"…{sandbox_key[-4:]}" in page
    assert sandbox_key not in page
    assert sandbox_key[:-4] not in page


def _stored_bytes() -> bytes:
    """Everything the dashboard's database holds, as raw as the engine lets us read it."""
    connection = connections["default"]
    if connection.vendor == "sqlite":
        connection.close()
        database = Path(connection.settings_dict["NAME"])
        # The database file and its write-ahead log, byte for byte.
        files = [path for path in database.parent.glob(database.name + "*") if path.is_file()]
        assert files and sqlite3.connect(database).execute(
            "select count(*) from agents_ui_teamapikey"
        ).fetchone() == (1,)
        return b"".join(path.read_bytes() for path in files)
    # Elsewhere (PostgreSQL): every table's every row, as text.
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT t::text FROM {connection.ops.quote_name(table)} AS t")
            chunks.extend(row[0].encode() for row in cursor.fetchall())
    return b"\n".join(chunks)


def test_the_raw_key_never_lands_in_the_database(client, alice, acme, sandbox_key):
    client.force_login(alice)
    _add(client, acme, sandbox_key)
    assert TeamAPIKey.objects.filter(user=alice).exists()
    stored = _stored_bytes()
    assert b"Acme" in stored, "the read above does see the stored rows"
    assert sandbox_key.encode() not in stored
    # And the part a reader could recognise, without its last four, is absent too.
    assert sandbox_key[:-4].encode() not in stored


def test_an_unknown_key_is_refused_with_a_plain_message_and_the_team_kept(client, alice, acme):
    client.force_login(alice)
    response = _add(client, acme, "xai-not-a-real-key-1234")
    assert response.status_code == 422
    page = response.content.decode()
    assert "This key was not accepted" in page
    assert f'<option value="{acme.pk}" selected>Acme</option>' in page
    assert "xai-not-a-real-key-1234" not in page, "the password field is never filled back"
    assert not TeamAPIKey.objects.exists()


def test_a_key_without_agent_access_is_refused(client, alice, acme, no_access_key):
    client.force_login(alice)
    response = _add(client, acme, no_access_key)
    assert response.status_code == 422
    assert "This key has no access to agents" in response.content.decode()
    assert not TeamAPIKey.objects.exists()


@pytest.mark.parametrize("kind", ["timeout", "disconnect", "status"])
def test_an_unreachable_upstream_saves_nothing_and_says_so(client, alice, acme, sandbox_key, kind):
    client.force_login(alice)
    faults.fail_next(kind, status=503, times=5)
    response = _add(client, acme, sandbox_key)
    assert response.status_code == 422
    assert "could not reach the Agents API" in response.content.decode()
    assert not TeamAPIKey.objects.exists()


def test_it_checks_the_form_before_calling_the_upstream(client, alice, acme):
    client.force_login(alice)
    faults.clear_request_log()
    response = _add(client, "", "short")
    assert response.status_code == 422
    page = response.content.decode()
    assert "Choose the team this key is for." in page
    assert "too short to be an API key" in page
    assert faults.request_log() == []


def test_a_key_for_a_team_one_is_not_in_is_refused(client, alice, acme, sandbox_key):
    from agents_ui.models import Team

    other = Team.objects.create(name="Globex")
    client.force_login(alice)
    response = _add(client, other, sandbox_key)
    assert response.status_code == 422
    assert "Choose one of your teams." in response.content.decode()
    assert not TeamAPIKey.objects.exists()


def test_a_new_key_for_the_same_team_replaces_the_old_one(
    client, alice, sandbox_key, other_team_key
):
    join_team(alice, sandbox_key, "Acme")
    client.force_login(alice)
    _add(client, Membership.objects.get(user=alice).team, other_team_key)
    (key,) = TeamAPIKey.objects.filter(user=alice)
    assert key.reveal() == other_team_key
    assert "Your key for “Acme” was replaced and verified." in client.get("/keys/").content.decode()


def test_switching_teams_changes_the_active_team(client, alice, sandbox_key, other_team_key):
    join_team(alice, sandbox_key, "Acme")
    join_team(alice, other_team_key, "Globex", active=False)
    acme, globex = Membership.objects.filter(user=alice).order_by("team__name")
    client.force_login(alice)

    response = client.post("/teams/switch/", {"team": globex.team_id, "next": "/keys/"})
    assert response.status_code == 302
    assert response["Location"] == "/keys/"
    acme.refresh_from_db()
    globex.refresh_from_db()
    assert globex.is_active and not acme.is_active

    htmx = client.post("/teams/switch/", {"team": acme.team_id}, headers={"HX-Request": "true"})
    assert htmx.headers["HX-Refresh"] == "true"
    acme.refresh_from_db()
    assert acme.is_active


def test_switching_refuses_an_offsite_next(client, alice, sandbox_key):
    key = join_team(alice, sandbox_key)
    client.force_login(alice)
    response = client.post("/teams/switch/", {"team": key.team_id, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_another_persons_team_and_key_are_a_404_everywhere(client, alice, bob, sandbox_key):
    bobs = join_team(bob, sandbox_key, "Bob's")
    client.force_login(alice)
    assert client.post("/teams/switch/", {"team": bobs.team_id}).status_code == 404
    assert client.get(f"/keys/{bobs.pk}/delete/").status_code == 404
    assert client.post(f"/keys/{bobs.pk}/delete/").status_code == 404
    assert "Bob's" not in client.get("/keys/").content.decode()
    assert TeamAPIKey.objects.filter(pk=bobs.pk).exists()


def test_deleting_a_key_keeps_the_membership(client, alice, sandbox_key):
    key = join_team(alice, sandbox_key, "Acme")
    client.force_login(alice)
    confirm = client.get(f"/keys/{key.pk}/delete/")
    assert "Delete your key for “Acme”?" in confirm.content.decode()
    response = client.post(f"/keys/{key.pk}/delete/")
    assert response.status_code == 302
    assert not TeamAPIKey.objects.filter(pk=key.pk).exists()
    assert Membership.objects.filter(user=alice, team__name="Acme").exists()
    # Without a key, the agents pages lead back here with a plain word.
    page = client.get("/agents/", follow=True).content.decode()
    assert "Add it to get started" in page


def test_someone_in_no_team_is_told_whom_to_ask(client, alice):
    client.force_login(alice)
    page = client.get("/keys/").content.decode()
    assert "You are not in a team yet. Ask an administrator" in page
    page = client.get("/agents/", follow=True).content.decode()
    assert "You are not in a team yet" in page
