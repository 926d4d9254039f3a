"""Markup typed into any field that a page shows comes back as text, never as markup."""

from __future__ import annotations

import pytest

from agents_ui import api
from tests.support import buy_number

MARKUP = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


def _assert_escaped(page: str, count: int = 1) -> None:
    assert MARKUP not in page, "markup from a name reached the page unescaped"
    assert page.count(ESCAPED) >= count


@pytest.fixture
def hostile_team(sandbox_key):
    """An agent and a number with markup in every field a list shows."""
    agent = api.agent_create(
        sandbox_key,
        name=f"Agent {MARKUP}",
        instructions=f"Say {MARKUP}",
        tools=[
            {
                "type": "function",
                "function": {"name": "lookup", "description": f"Looks {MARKUP}"},
            },
            {
                "type": "mcp",
                "server_url": "https://crm.example.com/mcp",
                "server_label": f"crm {MARKUP}",
                "server_description": f"CRM {MARKUP}",
            },
        ],
        collection_ids=[f"col {MARKUP}"],
    )
    number = buy_number(sandbox_key, f"Line {MARKUP}", description=f"About {MARKUP}")
    api.agent_assign_phone_number(sandbox_key, agent, number.phone_number_id)
    return agent, number


def test_the_agents_list_escapes_every_shown_field(alice_client, hostile_team):
    page = alice_client.get("/agents/").content.decode()
    _assert_escaped(page)


def test_the_agents_list_partial_escapes_too(alice_client, hostile_team):
    page = alice_client.get(
        "/agents/", {"q": "Agent"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="agent-results"
    ).content.decode()
    _assert_escaped(page)


def test_the_numbers_list_escapes_name_description_and_agent(alice_client, hostile_team):
    page = alice_client.get("/phone-numbers/").content.decode()
    _assert_escaped(page, count=3)


def test_a_number_row_escapes_its_fields(alice_client, hostile_team):
    _, number = hostile_team
    page = alice_client.get(
        f"/phone-numbers/{number.phone_number_id}/row/", HTTP_HX_REQUEST="true"
    ).content.decode()
    _assert_escaped(page, count=3)


def test_the_board_escapes_agent_and_number_names(alice_client, hostile_team):
    page = alice_client.get("/phone-numbers/assign/").content.decode()
    _assert_escaped(page, count=2)


def test_the_chooser_escapes_agent_and_number_names(alice_client, hostile_team):
    agent, number = hostile_team
    page = alice_client.get(
        "/phone-numbers/assign/choose/", {"number": number.phone_number_id}
    ).content.decode()
    # The number's name, and the agent it answers for.
    _assert_escaped(page, count=2)


def test_the_agent_page_escapes_every_section(alice_client, hostile_team):
    agent, _ = hostile_team
    page = alice_client.get(f"/agents/{agent.agent_id}/").content.decode()
    # Name (heading, title, dialog), instructions, the tool's description, the server's label
    # and description, the collection id, the number's name.
    _assert_escaped(page, count=8)


def test_the_audit_page_escapes_names_and_reasons(alice_client, alice):
    from agents_ui.models import Team
    from tests.support import record_rename

    record_rename(
        alice, Team.objects.get(name="Acme"), new=f"Agent {MARKUP}", reason=f"Because {MARKUP}"
    )
    page = alice_client.get("/audit/").content.decode()
    _assert_escaped(page, count=2)
