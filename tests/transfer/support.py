"""Helpers of the transfer tests: agents as a team holds them, documents as people write them."""

from __future__ import annotations

import copy
import json
from typing import Any

from agents_ui import api
from agents_ui.tool_secrets import SECRET_FIELDS

SECRET = "Bearer crm-s3cret"
HEADER_SECRET = "x-api-key-998877"
CRM = {
    "type": "mcp",
    "server_url": "https://crm.example.com/mcp",
    "server_label": "crm",
    "server_description": "Customer records",
    "allowed_tool_names": ["find_customer"],
    "authorization": SECRET,
    "extra_headers": {"X-Api-Key": HEADER_SECRET},
}
LOOKUP_ORDER = {
    "type": "function",
    "function": {
        "name": "lookup_order",
        "description": "Look up order status by order ID",
        "parameters": {
            "type": "object",
            "properties": {"order_id": {"type": "string", "description": "The order ID"}},
            "required": ["order_id"],
        },
    },
}
X_SEARCH = {"type": "x_search", "allowed_x_handles": ["acme"], "from_date": "2026-01-01"}
ORDER_SUPPORT: dict[str, Any] = {
    "name": "Order Support",
    "instructions": "You are a friendly order support agent.\nHelp customers track orders.",
    "tools": [LOOKUP_ORDER, {"type": "web_search"}, CRM, X_SEARCH, {"type": "file_search"}],
    "voice": {"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 300},
    "collection_ids": ["col_faq", "col_returns"],
}
BILLING: dict[str, Any] = {
    "name": "Billing",
    "instructions": "Answer billing questions.",
    "voice": {"voice_id": "leo", "vad_threshold": 0.7, "vad_silence_duration_ms": 800},
}
# An agent with nothing but a name: what the API answers for unset fields must survive too.
BARE = {"name": "Bare"}


def make(key: str, fields: dict[str, Any]) -> api.Agent:
    return api.agent_create(key, **copy.deepcopy(fields))


def without_credentials(values: dict[str, Any]) -> dict[str, Any]:
    """An agent's API values with every credential field taken out of its tools."""
    values = copy.deepcopy(values)
    for tool in values.get("tools") or ():
        for key in SECRET_FIELDS:
            tool.pop(key, None)
    return values


def entry(name: str = "Order Support", **fields: Any) -> dict[str, Any]:
    """One agent of a document, as an export writes it."""
    return {
        "name": name,
        "instructions": None,
        "tools": [],
        "voice": None,
        "collection_ids": [],
        "phone_number": None,
        **fields,
    }


def document(*agents: dict[str, Any], **header: Any) -> dict[str, Any]:
    return {
        "switchboard_export": 1,
        "team": "Acme",
        "exported_at": "2026-05-01T10:30:00Z",
        **header,
        "agents": list(agents),
    }


def text(value: Any) -> str:
    """A document's text as Export writes it: indented, one field a line."""
    return json.dumps(value, indent=2, ensure_ascii=False)


def writes(log: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The requests of a sandbox request log that change something."""
    return [(method, path) for method, path in log if method not in ("GET", "HEAD")]
