"""Helpers of the restore tests: the standing agent's values, a fixed clock for the records,
and what the sandbox received."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from unittest import mock

from django.utils import timezone

from agents_ui import agent_edits, api, assignments, history, numbers
from agents_ui.models import AuditEvent

EVE = {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 600}
LEO = {"voice_id": "leo", "vad_threshold": 0.7, "vad_silence_duration_ms": 800}
# An MCP tool holding a stored authorization, "tok-1".
CRM = {
    "type": "mcp",
    "server_url": "https://crm.example",
    "server_label": "crm",
    "authorization": "tok-1",
}
CRM_WITHOUT_AUTHORIZATION = {key: value for key, value in CRM.items() if key != "authorization"}
# Every field of the standing agent, as the API stores them.
ORDER_SUPPORT = {
    "name": "Order Support",
    "instructions": "Be kind.",
    "tools": [{"type": "web_search"}],
    "voice": EVE,
    "collection_ids": ["col_1"],
}

# What re-create tells the person.
NO_NUMBER_YET = "It has no phone number yet: assign one if it should take calls."
TYPE_THE_AUTHORIZATION_AGAIN = (
    "Its MCP tools came back without their authorization, which Switchboard never keeps: "
    "type it again in Tools."
)


@contextlib.contextmanager
def recorded_at(moment: str) -> Iterator[None]:
    """Records written inside the block carry `moment` ("2026-03-04T09:05:00+00:00") as
    their time, so that a test can write the time a person reads in a summary."""
    fixed = datetime.fromisoformat(moment)
    with mock.patch.object(timezone, "now", return_value=fixed):
        yield


def patches(spy: Any) -> list[Any]:
    """The bodies of the PATCHes the sandbox received, in order."""
    return spy.bodies("PATCH")


def writes(spy: Any) -> list[tuple[str, str]]:
    """(method, path) of every request that could change something upstream."""
    return [(method, path) for method, path, _ in spy.calls if method != "GET"]


def crm_helper(key: str) -> api.Agent:
    """An agent with every field set and an MCP tool holding "tok-1"."""
    return api.agent_create(
        key,
        name="CRM helper",
        instructions="Look customers up before answering.",
        tools=[CRM, {"type": "web_search"}],
        voice=EVE,
        collection_ids=["col_1"],
    )


def delete(key: str, actor: history.Actor, agent: api.Agent, number=None) -> AuditEvent:
    """`actor` deletes `agent` through Switchboard: the record of the deletion."""
    done, message = agent_edits.delete_agent(key=key, actor=actor, agent=agent, number=number)
    assert done, message
    return AuditEvent.objects.get(resource_id=agent.agent_id, action="delete")


def rename(key: str, actor: history.Actor, number: api.PhoneNumber, name: str) -> AuditEvent:
    """`actor` renames `number` on the numbers page: the record of it."""
    edit = numbers.update(
        key=key,
        actor=actor,
        phone_number_id=number.phone_number_id,
        changes={"name": name},
        originals={"name": number.name},
    )
    assert edit.event is not None, edit.message
    return edit.event


def assign(
    key: str,
    actor: history.Actor,
    number: api.PhoneNumber,
    agent: api.Agent,
    seen_on: api.Agent | None = None,
) -> AuditEvent:
    """`actor` gives `number` (seen on `seen_on`, None: in the pool) to `agent` on the
    board: the record of it."""
    change = assignments.assign(
        key=key,
        actor=actor,
        phone_number_id=number.phone_number_id,
        agent_id=agent.agent_id,
        from_agent_id=seen_on.agent_id if seen_on else None,
    )
    assert change.level == "success", change.message
    return AuditEvent.objects.latest("id")
