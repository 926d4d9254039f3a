"""Team API keys: verified before saving, encrypted at rest, never shown back, per user."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.db import connections

from agents_ui.models import TeamAPIKey
from sandbox import faults
from tests.conftest import add_team_key


def _add(client, label: str, key: str):
    return client.post("/keys/", {"label": label, "api_key": key})


def test_it_saves_a_verified_key_encrypted_and_shows_only_its_last_four(client, alice, sandbox_key):
    client.force_login(alice)
    response = _add(client, "Acme production", sandbox_key)
    assert response.status_code == 302

    key = TeamAPIKey.objects.get(user=alice)
    assert key.label == "Acme production"
    assert key.verified_at is not None
    assert key.is_active, "the first key becomes the active team"
    assert sandbox_key not in key.encrypted_key
    assert key.reveal() == sandbox_key

    page = client.get("/keys/").content.decode()
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


def test_the_raw_key_never_lands_in_the_database(client, alice, sandbox_key):
    client.force_login(alice)
    _add(client, "Acme", sandbox_key)
    assert TeamAPIKey.objects.filter(user=alice).exists()
    stored = _stored_bytes()
    assert b"Acme" in stored, "the read above does see the stored row"
    assert sandbox_key.encode() not in stored
    # And the part a reader could recognise, without its last four, is absent too.
    assert sandbox_key[:-4].encode() not in stored


def test_an_unknown_key_is_refused_with_a_plain_message_and_the_label_kept(client, alice):
    client.force_login(alice)
    response = _add(client, "Acme production", "xai-not-a-real-key-1234")
    assert response.status_code == 422
    page = response.content.decode()
    assert "This key was not accepted" in page
    assert 'value="Acme production"' in page
    assert "xai-not-a-real-key-1234" not in page, "the password field is never filled back"
    assert not TeamAPIKey.objects.exists()


def test_a_key_without_agent_access_is_refused(client, alice, no_access_key):
    client.force_login(alice)
    response = _add(client, "Acme", no_access_key)
    assert response.status_code == 422
    assert "This key has no access to agents" in response.content.decode()
    assert not TeamAPIKey.objects.exists()


@pytest.mark.parametrize("kind", ["timeout", "disconnect", "status"])
def test_an_unreachable_upstream_saves_nothing_and_says_so(client, alice, sandbox_key, kind):
    client.force_login(alice)
    faults.fail_next(kind, status=503, times=5)
    response = _add(client, "Acme production", sandbox_key)
    assert response.status_code == 422
    page = response.content.decode()
    assert "could not reach the Agents API" in page
    assert 'value="Acme production"' in page
    assert not TeamAPIKey.objects.exists()


def test_it_checks_the_form_before_calling_the_upstream(client, alice):
    client.force_login(alice)
    faults.clear_request_log()
    response = _add(client, "", "short")
    assert response.status_code == 422
    page = response.content.decode()
    assert "Give the key a label" in page
    assert "too short to be an API key" in page
    assert faults.request_log() == []


def test_a_label_is_unique_per_user(client, alice, sandbox_key, other_team_key):
    add_team_key(alice, sandbox_key, "Acme")
    client.force_login(alice)
    response = _add(client, "acme", other_team_key)
    assert response.status_code == 422
    assert "already have a key with this label" in response.content.decode()


def test_switching_teams_changes_the_active_key(client, alice, sandbox_key, other_team_key):
    acme = add_team_key(alice, sandbox_key, "Acme")
    globex = add_team_key(alice, other_team_key, "Globex", active=False)
    client.force_login(alice)

    response = client.post("/keys/switch/", {"team": globex.pk, "next": "/keys/"})
    assert response.status_code == 302
    assert response["Location"] == "/keys/"
    acme.refresh_from_db()
    globex.refresh_from_db()
    assert globex.is_active and not acme.is_active

    htmx = client.post("/keys/switch/", {"team": acme.pk}, headers={"HX-Request": "true"})
    assert htmx.headers["HX-Refresh"] == "true"
    acme.refresh_from_db()
    assert acme.is_active


def test_switching_refuses_an_offsite_next(client, alice, sandbox_key):
    key = add_team_key(alice, sandbox_key)
    client.force_login(alice)
    response = client.post("/keys/switch/", {"team": key.pk, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_another_users_key_is_a_404_everywhere(client, alice, bob, sandbox_key):
    bobs = add_team_key(bob, sandbox_key, "Bob's")
    client.force_login(alice)
    assert client.post("/keys/switch/", {"team": bobs.pk}).status_code == 404
    assert client.get(f"/keys/{bobs.pk}/delete/").status_code == 404
    assert client.post(f"/keys/{bobs.pk}/delete/").status_code == 404
    assert "Bob's" not in client.get("/keys/").content.decode()
    bobs.refresh_from_db()
    assert bobs.is_active


def test_deleting_the_active_key_activates_another(client, alice, sandbox_key, other_team_key):
    acme = add_team_key(alice, sandbox_key, "Acme")
    globex = add_team_key(alice, other_team_key, "Globex", active=False)
    client.force_login(alice)
    confirm = client.get(f"/keys/{acme.pk}/delete/")
    assert "Delete the key “Acme”?" in confirm.content.decode()
    response = client.post(f"/keys/{acme.pk}/delete/")
    assert response.status_code == 302
    assert not TeamAPIKey.objects.filter(pk=acme.pk).exists()
    globex.refresh_from_db()
    assert globex.is_active


def test_a_user_without_a_key_is_led_to_the_keys_page(client, alice):
    client.force_login(alice)
    response = client.get("/keys/")
    assert "You have no key yet" in response.content.decode()
