"""Helpers for the view tests: agents made through the real client, form data."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from agents_ui import api

HTMX = {"HTTP_HX_REQUEST": "true"}


def make_agent(key: str, name: str = "Order Support", **fields: Any) -> api.Agent:
    return api.agent_create(key, name=name, **fields)


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden input {name}"
    return html.unescape(match.group(1))


def open_section(client, agent_id: str, section: str) -> dict[str, str]:
    """The hidden fields of a section's edit form, as the Edit button would load it."""
    response = client.get(f"/agents/{agent_id}/edit/{section}/", **HTMX)
    assert response.status_code == 200, response.content
    page = response.content.decode()
    return {name: hidden(page, name) for name in ("original", "updated_at", "agent_name")}


def voice_data(voice_id: str = "eve", threshold: Any = "0.50", silence: Any = 600) -> dict:
    return {
        "voice": voice_id,
        "vad_threshold": str(threshold),
        "vad_silence_duration_ms": str(silence),
    }


def function_card(key: str, name: str, parameters: Any = None, description: str = "") -> dict:
    text = (
        parameters if isinstance(parameters, str) else json.dumps(parameters) if parameters else ""
    )
    return {
        "tool": [f"function:{key}"],
        f"tool-{key}-name": name,
        f"tool-{key}-description": description,
        f"tool-{key}-parameters": text,
    }


def create_data(**overrides: Any) -> dict:
    data = {"name": "Order Support", "instructions": "Be kind.", **voice_data(), "action": "save"}
    data.update(overrides)
    return data
