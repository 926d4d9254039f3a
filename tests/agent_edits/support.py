"""Helpers of the agent_edits tests: agents' values as the API and the forms hold them."""

from __future__ import annotations

import re
from typing import Any

from agents_ui import api

EVE = {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 600}
# An MCP tool holding a stored authorization, "tok-1".
CRM = {
    "type": "mcp",
    "server_url": "https://crm.example",
    "server_label": "crm",
    "authorization": "tok-1",
}
# Every field of the standing agent, as a create form gives them and the API stores them.
ORDER_SUPPORT = {
    "name": "Order Support",
    "instructions": "Be kind.",
    "tools": [{"type": "web_search"}],
    "voice": EVE,
    "collection_ids": ["col_1"],
}
# The basics section of that agent, as its form was opened.
BASICS = {"name": "Order Support", "instructions": "Be kind."}
# What a page or a record holds instead of a credential.
MARKER = re.compile(r"^\(saved secret [0-9a-f]{24}\)$")


def agent_as_sent(**fields: Any) -> api.Agent:
    """An agent as the API would send it, without asking the sandbox."""
    return api.Agent.from_api(
        {
            "agent_id": "agent_1",
            "name": "Order Support",
            "created_at": "2025-07-15T10:30:00Z",
            **fields,
        }
    )


def changes_recorded() -> list:
    """The records of changes made through Switchboard (not agents first seen, nor changes
    noticed from elsewhere), oldest first."""
    from agents_ui.models import AuditEvent

    return list(
        AuditEvent.objects.exclude(action__in=["first_seen", "changed_outside"]).order_by("id")
    )
