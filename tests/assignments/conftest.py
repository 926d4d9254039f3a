"""Fixtures of the assignments tests: a small team in the sandbox, and alice's moves on it."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest

from agents_ui import api, assignments
from agents_ui.assignments import Board
from tests.support import buy_number


@pytest.fixture
def team(sandbox_key) -> SimpleNamespace:
    """Two agents and two numbers, none assigned: (415) 555-0134 and (212) 555-0199."""
    return SimpleNamespace(
        orders=api.agent_create(sandbox_key, name="Order Support"),
        returns=api.agent_create(sandbox_key, name="Returns"),
        sales=buy_number(sandbox_key, "Sales line", number="+14155550134"),
        spare=buy_number(sandbox_key, "Spare line", number="+12125550199"),
    )


@pytest.fixture
def assign(sandbox_key, alice_actor):
    """alice drops `number` on `agent`, having seen it on `seen_on` (None: in the pool)."""

    def assign(
        number: api.PhoneNumber,
        agent: api.Agent,
        seen_on: api.Agent | None = None,
        *,
        replacing: api.PhoneNumber | None = None,
    ) -> assignments.BoardChange:
        return assignments.assign(
            key=sandbox_key,
            actor=alice_actor,
            phone_number_id=number.phone_number_id,
            agent_id=agent.agent_id,
            from_agent_id=seen_on.agent_id if seen_on else None,
            replace_phone_number_id=replacing.phone_number_id if replacing else "",
        )

    return assign


@pytest.fixture
def unassign(sandbox_key, alice_actor):
    """alice sends `number`, which she saw on `seen_on`, back to the pool."""

    def unassign(number: api.PhoneNumber, seen_on: api.Agent) -> assignments.BoardChange:
        return assignments.unassign(
            key=sandbox_key,
            actor=alice_actor,
            phone_number_id=number.phone_number_id,
            from_agent_id=seen_on.agent_id,
        )

    return unassign


@pytest.fixture
def on_request(monkeypatch):
    """`on_request("PATCH", "/agents/…", action)`: when the next such request reaches the
    sandbox, `action()` runs first (someone else's change, or a fault for that very request)."""
    from sandbox import api as sandbox_api

    actions: list[tuple[str, str, Callable[[], object]]] = []
    original = sandbox_api.handle

    def handle(method, path, query, headers, body, **kwargs):
        for entry in actions:
            if (entry[0], entry[1]) == (method.upper(), path):
                actions.remove(entry)
                entry[2]()
                break
        return original(method, path, query, headers, body, **kwargs)

    monkeypatch.setattr(sandbox_api, "handle", handle)
    return lambda method, path, action: actions.append((method.upper(), path, action))


@pytest.fixture
def board(team, sandbox_key) -> Board:
    """Order Support answers on (415) 555-0134; Returns has no number; (212) 555-0199 is free."""
    api.agent_assign_phone_number(sandbox_key, team.orders, team.sales.phone_number_id)
    return assignments.load_board(sandbox_key)
