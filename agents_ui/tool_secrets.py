"""Credentials inside tools (MCP authorization and extra headers): the one place that knows them.

A page, a record of changes or a download never holds a stored credential. In its place
stands a marker, "(saved secret 1a2b…)", holding a keyed hash of the value: the marker
travels through forms, history and change requests, and just before a save the value it
stands for is put back from the upstream's current tools (`restore_secrets`). A credential
that changed upstream meanwhile no longer matches its marker (`MissingSecret`), so an old
page can never write an old credential back.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.crypto import salted_hmac

# The tool fields that hold credentials. Everything that hides secrets reads this list.
SECRET_FIELDS = ("authorization", "extra_headers")
SECRET_MARKER = re.compile(r"^\(saved secret ([0-9a-f]{24})\)$")
_HMAC_SALT = "agents_ui.tools.secret"


class MissingSecret(Exception):
    """A marker whose credential is no longer stored upstream."""


def is_set(value: Any) -> bool:
    return value not in (None, "", {}, [])


def is_marker(value: Any) -> bool:
    return isinstance(value, str) and SECRET_MARKER.match(value) is not None


def secret_ref(value: Any) -> str:
    """A keyed hash of a credential: equal credentials give equal refs, nothing gives it back."""
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return salted_hmac(_HMAC_SALT, canonical, algorithm="sha256").hexdigest()[:24]


def secret_marker(value: Any) -> str:
    return f"(saved secret {secret_ref(value)})"


def redact_tools(tools: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The tools as a page or a record may hold them: stored credentials replaced by markers."""
    redacted = []
    for tool in tools:
        tool = copy.deepcopy(dict(tool))
        if tool.get("type") == "mcp":
            for key in SECRET_FIELDS:
                value = tool.get(key)
                if is_set(value) and not is_marker(value):
                    tool[key] = secret_marker(value)
        redacted.append(tool)
    return redacted


def redact_agent(values: Mapping[str, Any]) -> dict[str, Any]:
    """An agent's API values (any subset of its fields) with the credentials of its tools hidden."""
    redacted = dict(values)
    if redacted.get("tools"):
        redacted["tools"] = redact_tools(redacted["tools"])
    return redacted


def restore_secrets(
    tools: Iterable[Mapping[str, Any]], upstream_tools: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """`tools` with every marker replaced by the credential it stands for, from upstream."""
    stored: dict[str, Any] = {}
    for tool in upstream_tools:
        for key in SECRET_FIELDS:
            if tool.get("type") == "mcp" and is_set(tool.get(key)):
                stored[secret_ref(tool[key])] = tool[key]
    restored = []
    for tool in tools:
        tool = dict(tool)
        for key in SECRET_FIELDS:
            value = tool.get(key)
            match = SECRET_MARKER.match(value) if isinstance(value, str) else None
            if match:
                if match.group(1) not in stored:
                    raise MissingSecret(key)
                tool[key] = copy.deepcopy(stored[match.group(1)])
        restored.append(tool)
    return restored
