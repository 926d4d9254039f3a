"""Helpers of the restore tests: the standing agent's values, a fixed clock for the records,
and what the sandbox received."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from unittest import mock

from django.utils import timezone

EVE = {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 600}
LEO = {"voice_id": "leo", "vad_threshold": 0.7, "vad_silence_duration_ms": 800}
# An MCP tool holding a stored authorization, "tok-1".
CRM = {
    "type": "mcp",
    "server_url": "https://crm.example",
    "server_label": "crm",
    "authorization": "tok-1",
}
# Every field of the standing agent, as the API stores them.
ORDER_SUPPORT = {
    "name": "Order Support",
    "instructions": "Be kind.",
    "tools": [{"type": "web_search"}],
    "voice": EVE,
    "collection_ids": ["col_1"],
}


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
