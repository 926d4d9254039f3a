"""Fixtures of the numbers tests: a number in the sandbox, and alice's changes through the
module."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

import pytest

from agents_ui import api, numbers
from tests.numbers.support import SALES
from tests.support import buy_number


@pytest.fixture
def sales(sandbox_key) -> api.PhoneNumber:
    """(415) 555-0134 “Sales line”, described as “Main line”, in the pool."""
    return buy_number(sandbox_key, "Sales line", number="+14155550134", description="Main line")


@pytest.fixture
def purchase(sandbox_key, alice_actor):
    """alice sends the purchase form `token` with `values` (SALES unless told)."""

    def purchase(
        token: str, values: Mapping[str, Any] = SALES, *, key: str = sandbox_key
    ) -> numbers.Purchase:
        return numbers.purchase(key=key, actor=alice_actor, token=token, values=values)

    return purchase


@pytest.fixture
def update(sandbox_key, alice_actor):
    """alice saves `changes` on the edit form of `number`, opened on its current values
    (and, with `agent_id`, on the agent it answered for then)."""

    def update(
        number: api.PhoneNumber, changes: Mapping[str, Any], *, agent_id: str = ""
    ) -> numbers.Edit:
        return numbers.update(
            key=sandbox_key,
            actor=alice_actor,
            phone_number_id=number.phone_number_id,
            changes=changes,
            originals={"name": number.name, "description": number.description},
            agent_id=agent_id,
        )

    return update


@pytest.fixture
def release(sandbox_key, alice_actor):
    def release(row: numbers.NumberRow) -> tuple[bool, str]:
        return numbers.release(key=sandbox_key, actor=alice_actor, row=row)

    return release


@pytest.fixture
def unreachable_upstream(settings):
    """The client talks real HTTP to a local port that refuses connections: the request never
    leaves, as when the upstream is down or a firewall blocks it."""
    import socket

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        settings.XAI_API_TRANSPORT = None
        settings.XAI_API_BASE_URL = f"http://127.0.0.1:{closed.getsockname()[1]}/v1"
        yield


@pytest.fixture
def writes_held_for_agent_reads(monkeypatch) -> list[bool]:
    """The sandbox holds each write of a number until an agent is read (5 s at most), and
    lists for each write whether that read came: True when the two were under way at once."""
    from sandbox import api as sandbox_api

    agent_read = threading.Event()
    held: list[bool] = []
    original = sandbox_api.handle

    def handle(method, path, query, headers, body, **kwargs):
        if method.upper() == "GET" and "/agents/" in path:
            agent_read.set()
        if method.upper() == "PATCH" and "/phone-numbers/" in path:
            held.append(agent_read.wait(timeout=5))
        return original(method, path, query, headers, body, **kwargs)

    monkeypatch.setattr(sandbox_api, "handle", handle)
    return held
