"""Clients for the sandbox: over real HTTP on the live server, and in-process."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from sandbox.transport import SandboxTransport

IN_PROCESS_BASE_URL = "http://sandbox.internal/sandbox/v1"


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def base_url(live_server: Any) -> str:
    return f"{live_server.url}/sandbox/v1"


@pytest.fixture
def http(base_url: str, sandbox_key: str) -> Iterator[httpx.Client]:
    """An httpx client over real HTTP, authenticated as the team Acme."""
    with httpx.Client(base_url=base_url, headers=bearer(sandbox_key), timeout=10) as client:
        yield client


@pytest.fixture
def other_http(base_url: str, other_team_key: str) -> Iterator[httpx.Client]:
    """The same, for the team Globex."""
    with httpx.Client(base_url=base_url, headers=bearer(other_team_key), timeout=10) as client:
        yield client


@pytest.fixture
def in_process(sandbox_key: str) -> Iterator[httpx.Client]:
    """An httpx client reaching the sandbox through SandboxTransport, with no socket."""
    with httpx.Client(
        transport=SandboxTransport(),
        base_url=IN_PROCESS_BASE_URL,
        headers=bearer(sandbox_key),
        timeout=5,
    ) as client:
        yield client


@pytest.fixture
def make_agent(http: httpx.Client) -> Callable[..., dict]:
    def make(**fields: Any) -> dict:
        response = http.post("/agents", json={"name": "Order Support", **fields})
        assert response.status_code == 200, response.text
        return response.json()["agent"]

    return make


@pytest.fixture
def buy_number(http: httpx.Client) -> Callable[..., dict]:
    def buy(area_code: str = "415", **fields: Any) -> dict:
        body = {"area_code": area_code, "name": "Sales Line", **fields}
        response = http.post("/phone-numbers", json=body)
        assert response.status_code == 200, response.text
        return response.json()["phone_number"]

    return buy
