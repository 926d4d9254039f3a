"""A finding's words are written when first read: whichever way they are read, they are the same."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agents_ui import checkup

from .support import (
    DELIVERY,
    GREETING,
    RETURNS,
    a_team,
    agent,
    form_values,
    function_tool,
    mcp_tool,
    only,
    paragraphs,
)

pytestmark = pytest.mark.django_db(databases=[])

# Trips the rules whose words are written late: a repeat, a tool not attached (with a
# similar name), a tool never mentioned, one without a description, both voice limits.
INSTRUCTIONS = paragraphs(GREETING, RETURNS, DELIVERY, RETURNS, "Call lookup_ordr() first.")
TOOLS = [function_tool("lookup_order"), function_tool("issue_refund", description="")]
VOICE = {"voice_id": "eve", "vad_threshold": 0.95, "vad_silence_duration_ms": 4000}


def fresh() -> list[checkup.Finding]:
    return checkup.check_agent(agent(instructions=INSTRUCTIONS, tools=TOOLS, voice=VOICE))


def fields_of(finding: checkup.Finding) -> tuple:
    return tuple(getattr(finding, field.name) for field in dataclasses.fields(finding))


def test_a_repeat_reads_as_a_person_expects_whichever_field_is_read_first() -> None:
    by_subject = only(fresh(), "duplicate-block")
    by_fix = only(fresh(), "duplicate-block")

    assert by_subject.subject == "Returns are free within 30 days if the…"
    assert by_fix.fix == "Delete one of the two copies, for example line 7."
    assert by_fix.subject == "Returns are free within 30 days if the…"
    assert by_subject.message.startswith(
        "Line 7 (“Returns are free within 30 days if the…”) repeats line 3 word for word."
    )


def test_findings_read_by_attribute_tuple_copy_pickle_or_repr_agree() -> None:
    read = [fields_of(finding) for finding in fresh()]

    assert [dataclasses.astuple(finding) for finding in fresh()] == read
    assert [fields_of(copy.deepcopy(finding)) for finding in fresh()] == read
    assert [fields_of(pickle.loads(pickle.dumps(finding))) for finding in fresh()] == read
    shown = [repr(finding) for finding in fresh()]
    assert all(f"message={words[3]!r}" in text for words, text in zip(read, shown, strict=True))


def test_a_finding_equals_and_hashes_as_the_same_finding_made_with_its_words() -> None:
    made = [checkup.Finding(*fields_of(finding)) for finding in fresh()]

    assert fresh() == made
    assert [hash(finding) for finding in fresh()] == [hash(finding) for finding in made]


def test_the_similar_tool_name_is_in_the_words_of_a_tool_not_attached() -> None:
    finding = only(fresh(), "tool-not-attached")

    assert "The attached tool “lookup_order” has a similar name." in finding.message
    assert finding.fix.endswith("(to “lookup_order”, if that is the one meant).")


def test_words_read_later_do_not_change_when_the_values_checked_change() -> None:
    values = form_values(instructions=INSTRUCTIONS, tools=TOOLS, voice=dict(VOICE))
    findings = checkup.check_values(values)
    expected = [fields_of(finding) for finding in checkup.check_values(values)]

    values["instructions"] = "Something else entirely."
    values["tools"].append(function_tool("lookup_ordr"))
    values["voice"]["vad_threshold"] = 0.5

    assert [fields_of(finding) for finding in findings] == expected


def test_an_idle_numbers_words_name_it_as_a_person_reads_it() -> None:
    agents, numbers = a_team()
    idle = checkup.check_team(agents, numbers).idle_numbers

    messages = [item.finding.message for item in idle]
    assert messages[0].startswith("(415) 555-0000 (“Spare”) is not assigned to any agent")
    assert messages[1].startswith("(212) 555-0123 (“Old Line”) is assigned to an agent that")


def test_an_unknown_attribute_is_still_an_attribute_error() -> None:
    finding = fresh()[0]

    assert not hasattr(finding, "excerpt")
    with pytest.raises(AttributeError, match="'Finding' object has no attribute 'excerpt'"):
        _ = finding.excerpt


NAMES = ("lookup_order", "lookup_orders", "web_search", "crm", "send_sms", "order_id")
LINES = (
    RETURNS,
    DELIVERY,
    "Use lookup_order and `sendSms()` or web_search.",
    "Ask for the order_id, then transfer(reason=x).",
    "",
)


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(st.sampled_from(LINES), max_size=12),
    names=st.lists(st.sampled_from(NAMES), max_size=4),
    open_server=st.booleans(),
    threshold=st.sampled_from([0.05, 0.5, 0.95]),
    silence_ms=st.sampled_from([100, 600, 4000]),
)
def test_every_way_of_reading_gives_the_words_of_any_agent(
    lines: list[str], names: list[str], open_server: bool, threshold: float, silence_ms: int
) -> None:
    tools = [function_tool(name, description="" if len(name) < 4 else "Does it") for name in names]
    if open_server:
        tools.append(mcp_tool("crm"))
    subject = agent(
        instructions="\n".join(lines),
        tools=tools,
        voice={
            "voice_id": "eve",
            "vad_threshold": threshold,
            "vad_silence_duration_ms": silence_ms,
        },
    )
    by_attribute = [fields_of(finding) for finding in checkup.check_agent(subject)]
    by_tuple = [dataclasses.astuple(finding) for finding in checkup.check_agent(subject)]
    names_backwards = [field.name for field in dataclasses.fields(checkup.Finding)][::-1]
    backwards = [
        tuple(getattr(finding, name) for name in names_backwards)[::-1]
        for finding in checkup.check_agent(subject)
    ]
    assert by_tuple == by_attribute
    assert backwards == by_attribute
    assert all(isinstance(words[3], str) and words[3] for words in by_attribute)
    assert all(isinstance(words[4], str) and words[4] for words in by_attribute)
