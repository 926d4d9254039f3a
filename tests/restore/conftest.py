"""Fixtures of the restore tests: an agent whose versions Switchboard recorded, and saves
made through agents_ui.agent_edits as the agent's page makes them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from agents_ui import agent_edits, api, history
from agents_ui.models import AuditEvent
from tests.restore.support import ORDER_SUPPORT, recorded_at
from tests.support import buy_number


@pytest.fixture
def agent(sandbox_key, alice_actor) -> api.Agent:
    """Order Support with every field set, created through Switchboard on 4 Mar 2026 at
    09:05 (UTC): its first version is recorded then."""
    agent = api.agent_create(sandbox_key, **ORDER_SUPPORT)
    with recorded_at("2026-03-04T09:05:00+00:00"):
        history.agent_created(alice_actor, agent)
    return agent


@pytest.fixture
def first_version(agent) -> AuditEvent:
    """The record of the agent's creation: the version it was created with."""
    return AuditEvent.objects.get(resource_id=agent.agent_id, action="create")


@pytest.fixture
def save(sandbox_key, alice_actor):
    """alice opens a section on the agent as it is now and saves `mine` (with a reason):
    the record of that change."""

    def save(agent_id: str, section: str, mine: Mapping[str, Any], reason: str = "") -> Any:
        opened = api.agent_get(sandbox_key, agent_id)
        saved = agent_edits.save_section(
            key=sandbox_key,
            actor=alice_actor,
            agent_id=agent_id,
            section=section,
            mine=mine,
            original=agent_edits.section_values(opened, list(mine)),
            agent_name=opened.name,
            updated_at=opened.updated_at.isoformat(),
            reason=reason,
        )
        assert saved.outcome == "saved", saved.message
        return saved.event

    return save


# --- Numbers and who they answer for ------------------------------------------------------


@pytest.fixture
def sales(sandbox_key) -> api.PhoneNumber:
    """(415) 555-0134 "Sales line", described "On the website", in the pool."""
    return buy_number(
        sandbox_key, "Sales line", number="+14155550134", description="On the website"
    )


@pytest.fixture
def orders(sandbox_key) -> api.Agent:
    """Order Support, without a number (and without any record)."""
    return api.agent_create(sandbox_key, name="Order Support")


@pytest.fixture
def returns(sandbox_key) -> api.Agent:
    """Returns, without a number."""
    return api.agent_create(sandbox_key, name="Returns")
