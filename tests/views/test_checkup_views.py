"""The checkup on screen: beside a section as it is edited, "Save anyway?" for a problem,
the agent page's Checkup panel, and the team overview at /."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from agents_ui import api, history
from agents_ui.models import ChangeRequest, Team
from tests.conftest import join_team
from tests.history.support import day, recorded_on
from tests.views.support import HTMX, make_agent, open_section, save, text_of

RETURNS = (
    "Returns are free within thirty days when the item is unused and still in its box. "
    "After that we can offer a repair or store credit, and only with a receipt."
)
# Instructions as they look after pasting the same text twice by mistake.
PASTED_TWICE = f"Greet the caller by name.\n\n{RETURNS}\n\n{RETURNS}"


def live_check(client, agent_id: str, section: str, data: dict, form: dict | None = None):
    form = form or open_section(client, agent_id, section)
    return client.post(f"/agents/{agent_id}/checkup/{section}/", {**form, **data}, **HTMX)


def lookup_tool(name: str = "lookup_order") -> dict:
    return {
        "type": "function",
        "function": {"name": name, "description": "Finds an order by its number"},
    }


@pytest.fixture
def agent(sandbox_key) -> api.Agent:
    """Clean: its one tool is described and named in the instructions."""
    return make_agent(
        sandbox_key,
        name="Order Support",
        instructions="Use lookup_order to find the caller's order.",
        tools=[lookup_tool()],
        voice={"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 600},
    )


# --- Live findings while editing ---------------------------------------------------------------


def test_instructions_pasted_twice_are_reported_while_editing(alice_client, agent, spy):
    form = open_section(alice_client, agent.agent_id, "basics")
    spy.calls.clear()
    response = live_check(
        alice_client,
        agent.agent_id,
        "basics",
        {"name": "Order Support", "instructions": PASTED_TWICE},
        form,
    )
    assert response.status_code == 200
    text = text_of(response)
    assert "Worth a look Repeated text in the instructions" in text
    assert "Go to the instructions" in text
    assert 'href="#id_instructions"' in response.content.decode()
    assert spy.calls == [], "the live checkup makes no upstream call"


def test_the_live_checkup_sees_the_agents_other_sections(alice_client, agent):
    # The tools are not in the Basics form: the form carries them, signed, for the checkup.
    response = live_check(
        alice_client,
        agent.agent_id,
        "basics",
        {"name": "Order Support", "instructions": "Use cancel_order() when asked to cancel."},
    )
    text = text_of(response)
    assert "A tool named in the instructions is not attached" in text
    assert "The instructions mention “cancel_order” on line 1" in text
    # … and lookup_order, no longer mentioned, is a finding of the Tools section.
    assert "The function tool “lookup_order” (tool 1) is attached" in text


def test_a_clean_edit_says_no_problems_were_found(alice_client, agent):
    response = live_check(
        alice_client,
        agent.agent_id,
        "basics",
        {"name": "Order Support", "instructions": "Use lookup_order for orders."},
    )
    assert text_of(response) == "Checkup: no problems found."


def test_a_form_with_a_mistake_is_not_checked(alice_client, agent):
    response = live_check(alice_client, agent.agent_id, "basics", {"name": "", "instructions": ""})
    assert response.status_code == 200
    assert text_of(response) == ""


def test_a_forged_context_is_ignored(alice_client, agent):
    form = open_section(alice_client, agent.agent_id, "basics")
    form["checkup_context"] = form["checkup_context"][:-3] + "abc"
    response = live_check(
        alice_client,
        agent.agent_id,
        "basics",
        {"name": "Order Support", "instructions": "Use cancel_order() when asked."},
        form,
    )
    # Without the tools, the rules about tools cannot run.
    assert "not attached" not in text_of(response)


def test_the_form_opens_with_the_sections_findings(alice_client, sandbox_key):
    agent = make_agent(sandbox_key, name="Echo", instructions=PASTED_TWICE)
    response = alice_client.get(f"/agents/{agent.agent_id}/edit/basics/", **HTMX)
    text = text_of(response)
    assert "Checkup of your changes" in text
    assert "Repeated text in the instructions" in text
    assert (
        'hx-trigger="input changed delay:600ms from:closest form, sectionChanged delay:600ms'
        in response.content.decode()
    )
    assert 'aria-live="polite"' in response.content.decode()


@pytest.mark.parametrize("client_name", ["bob_client", "charlie_client"])
def test_only_editors_may_run_the_live_checkup(request, alice_client, agent, client_name):
    form = open_section(alice_client, agent.agent_id, "basics")
    alice_client.logout()
    other = request.getfixturevalue(client_name)
    response = other.post(
        f"/agents/{agent.agent_id}/checkup/basics/",
        {**form, "name": "Order Support", "instructions": PASTED_TWICE},
        **HTMX,
    )
    assert response.status_code == 403
    assert "Repeated text" not in response.content.decode()


def test_the_live_checkup_takes_no_get(alice_client, agent):
    response = alice_client.get(f"/agents/{agent.agent_id}/checkup/basics/", **HTMX)
    assert response.status_code == 405


def test_the_live_checkup_of_an_unknown_section_is_not_found(alice_client, agent):
    form = open_section(alice_client, agent.agent_id, "basics")
    response = alice_client.post(f"/agents/{agent.agent_id}/checkup/billing/", form, **HTMX)
    assert response.status_code == 404


# --- "Save anyway?" for a problem ----------------------------------------------------------------


def test_a_save_that_adds_a_problem_asks_first_then_saves_when_confirmed(
    alice_client, sandbox_key, agent, spy
):
    form = open_section(alice_client, agent.agent_id, "basics")
    typed = "Use lookup_order to find orders, and cancel_order() to cancel one."
    asked = save(
        alice_client,
        agent.agent_id,
        "basics",
        {"name": "Order Support", "instructions": typed},
        form=form,
    )
    assert asked.status_code == 422
    text = text_of(asked)
    assert (
        "Problem: A tool named in the instructions is not attached. The instructions mention "
        "“cancel_order” on line 1" in text
    )
    assert "Save anyway?" in text
    assert typed in html.unescape(asked.content.decode()), "what was typed stays in the form"
    assert spy.bodies("PATCH") == [], "nothing is sent before the person confirms"

    saved = save(
        alice_client,
        agent.agent_id,
        "basics",
        {"name": "Order Support", "instructions": typed, "confirmed": "yes"},
        form=form,
    )
    assert saved.status_code == 200
    assert spy.bodies("PATCH") == [
        {"agent": {"instructions": typed}, "field_mask": {"paths": ["instructions"]}}
    ]
    assert api.agent_get(sandbox_key, agent.agent_id).instructions == typed


def test_removing_the_file_search_tool_of_an_agent_with_knowledge_asks_first(
    alice_client, sandbox_key, spy
):
    agent = make_agent(
        sandbox_key,
        name="Knows Things",
        tools=[{"type": "file_search"}, {"type": "web_search"}],
        collection_ids=["collection_manuals"],
    )
    response = save(
        alice_client,
        agent.agent_id,
        "tools",
        {"tools_mode": "raw", "tools_raw": '[{"type": "web_search"}]'},
    )
    assert response.status_code == 422
    assert "Problem: Knowledge the agent cannot search." in text_of(response)
    assert spy.bodies("PATCH") == []


def test_a_problem_the_agent_already_had_does_not_ask_again(alice_client, sandbox_key, spy):
    agent = make_agent(
        sandbox_key, name="Unsearched", instructions="Be kind.", collection_ids=["collection_a"]
    )
    response = save(
        alice_client,
        agent.agent_id,
        "basics",
        {"name": "Unsearched", "instructions": "Be kind and brief."},
    )
    assert response.status_code == 200
    assert len(spy.bodies("PATCH")) == 1


def test_worth_a_look_findings_never_ask(alice_client, agent, spy):
    response = save(
        alice_client,
        agent.agent_id,
        "basics",
        {"name": "Order Support", "instructions": f"Use lookup_order.\n\n{PASTED_TWICE}"},
    )
    assert response.status_code == 200
    assert "Save anyway" not in text_of(response)
    assert len(spy.bodies("PATCH")) == 1


def test_with_reviews_on_the_question_comes_before_the_request(alice_client, agent):
    team = Team.objects.get(name="Acme")
    team.approval_required = True
    team.save()
    form = open_section(alice_client, agent.agent_id, "basics")
    typed = "Use lookup_order, then refund_order()."
    data = {"name": "Order Support", "instructions": typed, "reason": "Refunds by phone"}
    asked = save(alice_client, agent.agent_id, "basics", data, form=form)
    assert asked.status_code == 422
    assert "“refund_order” on line 1" in text_of(asked)
    assert "Save anyway?" in text_of(asked)
    assert not ChangeRequest.objects.exists()

    sent = save(alice_client, agent.agent_id, "basics", {**data, "confirmed": "yes"}, form=form)
    assert sent.status_code == 200
    request = ChangeRequest.objects.get()
    assert request.payload["changes"] == {"instructions": typed}


# --- The Checkup panel of the agent page -------------------------------------------------------


@pytest.fixture
def troubled(sandbox_key) -> api.Agent:
    """Problems (a knowledge collection nobody searches, a tool not attached) and something
    worth a look (repeated text); no number."""
    return make_agent(
        sandbox_key,
        name="Troubled",
        instructions=f"Call transfer_call() for a person.\n\n{RETURNS}\n\n{RETURNS}",
        tools=[
            {
                "type": "mcp",
                "server_url": "https://crm.example.com/secret-path/mcp",
                "server_label": "crm",
                "authorization": "Bearer s3cret-token",
                "allowed_tool_names": ["find_customer"],
            }
        ],
        collection_ids=["collection_manuals"],
    )


def panel_of(page: str) -> str:
    match = re.search(r'<section id="checkup".*?</section>', page, re.S)
    assert match, "no Checkup panel"
    return match.group(0)


def test_the_agent_page_lists_its_findings_problems_first(alice_client, troubled):
    page = alice_client.get(f"/agents/{troubled.agent_id}/").content.decode()
    panel = panel_of(page)
    titles = [text_of(title) for title in re.findall(r"<strong>(.*?)</strong>", panel)]
    assert titles == [
        "A tool named in the instructions is not attached",
        "Knowledge the agent cannot search",
        "Repeated text in the instructions",
        "No phone number",
    ]
    assert re.findall(r'class="finding finding-([a-z-]+)"', panel) == [
        "problem",
        "problem",
        "worth-a-look",
        "worth-a-look",
    ]
    assert "Troubled" not in text_of(panel), "the agent's own page does not name it again"
    assert "s3cret" not in page and "secret-path" not in panel


def test_each_finding_links_to_its_field_for_an_editor(alice_client, troubled):
    page = alice_client.get(f"/agents/{troubled.agent_id}/").content.decode()
    agent_url = f"/agents/{troubled.agent_id}/"
    assert f'href="{agent_url}?edit=basics#id_instructions">Edit the instructions' in page
    assert f'href="{agent_url}?edit=knowledge#id_collection_ids">Edit the knowledge' in page
    assert 'href="/phone-numbers/assign/">Open the assignment table' in page


def test_a_reviewers_links_go_to_the_section(bob_client, troubled):
    page = bob_client.get(f"/agents/{troubled.agent_id}/").content.decode()
    assert f'href="/agents/{troubled.agent_id}/#section-basics">See the instructions' in page
    assert "?edit=" not in page


def test_the_field_a_finding_links_to_is_on_the_opened_form(alice_client, troubled):
    page = alice_client.get(f"/agents/{troubled.agent_id}/?edit=knowledge").content.decode()
    assert 'id="id_collection_ids"' in page
    tools = alice_client.get(f"/agents/{troubled.agent_id}/?edit=tools").content.decode()
    assert 'id="id_tools"' in tools


def test_a_clean_agent_says_no_problems_were_found(alice_client, sandbox_key, agent):
    number = api.phone_number_purchase(sandbox_key, area_code="415", name="Main")
    api.agent_assign_phone_number(sandbox_key, agent, number.phone_number_id)
    panel = text_of(panel_of(alice_client.get(f"/agents/{agent.agent_id}/").content.decode()))
    assert "No problems found in the settings." in panel
    assert "Worth a look" not in panel and "Problem" not in panel


def test_the_panel_follows_a_save_in_place(alice_client, agent):
    response = save(
        alice_client,
        agent.agent_id,
        "basics",
        {"name": "Order Support", "instructions": f"Use lookup_order.\n\n{PASTED_TWICE}"},
    )
    page = response.content.decode()
    assert '<div id="checkup-settings" hx-swap-oob="true">' in page
    oob = page[page.index('<div id="checkup-settings"') :]
    assert "Repeated text in the instructions" in oob


# --- The overview at / -------------------------------------------------------------------------


@pytest.fixture
def team(sandbox_key, predictable_numbers):
    """Three agents changed one after the other (Quiet first, Troubled last), two numbers:
    one for Quiet, one that answers nobody."""
    quiet = make_agent(
        sandbox_key,
        name="Quiet",
        instructions="Use lookup_order for orders.",
        tools=[lookup_tool()],
    )
    echo = make_agent(sandbox_key, name="Echo", instructions=PASTED_TWICE)
    troubled = make_agent(
        sandbox_key,
        name="Troubled",
        instructions="Call transfer_call() for a person.",
        tools=[
            {
                "type": "mcp",
                "server_url": "https://crm.example.com/secret-path/mcp",
                "server_label": "crm",
                "authorization": "Bearer s3cret-token",
                "allowed_tool_names": ["find_customer"],
            }
        ],
    )
    main = api.phone_number_purchase(sandbox_key, area_code="415", name="Main line")
    api.phone_number_purchase(sandbox_key, area_code="212", name="Spare line")
    api.agent_assign_phone_number(sandbox_key, quiet, main.phone_number_id)
    return {"quiet": quiet, "echo": echo, "troubled": troubled}


def counts_of(page: str) -> dict[str, str]:
    pairs = re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", page, re.S)
    return {
        name: " ".join(re.sub(r"<[^>]+>", " ", value).split()).split(" ")[0]
        for name, value in pairs
    }


def test_the_overview_counts_the_team(alice_client, team):
    page = alice_client.get("/").content.decode()
    assert counts_of(page) == {
        "Agents": "3",
        "Phone numbers": "2",
        "Agents without a number": "2",
        "Numbers that answer nobody": "1",
        "Agents with problems": "1",
    }


def test_the_overview_lists_findings_newest_change_first(alice_client, sandbox_key, team):
    # Made Quiet, Echo, Troubled; Echo is changed again last: Echo, then Troubled.
    api.agent_update(sandbox_key, team["echo"].agent_id, {"name": "Echo"})
    page = alice_client.get("/").content.decode()
    listed = re.search(r'<section class="card" id="findings".*?</section>', page, re.S).group(0)
    agents = re.findall(r'<a href="/agents/agent_\w+/">([^<]+)</a>:', listed)
    # Quiet has a number and nothing to fix: it is not listed.
    assert agents == ["Echo", "Echo", "Troubled", "Troubled"], agents


def test_each_finding_of_the_overview_links_to_its_agent_and_field(alice_client, team):
    page = html.unescape(alice_client.get("/").content.decode())
    troubled = team["troubled"].agent_id
    assert f'<a href="/agents/{troubled}/">Troubled</a>: <strong>A tool named in the' in page
    assert (
        f'<a href="/agents/{troubled}/?edit=basics#id_instructions">Edit the instructions'
        '<span class="visually-hidden"> of Troubled</span></a>' in page
    )


def test_the_overview_shows_no_secret(alice_client, team):
    page = alice_client.get("/").content.decode()
    assert "s3cret" not in page and "secret-path" not in page and "Bearer" not in page


def test_the_overview_makes_exactly_the_two_list_calls(alice_client, team, spy):
    spy.calls.clear()
    response = alice_client.get("/")
    assert response.status_code == 200
    assert sorted((method, path) for method, path, _ in spy.calls) == [
        ("GET", "/agents"),
        ("GET", "/phone-numbers"),
    ]


def test_the_overview_shows_the_last_ten_changes_linking_to_each(
    alice_client, alice, sandbox_key, team
):
    actor = history.Actor(alice, Team.objects.get(name="Acme"))
    agent = api.agent_get(sandbox_key, team["quiet"].agent_id)
    events = []
    for count in range(12):
        renamed = dataclasses.replace(agent, name=f"Quiet {count}")
        with recorded_on(day(2026, 3, 1 + count)):
            events.append(history.agent_changed(actor, agent, renamed, ["name"]))
    page = html.unescape(alice_client.get("/").content.decode())
    changes = re.search(r'<ol class="recent-changes">(.*?)</ol>', page, re.S).group(1)
    links = [int(pk) for pk in re.findall(r'<a href="/audit/(\d+)/">', changes)]
    assert links == [event.pk for event in reversed(events)][:10]
    assert "alice" in changes and "Quiet 11" in changes and "Quiet 1<" not in changes


def test_the_overview_shows_no_other_teams_changes(alice_client, team, globex_log):
    page = alice_client.get("/").content.decode()
    assert "Globex Secret Agent" not in page


def test_many_findings_come_a_page_at_a_time(alice_client, sandbox_key):
    for count in range(60):
        make_agent(sandbox_key, name=f"Agent {count:02}")  # no number: one finding each
    first = text_of(alice_client.get("/"))
    assert "Findings 1–50 of 60" in first
    second = alice_client.get("/?page=2")
    assert "Findings 51–60 of 60" in text_of(second)
    assert second.content.decode().count('class="finding finding-') == 10


def test_a_reviewer_sees_the_overview_with_links_to_look(bob_client, team):
    page = bob_client.get("/").content.decode()
    assert (
        f'href="/agents/{team["troubled"].agent_id}/#section-basics">See the instructions' in page
    )


def test_no_role_no_overview(charlie_client, team):
    response = charlie_client.get("/")
    assert response.status_code == 403
    assert "Troubled" not in response.content.decode()


def test_an_empty_team_is_invited_to_create_an_agent(alice_client):
    text = text_of(alice_client.get("/"))
    assert "No agents yet. Create an agent" in text


def test_the_header_still_links_to_the_agents_list(alice_client):
    page = alice_client.get("/").content.decode()
    assert re.search(r'<a[^>]*href="/agents/"[^>]*>Agents</a>', page)


def test_an_upstream_failure_says_so_and_keeps_the_recent_changes(alice_client, team):
    from sandbox import faults

    faults.fail_next(status=500, times=2)
    response = alice_client.get("/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Recent changes" in text
    assert "Agents with problems" not in text


def test_another_team_of_alice_has_its_own_overview(alice_client, alice, other_team_key, team):
    join_team(alice, other_team_key, "Globex")
    page = alice_client.get("/").content.decode()
    assert "Troubled" not in page
