"""What a finding is, the order findings come in, and what a save would add."""

from __future__ import annotations

import pytest

from agents_ui import checkup

from .support import agent, function_tool

pytestmark = pytest.mark.django_db(databases=[])

REPEATED = "Returns are free within 30 days if the kettle is unused and in its box."


def test_problems_come_first_then_fields_in_the_forms_order_then_lines() -> None:
    subject = agent(
        instructions=f"{REPEATED}\n\n{REPEATED}\n\nUse web_search.\n\nAlso book_visit.",
        tools=[function_tool("issue_refund", description=""), {"type": "file_search"}],
        voice={"voice_id": "eve", "vad_threshold": 0.99, "vad_silence_duration_ms": 50},
        collection_ids=[],
    )

    findings = checkup.check_agent(subject)

    assert [(f.severity, f.field, f.line, f.rule) for f in findings] == [
        ("problem", "instructions", 5, "tool-not-attached"),
        ("problem", "instructions", 7, "tool-not-attached"),
        ("problem", "tools", None, "file-search-without-collections"),
        ("worth-a-look", "instructions", 3, "duplicate-block"),
        ("worth-a-look", "tools", None, "tool-without-description"),
        ("worth-a-look", "tools", None, "tool-not-mentioned"),
        ("worth-a-look", "voice", None, "vad-threshold-high"),
        ("worth-a-look", "voice", None, "silence-too-short"),
        ("worth-a-look", "phone_number", None, "agent-without-number"),
    ]


def test_every_finding_has_a_known_rule_severity_field_and_plain_words() -> None:
    subject = agent(
        instructions=f"{REPEATED}\n\n{REPEATED}\n\nUse web_search.",
        tools=[function_tool("issue_refund", description=""), {"type": "file_search"}],
        voice={"voice_id": "eve", "vad_threshold": 0.01, "vad_silence_duration_ms": 9000},
    )

    for finding in checkup.check_agent(subject):
        severity, title = checkup.RULES[finding.rule]
        assert finding.title == title
        assert finding.severity in checkup.SEVERITY_LABELS
        assert finding.field in checkup.FIELDS
        assert finding.message.endswith(".") and finding.fix.endswith(".")
        assert finding.severity_label in ("Problem", "Worth a look")


def test_a_finding_reads_as_a_problem_or_as_worth_a_look() -> None:
    problem = checkup.check_agent(agent(instructions="Use web_search."), has_number_known=False)[0]
    look = checkup.check_agent(agent(), number=None)[0]

    assert (problem.is_problem, problem.severity_label) == (True, "Problem")
    assert (look.is_problem, look.severity_label) == (False, "Worth a look")


def test_problems_added_names_the_new_problems_of_a_save_only() -> None:
    current = checkup.check_agent(
        agent(instructions="Use web_search.\n\nCall lookup_order."), has_number_known=False
    )
    # The save moves the old problem to another line, fixes nothing and adds two problems.
    proposed = checkup.check_agent(
        agent(
            instructions="Be brief.\n\nUse web_search.\n\nCall lookup_order and book_visit.",
            tools=[{"type": "file_search"}],
        ),
        has_number_known=False,
    )

    added = checkup.problems_added(current, proposed)

    assert [(f.rule, f.subject) for f in added] == [
        ("tool-not-attached", "book_visit"),
        ("file-search-without-collections", "file_search"),
    ]


def test_fixing_problems_adds_none() -> None:
    current = checkup.check_agent(agent(instructions="Use web_search."), has_number_known=False)
    proposed = checkup.check_agent(
        agent(instructions="Use web_search.", tools=[{"type": "web_search"}]),
        has_number_known=False,
    )

    assert checkup.problems_added(current, proposed) == []


def test_worth_a_look_findings_never_ask_to_save_anyway() -> None:
    proposed = checkup.check_agent(agent(instructions=f"{REPEATED}\n\n{REPEATED}"))

    assert proposed and checkup.problems_added([], proposed) == []
