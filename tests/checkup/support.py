"""Agents, tools and numbers for the checkup's tests, built as the client would build them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from agents_ui import api, checkup
from agents_ui.checkup import Finding

STAMP = "2025-07-15T10:30:00Z"
# A voice well inside every turn-taking limit, so that only what a test sets trips a rule.
CALM_VOICE = {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 600}


def agent_values(**fields: Any) -> dict[str, Any]:
    """An agent as the API returns it; instructions "" and no tools unless given."""
    values: dict[str, Any] = {
        "agent_id": "agent_test000001",
        "name": "Order Support",
        "instructions": "",
        "tools": [],
        "voice": dict(CALM_VOICE),
        "collection_ids": [],
        "created_at": STAMP,
    }
    values.update(fields)
    return values


def agent(**fields: Any) -> api.Agent:
    return api.Agent.from_api(agent_values(**fields))


def function_tool(
    name: str,
    description: str = "Does what its name says",
    properties: Iterable[str] = (),
) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {
                "type": "object",
                "properties": {key: {"type": "string"} for key in properties},
            },
        },
    }


def mcp_tool(label: str = "crm", allowed: Sequence[str] | None = None, **extra: Any) -> dict:
    tool: dict[str, Any] = {
        "type": "mcp",
        "server_url": "https://mcp.example.com/crm",
        "server_label": label,
        **extra,
    }
    if allowed is not None:
        tool["allowed_tool_names"] = list(allowed)
    return tool


def number(
    phone_number: str = "+14155551234",
    agent_id: str | None = None,
    *,
    phone_number_id: str = "phone_test000001",
    name: str = "Sales Line",
) -> api.PhoneNumber:
    return api.PhoneNumber.from_api(
        {
            "phone_number_id": phone_number_id,
            "phone_number": phone_number,
            "name": name,
            "area_code": phone_number[2:5],
            "agent_id": agent_id,
            "created_at": STAMP,
        }
    )


def rules(findings: Iterable[Finding]) -> list[str]:
    return [finding.rule for finding in findings]


def only(findings: Iterable[Finding], rule: str) -> Finding:
    """The one finding of `rule`; fails if there is none or more than one."""
    matching = [finding for finding in findings if finding.rule == rule]
    assert len(matching) == 1, f"expected one {rule!r}, got {rules(findings)}"
    return matching[0]


def paragraphs(*blocks: str) -> str:
    return "\n\n".join(blocks)


# --- Sample paragraphs of instructions ----------------------------------------------------

GREETING = (
    "You are the phone assistant of Acme Kettles. Speak warmly and briefly, and never "
    "read long lists aloud."
)
RETURNS = (
    "Returns are free within 30 days if the kettle is unused and in its box. After 30 days "
    "we can only offer a repair or store credit."
)
DELIVERY = (
    "Delivery usually takes three to five working days. Large orders are delivered by "
    "appointment only, on weekdays."
)


# --- The findings of some rules only -------------------------------------------------------

REPEAT_RULES = ("duplicate-block", "near-duplicate-block")
TOOL_RULES = (
    "tool-not-attached",
    "tool-not-mentioned",
    "duplicate-tool-name",
    "tool-without-description",
    "file-search-without-collections",
    "collections-without-file-search",
)
VOICE_RULES = ("vad-threshold-high", "vad-threshold-low", "silence-too-short", "silence-too-long")
SIZE_RULES = ("instructions-grew", "instructions-shrank")


def findings_of(
    wanted: Iterable[str], subject: api.Agent, previous: api.Agent | None = None
) -> list[Finding]:
    """The agent's findings of the `wanted` rules, in order; its number is not known."""
    wanted = set(wanted)
    findings = checkup.check_agent(subject, previous=previous, has_number_known=False)
    return [finding for finding in findings if finding.rule in wanted]


def repeats(instructions: str) -> list[Finding]:
    return findings_of(REPEAT_RULES, agent(instructions=instructions))


def tool_findings(**fields: Any) -> list[Finding]:
    return findings_of(TOOL_RULES, agent(**fields))


def voice_findings(threshold: float = 0.5, silence_ms: int = 600) -> list[Finding]:
    voice = {"voice_id": "eve", "vad_threshold": threshold, "vad_silence_duration_ms": silence_ms}
    return findings_of(VOICE_RULES, agent(voice=voice))


def text_of(length: int) -> str:
    """Distinct sentences, so that no repeated-text finding gets in the way."""
    sentences = (f"Rule {index} is to stay calm and kind. " for index in range(10_000))
    return "".join(sentences)[:length]


def size_findings(before: int | None, after: int) -> list[Finding]:
    """A save from instructions `before` characters long (None: none known) to `after`."""
    previous = None if before is None else agent(instructions=text_of(before))
    return findings_of(SIZE_RULES, agent(instructions=text_of(after)), previous)


def form_values(**fields: Any) -> dict[str, Any]:
    """What the edit form's sections give together: the writable fields only."""
    values = agent_values(**fields)
    return {
        key: values[key] for key in ("name", "instructions", "tools", "voice", "collection_ids")
    }


# --- A team --------------------------------------------------------------------------------


def a_team() -> tuple[list[api.Agent], list[api.PhoneNumber]]:
    """Three agents (fine, a problem, worth a look) and four numbers (two answer nobody)."""
    agents = [
        agent(agent_id="agent_a", name="Answered"),
        agent(
            agent_id="agent_b",
            name="Broken",
            instructions="Call lookup_order for order questions.",
        ),
        agent(
            agent_id="agent_c",
            name="Unlisted tool",
            instructions="Be brief.",
            tools=[function_tool("issue_refund")],
        ),
    ]
    numbers = [
        number("+14155551234", "agent_a", phone_number_id="phone_1", name="Sales Line"),
        number("+14155550000", None, phone_number_id="phone_2", name="Spare"),
        number("+12125550123", "agent_gone", phone_number_id="phone_3", name="Old Line"),
        number("+16505550199", "agent_b", phone_number_id="phone_4", name=""),
    ]
    return agents, numbers


# --- Secrets -------------------------------------------------------------------------------

TOKEN = "sk-live-7f3a9c2e41d8b6"
HEADER_VALUE = "hdr-9d8c7b6a5f4e"
URL_TOKEN = "qk-5511aa22bb33"


def secret_tools() -> list[dict[str, Any]]:
    """An MCP server with a token, a header and a key in its URL, and tools that trip rules."""
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


def all_text(findings: Iterable[Finding]) -> str:
    """Every field of every finding, as one text."""
    return "\n".join(str(value) for finding in findings for value in dataclasses.astuple(finding))
