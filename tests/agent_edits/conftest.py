"""Fixtures of the agent_edits tests: an agent in the sandbox, and a save as alice makes it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from agents_ui import agent_edits, api

EVE = {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 600}
CRM = {
    "type": "mcp",
    "server_url": "https://crm.example",
    "server_label": "crm",
    "authorization": "tok-1",
}


@pytest.fixture
def agent(sandbox_key) -> api.Agent:
    return api.agent_create(
        sandbox_key,
        name="Order Support",
        instructions="Be kind.",
        voice=EVE,
        tools=[{"type": "web_search"}],
        collection_ids=["col_1"],
    )


@pytest.fixture
def crm_agent(sandbox_key) -> api.Agent:
    """An agent whose MCP tool holds a stored authorization, "tok-1"."""
    return api.agent_create(sandbox_key, name="CRM helper", tools=[CRM])


@pytest.fixture
def save(sandbox_key, alice, alice_team_key):
    """alice saves `mine` on a section opened on `opened` (the agent as her form showed it)."""

    def save(
        opened: api.Agent,
        section: str,
        mine: Mapping[str, Any],
        *,
        original: Mapping[str, Any] | None = None,
        resolution: agent_edits.Resolution | None = None,
    ) -> agent_edits.SectionSave:
        if original is None:
            original = agent_edits.section_values(opened, list(mine))
        return agent_edits.save_section(
            key=sandbox_key,
            team_key=alice_team_key,
            user=alice,
            agent_id=opened.agent_id,
            section=section,
            mine=mine,
            original=original,
            agent_name=opened.name,
            updated_at=opened.updated_at.isoformat(),
            resolution=resolution,
        )

    return save
