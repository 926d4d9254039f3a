"""Agents, tools and numbers for the checkup's tests, built as the client would build them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from agents_ui import api
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
