"""Findings never contain the credentials of MCP tools, whatever rules they trip."""

from __future__ import annotations

import pytest

from agents_ui import checkup

from .support import (
    HEADER_VALUE,
    TOKEN,
    URL_TOKEN,
    agent,
    agent_values,
    all_text,
    number,
    secret_tools,
)

pytestmark = pytest.mark.django_db(databases=[])

# Trips nearly every rule: repeats, an unknown tool, a search tool not attached.
INSTRUCTIONS = (
    "Use find_customer and web_search, then `issue_refund()`.\n\n"
    "Returns are free within 30 days if the kettle is unused and in its box.\n\n"
    "Returns are free within 30 days if the kettle is unused and in its box."
)


def test_no_finding_of_an_agent_contains_its_credentials() -> None:
    subject = agent(
        instructions=INSTRUCTIONS,
        tools=secret_tools(),
        voice={"voice_id": "eve", "vad_threshold": 0.99, "vad_silence_duration_ms": 9000},
    )
    previous = agent(instructions=INSTRUCTIONS * 5)

    findings = checkup.check_agent(subject, previous=previous)

    assert len({finding.rule for finding in findings}) >= 9
    text = all_text(findings)
    for secret in (TOKEN, HEADER_VALUE, URL_TOKEN, "Bearer"):
        assert secret not in text


def test_no_finding_of_form_values_or_a_team_contains_credentials() -> None:
    values = agent_values(instructions=INSTRUCTIONS, tools=secret_tools())
    subject = agent(instructions=INSTRUCTIONS, tools=secret_tools())

    from_values = checkup.check_values(values, has_number_known=True)
    team = checkup.check_team([subject], [number(agent_id=None)])

    text = all_text(from_values) + all_text(team.agents[0].findings)
    text += all_text(item.finding for item in team.idle_numbers)
    assert "find_customer" in text  # the findings do talk about the MCP server's tools
    for secret in (TOKEN, HEADER_VALUE, URL_TOKEN):
        assert secret not in text
