"""Helpers for the comparison tests: tools as agents-api.md shapes them, and what a rendered
diff marks, read back out of its HTML."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from agents_ui.compare import Segment

# A credential as a person would paste it; it must never come out of the comparison.
SECRET = "Bearer sk-live-TOPSECRET-4242"
OTHER_SECRET = "Bearer sk-live-NEWSECRET-9999"

_MARK = re.compile(r"<(ins|del)>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def function_tool(
    name: str, description: str | None = None, parameters: dict[str, Any] | None = None
) -> dict[str, Any]:
    spec: dict[str, Any] = {"name": name}
    if description is not None:
        spec["description"] = description
    if parameters is not None:
        spec["parameters"] = parameters
    return {"type": "function", "function": spec}


def mcp_tool(label: str, url: str = "https://mcp.example.com/sse", **settings: Any) -> dict:
    return {"type": "mcp", "server_url": url, "server_label": label, **settings}


ORDER_ID_SCHEMA = {
    "type": "object",
    "properties": {"order_id": {"type": "string", "description": "The order ID"}},
    "required": ["order_id"],
}


def marks(html: str) -> list[tuple[str, str]]:
    """Every <ins>/<del> of a rendered diff, in order, as ("ins" or "del", its text)."""
    return [(tag, unescape(_TAG.sub("", inner))) for tag, inner in _MARK.findall(html)]


def marked(segments: tuple[Segment, ...]) -> list[str]:
    """The texts a side of a line marks as changed."""
    return [segment.text for segment in segments if segment.kind != "equal"]


def text_of(segments: tuple[Segment, ...]) -> str:
    return "".join(segment.text for segment in segments)
