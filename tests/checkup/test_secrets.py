"""Findings never contain the credentials of MCP tools, whatever rules they trip."""

from __future__ import annotations

import dataclasses

import pytest

from agents_ui import checkup

from .support import agent, agent_values, function_tool, mcp_tool, number

pytestmark = pytest.mark.django_db(databases=[])

TOKEN = "sk-live-7f3a9c2e41d8b6"
HEADER_VALUE = "hdr-9d8c7b6a5f4e"
URL_TOKEN = "qk-5511aa22bb33"


def secret_tools() -> list[dict]:
    return [
        mcp_tool(
            "crm",
            server_url=f"https://mcp.example.com/crm?key={URL_TOKEN}",
            authorization=f"Bearer {TOKEN}",
            extra_headers={"X-Api-Key": HEADER_VALUE},
        ),
        function_tool("lookup_order", description=""),
        function_tool("lookup_order"),
        {"type": "file_search"},
    ]


# Trips nearly every rule: repeats, an unknown tool, a search tool not attached.
INSTRUCTIONS = (
    "Use find_customer and web_search, then `issue_refund()`.\n\n"
    "Returns are free within 30 days if the kettle is unused and in its box.\n\n"
    "Returns are free within 30 days if the kettle is unused and in its box."
)


def all_text(findings) -> str:
    return "\n".join(str(value) for finding in findings for value in dataclasses.astuple(finding))


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
