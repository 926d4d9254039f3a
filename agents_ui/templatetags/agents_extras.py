"""Small display helpers for the agents pages."""

from __future__ import annotations

import json
from typing import Any

from django import template

from agents_ui.formatting import format_number
from agents_ui.tool_rules import TOOL_KINDS

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """'+14155551234' -> '(415) 555-1234'."""
    return format_number(value)


@register.filter
def tool_kind(value: str) -> str:
    """'mcp' -> 'MCP server'."""
    return TOOL_KINDS.get(value, str(value).replace("_", " ").capitalize())


@register.filter
def seconds(milliseconds: Any) -> str:
    """600 -> '0.6'."""
    try:
        return f"{int(milliseconds) / 1000:g}"
    except (TypeError, ValueError):
        return ""


@register.filter
def pretty_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


@register.filter
def join_list(value: Any) -> str:
    return ", ".join(str(item) for item in value or ())
