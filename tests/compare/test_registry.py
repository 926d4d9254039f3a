"""The registries: which fields changed, their diffs, one-line summaries and conflicts."""

from __future__ import annotations

import pytest

from agents_ui import api
from agents_ui.compare import (
    AGENT_FIELDS,
    PHONE_NUMBER_FIELDS,
    changed_fields,
    conflicting_fields,
    field_diffs,
    summarise,
)
from tests.compare.support import ORDER_ID_SCHEMA, function_tool

DEFAULTS = {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 600}


def agent(**fields) -> dict:
    """An agent as `api.Agent.to_api()` gives it."""
    data = {
        "agent_id": "agent_1",
        "name": "Order Support",
        "created_at": "2025-07-15T10:30:00Z",
        **fields,
    }
    return api.Agent.from_api(data).to_api()


def test_fields_are_labelled_in_plain_words_with_the_api_term_where_it_helps():
    assert {name: field.label for name, field in AGENT_FIELDS.items()} == {
        "name": "Name",
        "instructions": "Instructions",
        "voice": "Voice and turn-taking",
        "tools": "Tools",
        "collection_ids": "Knowledge collections (collection IDs)",
    }
    assert {name: field.label for name, field in PHONE_NUMBER_FIELDS.items()} == {
        "name": "Name",
        "description": "Description",
        "agent": "Answers for (agent)",
    }


def test_the_agent_registry_covers_every_field_an_update_can_write():
    assert set(AGENT_FIELDS) == set(api.AGENT_FIELDS)


def test_it_lists_the_changed_fields_in_registry_order():
    before = agent(instructions="Be brief.", voice={"voice_id": "eve"})
    after = agent(name="Premium Support", instructions="Be brief.", voice={"voice_id": "leo"})

    assert changed_fields("agent", before, after) == ["name", "voice"]


def test_values_a_person_calls_the_same_are_no_change():
    before = agent()  # no instructions, no voice: the API leaves them out
    after = agent(instructions="", voice=DEFAULTS, tools=[], collection_ids=[])

    assert changed_fields("agent", before, after) == []


def test_a_field_missing_from_both_partial_records_has_not_changed():
    before = {"voice": {"voice_id": "eve", "vad_silence_duration_ms": 300}}
    after = {"voice": {"voice_id": "eve", "vad_silence_duration_ms": 800}}

    assert changed_fields("agent", before, after) == ["voice"]


def test_a_field_diff_carries_what_a_page_needs():
    before = {"voice": {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 300}}
    after = {"voice": {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 800}}

    (diff,) = field_diffs("agent", before, after)

    assert diff.field == "voice"
    assert diff.label == "Voice and turn-taking"
    assert diff.before_display == "eve, speech sensitivity 0.50, pause 300 ms (0.3 s)"
    assert diff.after_display == "eve, speech sensitivity 0.50, pause 800 ms (0.8 s)"
    assert diff.summary == "silence 300 ms → 800 ms"
    assert diff.template == "agents_ui/diff/settings.html"
    assert diff.change == "changed"


def test_field_diffs_can_be_limited_to_some_fields():
    before = agent(instructions="Be brief.")
    after = agent(name="Premium Support", instructions="Be kind.")

    assert [diff.field for diff in field_diffs("agent", before, after)] == ["name", "instructions"]
    diffs = field_diffs("agent", before, after, fields=["instructions", "voice"])
    assert [diff.field for diff in diffs] == ["instructions"]


def test_a_summary_joins_what_changed_in_each_field():
    before = agent(voice={"voice_id": "eve", "vad_silence_duration_ms": 300})
    after = agent(name="Premium Support", voice={"voice_id": "eve", "vad_silence_duration_ms": 800})

    assert summarise("agent", before, after) == (
        "name “Order Support” → “Premium Support”; silence 300 ms → 800 ms"
    )


def test_nothing_changed_summarises_as_nothing():
    assert summarise("agent", agent(), agent()) == ""


def test_a_created_agent_lists_what_it_was_created_with():
    after = agent(
        instructions="Be brief.",
        tools=[function_tool("lookup_order", "Look up order status", ORDER_ID_SCHEMA)],
    )

    assert summarise("agent", None, after) == (
        "name: Order Support; instructions: 9 characters; tools: lookup_order"
    )
    diffs = field_diffs("agent", None, after)
    assert [(diff.field, diff.change) for diff in diffs] == [
        ("name", "created"),
        ("instructions", "created"),
        ("tools", "created"),
    ]
    assert (diffs[0].before_display, diffs[0].after_display) == ("", "Order Support")


def test_a_deleted_agent_lists_what_it_had():
    before = agent(voice={"voice_id": "leo"}, collection_ids=["col_a"])

    assert summarise("agent", before, None) == (
        "name: Order Support; voice: leo, speech sensitivity 0.50, pause 600 ms (0.6 s); "
        "knowledge collections: col_a"
    )
    diffs = field_diffs("agent", before, None)
    assert {diff.change for diff in diffs} == {"deleted"}
    assert diffs[0].after_display == ""


def test_a_move_of_a_number_is_one_change_from_one_agent_to_the_other():
    before = {"agent_id": "agent_2", "agent_name": "Night Line"}
    after = {"agent_id": "agent_1", "agent_name": "Front Desk"}

    assert changed_fields("phone_number", before, after) == ["agent"]
    assert summarise("phone_number", before, after) == "Night Line → Front Desk"
    # Records of moves name the field by its API name.
    (diff,) = field_diffs("phone_number", before, after, fields=["agent_id"])
    assert diff.label == "Answers for (agent)"


def test_a_renamed_number_reads_its_old_and_new_name():
    before = {"name": "Sales Line", "description": "Primary sales hotline"}
    after = {"name": "Support Line", "description": "Primary sales hotline"}

    assert summarise("phone_number", before, after) == "name “Sales Line” → “Support Line”"


def test_conflicts_are_the_fields_someone_else_changed():
    original = agent(instructions="Be brief.")
    current = agent(name="Premium Support", instructions="Be brief.", voice=DEFAULTS)

    assert conflicting_fields(["name", "instructions", "voice"], original, current) == ["name"]


def test_conflicts_on_a_number_compare_through_its_own_registry():
    original = {"name": "Sales Line", "description": None}
    current = {"name": "Sales Line", "description": "Now for support"}

    assert conflicting_fields(["name", "description"], original, current, "phone_number") == [
        "description"
    ]


def test_an_unknown_kind_of_record_is_refused_by_name():
    with pytest.raises(ValueError, match="No comparison for records of kind 'team'"):
        changed_fields("team", {}, {})


def test_it_needs_no_database(django_db_blocker):
    from django.template.loader import render_to_string

    before = agent(instructions="Be brief.", tools=[function_tool("lookup_order")])
    after = agent(instructions="Be kind.", tools=[])
    with django_db_blocker.block():
        diffs = field_diffs("agent", before, after)
        summarise("agent", before, after)
        conflicting_fields(["tools"], before, after)
        html = render_to_string("agents_ui/diff/field_diffs.html", {"diffs": diffs})
    assert "<del>brief</del>" in html
