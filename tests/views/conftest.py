"""Fixtures of the view tests."""

from __future__ import annotations

import json
from typing import Any

import pytest


class BodySpy:
    """Every request the sandbox received, with its JSON body (wraps, never replaces)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, Any]] = []

    def bodies(self, method: str) -> list[Any]:
        return [body for m, _, body in self.calls if m == method]


@pytest.fixture(name="spy")
def spy_fixture(monkeypatch) -> BodySpy:
    from sandbox import api as sandbox_api

    spy = BodySpy()
    original = sandbox_api.handle

    def handle(method, path, query, headers, body, **kwargs):
        spy.calls.append((method.upper(), path, json.loads(body) if body else None))
        return original(method, path, query, headers, body, **kwargs)

    monkeypatch.setattr(sandbox_api, "handle", handle)
    return spy
