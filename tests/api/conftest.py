"""The client suite's upstreams: the embedded sandbox always, a real API when asked.

Set XAI_API_BASE_URL and XAI_API_KEY in the environment to run the same tests against a
real Agents API (the test settings always point at the sandbox, so the variables are read
here, from os.environ). The live run only changes objects it creates, and deletes them
afterwards. Buying phone numbers costs money, so on a live upstream the tests that buy one
also need XAI_API_LIVE_PURCHASES=1.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from agents_ui import api
from agents_ui.api import client
from tests.api.support import RecordingTransport, ScriptedTransport, SentRequest

LIVE_SKIP_REASON = (
    "live upstream not configured: set XAI_API_BASE_URL and XAI_API_KEY to run the client "
    "suite against a real Agents API"
)


@dataclass
class Upstream:
    """One upstream under test, and everything a test created on it."""

    name: str
    key: str
    can_purchase: bool
    agent_ids: list[str] = field(default_factory=list)
    phone_number_ids: list[str] = field(default_factory=list)

    @property
    def is_sandbox(self) -> bool:
        return self.name == "sandbox"

    def unique_name(self, label: str = "agent") -> str:
        # Recognisable on a live team, and unique so parallel runs never collide.
        return f"switchboard-test {label} {uuid.uuid4().hex[:8]}"

    def create_agent(self, **fields: Any) -> api.Agent:
        fields.setdefault("name", self.unique_name())
        agent = api.agent_create(self.key, **fields)
        self.agent_ids.append(agent.agent_id)
        return agent

    def purchase_number(self, **fields: Any) -> api.PhoneNumber:
        if not self.can_purchase:
            pytest.skip("buying a real phone number needs XAI_API_LIVE_PURCHASES=1")
        fields.setdefault("area_code", "415")
        fields.setdefault("name", self.unique_name("number"))
        number = api.phone_number_purchase(self.key, **fields)
        self.phone_number_ids.append(number.phone_number_id)
        return number

    def clean_up(self) -> None:
        # Agents first: deleting an agent frees its number, so the release cannot conflict.
        for agent_id in self.agent_ids:
            with contextlib.suppress(api.NotFound):
                api.agent_delete(self.key, agent_id)
        for phone_number_id in self.phone_number_ids:
            with contextlib.suppress(api.NotFound):
                api.phone_number_release(self.key, phone_number_id)


@pytest.fixture(autouse=True)
def _no_retry_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries still happen, without the waits between them."""
    monkeypatch.setattr(client, "RETRY_BACKOFF_SECONDS", (0.0, 0.0))


@pytest.fixture(autouse=True)
def _fresh_client() -> Iterator[None]:
    """Each test starts with a client built from its own settings."""
    client.reset_client()
    yield
    client.reset_client()


@pytest.fixture(params=["sandbox", pytest.param("live", marks=pytest.mark.live_upstream)])
def upstream(request: pytest.FixtureRequest, settings: Any) -> Iterator[Upstream]:
    """The upstream the client suite runs against: the sandbox, and a real API when set."""
    if request.param == "sandbox":
        from sandbox.keys import create_key

        target = Upstream(name="sandbox", key=create_key("Acme"), can_purchase=True)
    else:
        base_url = os.environ.get("XAI_API_BASE_URL", "").strip()
        key = os.environ.get("XAI_API_KEY", "").strip()
        if not base_url or not key or base_url == "sandbox":
            pytest.skip(LIVE_SKIP_REASON)
        settings.XAI_API_BASE_URL = base_url.rstrip("/")
        settings.XAI_API_TRANSPORT = None
        target = Upstream(
            name="live",
            key=key,
            can_purchase=os.environ.get("XAI_API_LIVE_PURCHASES") == "1",
        )
    try:
        yield target
    finally:
        target.clean_up()


@pytest.fixture
def sent_requests(upstream: Upstream, settings: Any) -> Iterator[list[SentRequest]]:
    """What the client sends, recorded on its way to the upstream under test."""
    RecordingTransport.inner_path = settings.XAI_API_TRANSPORT
    RecordingTransport.sent = []
    settings.XAI_API_TRANSPORT = "tests.api.support.RecordingTransport"
    yield RecordingTransport.sent
    RecordingTransport.inner_path = None
    RecordingTransport.sent = []


@pytest.fixture
def scripted(settings: Any) -> Iterator[type[ScriptedTransport]]:
    """An upstream that answers as the test scripts it: set `.handler`."""
    ScriptedTransport.handler = None
    ScriptedTransport.requests = []
    settings.XAI_API_TRANSPORT = "tests.api.support.ScriptedTransport"
    yield ScriptedTransport
    ScriptedTransport.handler = None
    ScriptedTransport.requests = []
