"""Helpers for the view tests: agents made through the real client, form data."""

from __future__ import annotations

import csv
import html
import io
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
    fields = ("original", "updated_at", "agent_name", "checkup_context")
    return {name: hidden(page, name) for name in fields}


def save(client, agent_id: str, section: str, data: dict, *, htmx: bool = True, form=None):
    """A section's form saved with `data` over it, as opened now (or as `form`, opened before)."""
    form = form or open_section(client, agent_id, section)
    headers = HTMX if htmx else {}
    return client.post(f"/agents/{agent_id}/edit/{section}/", {**form, **data}, **headers)


def text_of(page: Any) -> str:
    """A page's (or a response's) text as a person reads it: tags out, entities decoded,
    spaces squeezed."""
    if not isinstance(page, str):
        page = page.content.decode()
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


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


def page_of(client, url: str, **extra: Any) -> str:
    """The page at `url`, which must answer 200."""
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def row_cells(page: str, prefix: str = "change") -> list[str]:
    """Each row `<tr id="{prefix}-…">` of a page as its cells' text joined by " | "."""
    rows = re.findall(rf'<tr id="{prefix}-\d+">(.*?)</tr>', page, re.S)
    return [
        " | ".join(
            " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        )
        for row in rows
    ]


def what_happened(page: str) -> list[str]:
    """The audit log's "What happened" column, row by row."""
    return [cells.split(" | ")[0] for cells in row_cells(page)]


def csv_download(client, url: str) -> list[list[str]]:
    """The rows of a CSV download, checked to come as a named attachment."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="switchboard-changes-\d{4}-\d\d-\d\d\.csv"',
        response["Content-Disposition"],
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))
