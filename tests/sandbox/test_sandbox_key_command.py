"""python manage.py sandbox_key --team NAME [--no-agent-access]."""

from __future__ import annotations

from io import StringIO

import httpx
from django.core.management import call_command

from sandbox.models import Team


def run(*arguments: str) -> str:
    out = StringIO()
    call_command("sandbox_key", *arguments, stdout=out)
    return out.getvalue()


def test_it_prints_only_a_key_that_authenticates(in_process: httpx.Client) -> None:
    output = run("--team", "Initech")
    key = output.strip()
    assert output == key + "\n"
    assert key.startswith("xai-sandbox-") and " " not in key
    assert Team.objects.filter(name="Initech").exists()
    response = in_process.get("/agents", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200


def test_it_adds_keys_to_an_existing_team(in_process: httpx.Client) -> None:
    first = run("--team", "Initech").strip()
    second = run("--team", "Initech").strip()
    assert first != second
    assert Team.objects.filter(name="Initech").count() == 1
    created = in_process.post(
        "/agents", json={"name": "Shared"}, headers={"Authorization": f"Bearer {first}"}
    )
    agent_id = created.json()["agent"]["agent_id"]
    response = in_process.get(f"/agents/{agent_id}", headers={"Authorization": f"Bearer {second}"})
    assert response.status_code == 200


def test_no_agent_access_gives_a_key_that_answers_403(in_process: httpx.Client) -> None:
    key = run("--team", "Initech", "--no-agent-access").strip()
    response = in_process.get("/agents", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 403


def test_create_key_is_idempotent_for_a_given_key() -> None:
    from sandbox.keys import create_key, team_for_key

    assert create_key("Initech", key="xai-sandbox-fixed") == "xai-sandbox-fixed"
    assert create_key("Initech", key="xai-sandbox-fixed") == "xai-sandbox-fixed"
    team, api_key = team_for_key("xai-sandbox-fixed")
    assert team.name == "Initech" and api_key.team.api_keys.count() == 1
    assert api_key.key_hash != "xai-sandbox-fixed"
