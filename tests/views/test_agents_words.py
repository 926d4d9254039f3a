"""The agent's page in the words of support staff: empty values, voice settings, what a save
changed, the name after a rename wherever the page shows it, and error banners that name
their fields and go once the form saves."""

from __future__ import annotations

import html
import json

import pytest

from agents_ui import api
from tests.views.support import (
    HTMX,
    create_data,
    make_agent,
    open_section,
    save,
    text_of,
    voice_data,
)


def events(response) -> dict:
    return json.loads(response.headers["HX-Trigger"])


@pytest.fixture
def agent(sandbox_key) -> api.Agent:
    return make_agent(
        sandbox_key,
        name="Billing helper",
        instructions="Help with bills.",
        voice={"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 300},
    )


# --- Empty values and settings, as the agent's page shows them ---------------------------------


def test_an_agent_with_nothing_set_reads_no_number_no_instructions_no_tools(
    alice_client, sandbox_key
):
    bare = make_agent(sandbox_key, name="Bare")

    page = text_of(alice_client.get(f"/agents/{bare.agent_id}/").content.decode())

    assert "Phone number No number" in page
    assert "Instructions No instructions" in page
    assert "Tools Edit tools No tools." in page
    assert "Knowledge Edit knowledge No knowledge collections." in page
    assert "None" not in page


def test_the_voice_settings_are_named_in_plain_words_with_the_apis_terms(alice_client, agent):
    page = text_of(alice_client.get(f"/agents/{agent.agent_id}/").content.decode())

    assert "Speech sensitivity (VAD threshold) 0.50" in page
    assert "Pause before replying (silence duration) 300 ms (0.3 s)" in page
    assert "VAD threshold 0.50" not in page


# --- What a save says ------------------------------------------------------------------------


def test_a_rename_says_the_new_name(alice_client, agent):
    response = save(
        alice_client,
        agent.agent_id,
        "basics",
        {"name": "Billing Helper (US)", "instructions": "Help with bills."},
    )

    assert response.status_code == 200
    assert events(response)["notice"]["text"] == "Name changed to “Billing Helper (US)”."


def test_a_voice_save_says_what_changed_from_and_to(alice_client, agent):
    response = save(alice_client, agent.agent_id, "voice", voice_data("eve", "0.50", 800))

    assert events(response)["notice"]["text"] == "Saved. Silence 300 ms → 800 ms."


# --- The new name everywhere the page shows it ------------------------------------------------


def test_a_rename_answer_puts_the_new_name_in_the_heading_the_dialog_and_the_tab(
    alice_client, agent
):
    response = save(
        alice_client,
        agent.agent_id,
        "basics",
        {"name": "Billing Helper (US)", "instructions": "Help with bills."},
    )

    page = html.unescape(response.content.decode())
    assert page.strip().startswith('<section id="section-basics"')
    assert '<h1 id="agent-heading" hx-swap-oob="true">Billing Helper (US)</h1>' in page
    assert (
        '<h2 id="delete-dialog-title" hx-swap-oob="true">Delete agent “Billing Helper (US)”?</h2>'
        in page
    )
    assert '<strong id="deleted-agent-name" hx-swap-oob="true">Billing Helper (US)</strong>' in page
    assert events(response)["titleChanged"] == {"title": "Billing Helper (US) · Switchboard"}


def test_the_page_names_the_places_a_rename_reaches(alice_client, agent):
    page = html.unescape(alice_client.get(f"/agents/{agent.agent_id}/").content.decode())

    assert "<title>Billing helper · Switchboard</title>" in page
    assert '<h1 id="agent-heading">Billing helper</h1>' in page
    assert '<h2 id="delete-dialog-title">Delete agent “Billing helper”?</h2>' in page
    assert '<strong id="deleted-agent-name">Billing helper</strong>' in page
    assert "/static/js/page-title.js" in page


def test_a_conflict_over_the_name_shows_the_name_as_it_now_is(alice_client, sandbox_key, agent):
    form = open_section(alice_client, agent.agent_id, "basics")
    api.agent_update(sandbox_key, agent.agent_id, {"name": "Night Desk"})

    response = save(
        alice_client,
        agent.agent_id,
        "basics",
        {"name": "Evening Desk", "instructions": "Help with bills."},
        form=form,
    )

    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert '<h1 id="agent-heading" hx-swap-oob="true">Night Desk</h1>' in page
    assert events(response)["titleChanged"] == {"title": "Night Desk · Switchboard"}
    assert "<h5>Yours</h5>" in page and "<h5>Their version</h5>" in page
    assert 'name="agent_name" value="Night Desk"' in page


# --- Error banners ---------------------------------------------------------------------------


def test_the_error_banner_names_the_fields_that_need_attention(alice_client, agent):
    response = save(
        alice_client, agent.agent_id, "basics", {"name": "", "instructions": "i" * 256_001}
    )

    assert response.status_code == 422
    banner = "Some fields need attention: Name, Instructions."
    assert events(response)["notice"] == {
        "text": banner,
        "level": "error",
        "about": "section-basics",
    }
    assert banner in html.unescape(response.content.decode())


def test_a_tools_error_is_named_tools(alice_client, agent):
    data = {"tools_mode": "raw", "tools_raw": '[{"type": "web_serch"}]'}

    response = save(alice_client, agent.agent_id, "tools", data)

    assert events(response)["notice"]["text"] == "Some fields need attention: Tools."


def test_the_save_that_fixes_an_error_replaces_its_banner(alice_client, agent):
    form = open_section(alice_client, agent.agent_id, "voice")
    failed = save(alice_client, agent.agent_id, "voice", voice_data(silence=10_001), form=form)
    fixed = save(alice_client, agent.agent_id, "voice", voice_data(silence=900), form=form)

    assert events(failed)["notice"]["about"] == "section-voice"
    # A notice about the same form takes the place of the one before (static/js/app.js).
    assert events(fixed)["notice"] == {
        "text": "Saved. Silence 300 ms → 900 ms.",
        "level": "success",
        "about": "section-voice",
        "undo": events(fixed)["notice"]["undo"],
    }


def test_cancelling_an_edit_takes_its_banner_away(alice_client, agent):
    response = alice_client.get(f"/agents/{agent.agent_id}/?section=basics", **HTMX)

    assert response.status_code == 200
    assert events(response) == {"forgetNotices": {"about": "section-basics"}}


def test_the_create_banner_names_the_fields_of_every_section(alice_client):
    data = create_data(name="", vad_threshold="1.5", collection_id=[f"c{i}" for i in range(11)])

    response = alice_client.post("/agents/new/", data, **HTMX)

    assert response.status_code == 422
    assert events(response)["notice"] == {
        "text": "Some fields need attention: Name, Speech sensitivity, Knowledge collections.",
        "level": "error",
        "about": "create-form",
    }
