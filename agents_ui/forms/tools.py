"""The tools editor: tools as cards (or one raw JSON array), checked before any upstream call.

Not a Django Form: the number and kinds of cards change as people add and remove them. The
POST carries `tool` once per card, in order, as "<type>:<card key>", and each card's fields
as "tool-<card key>-<field>". Stored credentials of MCP tools (authorization, extra headers)
never reach a page: they travel as markers ("(saved secret …)") holding a keyed hash, and
are put back from the upstream's current tools just before a save.
"""

from __future__ import annotations

import json
import re
import secrets as random_secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from agents_ui.json_input import parse_json
from agents_ui.text import normalise_newlines
from agents_ui.tool_rules import MAX_TOOLS, TOOL_KINDS, tool_problems
from agents_ui.tool_secrets import is_marker, redact_tools

CARD_KEY = re.compile(r"[A-Za-z0-9]{1,32}")

# Starter schemas for function tools ("Start from a template").
SCHEMA_TEMPLATES: dict[str, tuple[str, dict[str, Any]]] = {
    "order": (
        "Look up an order by id",
        {
            "type": "object",
            "properties": {"order_id": {"type": "string", "description": "The order ID"}},
            "required": ["order_id"],
        },
    ),
    "appointment": (
        "Book an appointment",
        {
            "type": "object",
            "properties": {
                "name": {"type": "string", "description": "The caller's full name"},
                "date": {"type": "string", "format": "date", "description": "YYYY-MM-DD"},
                "time": {"type": "string", "description": "HH:MM, 24-hour clock"},
            },
            "required": ["name", "date", "time"],
        },
    ),
    "empty": ("Empty object", {"type": "object", "properties": {}}),
}

CARD_FIELDS: dict[str, tuple[str, ...]] = {
    "function": ("name", "description", "parameters"),
    "web_search": (),
    "file_search": (),
    "x_search": ("allowed_handles", "excluded_handles", "from_date", "to_date"),
    "mcp": (
        "server_url",
        "server_label",
        "server_description",
        "allowed_tool_names",
        "authorization",
        "remove_authorization",
        "authorization_ref",
        "extra_headers_ref",
    ),
}


def _as_text(value: Any) -> str:
    """A value for a text box: "" for nothing, JSON for anything that is not text."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value)


def _joined(values: Any) -> str:
    if isinstance(values, list):
        return ", ".join(_as_text(value) for value in values)
    return _as_text(values)


def _is_tool_object(item: Any) -> bool:
    return (
        isinstance(item, dict) and isinstance(item.get("type"), str) and item["type"] in TOOL_KINDS
    )


def _split_list(text: str) -> list[str]:
    return [item.strip() for item in re.split(r"[,\n]", text or "") if item.strip()]


# --- Cards ----------------------------------------------------------------------------------


def new_card_key() -> str:
    return random_secrets.token_hex(6)


@dataclass
class ToolCard:
    key: str
    type: str
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def kind_label(self) -> str:
        return TOOL_KINDS[self.type]

    @property
    def prefix(self) -> str:
        return f"tool-{self.key}"

    def name_of(self, card_field: str) -> str:
        return f"{self.prefix}-{card_field}"

    @property
    def authorization_is_set(self) -> bool:
        return bool(self.values.get("authorization_ref"))

    @property
    def tool_errors(self) -> list[str]:
        return self.errors.get("", [])

    def add_error(self, card_field: str, message: str) -> None:
        if card_field not in CARD_FIELDS[self.type]:
            card_field = ""
        self.errors.setdefault(card_field, []).append(message)

    @classmethod
    def from_tool(cls, tool: Mapping[str, Any]) -> ToolCard:
        """A card showing a (redacted) tool, as the API or the raw JSON box gave it."""
        kind = tool["type"]
        values: dict[str, str] = {}
        if kind == "function":
            spec = tool.get("function")
            spec = spec if isinstance(spec, Mapping) else {}
            values["name"] = _as_text(spec.get("name"))
            values["description"] = _as_text(spec.get("description"))
            parameters = spec.get("parameters")
            values["parameters"] = "" if parameters is None else json.dumps(parameters, indent=2)
        elif kind == "x_search":
            values["allowed_handles"] = _joined(tool.get("allowed_x_handles"))
            values["excluded_handles"] = _joined(tool.get("excluded_x_handles"))
            values["from_date"] = _as_text(tool.get("from_date"))
            values["to_date"] = _as_text(tool.get("to_date"))
        elif kind == "mcp":
            for key in ("server_url", "server_label", "server_description"):
                values[key] = _as_text(tool.get(key))
            values["allowed_tool_names"] = _joined(tool.get("allowed_tool_names"))
            values["authorization_ref"] = _as_text(tool.get("authorization"))
            values["extra_headers_ref"] = _as_text(tool.get("extra_headers"))
        return cls(key=new_card_key(), type=kind, values=values)

    def to_tool(self) -> dict[str, Any] | None:
        """The tool for the API (secrets as markers), or None when a field cannot be read."""
        values = self.values
        if self.type == "function":
            spec: dict[str, Any] = {"name": values.get("name", "").strip()}
            if values.get("description", "").strip():
                spec["description"] = values["description"]
            parameters, problem = parse_json(values.get("parameters", ""))
            if problem:
                self.add_error("parameters", problem)
                return None
            if parameters is not None:
                spec["parameters"] = parameters
            return {"type": "function", "function": spec}
        tool: dict[str, Any] = {"type": self.type}
        if self.type == "x_search":
            for card_field, key in (
                ("allowed_handles", "allowed_x_handles"),
                ("excluded_handles", "excluded_x_handles"),
            ):
                handles = _split_list(values.get(card_field, ""))
                if handles:
                    tool[key] = handles
            for key in ("from_date", "to_date"):
                if values.get(key, "").strip():
                    tool[key] = values[key].strip()
        elif self.type == "mcp":
            tool["server_url"] = values.get("server_url", "").strip()
            tool["server_label"] = values.get("server_label", "").strip()
            if values.get("server_description", "").strip():
                tool["server_description"] = values["server_description"].strip()
            names = _split_list(values.get("allowed_tool_names", ""))
            if names:
                tool["allowed_tool_names"] = names
            if values.get("authorization"):
                tool["authorization"] = values["authorization"]
            elif values.get("authorization_ref") and not values.get("remove_authorization"):
                tool["authorization"] = values["authorization_ref"]
            headers = values.get("extra_headers_ref", "")
            if headers:
                # A marker for saved headers, or headers typed in the raw view as JSON.
                typed, problem = (None, None) if is_marker(headers) else parse_json(headers)
                tool["extra_headers"] = typed if typed is not None and not problem else headers
        return tool


def cards_from_post(data: Mapping[str, Any]) -> list[ToolCard]:
    cards = []
    getlist = data.getlist if hasattr(data, "getlist") else lambda key: data.get(key, [])
    for entry in getlist("tool"):
        kind, _, key = str(entry).partition(":")
        if kind not in TOOL_KINDS or not CARD_KEY.fullmatch(key):
            continue
        card = ToolCard(key=key, type=kind)
        for card_field in CARD_FIELDS[kind]:
            value = data.get(card.name_of(card_field))
            if value is not None:
                card.values[card_field] = normalise_newlines(str(value))
        cards.append(card)
    return cards


def tools_raw_text(tools: Sequence[Mapping[str, Any]]) -> str:
    return json.dumps(list(tools), indent=2)


class ToolsEditor:
    """The Tools section: cards or raw JSON, turned into the API's tools array."""

    api_fields = ("tools",)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: Sequence[Mapping[str, Any]] = (),
        prefix_id: str = "tools",
    ) -> None:
        self.data = data
        self.is_bound = data is not None
        self.prefix_id = prefix_id
        self.errors: list[str] = []
        self.raw_error = ""
        self._tools: list[dict[str, Any]] | None = None
        if data is None:
            self.mode = "cards"
            self.cards = [ToolCard.from_tool(tool) for tool in redact_tools(initial)]
            self.raw = tools_raw_text(redact_tools(initial))
        else:
            self.mode = "raw" if data.get("tools_mode") == "raw" else "cards"
            self.cards = cards_from_post(data)
            self.raw = normalise_newlines(str(data.get("tools_raw", "")))

    # Actions that only change the editor (no save): adding, removing, switching views.
    def apply_action(self, action: str) -> bool:
        if action.startswith("add-tool"):
            kind = (self.data or {}).get("new_tool_type", "function")
            if kind in TOOL_KINDS:
                self.cards.append(ToolCard(key=new_card_key(), type=kind))
            return True
        if action.startswith("remove-tool:"):
            key = action.partition(":")[2]
            self.cards = [card for card in self.cards if card.key != key]
            return True
        if action.startswith("format-tool:"):
            key = action.partition(":")[2]
            for card in self.cards:
                value, problem = parse_json(card.values.get("parameters", ""))
                if card.key == key and value is not None and not problem:
                    card.values["parameters"] = json.dumps(value, indent=2)
            return True
        if action == "show-raw":
            tools = self._from_cards()
            if tools is not None:
                self.raw = tools_raw_text(tools)
                self.mode = "raw"
            else:
                self.errors.append("Correct the cards first: the raw view needs valid JSON.")
            return True
        if action == "show-cards":
            tools = self._from_raw()
            if tools is not None:
                self.cards = [ToolCard.from_tool(tool) for tool in tools]
                self.mode = "cards"
            return True
        return False

    def _from_cards(self) -> list[dict[str, Any]] | None:
        tools = []
        for card in self.cards:
            card.errors.clear()
            tool = card.to_tool()
            if tool is not None:
                tools.append(tool)
        if any(card.errors for card in self.cards):
            return None
        return tools

    def _from_raw(self) -> list[dict[str, Any]] | None:
        value, problem = parse_json(self.raw)
        if problem:
            self.raw_error = problem
            return None
        if value is None:
            return []
        if not isinstance(value, list) or not all(_is_tool_object(item) for item in value):
            self.raw_error = (
                'The tools must be a JSON list of objects, each with a "type" of '
                + ", ".join(TOOL_KINDS)
                + '. e.g. [{"type": "web_search"}]'
            )
            return None
        return value

    def is_valid(self) -> bool:
        self.errors = []
        self.raw_error = ""
        tools = self._from_raw() if self.mode == "raw" else self._from_cards()
        if tools is None:
            return False
        if len(tools) > MAX_TOOLS:
            self.errors.append(
                f"An agent can have at most {MAX_TOOLS} tools; there are {len(tools)}. Remove some."
            )
            return False
        taken: set[str] = set()
        valid = True
        for index, tool in enumerate(tools):
            problems = tool_problems(tool, taken)
            if not problems:
                continue
            valid = False
            if self.mode == "raw":
                for card_field, message in problems.items():
                    where = f" ({card_field.replace('_', ' ')})" if card_field else ""
                    self.raw_error += f"Tool {index + 1}{where}: {message} "
            else:
                for card_field, message in problems.items():
                    self.cards[index].add_error(card_field, message)
        self.raw_error = self.raw_error.strip()
        if valid:
            self._tools = tools
        return valid

    def api_values(self) -> dict[str, Any]:
        assert self._tools is not None, "call is_valid() first"
        return {"tools": self._tools}

    def add_upstream_error(self, path: str, message: str) -> bool:
        """Puts a 400's message beside the tool it names ("tools[2].function.name")."""
        match = re.match(r"tools(?:\[(\d+)\])?(?:\.(?:function\.)?(\w+))?", path)
        if not match:
            return False
        if match.group(1) is None or self.mode == "raw":
            if self.mode == "raw":
                self.raw_error = message
            else:
                self.errors.append(message)
            return True
        index = int(match.group(1))
        if index >= len(self.cards):
            self.errors.append(message)
            return True
        card_field = {
            "allowed_x_handles": "allowed_handles",
            "excluded_x_handles": "excluded_handles",
        }.get(match.group(2) or "", match.group(2) or "")
        self.cards[index].add_error(card_field, message)
        return True

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or self.raw_error or any(card.errors for card in self.cards))

    @property
    def attention_fields(self) -> list[str]:
        """How the banner over the form names this editor's errors."""
        return ["Tools"] if self.has_errors else []

    @property
    def kinds(self) -> list[tuple[str, str]]:
        return list(TOOL_KINDS.items())

    @property
    def templates(self) -> list[tuple[str, str, str]]:
        return schema_templates()


def schema_templates() -> list[tuple[str, str, str]]:
    """(key, label, schema as formatted JSON) for the "Start from a template" menu."""
    return [
        (key, label, json.dumps(schema, indent=2))
        for key, (label, schema) in SCHEMA_TEMPLATES.items()
    ]


def check_tools_text(text: str) -> tuple[bool, str]:
    """(ok, message) for the "Tools (raw JSON)" textarea, checked as a save would check it."""
    editor = ToolsEditor({"tools_mode": "raw", "tools_raw": text})
    if not editor.is_valid():
        return False, editor.raw_error or " ".join(editor.errors)
    count = len(editor.api_values()["tools"])
    return True, "No tools." if not count else f"Valid: {count} tool{'s' if count != 1 else ''}."
