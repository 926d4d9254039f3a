"""The tools editor: tools as cards (or one raw JSON array), checked before any upstream call.

Not a Django Form: the number and kinds of cards change as people add and remove them. The
POST carries `tool` once per card, in order, as "<type>:<card key>", and each card's fields
as "tool-<card key>-<field>". Stored credentials of MCP tools (authorization, extra headers)
never reach a page: they travel as markers ("(saved secret …)") holding a keyed hash, and
are put back from the upstream's current tools just before a save.
"""

from __future__ import annotations

import copy
import json
import re
import secrets as random_secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from django.utils.crypto import salted_hmac
from jsonschema.exceptions import SchemaError
from jsonschema.validators import validator_for

MAX_TOOLS = 200
MAX_X_HANDLES = 10
FUNCTION_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
CARD_KEY = re.compile(r"[A-Za-z0-9]{1,32}")
SECRET_FIELDS = ("authorization", "extra_headers")
SECRET_MARKER = re.compile(r"^\(saved secret ([0-9a-f]{24})\)$")

TOOL_KINDS: dict[str, str] = {
    "function": "Function",
    "web_search": "Web search",
    "x_search": "X search",
    "file_search": "File search",
    "mcp": "MCP server",
}

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

# --- Plain-words JSON and JSON Schema messages ---------------------------------------------

_JSON_PROBLEMS = (
    ("Expecting ',' delimiter", "expected a comma, or a closing brace or bracket"),
    ("Expecting ':' delimiter", "expected a colon after the property name"),
    (
        "Expecting property name enclosed in double quotes",
        "expected a property name in double quotes, or a closing brace",
    ),
    (
        "Expecting value",
        "expected a value: text in double quotes, a number, true, false, null, "
        "an object { } or a list [ ]",
    ),
    ("Unterminated string", "a text value is missing its closing double quote"),
    ("Extra data", "there is more after the end of the JSON; remove it"),
    ("Invalid control character", "a text value has a line break or tab in it; write \\n or \\t"),
    ("Invalid \\escape", "a backslash starts an escape JSON does not know; write \\\\ for one"),
    ("Illegal trailing comma", "remove the comma before the closing brace or bracket"),
)


def json_error_message(error: json.JSONDecodeError) -> str:
    """'Line 3, column 5: expected a comma, …' from Python's own wording."""
    problem = error.msg
    for prefix, plain in _JSON_PROBLEMS:
        if error.msg.startswith(prefix):
            problem = plain
            break
    return f"Line {error.lineno}, column {error.colno}: {problem}."


def parse_json(text: str) -> tuple[Any, str | None]:
    """The decoded value, or None and a plain message; blank text is 'nothing'."""
    if not text.strip():
        return None, None
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, json_error_message(error)


def _schema_path(path: Iterable[Any]) -> str:
    parts = [f"item {part + 1}" if isinstance(part, int) else str(part) for part in path]
    return " › ".join(parts)


def schema_problem(schema: Any) -> str | None:
    """Why `schema` is not a JSON Schema for function parameters, in plain words, or None."""
    if not isinstance(schema, dict):
        return 'The parameters must be a JSON object, e.g. {"type": "object", "properties": {}}.'
    try:
        validator_for(schema).check_schema(schema)
    except SchemaError as error:
        where = _schema_path(error.path)
        place = f" at {where}" if where else ""
        return f"This is not a valid JSON Schema{place}: {error.message}."
    except Exception:
        # An odd "$schema" value can upset validator_for itself.
        return "This is not a valid JSON Schema: its $schema value is not one jsonschema knows."
    return None


def check_schema_text(text: str) -> tuple[bool, str]:
    """(ok, message) for the parameters textarea, as the validation endpoint reports it."""
    value, problem = parse_json(text)
    if problem:
        return False, problem
    if value is None:
        return True, "No parameters: the function takes no arguments."
    problem = schema_problem(value)
    if problem:
        return False, problem
    return True, "Valid JSON Schema."


# --- Secrets --------------------------------------------------------------------------------


def secret_ref(value: Any) -> str:
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return salted_hmac("agents_ui.tools.secret", canonical, algorithm="sha256").hexdigest()[:24]


def secret_marker(value: Any) -> str:
    return f"(saved secret {secret_ref(value)})"


def redact_tools(tools: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The tools as a page may show them: stored credentials replaced by markers."""
    redacted = []
    for tool in tools:
        tool = copy.deepcopy(dict(tool))
        if tool.get("type") == "mcp":
            for key in SECRET_FIELDS:
                value = tool.get(key)
                is_marker = isinstance(value, str) and SECRET_MARKER.match(value)
                if value not in (None, "", {}) and not is_marker:
                    tool[key] = secret_marker(value)
        redacted.append(tool)
    return redacted


class MissingSecret(Exception):
    """A marker whose credential is no longer stored upstream."""


def restore_secrets(
    tools: Iterable[Mapping[str, Any]], upstream_tools: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """`tools` with every marker replaced by the credential it stands for, from upstream."""
    stored: dict[str, Any] = {}
    for tool in upstream_tools:
        for key in SECRET_FIELDS:
            if tool.get("type") == "mcp" and tool.get(key) not in (None, "", {}):
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


# --- Checking one tool ------------------------------------------------------------------------


def _split_list(text: str) -> list[str]:
    return [item.strip() for item in re.split(r"[,\n]", text or "") if item.strip()]


def _date_problem(value: Any) -> str | None:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return "Enter a date as YYYY-MM-DD."
    try:
        date.fromisoformat(value)
    except ValueError:
        return "This date does not exist."
    return None


def tool_problems(tool: Any, taken_names: set[str]) -> dict[str, str]:
    """Problems with one tool as the API would see it, by card field name ("" = the tool)."""
    if not isinstance(tool, dict):
        return {"": 'Each tool must be a JSON object with a "type".'}
    kind = tool.get("type")
    if kind not in TOOL_KINDS:
        return {"": f"Unknown tool type {kind!r}: use one of {', '.join(TOOL_KINDS)}."}
    problems: dict[str, str] = {}
    allowed_keys = {
        "function": {"type", "function"},
        "web_search": {"type"},
        "file_search": {"type"},
        "x_search": {"type", "allowed_x_handles", "excluded_x_handles", "from_date", "to_date"},
        "mcp": {
            "type",
            "server_url",
            "server_label",
            "server_description",
            "allowed_tool_names",
            "authorization",
            "extra_headers",
        },
    }[kind]
    unknown = sorted(set(tool) - allowed_keys)
    if unknown:
        problems[""] = f"A {TOOL_KINDS[kind]} tool has no field {unknown[0]!r}."
    if kind == "function":
        spec = tool.get("function")
        if not isinstance(spec, dict):
            return {"": 'A function tool needs a "function" object with a "name".'}
        name = spec.get("name")
        if not isinstance(name, str) or not name:
            problems["name"] = "Give the function a name."
        elif not FUNCTION_NAME.fullmatch(name):
            problems["name"] = (
                "Use 1 to 64 letters, digits, underscores (_) or hyphens (-), no spaces."
            )
        elif name in taken_names:
            problems["name"] = f"Another function tool is already called “{name}”."
        else:
            taken_names.add(name)
        if spec.get("description") is not None and not isinstance(spec.get("description"), str):
            problems["description"] = "The description must be text."
        if spec.get("parameters") is not None:
            problem = schema_problem(spec["parameters"])
            if problem:
                problems["parameters"] = problem
    elif kind == "x_search":
        for key, card_field in (
            ("allowed_x_handles", "allowed_handles"),
            ("excluded_x_handles", "excluded_handles"),
        ):
            handles = tool.get(key)
            if handles is None:
                continue
            if not isinstance(handles, list) or not all(
                isinstance(h, str) and h.strip() for h in handles
            ):
                problems[card_field] = "List the handles as text, none of them blank."
            elif len(handles) > MAX_X_HANDLES:
                problems[card_field] = f"At most {MAX_X_HANDLES} handles; there are {len(handles)}."
        if tool.get("allowed_x_handles") and tool.get("excluded_x_handles"):
            problems["excluded_handles"] = (
                "Give allowed handles or excluded handles, not both: empty one of them."
            )
        for key in ("from_date", "to_date"):
            if tool.get(key) is not None:
                problem = _date_problem(tool[key])
                if problem:
                    problems[key] = problem
        if (
            "from_date" not in problems
            and "to_date" not in problems
            and tool.get("from_date")
            and tool.get("to_date")
            and tool["from_date"] > tool["to_date"]
        ):
            problems["to_date"] = "The “to” date must not be before the “from” date."
    elif kind == "mcp":
        url = tool.get("server_url")
        parts = urlsplit(url) if isinstance(url, str) else None
        if not url:
            problems["server_url"] = "Give the server's URL, starting with https://."
        elif (
            parts is None
            or parts.scheme != "https"
            or not parts.netloc
            or any(c.isspace() for c in url)
        ):
            problems["server_url"] = "The server URL must start with https:// (a secure address)."
        label = tool.get("server_label")
        if not isinstance(label, str) or not label.strip():
            problems["server_label"] = "Give the server a label, e.g. “crm”."
        names = tool.get("allowed_tool_names")
        if names is not None and (
            not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names)
        ):
            problems["allowed_tool_names"] = "List the tool names as text, none of them blank."
        elif names is not None and len(names) > MAX_TOOLS:
            problems["allowed_tool_names"] = f"At most {MAX_TOOLS} tool names."
        for key in ("server_description", "authorization"):
            if tool.get(key) is not None and not isinstance(tool[key], str):
                problems[key] = "This must be text."
    return problems


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
        """A card showing a (redacted) tool from the API."""
        kind = tool["type"]
        values: dict[str, str] = {}
        if kind == "function":
            spec = tool.get("function") or {}
            values["name"] = spec.get("name") or ""
            values["description"] = spec.get("description") or ""
            parameters = spec.get("parameters")
            values["parameters"] = "" if parameters is None else json.dumps(parameters, indent=2)
        elif kind == "x_search":
            values["allowed_handles"] = ", ".join(tool.get("allowed_x_handles") or ())
            values["excluded_handles"] = ", ".join(tool.get("excluded_x_handles") or ())
            values["from_date"] = tool.get("from_date") or ""
            values["to_date"] = tool.get("to_date") or ""
        elif kind == "mcp":
            for key in ("server_url", "server_label", "server_description"):
                values[key] = tool.get(key) or ""
            values["allowed_tool_names"] = ", ".join(tool.get("allowed_tool_names") or ())
            values["authorization_ref"] = tool.get("authorization") or ""
            values["extra_headers_ref"] = tool.get("extra_headers") or ""
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
            if values.get("extra_headers_ref"):
                tool["extra_headers"] = values["extra_headers_ref"]
        return tool


def _text(value: str) -> str:
    # Browsers send textarea line breaks as CRLF; the API stores what it gets.
    return value.replace("\r\n", "\n")


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
                card.values[card_field] = _text(str(value))
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
            self.raw = _text(str(data.get("tools_raw", "")))

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
            tools = self._from_raw(check=False)
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

    def _from_raw(self, *, check: bool = True) -> list[dict[str, Any]] | None:
        value, problem = parse_json(self.raw)
        if problem:
            self.raw_error = problem
            return None
        if value is None:
            return []
        if not isinstance(value, list) or not all(
            isinstance(item, dict) and item.get("type") in TOOL_KINDS for item in value
        ):
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
