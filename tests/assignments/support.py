"""Helpers of the assignments tests: where numbers are, what was sent, what was recorded."""

from __future__ import annotations

from typing import Any

from agents_ui import api
from agents_ui.assignments import Board
from agents_ui.models import AuditEvent


def assigned_to(key: str, number: api.PhoneNumber) -> str | None:
    """The agent that `number` answers for upstream, now."""
    return api.phone_number_get(key, number.phone_number_id).agent_id


def give(agent: api.Agent, number: api.PhoneNumber | None) -> dict[str, Any]:
    """The PATCH body that gives `agent` a number (None frees its number), as the API document
    writes it: the agent's name re-sent under a field mask, beside phone_number_id."""
    return {
        "agent": {"name": agent.name},
        "field_mask": {"paths": ["name"]},
        "phone_number_id": number.phone_number_id if number else "",
    }


def patched_paths(spy: Any) -> list[str]:
    """The paths of the PATCHes the sandbox received, in order."""
    return [path for method, path, _ in spy.calls if method == "PATCH"]


def records() -> list[tuple[str, str | None, str | None, str]]:
    """(action, agent before, agent after, reason) of each record, oldest first."""
    return [
        (event.action, event.before["agent_name"], event.after["agent_name"], event.reason)
        for event in AuditEvent.objects.order_by("id")
    ]


def where(board: Board) -> dict[str, str | None]:
    """Each number on the board, as people read it, with the name of its agent (None: pool)."""
    chips = [row.chip for row in board.rows if row.chip]
    return {row.display: row.agent.name if row.agent else None for row in chips + board.pool}
