"""The rules a tool must follow before it is sent: the Agents API's, in plain words.

`tool_problems` checks one tool as the API would see it and names the card field each
problem belongs to, so the tools editor can show it beside that field. Schemas of function
parameters are checked by `json_input.schema_problem`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from agents_ui.json_input import schema_problem

MAX_TOOLS = 200
MAX_X_HANDLES = 10
FUNCTION_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")

TOOL_KINDS: dict[str, str] = {
    "function": "Function",
    "web_search": "Web search",
    "x_search": "X search",
    "file_search": "File search",
    "mcp": "MCP server",
}

# The keys each kind of tool may have (agents-api.md, "Tool objects").
TOOL_KEYS: dict[str, frozenset[str]] = {
    "function": frozenset({"type", "function"}),
    "web_search": frozenset({"type"}),
    "file_search": frozenset({"type"}),
    "x_search": frozenset(
        {"type", "allowed_x_handles", "excluded_x_handles", "from_date", "to_date"}
    ),
    "mcp": frozenset(
        {
            "type",
            "server_url",
            "server_label",
            "server_description",
            "allowed_tool_names",
            "authorization",
            "extra_headers",
        }
    ),
}


def _date_problem(value: Any) -> str | None:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return "Enter a date as YYYY-MM-DD."
    try:
        date.fromisoformat(value)
    except ValueError:
        return "This date does not exist."
    return None


def tool_problems(tool: Any, taken_names: set[str]) -> dict[str, str]:
    """Problems with one tool as the API would see it, by card field name ("" = the tool).

    `taken_names` holds the function names of the tools before this one; this tool's name is
    added to it.
    """
    if not isinstance(tool, dict):
        return {"": 'Each tool must be a JSON object with a "type".'}
    kind = tool.get("type")
    if not isinstance(kind, str) or kind not in TOOL_KINDS:
        shown = kind if isinstance(kind, str) else "(none)"
        return {"": f"Unknown tool type “{shown}”: use one of {', '.join(TOOL_KINDS)}."}
    problems: dict[str, str] = {}
    unknown = sorted(set(tool) - TOOL_KEYS[kind])
    if unknown:
        problems[""] = f"A {TOOL_KINDS[kind]} tool has no field “{unknown[0]}”. " + _fields_of(kind)
    if kind == "function":
        problems.update(_function_problems(tool.get("function"), taken_names))
    elif kind == "x_search":
        problems.update(_x_search_problems(tool))
    elif kind == "mcp":
        problems.update(_mcp_problems(tool))
    return problems


def _fields_of(kind: str) -> str:
    """The fields a kind of tool may have, in words: what to write instead."""
    fields = sorted(TOOL_KEYS[kind], key=lambda name: (name != "type", name))
    if len(fields) == 1:
        return f"Its only field is “{fields[0]}”."
    return "Its fields are " + ", ".join(f"“{name}”" for name in fields) + "."


def _function_problems(spec: Any, taken_names: set[str]) -> dict[str, str]:
    if not isinstance(spec, dict):
        return {"": 'A function tool needs a "function" object with a "name".'}
    problems: dict[str, str] = {}
    name = spec.get("name")
    if not isinstance(name, str) or not name:
        problems["name"] = "Give the function a name."
    elif not FUNCTION_NAME.fullmatch(name):
        problems["name"] = "Use 1 to 64 letters, digits, underscores (_) or hyphens (-), no spaces."
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
    return problems


def _text_list_problem(values: Any, limit: int, noun: str) -> str | None:
    if not isinstance(values, list) or not all(
        isinstance(value, str) and value.strip() for value in values
    ):
        return f"List the {noun} as text, none of them blank."
    if len(values) > limit:
        return f"At most {limit} {noun}; there are {len(values)}."
    return None


def _x_search_problems(tool: dict[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    for key, card_field in (
        ("allowed_x_handles", "allowed_handles"),
        ("excluded_x_handles", "excluded_handles"),
    ):
        if tool.get(key) is not None:
            problem = _text_list_problem(tool[key], MAX_X_HANDLES, "handles")
            if problem:
                problems[card_field] = problem
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
    return problems


def _mcp_problems(tool: dict[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    url = tool.get("server_url")
    if not url:
        problems["server_url"] = "Give the server's URL, starting with https://."
    elif not _is_https_url(url):
        problems["server_url"] = "The server URL must start with https:// (a secure address)."
    label = tool.get("server_label")
    if not isinstance(label, str) or not label.strip():
        problems["server_label"] = "Give the server a label, e.g. “crm”."
    if tool.get("allowed_tool_names") is not None:
        problem = _text_list_problem(tool["allowed_tool_names"], MAX_TOOLS, "tool names")
        if problem:
            problems["allowed_tool_names"] = problem
    for key in ("server_description", "authorization"):
        if tool.get(key) is not None and not isinstance(tool[key], str):
            problems[key] = "This must be text."
    headers = tool.get("extra_headers")
    if headers is not None and not (
        isinstance(headers, dict) and all(isinstance(value, str) for value in headers.values())
    ):
        problems[""] = "The extra headers must be an object of header names and text values."
    return problems


def _is_https_url(url: Any) -> bool:
    if not isinstance(url, str) or any(character.isspace() for character in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.netloc)
