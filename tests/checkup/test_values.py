"""The same rules on the API-shaped values an edit form produces, before a save."""

from __future__ import annotations

import pytest

from agents_ui import checkup

from .support import (
    CALM_VOICE,
    RETURNS,
    agent,
    form_values,
    function_tool,
    mcp_tool,
    rules,
)

pytestmark = pytest.mark.django_db(databases=[])


def test_values_and_the_agent_they_describe_get_the_same_findings() -> None:
    fields = {
        "instructions": f"{RETURNS}\n\nCall lookup_order, then web_search.\n\n{RETURNS}",
        "tools": [
            function_tool("lookup_order", description=""),
            function_tool("lookup_order"),
            function_tool("issue_refund"),
            {"type": "file_search"},
        ],
        "voice": {"voice_id": "eve", "vad_threshold": 0.95, "vad_silence_duration_ms": 50},
    }

    from_values = checkup.check_values(form_values(**fields))
    from_agent = checkup.check_agent(agent(**fields), has_number_known=False)

    assert from_values == from_agent
    assert rules(from_values) == [
        "tool-not-attached",
        "duplicate-tool-name",
        "file-search-without-collections",
        "duplicate-block",
        "tool-without-description",
        "tool-not-mentioned",
        "vad-threshold-high",
        "silence-too-short",
    ]


def test_a_section_alone_is_checked_only_with_the_rules_it_can_answer() -> None:
    # Voice alone: nothing is known of tools or knowledge, so no tool rule runs.
    voice = {"voice_id": "eve", "vad_threshold": 0.9, "vad_silence_duration_ms": 600}
    assert rules(checkup.check_values({"voice": voice})) == ["vad-threshold-high"]

    # Tools alone: their own definitions, but not what needs the instructions or knowledge.
    tools = [function_tool("lookup_order", description=""), {"type": "file_search"}]
    assert rules(checkup.check_values({"tools": tools})) == ["tool-without-description"]

    # Tools with knowledge, without the instructions.
    assert rules(checkup.check_values({"tools": tools, "collection_ids": []})) == [
        "file-search-without-collections",
        "tool-without-description",
    ]


def test_previous_values_show_a_big_change_of_length() -> None:
    long_text = " ".join(f"Rule {index} is to stay calm." for index in range(100))

    findings = checkup.check_values(
        {"instructions": long_text[:300]}, previous_values={"instructions": long_text}
    )

    assert rules(findings) == ["instructions-shrank"]


def test_previous_values_without_instructions_say_nothing_of_length() -> None:
    findings = checkup.check_values({"instructions": "Be brief."}, previous_values={"voice": {}})

    assert findings == []


def test_form_values_are_checked_as_typed_even_when_odd() -> None:
    # Numbers as text, blank collection boxes, a tool that is not an object: no crash.
    values = {
        "instructions": None,
        "tools": ["not a tool", {"type": "function", "function": "lookup"}],
        "voice": {"vad_threshold": "0.95", "vad_silence_duration_ms": "not a number"},
        "collection_ids": ["  "],
    }

    assert rules(checkup.check_values(values)) == ["vad-threshold-high"]


def test_saved_secret_markers_in_mcp_tools_do_not_matter() -> None:
    tool = mcp_tool("crm", allowed=["find_customer"], authorization="(saved secret 0123abcd)")

    findings = checkup.check_values(
        form_values(instructions="Use find_customer first.", tools=[tool])
    )

    assert findings == []


def test_the_number_rule_runs_only_when_the_caller_knows_the_number() -> None:
    values = form_values(voice=dict(CALM_VOICE))

    assert checkup.check_values(values) == []
    assert rules(checkup.check_values(values, has_number_known=True)) == ["agent-without-number"]


def test_a_lone_collection_id_counts_as_one_collection() -> None:
    values = {"tools": [], "collection_ids": "collection_returns"}

    finding = checkup.check_values(values)[0]

    assert finding.rule == "collections-without-file-search"
    assert finding.message.startswith("The agent has 1 knowledge collection (collection IDs)")
