"""What the Agents API returns, as frozen dataclasses.

`from_api()` is tolerant of what the document leaves open (missing optional fields, nulls,
extra keys) and strict about what the dashboard cannot work without (ids, names, dates):
a missing id raises KeyError/TypeError/ValueError, which the client turns into an
`UpstreamError`. `to_api()` gives the JSON the API expects.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Annotated, Any

import msgspec

__all__ = [
    "BUILT_IN_VOICES",
    "TOOL_TYPES",
    "Agent",
    "AgentSummary",
    "ListResult",
    "PhoneNumber",
    "Tool",
    "Voice",
    "parse_timestamp",
]

BUILT_IN_VOICES = ("eve", "ara", "rex", "sal", "leo")
TOOL_TYPES = ("function", "web_search", "x_search", "file_search", "mcp")


def parse_timestamp(value: Any) -> datetime:
    """An aware datetime from ISO-8601 ("Z", offsets, 0-9 fraction digits) or epoch seconds.

    RFC 3339 text is read as the fast list readers read it (msgspec: a 7th fraction digit
    rounds), so that both ways of reading a list give the same times; other ISO-8601 forms
    are read by `datetime.fromisoformat`."""
    if isinstance(value, str):  # first: lists parse thousands of these
        value = value.strip()
        try:
            parsed = msgspec.convert(value, datetime)
        except msgspec.ValidationError:
            parsed = datetime.fromisoformat(value)
    elif isinstance(value, datetime):
        parsed = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        parsed = datetime.fromtimestamp(value, tz=UTC)
    else:
        raise TypeError(f"not a timestamp: {type(value).__name__}")
    # A naive time from the upstream is UTC; comparing naive and aware datetimes would fail.
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# What the fast list readers accept, written into the types' annotations (msgspec reads
# them; for everything else they are plain `str` and `datetime`). A value outside them, such
# as an empty id or a time without its offset, sends the whole list to the tolerant reader.
_Id = Annotated[str, msgspec.Meta(min_length=1)]
_Moment = Annotated[datetime, msgspec.Meta(tz=True)]


def _required_id(data: Mapping[str, Any], field: str) -> str:
    value = data[field]
    if not isinstance(value, str) or not value:
        raise ValueError(f"{field} must be a non-empty string")
    return value


def _times(data: Mapping[str, Any]) -> tuple[datetime, datetime]:
    """created_at and updated_at; an answer without updated_at was never changed."""
    created_at = parse_timestamp(data["created_at"])
    updated = data.get("updated_at")
    return created_at, parse_timestamp(updated) if updated else created_at


def _optional_str(value: Any) -> str | None:
    # Some APIs send "" for "not set"; the dashboard treats both the same way.
    if value is None or value == "":
        return None
    return str(value)


_IMMUTABLE_SCALARS = (str, int, float, bool, type(None))


def _freeze(value: Any) -> Any:
    """A read-only deep copy, so a Tool cannot be changed through its config."""
    # Exact type checks first: lists parse thousands of tools, and what JSON decodes to is
    # plain dicts, lists and immutable scalars (which need no copy).
    kind = type(value)
    if kind in _IMMUTABLE_SCALARS:
        return value
    if kind is dict or isinstance(value, Mapping):
        return MappingProxyType({str(key): _freeze(item) for key, item in value.items()})
    if kind is list or isinstance(value, list | tuple):
        return tuple([_freeze(item) for item in value])
    return copy.deepcopy(value)


def _thaw(value: Any) -> Any:
    """Plain dicts and lists again, for JSON."""
    if isinstance(value, Mapping):
        return {key: _thaw(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_thaw(item) for item in value]
    return value


@dataclass(frozen=True, slots=True)
class Voice:
    voice_id: _Id | None = None
    vad_threshold: float | None = None
    vad_silence_duration_ms: int | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Voice:
        threshold = data.get("vad_threshold")
        silence = data.get("vad_silence_duration_ms")
        return cls(
            voice_id=_optional_str(data.get("voice_id")),
            vad_threshold=None if threshold is None else float(threshold),
            vad_silence_duration_ms=None if silence is None else int(silence),
        )

    def to_api(self) -> dict[str, Any]:
        # Absent means "the upstream's default"; sending null could mean something else.
        values = {
            "voice_id": self.voice_id,
            "vad_threshold": self.vad_threshold,
            "vad_silence_duration_ms": self.vad_silence_duration_ms,
        }
        return {key: value for key, value in values.items() if value is not None}

    @property
    def is_built_in(self) -> bool:
        # Custom voice ids are case-insensitive upstream, so compare the same way.
        return self.voice_id is not None and self.voice_id.lower() in BUILT_IN_VOICES


@dataclass(frozen=True, slots=True)
class Tool:
    """One tool: its `type` and everything else the API sent beside it, read-only."""

    type: str
    config: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        # A copy, so that neither the caller's dict nor the API's data can change it later.
        object.__setattr__(self, "config", _freeze(self.config))

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Tool:
        tool_type = data["type"]
        if not isinstance(tool_type, str):
            raise TypeError("tool type must be a string")
        return cls(tool_type, {key: value for key, value in data.items() if key != "type"})

    @classmethod
    def function(
        cls, name: str, description: str = "", parameters: Mapping[str, Any] | None = None
    ) -> Tool:
        """A function tool, in the shape the API documents."""
        spec: dict[str, Any] = {"name": name}
        if description:
            spec["description"] = description
        if parameters is not None:
            spec["parameters"] = parameters
        return cls("function", {"function": spec})

    def to_api(self) -> dict[str, Any]:
        return {"type": self.type, **_thaw(self.config)}

    @property
    def _function(self) -> Mapping[str, Any]:
        spec = self.config.get("function") if self.type == "function" else None
        return spec if isinstance(spec, Mapping) else MappingProxyType({})

    @property
    def function_name(self) -> str | None:
        name = self._function.get("name")
        return name if isinstance(name, str) else None

    @property
    def function_description(self) -> str | None:
        description = self._function.get("description")
        return description if isinstance(description, str) else None

    @property
    def function_parameters(self) -> dict[str, Any] | None:
        parameters = self._function.get("parameters")
        return _thaw(parameters) if isinstance(parameters, Mapping) else None

    @property
    def server_url(self) -> str | None:
        value = self.config.get("server_url") if self.type == "mcp" else None
        return value if isinstance(value, str) else None

    @property
    def server_label(self) -> str | None:
        value = self.config.get("server_label") if self.type == "mcp" else None
        return value if isinstance(value, str) else None

    @property
    def label(self) -> str:
        """A short name for lists: the function or server name, else the kind of tool."""
        if self.function_name:
            return self.function_name
        if self.server_label:
            return self.server_label
        return self.type.replace("_", " ").capitalize()


def _tools(data: Any) -> tuple[Tool, ...]:
    return tuple(Tool.from_api(item) for item in data or ())


def _strings(data: Any) -> tuple[str, ...]:
    if isinstance(data, str):
        raise TypeError("expected a list of strings")
    return tuple(str(item) for item in data or ())


@dataclass(frozen=True, slots=True)
class Agent:
    agent_id: str
    name: str
    instructions: str | None
    tools: tuple[Tool, ...]
    voice: Voice | None
    collection_ids: tuple[str, ...]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Agent:
        agent_id = _required_id(data, "agent_id")
        voice = data.get("voice")
        created_at, updated_at = _times(data)
        return cls(
            agent_id=agent_id,
            name=str(data.get("name") or ""),
            instructions=data.get("instructions"),
            tools=_tools(data.get("tools")),
            voice=Voice.from_api(voice) if voice else None,
            collection_ids=_strings(data.get("collection_ids")),
            created_at=created_at,
            updated_at=updated_at,
        )

    def to_api(self) -> dict[str, Any]:
        """The writable fields, as a create or a full update would send them."""
        body: dict[str, Any] = {
            "name": self.name,
            "tools": [tool.to_api() for tool in self.tools],
            "collection_ids": list(self.collection_ids),
        }
        if self.instructions is not None:
            body["instructions"] = self.instructions
        if self.voice is not None:
            body["voice"] = self.voice.to_api()
        return body


class _Tool(msgspec.Struct, frozen=True):
    """What a summary keeps of one tool: that it is there. msgspec skips the rest."""


_A_TOOL = _Tool()


@dataclass(frozen=True, slots=True)
class AgentSummary:
    """An agent as lists show it: its name, voice and how many tools it has, without its
    instructions and tools themselves. Reading 1,000 agents' tools costs more than all the
    rest of a list page, and no list shows them.

    GET /v1/agents in the documented shape is decoded straight into these (see
    `read_agent_summaries`), hence the fields' names and order: those of the answer."""

    agent_id: _Id
    name: str
    created_at: _Moment
    updated_at: _Moment
    voice: Voice | None = None
    tools: tuple[_Tool, ...] = ()  # one mark per tool

    @property
    def tool_count(self) -> int:
        return len(self.tools)

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> AgentSummary:
        agent_id = _required_id(data, "agent_id")
        voice = data.get("voice")
        tools = data.get("tools") or ()
        if not isinstance(tools, list | tuple):
            raise TypeError("tools must be a list")
        created_at, updated_at = _times(data)
        return cls(
            agent_id=agent_id,
            name=str(data.get("name") or ""),
            created_at=created_at,
            updated_at=updated_at,
            voice=_set_voice(Voice.from_api(voice)) if voice else None,
            tools=(_A_TOOL,) * len(tools),
        )


def _set_voice(voice: Voice) -> Voice | None:
    """A voice with nothing set reads as no voice at all, as an empty {} does. (Field by
    field, voice_id first, as most voices have one: lists ask this of 1,000 voices.)"""
    if (
        voice.voice_id is None
        and voice.vad_threshold is None
        and voice.vad_silence_duration_ms is None
    ):
        return None
    return voice


# The documented answer of GET /v1/agents, as lists read it: msgspec decodes the JSON
# straight into AgentSummary (and its Voice) and skips what lists do not show (instructions,
# each tool's settings), which is most of the answer's bytes. Any answer that does not fit
# those types exactly (a null name, a time without its offset, a missing field) is left to
# AgentSummary.from_api, so that both ways of reading give the same summaries.


class _AgentList(msgspec.Struct):
    agents: list[AgentSummary]


_AGENT_LIST = msgspec.json.Decoder(_AgentList)


def read_agent_summaries(body: bytes) -> list[AgentSummary] | None:
    """The agents of a GET /v1/agents answer in the documented shape, as summaries; None for
    anything else (another list shape, a value of another type), which the caller then
    reads the tolerant way, with AgentSummary.from_api."""
    try:
        summaries = _AGENT_LIST.decode(body).agents
    except msgspec.DecodeError:  # ValidationError included
        return None
    for index, summary in enumerate(summaries):
        if summary.voice is not None and _set_voice(summary.voice) is None:
            summaries[index] = replace(summary, voice=None)
    return summaries


@dataclass(frozen=True, slots=True)
class PhoneNumber:
    """A phone number. GET /v1/phone-numbers in the documented shape is decoded straight
    into these (see `read_phone_numbers`): every field must be there, with its type."""

    phone_number_id: _Id
    phone_number: str
    name: str
    description: str | None
    area_code: str
    agent_id: _Id | None
    created_at: _Moment
    updated_at: _Moment

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> PhoneNumber:
        phone_number_id = _required_id(data, "phone_number_id")
        created_at, updated_at = _times(data)
        return cls(
            phone_number_id=phone_number_id,
            phone_number=str(data.get("phone_number") or ""),
            name=str(data.get("name") or ""),
            description=data.get("description"),
            area_code=str(data.get("area_code") or ""),
            agent_id=_optional_str(data.get("agent_id")),
            created_at=created_at,
            updated_at=updated_at,
        )

    def to_api(self) -> dict[str, Any]:
        body: dict[str, Any] = {"name": self.name}
        if self.description is not None:
            body["description"] = self.description
        return body


# The documented answer of GET /v1/phone-numbers, read the same way as the agents' above:
# msgspec decodes it straight into PhoneNumber, and any other shape or type is left to
# PhoneNumber.from_api.


class _NumberList(msgspec.Struct):
    phone_numbers: list[PhoneNumber]


_NUMBER_LIST = msgspec.json.Decoder(_NumberList)


def read_phone_numbers(body: bytes) -> list[PhoneNumber] | None:
    """The numbers of a GET /v1/phone-numbers answer in the documented shape; None for
    anything else, which the caller then reads the tolerant way, with PhoneNumber.from_api."""
    try:
        return _NUMBER_LIST.decode(body).phone_numbers
    except msgspec.DecodeError:  # ValidationError included
        return None


@dataclass(frozen=True, slots=True)
class ListResult[T]:
    """One page of a list; there is no pagination upstream, only a limit."""

    items: tuple[T, ...]
    limit: int
    # True when the upstream returned as many items as asked for: there may be more, and
    # the page should say that only the first `limit` are shown.
    limit_reached: bool

    @classmethod
    def of(cls, items: Sequence[T], limit: int) -> ListResult[T]:
        items = tuple(items)
        return cls(items=items, limit=limit, limit_reached=len(items) >= limit)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)
