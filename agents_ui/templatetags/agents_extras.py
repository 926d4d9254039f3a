"""Small display helpers for the agents pages."""

from __future__ import annotations

import functools
import json
from typing import Any
from urllib.parse import quote

from django import template
from django.core.signals import setting_changed
from django.urls import reverse

from agents_ui.formatting import format_number
from agents_ui.text import normalise_newlines
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


_ID = "__object_id__"


@functools.cache
def _url_around_id(name: str) -> tuple[str, str]:
    before, _, after = reverse(name, args=[_ID]).partition(_ID)
    return before, after


def _forget_urls(*, setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":
        _url_around_id.cache_clear()


setting_changed.connect(_forget_urls, dispatch_uid="agents_extras.url_for")


@register.filter
def url_for(object_id: Any, name: str) -> str:
    """`reverse(name, args=[object_id])`, reversed once per URL name: lists call it per row.

    {{ agent.agent_id|url_for:"agent-detail" }} -> /agents/agent_abc123/
    """
    before, after = _url_around_id(name)
    return f"{before}{quote(str(object_id), safe='')}{after}"


@register.inclusion_tag("agents_ui/_character_count.html")
def character_count(field: Any) -> dict[str, Any]:
    """The count of a text box whose widget has data-character-count (its limit), counted
    as the server counts it: a line break is one character."""
    limit = int(field.field.widget.attrs["data-character-count"])
    count = len(normalise_newlines(str(field.value() or "")))
    return {
        "box_id": field.auto_id,
        "count": f"{count:,}",
        "limit": f"{limit:,}",
        "over_by": f"{count - limit:,}" if count > limit else "",
    }


@register.filter
def undo_url(message: Any) -> str:
    """The Undo address a notice carries ("undo:<record id>" in its extra tags), or ""."""
    for tag in str(getattr(message, "extra_tags", "") or "").split():
        if tag.startswith("undo:") and tag[5:].isdigit():
            return reverse("undo", args=[int(tag[5:])])
    return ""


@register.filter
def summary(event: Any) -> str:
    """A record of a change in words ("changed the voice of Order Support: …")."""
    from agents_ui.history import summary_of

    return summary_of(event)
