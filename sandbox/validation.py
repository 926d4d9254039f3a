"""Validation of request bodies, exactly as agents-api.md and its project notes define them.

Each validator takes the decoded JSON value and returns what is stored, or raises
`ApiError` (400) naming the field by its path, e.g. "tools[3].function.name".
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from jsonschema.exceptions import SchemaError
from jsonschema.validators import validator_for

MAX_NAME = 255
MAX_INSTRUCTIONS = 256_000
MAX_TOOLS = 200
MAX_COLLECTION_IDS = 10
MAX_DESCRIPTION = 1_000
MAX_X_HANDLES = 10
MAX_VAD_SILENCE_MS = 10_000

AGENT_PATHS = ("name", "instructions", "tools", "voice", "collection_ids")
PHONE_PATHS = ("name", "description")
# Clients may send an agent back as they read it; these are ignored, never written.
READ_ONLY_AGENT_FIELDS = frozenset({"agent_id", "created_at", "updated_at"})
BUILT_IN_VOICES = ("eve", "ara", "rex", "sal", "leo")
TOOL_TYPES = ("function", "web_search", "x_search", "file_search", "mcp")

FUNCTION_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
VOICE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
AREA_CODE = re.compile(r"[2-9][0-9]{2}")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class ApiError(Exception):
    """An answer other than success: its status, a plain message and, for 400s, the field."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
        self.headers = headers or {}


def bad_request(field: str, problem: str) -> ApiError:
    return ApiError(400, f"{field}: {problem}", field=field)


# --- What any stored value must be -------------------------------------------------------

# Deeper than any real tool schema; a limit keeps every later step (JSON Schema checks,
# encoding, the database's JSON type) far from recursion limits. The API document is silent.
MAX_JSON_DEPTH = 64


def is_storable_text(text: str) -> bool:
    """Text that any database can store: valid Unicode (no lone surrogates) and no NUL."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_storable(value: Any) -> None:
    """Refuse, as a 400, decoded JSON that could not be stored or sent back as JSON:
    nesting deeper than MAX_JSON_DEPTH, or text with a NUL or a lone surrogate."""
    # A loop, not recursion: the value is whatever a client sent.
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if not is_storable_text(item):
                raise ApiError(
                    400,
                    "The request body has text that is not valid Unicode or that contains a "
                    "NUL character (\\u0000).",
                )
        elif isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise ApiError(
                    400, f"The request body is nested more than {MAX_JSON_DEPTH} levels deep."
                )
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)


# --- Small type checks ---------------------------------------------------------------------


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def check_keys(value: dict, allowed: frozenset[str] | set[str] | tuple, prefix: str) -> None:
    for key in value:
        if key not in allowed:
            raise bad_request(_join(prefix, key), "unknown field")


def require_object(value: Any, field: str) -> dict:
    if value is None:
        raise bad_request(field, "is required")
    if not isinstance(value, dict):
        raise bad_request(field, "must be an object")
    return value


def _string(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise bad_request(field, "must be a string")
    return value


def _optional_string(value: Any, field: str) -> str | None:
    return None if value is None else _string(value, field)


def _non_blank(value: Any, field: str) -> str:
    if value is None:
        raise bad_request(field, "is required")
    text = _string(value, field)
    if not text.strip():
        raise bad_request(field, "must not be blank")
    return text


def _at_most(text: str, limit: int, field: str) -> str:
    if len(text) > limit:
        raise bad_request(field, f"must be at most {limit:,} characters")
    return text


def _list(value: Any, field: str, limit: int, noun: str) -> list:
    if not isinstance(value, list):
        raise bad_request(field, "must be a list")
    if len(value) > limit:
        raise bad_request(field, f"must have at most {limit} {noun}")
    return value


def _string_list(value: Any, field: str, limit: int, noun: str) -> list[str]:
    items = _list(value, field, limit, noun)
    for index, item in enumerate(items):
        _non_blank(item, f"{field}[{index}]")
    return items


def _is_integer(value: Any) -> bool:
    # JSON true/false decode to bool, a subclass of int: they are not numbers here.
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return _is_integer(value) or (isinstance(value, float) and math.isfinite(value))


# --- Agent fields -----------------------------------------------------------------------------


def validate_name(value: Any, field: str = "name") -> str:
    return _at_most(_non_blank(value, field), MAX_NAME, field)


def validate_instructions(value: Any) -> str | None:
    if value is None:
        return None
    return _at_most(_string(value, "instructions"), MAX_INSTRUCTIONS, "instructions")


def validate_collection_ids(value: Any) -> list[str]:
    if value is None:
        return []
    return _string_list(value, "collection_ids", MAX_COLLECTION_IDS, "collection ids")


def validate_voice(value: Any) -> dict | None:
    if value is None:
        return None
    voice = require_object(value, "voice")
    check_keys(voice, {"voice_id", "vad_threshold", "vad_silence_duration_ms"}, "voice")
    result: dict[str, Any] = {}
    voice_id = voice.get("voice_id")
    if voice_id is not None:
        _string(voice_id, "voice.voice_id")
        if not VOICE_ID.fullmatch(voice_id):
            raise bad_request("voice.voice_id", "must be 1 to 64 letters, digits, _ or -")
        # Voice ids are case-insensitive upstream; one spelling keeps comparisons simple.
        result["voice_id"] = voice_id.lower()
    threshold = voice.get("vad_threshold")
    if threshold is not None:
        if not _is_number(threshold):
            raise bad_request("voice.vad_threshold", "must be a number")
        if not 0.0 <= threshold <= 1.0:
            raise bad_request("voice.vad_threshold", "must be between 0.0 and 1.0")
        result["vad_threshold"] = float(threshold)
    silence = voice.get("vad_silence_duration_ms")
    if silence is not None:
        if not _is_integer(silence):
            raise bad_request("voice.vad_silence_duration_ms", "must be an integer")
        if not 0 <= silence <= MAX_VAD_SILENCE_MS:
            raise bad_request("voice.vad_silence_duration_ms", "must be between 0 and 10,000")
        result["vad_silence_duration_ms"] = silence
    return result


def validate_tools(value: Any) -> list[dict]:
    if value is None:
        return []
    tools = _list(value, "tools", MAX_TOOLS, "tools")
    function_names: set[str] = set()
    return [
        _validate_tool(tool, f"tools[{index}]", function_names) for index, tool in enumerate(tools)
    ]


def _validate_tool(tool: Any, path: str, function_names: set[str]) -> dict:
    tool = require_object(tool, path)
    kind = tool.get("type")
    if kind is None:
        raise bad_request(f"{path}.type", "is required")
    if not isinstance(kind, str) or kind not in TOOL_TYPES:
        raise bad_request(
            f"{path}.type", f"unknown tool type {kind!r}; use one of {', '.join(TOOL_TYPES)}"
        )
    if kind == "function":
        _validate_function_tool(tool, path, function_names)
    elif kind == "x_search":
        _validate_x_search_tool(tool, path)
    elif kind == "mcp":
        _validate_mcp_tool(tool, path)
    else:
        # web_search and file_search take no options (file_search uses collection_ids).
        check_keys(tool, {"type"}, path)
    return tool


def _validate_function_tool(tool: dict, path: str, function_names: set[str]) -> None:
    check_keys(tool, {"type", "function"}, path)
    function = require_object(tool.get("function"), f"{path}.function")
    path = f"{path}.function"
    check_keys(function, {"name", "description", "parameters"}, path)
    name = function.get("name")
    if name is None:
        raise bad_request(f"{path}.name", "is required")
    if not isinstance(name, str) or not FUNCTION_NAME.fullmatch(name):
        raise bad_request(f"{path}.name", "must be 1 to 64 letters, digits, _ or -")
    if name in function_names:
        raise bad_request(f"{path}.name", f"another function tool is already named {name!r}")
    function_names.add(name)
    _optional_string(function.get("description"), f"{path}.description")
    parameters = function.get("parameters")
    if parameters is not None:
        _validate_json_schema(parameters, f"{path}.parameters")


def _validate_json_schema(schema: Any, field: str) -> None:
    if not isinstance(schema, dict):
        raise bad_request(field, "must be a JSON object")
    try:
        validator_for(schema).check_schema(schema)
    except SchemaError as error:
        raise bad_request(field, f"is not a valid JSON Schema: {error.message}") from None
    except Exception:
        # An odd "$schema" value can upset validator_for itself; still the client's mistake.
        raise bad_request(field, "is not a valid JSON Schema") from None


def _validate_x_search_tool(tool: dict, path: str) -> None:
    check_keys(
        tool, {"type", "allowed_x_handles", "excluded_x_handles", "from_date", "to_date"}, path
    )
    handles = {}
    for key in ("allowed_x_handles", "excluded_x_handles"):
        if tool.get(key) is not None:
            handles[key] = _string_list(tool[key], f"{path}.{key}", MAX_X_HANDLES, "handles")
    if handles.get("allowed_x_handles") and handles.get("excluded_x_handles"):
        raise bad_request(
            f"{path}.excluded_x_handles",
            "give allowed_x_handles or excluded_x_handles, not both",
        )
    dates = {}
    for key in ("from_date", "to_date"):
        if tool.get(key) is not None:
            dates[key] = _parse_date(tool[key], f"{path}.{key}")
    if len(dates) == 2 and dates["from_date"] > dates["to_date"]:
        raise bad_request(f"{path}.to_date", "must not be before from_date")


def _parse_date(value: Any, field: str) -> date:
    text = _string(value, field)
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise bad_request(field, "must be a date written YYYY-MM-DD") from None


def _validate_mcp_tool(tool: dict, path: str) -> None:
    check_keys(
        tool,
        {
            "type",
            "server_url",
            "server_label",
            "server_description",
            "allowed_tool_names",
            "authorization",
            "extra_headers",
        },
        path,
    )
    url = tool.get("server_url")
    if url is None:
        raise bad_request(f"{path}.server_url", "is required")
    _string(url, f"{path}.server_url")
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. "https://[::1": an unclosed IPv6 address
        parts = None
    if (
        parts is None
        or parts.scheme != "https"
        or not parts.netloc
        or any(c.isspace() for c in url)
    ):
        raise bad_request(f"{path}.server_url", "must be an https:// URL")
    _non_blank(tool.get("server_label"), f"{path}.server_label")
    _optional_string(tool.get("server_description"), f"{path}.server_description")
    _optional_string(tool.get("authorization"), f"{path}.authorization")
    names = tool.get("allowed_tool_names")
    if names is not None:
        _string_list(names, f"{path}.allowed_tool_names", MAX_TOOLS, "names")
    headers = tool.get("extra_headers")
    if headers is not None:
        headers = require_object(headers, f"{path}.extra_headers")
        for key, header_value in headers.items():
            _string(header_value, f"{path}.extra_headers.{key}")


AGENT_FIELD_VALIDATORS = {
    "name": validate_name,
    "instructions": validate_instructions,
    "tools": validate_tools,
    "voice": validate_voice,
    "collection_ids": validate_collection_ids,
}


def _check_agent_keys(agent: dict) -> None:
    check_keys(agent, set(AGENT_PATHS) | READ_ONLY_AGENT_FIELDS, "")


def validate_new_agent(body: dict) -> dict[str, Any]:
    """The fields of an agent to create (POST /v1/agents)."""
    _check_agent_keys(body)
    return {field: check(body.get(field)) for field, check in AGENT_FIELD_VALIDATORS.items()}


def validate_field_mask(value: Any, allowed: tuple[str, ...]) -> list[str]:
    mask = require_object(value, "field_mask")
    check_keys(mask, {"paths"}, "field_mask")
    paths = mask.get("paths")
    if paths is None:
        raise bad_request("field_mask.paths", "is required")
    if not isinstance(paths, list):
        raise bad_request("field_mask.paths", "must be a list")
    if not paths:
        raise bad_request("field_mask.paths", "must name at least one field")
    for index, path in enumerate(paths):
        if not isinstance(path, str) or path not in allowed:
            raise bad_request(
                f"field_mask.paths[{index}]",
                f"unknown path {path!r}; valid paths are {', '.join(allowed)}",
            )
    return list(dict.fromkeys(paths))


# Marks a PATCH without phone_number_id, which leaves the assignment as it is.
UNCHANGED = object()


def validate_agent_patch(body: dict) -> tuple[dict[str, Any], Any]:
    """The fields to write and the phone_number_id (or UNCHANGED) of PATCH /v1/agents/{id}."""
    check_keys(body, {"agent", "field_mask", "phone_number_id"}, "")
    agent = require_object(body.get("agent"), "agent")
    _check_agent_keys(agent)
    paths = validate_field_mask(body.get("field_mask"), AGENT_PATHS)
    changes: dict[str, Any] = {}
    for path in paths:
        if path == "name" and "name" not in agent:
            # The name cannot be cleared: a masked but absent name stays as it is.
            continue
        changes[path] = AGENT_FIELD_VALIDATORS[path](agent.get(path))
    phone_number_id = body.get("phone_number_id")
    if phone_number_id is None:
        return changes, UNCHANGED
    return changes, _string(phone_number_id, "phone_number_id")


def validate_description(value: Any) -> str:
    if value is None:
        return ""
    return _at_most(_string(value, "description"), MAX_DESCRIPTION, "description")


def validate_new_phone_number(body: dict) -> dict[str, str]:
    """The fields of a number to purchase (POST /v1/phone-numbers)."""
    check_keys(body, {"area_code", "name", "description"}, "")
    area_code = body.get("area_code")
    if area_code is None:
        raise bad_request("area_code", "is required")
    if not isinstance(area_code, str) or not AREA_CODE.fullmatch(area_code):
        raise bad_request("area_code", 'must be 3 digits, the first from 2 to 9, e.g. "415"')
    return {
        "area_code": area_code,
        "name": validate_name(body.get("name")),
        "description": validate_description(body.get("description")),
    }


def validate_phone_number_patch(body: dict) -> dict[str, str]:
    """The fields to write of PATCH /v1/phone-numbers/{id}."""
    check_keys(body, {"name", "description", "field_mask"}, "")
    changes: dict[str, str] = {}
    for path in validate_field_mask(body.get("field_mask"), PHONE_PATHS):
        if path == "name":
            if "name" in body:
                changes["name"] = validate_name(body["name"])
        else:
            changes["description"] = validate_description(body.get("description"))
    return changes
