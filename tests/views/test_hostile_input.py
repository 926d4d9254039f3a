"""Input that once gave a 500: each now gets a plain message beside its field, and the page
keeps what was typed."""

from __future__ import annotations

import html
import json

import pytest

from agents_ui.models import TeamAPIKey
from sandbox import faults
from tests.views.support import HTMX, create_data, make_agent, open_section

NAN_TOOLS = '[{"type": "function", "function": {"name": "a", "parameters": {"maximum": NaN}}}]'
DEEP_TOOLS = "[" * 50_000 + "]" * 50_000
DEEP_SCHEMA = '{"properties": ' * 3000 + "{}" + "}" * 3000


def _raw_tools(text: str) -> dict:
    return {"tools_mode": "raw", "tools_raw": text}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (NAN_TOOLS, "NaN is not a JSON value; write a number, or null."),
        (NAN_TOOLS.replace("NaN", "Infinity"), "Infinity is not a JSON value"),
        (NAN_TOOLS.replace("NaN", "-Infinity"), "-Infinity is not a JSON value"),
        (DEEP_TOOLS, "the JSON is nested more than 64 levels deep"),
    ],
)
def test_create_refuses_unreadable_tools_and_keeps_everything_typed(alice_client, typed, message):
    faults.clear_request_log()
    data = create_data(name="Kept Name", instructions="Kept words.", **_raw_tools(typed))
    response = alice_client.post("/agents/new/", data)  # a plain form, no JavaScript
    assert response.status_code == 422
    page = html.unescape(response.content.decode())
    assert message in page
    assert 'value="Kept Name"' in page and "Kept words." in page
    if typed is not DEEP_TOOLS:
        assert typed in page, "the raw tools come back as typed"
    assert faults.request_log() == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (NAN_TOOLS, "NaN is not a JSON value"),
        (DEEP_TOOLS, "nested more than 64 levels deep"),
    ],
)
def test_a_section_save_refuses_unreadable_tools(alice_client, sandbox_key, typed, message):
    agent = make_agent(sandbox_key)
    form = open_section(alice_client, agent.agent_id, "tools")
    response = alice_client.post(
        f"/agents/{agent.agent_id}/edit/tools/",
        {**form, **_raw_tools(typed), "action": "save"},
        **HTMX,
    )
    assert response.status_code == 422
    assert message in html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("kind", "typed", "message"),
    [
        ("tools", NAN_TOOLS, "NaN is not a JSON value"),
        ("tools", DEEP_TOOLS, "nested more than 64 levels deep"),
        ("schema", '{"type": "object", "maximum": NaN}', "NaN is not a JSON value"),
        ("schema", '{"maximum": ' + "9" * 5000 + "}", "a number has 5000 digits"),
        ("schema", DEEP_SCHEMA, "nested more than 64 levels deep"),
    ],
)
def test_the_live_check_explains_instead_of_failing(alice_client, kind, typed, message):
    response = alice_client.post(
        f"/agents/schema-check/?kind={kind}&field=box", {"box": typed}, **HTMX
    )
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "schema-error" in page and message in page


def test_a_schema_with_thousands_of_digits_is_refused_on_its_card(alice_client):
    data = create_data(
        **{
            "tool": ["function:k1"],
            "tool-k1-name": "lookup",
            "tool-k1-parameters": '{"type": "object", "maximum": ' + "9" * 5000 + "}",
        }
    )
    response = alice_client.post("/agents/new/", data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "a number has 5000 digits; numbers can have at most 40 digits" in page
    assert 'value="lookup"' in page


def test_a_schema_3000_levels_deep_is_called_too_deep(alice_client):
    data = create_data(
        **{"tool": ["function:k1"], "tool-k1-name": "lookup", "tool-k1-parameters": DEEP_SCHEMA}
    )
    response = alice_client.post("/agents/new/", data)
    assert response.status_code == 422
    page = html.unescape(response.content.decode())
    assert "nested more than 64 levels deep" in page
    assert "$schema" not in page


def test_a_key_with_non_ascii_characters_is_refused_beside_the_field(alice_client):
    faults.clear_request_log()
    team = TeamAPIKey.objects.get(user__username="alice").team
    response = alice_client.post("/keys/", {"team": team.pk, "api_key": "xai-clé-0123456789"})
    assert response.status_code == 422
    page = html.unescape(response.content.decode())
    field = page.split('for="id_api_key"')[1].split("</div>")[0]
    assert "this one has “é” in it" in field
    assert faults.request_log() == []
    assert TeamAPIKey.objects.get(user__username="alice").last_four != "6789"


@pytest.mark.parametrize("team", ["abc", "", "-1", "1.5", "9" * 5000])
def test_an_odd_team_id_on_the_switcher_is_a_404(alice_client, team):
    response = alice_client.post("/teams/switch/", {"team": team})
    assert response.status_code == 404


def test_a_tools_body_of_json_that_is_not_a_list_is_explained(alice_client):
    response = alice_client.post(
        "/agents/new/", create_data(**_raw_tools(json.dumps({"type": "web_search"})))
    )
    assert response.status_code == 422
    assert "The tools must be a JSON list of objects" in response.content.decode()
