"""Helpers of the lists tests: a team's two lists as the API would send them, no upstream."""

from __future__ import annotations

from typing import Any

from agents_ui import api
from agents_ui.lists import TeamLists
from tests.support import agent_answer


def agent(
    agent_id: str = "agent_1", name: str = "Order Support", **fields: Any
) -> api.AgentSummary:
    """An agent as a list reads it (a summary), without asking the upstream."""
    return api.AgentSummary.from_api(agent_answer(agent_id, name, **fields))


def number(
    phone_number_id: str,
    phone_number: str,
    name: str = "Sales line",
    agent_id: str | None = None,
    created_at: str = "2026-03-05T14:05:00Z",
) -> api.PhoneNumber:
    return api.PhoneNumber.from_api(
        {
            "phone_number_id": phone_number_id,
            "phone_number": phone_number,
            "name": name,
            "area_code": phone_number[2:5],
            "agent_id": agent_id,
            "created_at": created_at,
        }
    )


def team(
    agents: list[api.AgentSummary], numbers: list[api.PhoneNumber], limit: int = 1000
) -> TeamLists:
    return TeamLists(
        agents=api.ListResult.of(agents, limit), numbers=api.ListResult.of(numbers, limit)
    )


def small_team() -> TeamLists:
    """Three agents and three numbers: Order Support answers on (415) 555-0134."""
    voice: dict[str, Any] = {
        "voice_id": "eve",
        "vad_threshold": 0.5,
        "vad_silence_duration_ms": 600,
    }
    return team(
        [
            agent("agent_o", "Order Support", voice=voice, tools=[{"type": "web_search"}] * 2,
                  updated_at="2026-03-05T14:05:00Z"),
            agent("agent_r", "returns", updated_at="2026-01-02T08:00:00Z"),
            agent("agent_b", "Billing Helpdesk", voice={"voice_id": "rex"},
                  updated_at="2026-02-01T09:30:00Z"),
        ],
        [
            number("phone_s", "+14155550134", "Sales line", agent_id="agent_o",
                   created_at="2026-01-10T10:00:00Z"),
            number("phone_n", "+12125550199", "Night line", created_at="2026-02-10T10:00:00Z"),
            number("phone_x", "+16465550102", "Spare", created_at="2026-03-10T10:00:00Z"),
        ],
    )  # fmt: skip
