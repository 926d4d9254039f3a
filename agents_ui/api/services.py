"""The calls views make: one function per endpoint of the Agents API.

`api_key` is always the first argument and is hidden from Django's error pages by
`sensitive_variables`. Every function returns dataclasses from `types` or None, and raises
only `ApiError` subclasses for upstream failures (ValueError for a programming mistake).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.views.decorators.debug import sensitive_variables

from .client import Meanwhile, _request, api_path, json_body, parse_list, parse_one
from .types import (
    Agent,
    AgentSummary,
    ListResult,
    PhoneNumber,
    Tool,
    Voice,
    read_agent_summaries,
    read_phone_numbers,
)

__all__ = [
    "AGENT_FIELDS",
    "MAX_LIST_LIMIT",
    "PHONE_NUMBER_FIELDS",
    "agent_assign_phone_number",
    "agent_create",
    "agent_delete",
    "agent_get",
    "agent_list",
    "agent_update",
    "phone_number_get",
    "phone_number_list",
    "phone_number_purchase",
    "phone_number_release",
    "phone_number_update",
]

# The field_mask paths the API documents for each resource.
AGENT_FIELDS = ("name", "instructions", "tools", "voice", "collection_ids")
PHONE_NUMBER_FIELDS = ("name", "description")
MAX_LIST_LIMIT = 1000


def _check_limit(limit: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIST_LIMIT:
        raise ValueError(f"limit must be an integer from 1 to {MAX_LIST_LIMIT}")


def _text(field: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{field} must be a string")
    return value


def _tools_to_api(tools: Iterable[Tool | Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [tool.to_api() if isinstance(tool, Tool) else dict(tool) for tool in tools]


def _voice_to_api(voice: Voice | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(voice, Voice):
        return voice.to_api()
    return {key: value for key, value in voice.items() if value is not None}


def _collection_ids_to_api(collection_ids: Iterable[str]) -> list[str]:
    # A lone string is iterable too, and would become a list of its characters.
    if isinstance(collection_ids, str):
        raise ValueError("collection_ids must be a list of ids, not a string")
    return [_text("collection id", item) for item in collection_ids]


_AGENT_SERIALISERS: dict[str, Any] = {
    "name": lambda value: _text("name", value),
    "instructions": lambda value: _text("instructions", value),
    "tools": _tools_to_api,
    "voice": _voice_to_api,
    "collection_ids": _collection_ids_to_api,
}


def _masked_changes(
    changes: Mapping[str, Any], allowed: tuple[str, ...], serialisers: Mapping[str, Any]
) -> tuple[list[str], dict[str, Any]]:
    """The field_mask paths and the fields to send: None clears (in the mask, not sent)."""
    if not changes:
        raise ValueError("changes is empty: say which fields changed")
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ValueError(f"cannot update {', '.join(unknown)}; allowed: {', '.join(allowed)}")
    if "name" in changes and changes["name"] is None:
        # The API keeps the name when it is masked but absent, so "clearing" it would
        # silently do nothing.
        raise ValueError("the name cannot be cleared")
    fields = {key: serialisers[key](value) for key, value in changes.items() if value is not None}
    return list(changes), fields


@sensitive_variables("api_key")
def _read_list[T](
    api_key: str,
    path: str,
    key: str,
    read_fast: Callable[[bytes], list[T] | None],
    from_api: Callable[[Mapping[str, Any]], T],
    limit: int,
) -> ListResult[T]:
    """A list read by its fast reader (msgspec, the documented shape); any other answer is
    read the tolerant way, by `from_api` item by item, so both give the same items."""
    _check_limit(limit)
    body = _request("GET", path, api_key, params={"limit": limit}, raw=True)
    items = read_fast(body) if body is not None else None
    if items is None:
        return parse_list(json_body(body), key, from_api, limit)
    return ListResult.of(items, limit)


# --- Agents --------------------------------------------------------------------------------


@sensitive_variables("api_key")
def agent_list(api_key: str, *, limit: int = 100) -> ListResult[Agent]:
    """GET /v1/agents: the team's agents, at most `limit` (1 to 1,000)."""
    _check_limit(limit)
    data = _request("GET", "/agents", api_key, params={"limit": limit})
    return parse_list(data, "agents", Agent.from_api, limit)


@sensitive_variables("api_key")
def agent_list_summaries(api_key: str, *, limit: int = 100) -> ListResult[AgentSummary]:
    """GET /v1/agents, for lists: each agent without its instructions and tools (only how
    many), which makes reading 1,000 of them several times cheaper."""
    return _read_list(
        api_key, "/agents", "agents", read_agent_summaries, AgentSummary.from_api, limit
    )


@sensitive_variables("api_key")
def agent_get(api_key: str, agent_id: str, *, meanwhile: Meanwhile[Any] | None = None) -> Agent:
    """GET /v1/agents/{agent_id}: one agent. `meanwhile`: work to do while the upstream
    works on it (see client.Meanwhile)."""
    data = _request("GET", api_path("agents", agent_id), api_key, meanwhile=meanwhile)
    return parse_one(data, "agent", Agent.from_api)


@sensitive_variables("api_key")
def agent_create(
    api_key: str,
    *,
    name: str,
    instructions: str | None = None,
    tools: Iterable[Tool | Mapping[str, Any]] = (),
    voice: Voice | Mapping[str, Any] | None = None,
    collection_ids: Iterable[str] = (),
) -> Agent:
    """POST /v1/agents: create an agent."""
    body: dict[str, Any] = {"name": _text("name", name)}
    if instructions is not None:
        body["instructions"] = _text("instructions", instructions)
    tools_json = _tools_to_api(tools)
    if tools_json:
        body["tools"] = tools_json
    if voice is not None:
        body["voice"] = _voice_to_api(voice)
    collection_ids_json = _collection_ids_to_api(collection_ids)
    if collection_ids_json:
        body["collection_ids"] = collection_ids_json
    data = _request("POST", "/agents", api_key, json=body)
    return parse_one(data, "agent", Agent.from_api)


@sensitive_variables("api_key")
def agent_update(
    api_key: str,
    agent_id: str,
    changes: Mapping[str, Any],
    *,
    phone_number_id: str | None = None,
) -> Agent:
    """PATCH /v1/agents/{agent_id}: write exactly the fields in `changes` (None clears).

    `phone_number_id` assigns that number in the same atomic call; "" unassigns the
    current one; None leaves the assignment alone.
    """
    mask, fields = _masked_changes(changes, AGENT_FIELDS, _AGENT_SERIALISERS)
    body: dict[str, Any] = {"agent": fields, "field_mask": {"paths": mask}}
    if phone_number_id is not None:
        body["phone_number_id"] = _text("phone_number_id", phone_number_id)
    data = _request("PATCH", api_path("agents", agent_id), api_key, json=body)
    return parse_one(data, "agent", Agent.from_api)


@sensitive_variables("api_key")
def agent_assign_phone_number(
    api_key: str, agent: Agent | AgentSummary, phone_number_id: str
) -> Agent:
    """PATCH /v1/agents/{agent_id} with phone_number_id: assign a number ("" unassigns).

    The API needs a field_mask with every PATCH; like the API document's example this
    re-sends the agent's name as it was read, which leaves everything else untouched.
    """
    return agent_update(
        api_key, agent.agent_id, {"name": agent.name}, phone_number_id=phone_number_id
    )


@sensitive_variables("api_key")
def agent_delete(api_key: str, agent_id: str) -> None:
    """DELETE /v1/agents/{agent_id}: delete an agent for good (its number is freed)."""
    _request("DELETE", api_path("agents", agent_id), api_key)


# --- Phone numbers -------------------------------------------------------------------------


@sensitive_variables("api_key")
def phone_number_list(api_key: str, *, limit: int = 100) -> ListResult[PhoneNumber]:
    """GET /v1/phone-numbers: the team's numbers, at most `limit` (1 to 1,000)."""
    return _read_list(
        api_key, "/phone-numbers", "phone_numbers", read_phone_numbers, PhoneNumber.from_api, limit
    )


@sensitive_variables("api_key")
def phone_number_get(api_key: str, phone_number_id: str) -> PhoneNumber:
    """GET /v1/phone-numbers/{phone_number_id}: one number."""
    data = _request("GET", api_path("phone-numbers", phone_number_id), api_key)
    return parse_one(data, "phone_number", PhoneNumber.from_api)


@sensitive_variables("api_key")
def phone_number_purchase(
    api_key: str, *, area_code: str, name: str, description: str | None = None
) -> PhoneNumber:
    """POST /v1/phone-numbers: buy a US number in `area_code` (never retried)."""
    body: dict[str, Any] = {
        "area_code": _text("area_code", area_code),
        "name": _text("name", name),
    }
    if description is not None:
        body["description"] = _text("description", description)
    data = _request("POST", "/phone-numbers", api_key, json=body)
    return parse_one(data, "phone_number", PhoneNumber.from_api)


_PHONE_NUMBER_SERIALISERS: dict[str, Any] = {
    "name": lambda value: _text("name", value),
    "description": lambda value: _text("description", value),
}


@sensitive_variables("api_key")
def phone_number_update(
    api_key: str, phone_number_id: str, changes: Mapping[str, Any]
) -> PhoneNumber:
    """PATCH /v1/phone-numbers/{phone_number_id}: write the fields in `changes` (None clears)."""
    mask, fields = _masked_changes(changes, PHONE_NUMBER_FIELDS, _PHONE_NUMBER_SERIALISERS)
    # Unlike agents, the number's fields sit at the top level beside the mask.
    body: dict[str, Any] = {**fields, "field_mask": {"paths": mask}}
    data = _request("PATCH", api_path("phone-numbers", phone_number_id), api_key, json=body)
    return parse_one(data, "phone_number", PhoneNumber.from_api)


@sensitive_variables("api_key")
def phone_number_release(api_key: str, phone_number_id: str) -> None:
    """DELETE /v1/phone-numbers/{phone_number_id}: release a number for good."""
    _request("DELETE", api_path("phone-numbers", phone_number_id), api_key)
