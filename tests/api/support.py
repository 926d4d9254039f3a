"""Transports the client suite plugs in through the XAI_API_TRANSPORT setting.

The client instantiates its transport with no arguments, so each of these is configured
through class attributes that a fixture sets and resets.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import httpx
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class SentRequest:
    method: str
    path: str
    body: Any  # the decoded JSON body, or None
    authorization: str


class RecordingTransport(httpx.BaseTransport):
    """Passes every request on to the real upstream transport and remembers what was sent."""

    inner_path: ClassVar[str | None] = None
    sent: ClassVar[list[SentRequest]] = []

    def __init__(self) -> None:
        self._inner = import_string(self.inner_path)() if self.inner_path else httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        content = request.read()
        type(self).sent.append(
            SentRequest(
                method=request.method,
                path=request.url.path,
                body=json.loads(content) if content else None,
                authorization=request.headers.get("authorization", ""),
            )
        )
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


class ScriptedTransport(httpx.BaseTransport):
    """Answers with whatever `handler` returns: an upstream that behaves as a test says."""

    handler: ClassVar[Callable[[httpx.Request], httpx.Response] | None] = None
    requests: ClassVar[list[httpx.Request]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        type(self).requests.append(request)
        handler = type(self).handler
        assert handler is not None, "set ScriptedTransport.handler first"
        return handler(request)


def agent_json(agent_id: str = "agent_1", name: str = "Order Support", **extra: Any) -> dict:
    return {
        "agent_id": agent_id,
        "name": name,
        "created_at": "2025-07-15T10:30:00Z",
        "updated_at": "2025-07-15T10:30:00.123456Z",
        **extra,
    }


def phone_number_json(phone_number_id: str = "phone_1", **extra: Any) -> dict:
    return {
        "phone_number_id": phone_number_id,
        "phone_number": "+14155551234",
        "name": "Sales Line",
        "description": None,
        "area_code": "415",
        "agent_id": None,
        "created_at": "2025-07-15T10:30:00Z",
        "updated_at": "2025-07-15T10:30:00Z",
        **extra,
    }


def answer(status: int = 200, body: Any = None, *, content: bytes | None = None):
    """A ScriptedTransport handler that always gives the same answer."""

    def handler(request: httpx.Request) -> httpx.Response:
        if content is not None:
            return httpx.Response(status, content=content)
        return httpx.Response(status, json=body)

    return handler
