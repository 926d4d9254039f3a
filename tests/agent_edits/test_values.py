"""The values a section form carries: signed originals, what counts as a change, markers,
and what a save says it changed."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.core import signing

from agents_ui.agent_edits import (
    agent_from_values,
    changed_fields,
    read_original,
    saved_words,
    section_values,
    sign_original,
)
from tests.agent_edits.support import CRM, EVE, MARKER, agent_as_sent

# No upstream here: the plain (rolled back) test database is enough.
pytestmark = pytest.mark.django_db

# --- sign_original / read_original ------------------------------------------------------------


def test_the_signed_original_reads_back_for_its_agent():
    values = {"name": "Order Support", "instructions": None, "collection_ids": ["col_1"]}

    assert read_original("agent_1", sign_original("agent_1", values)) == values


def test_a_tampered_original_reads_as_none():
    token = sign_original("agent_1", {"name": "Order Support"})
    payload, signature = token.rsplit(":", 1)
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")

    assert read_original("agent_1", f"{payload}:{flipped}") is None


def test_an_original_with_its_values_swapped_reads_as_none():
    token = sign_original("agent_1", {"name": "Order Support"})
    other = sign_original("agent_1", {"name": "Someone else's"})
    forged = other.rsplit(":", 2)[0] + ":" + token.split(":", 1)[1]

    assert read_original("agent_1", forged) is None


def test_another_agents_original_reads_as_none():
    token = sign_original("agent_1", {"name": "Order Support"})

    assert read_original("agent_2", token) is None


@pytest.mark.parametrize("token", ["", "forged", "a:b:c"])
def test_a_token_that_is_not_an_original_reads_as_none(token):
    assert read_original("agent_1", token) is None


def test_a_value_signed_for_another_purpose_reads_as_none():
    token = signing.dumps({"agent_id": "agent_1", "values": {"name": "x"}}, compress=True)

    assert read_original("agent_1", token) is None


# --- changed_fields --------------------------------------------------------------------------


def test_only_the_fields_that_differ_are_changed_in_the_forms_order():
    mine = {"name": "Premium Support", "instructions": "Be brief."}
    original = {"name": "Order Support", "instructions": "Be kind."}

    assert changed_fields(mine, original) == ["name", "instructions"]
    assert changed_fields({**mine, "name": "Order Support"}, original) == ["instructions"]


@pytest.mark.parametrize(("mine", "original"), [("", None), (None, ""), ("", ""), (None, None)])
def test_empty_instructions_and_no_instructions_are_the_same(mine, original):
    assert changed_fields({"instructions": mine}, {"instructions": original}) == []


def test_instructions_differing_by_one_character_are_changed():
    assert changed_fields({"instructions": "Be kind"}, {"instructions": "Be kind."}) == [
        "instructions"
    ]


def test_a_voice_id_in_other_letters_is_the_same_voice():
    mine = {"voice": {**EVE, "voice_id": "Eve"}}

    assert changed_fields(mine, {"voice": EVE}) == []


def test_the_default_voice_as_shown_is_no_change_for_an_agent_without_a_voice():
    # An agent without a voice shows eve, 0.50 and 600 ms; saving them as shown changes nothing.
    assert changed_fields({"voice": EVE}, {"voice": None}) == []
    assert changed_fields({"voice": EVE}, {}) == []
    assert changed_fields({"voice": EVE}, {"voice": {"voice_id": "eve"}}) == []


def test_a_voice_other_than_the_default_is_a_change_for_an_agent_without_a_voice():
    assert changed_fields({"voice": {**EVE, "voice_id": "rex"}}, {"voice": None}) == ["voice"]
    assert changed_fields({"voice": {**EVE, "vad_threshold": 0.7}}, {"voice": None}) == ["voice"]
    assert changed_fields({"voice": {**EVE, "vad_silence_duration_ms": 300}}, {}) == ["voice"]


def test_a_threshold_written_differently_is_the_same():
    assert changed_fields({"voice": {**EVE, "vad_threshold": 0.5}}, {"voice": EVE}) == []
    assert changed_fields({"voice": {**EVE, "vad_threshold": "0.50"}}, {"voice": EVE}) == []


def test_no_collection_ids_and_an_empty_list_are_the_same():
    assert changed_fields({"collection_ids": []}, {"collection_ids": None}) == []
    assert changed_fields({"collection_ids": ["col_2"]}, {"collection_ids": []}) == [
        "collection_ids"
    ]


def test_a_credential_typed_again_unchanged_is_no_change():
    original = section_values(agent_as_sent(tools=[CRM]), ["tools"])

    assert changed_fields({"tools": [CRM]}, original) == []
    assert changed_fields({"tools": [{**CRM, "authorization": "tok-2"}]}, original) == ["tools"]


# --- section_values and agent_from_values ------------------------------------------------------


def test_section_values_hide_credentials_behind_markers():
    agent = agent_as_sent(tools=[CRM, {"type": "web_search"}], instructions="Be kind.")

    values = section_values(agent, ["tools"])

    assert list(values) == ["tools"]
    assert "tok-1" not in json.dumps(values)
    mcp, web_search = values["tools"]
    assert MARKER.match(mcp["authorization"])
    assert {**mcp, "authorization": "tok-1"} == CRM
    assert web_search == {"type": "web_search"}


def test_section_values_give_every_field_by_default_with_none_for_what_is_unset():
    values = section_values(agent_as_sent(collection_ids=["col_1"]))

    assert values == {
        "name": "Order Support",
        "instructions": None,
        "tools": [],
        "voice": None,
        "collection_ids": ["col_1"],
    }


def test_an_agent_rebuilt_from_a_forms_values_shows_them_again():
    agent = agent_from_values(
        "agent_1",
        "2025-07-15T10:30:00+00:00",
        {"name": "Order Support", "instructions": None, "voice": EVE},
    )

    assert (agent.agent_id, agent.name, agent.instructions) == ("agent_1", "Order Support", None)
    assert agent.voice.to_api() == EVE
    assert agent.updated_at == datetime(2025, 7, 15, 10, 30, tzinfo=UTC)


def test_an_agent_rebuilt_with_an_unreadable_time_still_shows():
    agent = agent_from_values("agent_1", "yesterday", {"name": "Order Support"})

    assert agent.name == "Order Support"
    assert agent.updated_at == datetime(1970, 1, 1, tzinfo=UTC)


# --- What a save says it changed -------------------------------------------------------------


def test_a_rename_says_the_new_name():
    words = saved_words({"name": "Billing helper"}, {"name": "Billing Helper (US)"}, ["name"])

    assert words == "Name changed to “Billing Helper (US)”."


def test_a_rename_with_new_instructions_names_both_the_name_first():
    words = saved_words(
        {"instructions": "Be kind.", "name": "Billing helper"},
        {"instructions": "Be kind and brief.", "name": "Billing Helper (US)"},
        ["instructions", "name"],
    )

    assert words == (
        "Name changed to “Billing Helper (US)”. Instructions: 1 line changed (8 → 18 characters)."
    )


def test_a_new_pause_is_said_in_milliseconds():
    before = {"voice": {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 300}}
    after = {"voice": {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 800}}

    assert saved_words(before, after, ["voice"]) == "Saved. Silence 300 ms → 800 ms."


def test_added_and_removed_tools_and_collections_are_named():
    before = {"tools": [{"type": "web_search"}], "collection_ids": ["col_1"]}
    after = {
        "tools": [{"type": "function", "function": {"name": "lookup_order"}}],
        "collection_ids": ["col_1", "col_2"],
    }

    words = saved_words(before, after, ["tools", "collection_ids"])

    assert words == ("Saved. Added tool lookup_order; removed Web search. Added collection col_2.")


def test_emptied_instructions_say_how_much_went():
    words = saved_words({"instructions": "Be kind."}, {"instructions": None}, ["instructions"])

    assert words == "Saved. Instructions removed (8 characters)."
