"""Export and import of a team's agents, as one JSON document.

The document is versioned ({"switchboard_export": 1, …}) and holds, for each agent sorted by
name, its writable fields and the phone number it has, never a credential: the fields of
tool_secrets.SECRET_FIELDS are left out of every tool, as another team could never use them.

Importing is three steps, none of which knows HTTP:
- `read_document` reads the text strictly and checks every documented limit, and says what
  is wrong with its line and the agent it concerns; a document with any problem is refused
  as a whole.
- `plan_import` matches the document's agents with the team's by name, and says what an
  import would do: create, update (the fields that differ, with their diffs) or leave alone.
  Names match exactly, capitals included, once spaces at either end are trimmed: the Agents
  API lets "Billing" and "billing" be two agents, so neither may stand for the other.
- `apply_import` makes those changes, one agent at a time, each recorded in the history as
  an import; if a call fails it stops there and says what was done and what was not.

Phone numbers are listed for reference and never assigned by an import. Agents of the team
that the document does not name are left as they are.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any

from django.core import signing
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.debug import sensitive_variables

from agents_ui import agent_edits, api, compare, history
from agents_ui.formatting import format_number
from agents_ui.forms.agents import (
    MAX_COLLECTION_IDS,
    MAX_INSTRUCTIONS,
    MAX_NAME,
    MAX_SILENCE_MS,
    VOICE_ID,
)
from agents_ui.json_input import parse_json
from agents_ui.json_lines import Path, line_of, value_lines
from agents_ui.models import AuditEvent
from agents_ui.tool_rules import MAX_TOOLS, TOOL_KINDS, tool_problems
from agents_ui.tool_secrets import SECRET_FIELDS, MissingSecret, is_set

Action = AuditEvent.Action

FORMAT_KEY = "switchboard_export"
FORMAT = 1
# One document, one list call's worth of agents: the most the Agents API lists at once.
MAX_AGENTS = api.MAX_LIST_LIMIT
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
# A document broken everywhere is reported this far; the rest is counted.
MAX_PROBLEMS = 50
# A dry run shows the changes of this many updates in detail, and names the others' fields.
DIFFS_SHOWN = 50

AGENT_KEYS = ("name", "instructions", "tools", "voice", "collection_ids", "phone_number")
DOCUMENT_KEYS = (FORMAT_KEY, "team", "exported_at", "note", "agents")
VOICE_KEYS = ("voice_id", "vad_threshold", "vad_silence_duration_ms")
E164 = re.compile(r"\+[1-9]\d{6,14}")

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"

NUMBERS_NOT_ASSIGNED = (
    "Phone numbers are listed for reference and are not assigned: an import never moves a "
    "number. Assign numbers on the assignment table afterwards if they should take calls."
)
LEFT_ALONE = "Agents of this team that the document does not name are left as they are."
EMPTY_DOCUMENT = (
    "The document is empty. Paste the text of a Switchboard export, or choose its file."
)

TOO_MANY_HERE = (
    "This team has {count} or more, as many as Switchboard can read at once, so it cannot be "
    "sure that the agents the import would create ({creates:,}) are not already there. Nothing "
    "can be imported while that is so: import a document without them, or delete agents this "
    "team no longer needs."
)
SAFE_TO_REPEAT = (
    "Importing the same document again is safe: agents already there are matched by name, "
    "and only what still differs is changed."
)


# --- Export ---------------------------------------------------------------------------------


def _without_credentials(tool: api.Tool) -> dict[str, Any]:
    return {key: value for key, value in tool.to_api().items() if key not in SECRET_FIELDS}


def _exported_agent(agent: api.Agent, phone_number: str | None) -> dict[str, Any]:
    return {
        "name": agent.name,
        "instructions": agent.instructions,
        "tools": [_without_credentials(tool) for tool in agent.tools],
        "voice": agent.voice.to_api() if agent.voice is not None else None,
        "collection_ids": list(agent.collection_ids),
        "phone_number": phone_number,
    }


def export_document(
    agents: Iterable[api.Agent],
    numbers: Iterable[api.PhoneNumber],
    team_name: str,
    *,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The team's agents as one document: writable fields, sorted by name, each with the
    number it has (E.164) or None, and no credential anywhere."""
    number_of = {number.agent_id: number.phone_number for number in numbers if number.agent_id}
    ordered = sorted(agents, key=lambda agent: (agent.name.casefold(), agent.name, agent.agent_id))
    stamp = (now or timezone.now()).astimezone(UTC).replace(microsecond=0)
    document: dict[str, Any] = {
        FORMAT_KEY: FORMAT,
        "team": team_name,
        "exported_at": stamp.isoformat().replace("+00:00", "Z"),
        "agents": [_exported_agent(agent, number_of.get(agent.agent_id)) for agent in ordered],
    }
    if getattr(agents, "limit_reached", False):
        document["note"] = (
            f"The team had more agents than Switchboard can list at once: only the first "
            f"{len(ordered):,} are in this document."
        )
    return document


def document_text(document: Mapping[str, Any]) -> str:
    """The document as a file holds it: indented, one field a line, readable in an editor."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def export_filename(team_name: str, day: date) -> str:
    """ "switchboard-acme-agents-2026-05-01.json" """
    return f"switchboard-{slugify(team_name) or 'team'}-agents-{day.isoformat()}.json"


# --- Reading a document -----------------------------------------------------------------------


def _shown(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number:,} {noun if number == 1 else (plural or noun + 's')}"


def _tool_title(tool: Any) -> str:
    if not isinstance(tool, dict):
        return ""
    spec = tool.get("function")
    if (
        tool.get("type") == "function"
        and isinstance(spec, dict)
        and isinstance(spec.get("name"), str)
    ):
        return spec["name"]
    if tool.get("type") == "mcp" and isinstance(tool.get("server_label"), str):
        return tool["server_label"]
    return TOOL_KINDS.get(str(tool.get("type")), "")


# Where each field of a tool card (tool_rules.tool_problems) sits inside the tool, and its words.
_TOOL_FIELDS: dict[str, tuple[tuple[str, ...], str]] = {
    "name": (("function", "name"), "function name"),
    "description": (("function", "description"), "description"),
    "parameters": (("function", "parameters"), "parameters"),
    "allowed_handles": (("allowed_x_handles",), "allowed handles"),
    "excluded_handles": (("excluded_x_handles",), "excluded handles"),
    "from_date": (("from_date",), "from date"),
    "to_date": (("to_date",), "to date"),
    "server_url": (("server_url",), "server URL"),
    "server_label": (("server_label",), "server label"),
    "server_description": (("server_description",), "server description"),
    "allowed_tool_names": (("allowed_tool_names",), "allowed tool names"),
    "authorization": (("authorization",), "authorization"),
}


class _Reader:
    """Collects the problems of one document, each placed by its agent and line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.problems: list[str] = []
        # What each parameters schema met so far was found to be (see _tool_problems).
        self.schemas: dict[str, str | None] = {}

    @cached_property
    def lines(self) -> dict[Path, int]:
        # Worked out at the first problem: a document that reads well never needs them.
        return value_lines(self.text, max_depth=6)

    def top(self, key: str | None, message: str) -> None:
        line = line_of(self.lines, (key,), ()) if key else line_of(self.lines, ())
        self.problems.append(
            f"Line {line}: {message}" if line else message[0].upper() + message[1:]
        )

    def agent(self, index: int, name: str, message: str, *where: tuple[str | int, ...]) -> None:
        base: Path = ("agents", index)
        line = line_of(self.lines, *[(*base, *part) for part in where], base)
        who = f"Agent {index + 1}" + (f" (“{_shown(name)}”)" if name else "")
        place = f"{who}, line {line}" if line else who
        self.problems.append(f"{place}: {message}")

    def messages(self) -> list[str]:
        if len(self.problems) <= MAX_PROBLEMS:
            return list(self.problems)
        more = len(self.problems) - MAX_PROBLEMS
        return [
            *self.problems[:MAX_PROBLEMS],
            f"…and {_count(more, 'more problem')}. Correct these first, then check again.",
        ]


def read_document(text: str) -> tuple[dict[str, Any] | None, list[str]]:
    """The document, checked and tidied (names trimmed), and no problems; or None and every
    problem in plain words, each with its line where it can be found."""
    value, problem = parse_json(text)
    if problem:
        return None, [problem]
    if value is None:
        return None, [EMPTY_DOCUMENT]
    reader = _Reader(text)
    if not isinstance(value, dict):
        reader.top(
            None,
            "this is not a Switchboard export: an export is a JSON object that starts with "
            '{"switchboard_export": 1.',
        )
        return None, reader.messages()
    if not _read_header(value, reader):
        return None, reader.messages()
    agents = [_read_agent(item, index, reader) for index, item in enumerate(value["agents"])]
    _check_unique_names(agents, reader)
    if reader.problems:
        return None, reader.messages()
    return {
        FORMAT_KEY: FORMAT,
        "team": value.get("team"),
        "exported_at": value.get("exported_at"),
        "agents": agents,
    }, []


def _read_header(value: dict[str, Any], reader: _Reader) -> bool:
    """Checks what the document says about itself; False when its agents cannot be read."""
    version = value.get(FORMAT_KEY)
    if FORMAT_KEY not in value:
        reader.top(
            None,
            'this is not a Switchboard export: it has no "switchboard_export" version. '
            "Export the agents from Switchboard and import that file.",
        )
        return False
    if version != FORMAT or isinstance(version, bool):
        reader.top(
            FORMAT_KEY,
            "this document is in a format Switchboard does not know (version "
            f"{_shown(json.dumps(version))}); it reads version {FORMAT}. Export the agents "
            "again with this Switchboard.",
        )
        return False
    for key in value:
        if key not in DOCUMENT_KEYS:
            reader.top(key, f"an export has no field “{_shown(key)}”. Remove it.")
    for key in ("team", "exported_at", "note"):
        if value.get(key) is not None and not isinstance(value[key], str):
            reader.top(key, f"“{key}” must be text.")
    agents = value.get("agents")
    if not isinstance(agents, list):
        reader.top(
            "agents" if "agents" in value else None,
            'the document has no list of agents ("agents": [ … ]).',
        )
        return False
    if len(agents) > MAX_AGENTS:
        reader.top(
            "agents",
            f"the document holds {len(agents):,} agents; Switchboard imports at most "
            f"{MAX_AGENTS:,} at once. Split it into smaller documents.",
        )
        return False
    return True


def _read_agent(item: Any, index: int, reader: _Reader) -> dict[str, Any]:
    if not isinstance(item, dict):
        reader.agent(index, "", 'each agent must be a JSON object with a "name".')
        return {}
    raw_name = item.get("name")
    name = raw_name.strip() if isinstance(raw_name, str) else ""
    for key in item:
        if key not in AGENT_KEYS:
            reader.agent(
                index,
                name,
                f"an agent has no field “{_shown(key)}”. Its fields are "
                "name, instructions, tools, voice, collection_ids and phone_number.",
                (key,),
            )
    if raw_name is None:
        reader.agent(index, "", 'give the agent a name ("name").', ("name",))
    elif not isinstance(raw_name, str):
        reader.agent(index, "", "the name must be text.", ("name",))
    elif not name:
        reader.agent(index, "", "the name is blank. Give the agent a name.", ("name",))
    elif len(name) > MAX_NAME:
        reader.agent(
            index,
            name,
            f"the name is longer than {MAX_NAME} characters (it has {len(name):,}). Shorten it.",
            ("name",),
        )
    entry: dict[str, Any] = {"name": name}
    for key, check in _FIELD_CHECKS.items():
        if key in item:
            problem = check(item[key])
            if problem:
                reader.agent(index, name, problem, (key,))
            entry[key] = item[key]
    if isinstance(item.get("tools"), list):
        _check_tools(item["tools"], index, name, reader)
    return entry


def _instructions_problem(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        return "the instructions must be text, or null for none."
    if len(value) > MAX_INSTRUCTIONS:
        return (
            f"the instructions are longer than {MAX_INSTRUCTIONS:,} characters (they have "
            f"{len(value):,}). Shorten them."
        )
    return ""


def _tools_problem(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, list):
        return 'the tools must be a list ("tools": [ … ]), or null for none.'
    if len(value) > MAX_TOOLS:
        return f"an agent can have at most {MAX_TOOLS} tools; this one has {len(value):,}."
    return ""


def _voice_problem(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, dict):
        return 'the voice must be an object such as {"voice_id": "eve"}, or null for none.'
    unknown = [key for key in value if key not in VOICE_KEYS]
    if unknown:
        return (
            f"a voice has no setting “{_shown(unknown[0])}”. Its settings are voice_id, "
            "vad_threshold and vad_silence_duration_ms."
        )
    voice_id = value.get("voice_id")
    if voice_id is not None and not (isinstance(voice_id, str) and VOICE_ID.fullmatch(voice_id)):
        return "the voice id must be 1 to 64 letters, digits, underscores (_) or hyphens (-)."
    threshold = value.get("vad_threshold")
    if threshold is not None and (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | float)
        or not 0 <= threshold <= 1
    ):
        return "the speech sensitivity (vad_threshold) must be a number from 0.0 to 1.0."
    silence = value.get("vad_silence_duration_ms")
    if silence is not None and (
        isinstance(silence, bool)
        or not isinstance(silence, int)
        or not 0 <= silence <= MAX_SILENCE_MS
    ):
        return (
            "the pause before replying (vad_silence_duration_ms) must be a whole number of "
            f"milliseconds from 0 to {MAX_SILENCE_MS:,}."
        )
    return ""


def _collections_problem(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, list) or not all(
        isinstance(item, str) and item.strip() for item in value
    ):
        return (
            "the knowledge collections (collection_ids) must be a list of ids as text, none blank."
        )
    if len(value) > MAX_COLLECTION_IDS:
        return (
            f"an agent can use at most {MAX_COLLECTION_IDS} knowledge collections "
            f"(collection IDs); this one lists {len(value):,}."
        )
    return ""


def _phone_number_problem(value: Any) -> str:
    if value is None or (isinstance(value, str) and E164.fullmatch(value)):
        return ""
    return "the phone number must be written like +14155550134, or null for none."


_FIELD_CHECKS = {
    "instructions": _instructions_problem,
    "tools": _tools_problem,
    "voice": _voice_problem,
    "collection_ids": _collections_problem,
    "phone_number": _phone_number_problem,
}


def _tool_problems(tool: Any, taken: set[str], schemas: dict[str, str | None]) -> dict[str, str]:
    """tool_rules.tool_problems, each distinct parameters schema checked once per document:
    a team's agents often share their function tools, and checking a schema is the slowest
    step of reading a document (about 2 ms each)."""
    spec = tool.get("function") if isinstance(tool, dict) else None
    parameters = spec.get("parameters") if isinstance(spec, dict) else None
    if not isinstance(parameters, dict):
        return tool_problems(tool, taken)
    seen = json.dumps(parameters, sort_keys=True)
    if seen not in schemas:
        problems = tool_problems(tool, taken)
        schemas[seen] = problems.get("parameters")
        return problems
    without = {
        **tool,
        "function": {key: value for key, value in spec.items() if key != "parameters"},
    }
    problems = tool_problems(without, taken)
    if schemas[seen]:
        problems["parameters"] = schemas[seen]
    return problems


def _check_tools(tools: list[Any], index: int, name: str, reader: _Reader) -> None:
    taken: set[str] = set()
    for position, tool in enumerate(tools[:MAX_TOOLS]):
        title = _tool_title(tool)
        where = f"tool {position + 1}" + (f" (“{_shown(title)}”)" if title else "")
        if isinstance(tool, dict):
            carried = [key for key in SECRET_FIELDS if key in tool]
            if carried:
                reader.agent(
                    index,
                    name,
                    f"{where} carries a credential (“{carried[0]}”). A document never holds "
                    "credentials: remove it, and type it in Tools after the import.",
                    ("tools", position, carried[0]),
                    ("tools", position),
                )
        if isinstance(tool, dict):
            # A carried credential is said above, once.
            tool = {key: value for key, value in tool.items() if key not in SECRET_FIELDS}
        for card_field, problem in _tool_problems(tool, taken, reader.schemas).items():
            inside, words = _TOOL_FIELDS.get(card_field, ((), ""))
            reader.agent(
                index,
                name,
                f"{where}, {words}: {problem}" if words else f"{where}: {problem}",
                ("tools", position, *inside),
                ("tools", position),
            )


def _check_unique_names(agents: list[dict[str, Any]], reader: _Reader) -> None:
    first: dict[str, int] = {}
    for index, entry in enumerate(agents):
        name = entry.get("name") or ""
        if not name:
            continue
        if name in first:
            reader.agent(
                index,
                name,
                f"agent {first[name] + 1} of the document has the same name. Each name can "
                "appear once, as Switchboard matches agents by name.",
                ("name",),
            )
        else:
            first[name] = index


# --- Planning ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One agent of the document, and what importing it would do."""

    position: int  # in the document, from 1
    name: str
    status: str  # CREATE, UPDATE or UNCHANGED
    # To create: the fields the document gives. To update: the fields that differ, with
    # their new values (credentials kept from this team as markers).
    values: Mapping[str, Any] = field(default_factory=dict)
    # The agent as it is in this team (credentials and all, to put them back): kept out of
    # the entry's repr, so that no log or error page shows them.
    current: api.Agent | None = field(default=None, repr=False)
    fields: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    phone_number: str | None = None

    @cached_property
    def diffs(self) -> list[compare.FieldDiff]:
        """What an update changes, field by field, for the diff templates: worked out only
        when a page shows it (a plan of 1,000 updates shows the first DIFFS_SHOWN)."""
        if self.current is None or not self.fields:
            return []
        now = history.agent_version(self.current)
        return compare.field_diffs(history.AGENT, now, dict(self.values), self.fields)

    @property
    def phone_number_shown(self) -> str:
        return format_number(self.phone_number) if self.phone_number else ""

    @property
    def changes_in_words(self) -> str:
        return _joined([history.FIELD_WORDS[name] for name in self.fields])

    @property
    def brief(self) -> str:
        """A new agent in a few words: "Voice eve · 3 tools · 2 knowledge collections"."""
        voice = self.values.get("voice") or {}
        instructions = self.values.get("instructions") or ""
        parts = [
            f"Voice {voice.get('voice_id') or compare.DEFAULT_VOICE['voice_id']}",
            _count(len(self.values.get("tools") or ()), "tool"),
            _count(len(self.values.get("collection_ids") or ()), "knowledge collection"),
            f"instructions of {_count(len(instructions), 'character')}"
            if instructions
            else "no instructions",
        ]
        return " · ".join(parts)


@dataclass(frozen=True)
class Plan:
    """What an import of a document would do in this team."""

    entries: tuple[Entry, ...]
    # Reasons the import cannot be applied at all (nothing is then applied).
    problems: tuple[str, ...] = ()
    source_team: str = ""
    exported_at: datetime | None = None
    diffs_shown: int = DIFFS_SHOWN

    def _with(self, status: str) -> list[Entry]:
        return [entry for entry in self.entries if entry.status == status]

    @property
    def to_create(self) -> list[Entry]:
        return self._with(CREATE)

    @property
    def to_update(self) -> list[Entry]:
        return self._with(UPDATE)

    @property
    def unchanged(self) -> list[Entry]:
        return self._with(UNCHANGED)

    @property
    def work(self) -> list[Entry]:
        """The changes to make, in the document's order."""
        return [entry for entry in self.entries if entry.status in (CREATE, UPDATE)]

    @property
    def can_apply(self) -> bool:
        return not self.problems and bool(self.work)

    @property
    def apply_words(self) -> str:
        """What Apply does, for its button: "create 2 agents and update 1"."""
        created, updated = len(self.to_create), len(self.to_update)
        parts = []
        if created:
            parts.append(f"create {_count(created, 'agent')}")
        if updated:
            parts.append(f"update {updated:,}" if created else f"update {_count(updated, 'agent')}")
        return " and ".join(parts)

    @property
    def fingerprint(self) -> str:
        """Changes whenever what the import would do changes (an agent created, changed or
        deleted in this team since): a confirmed plan is applied only as it was shown."""
        facts = [
            [
                entry.position,
                entry.status,
                entry.current.agent_id if entry.current else None,
                entry.current.updated_at.isoformat() if entry.current else None,
                list(entry.fields),
            ]
            for entry in self.entries
        ]
        text = json.dumps([facts, list(self.problems)], separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def _joined(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _parsed_time(value: Any) -> datetime | None:
    try:
        return api.types.parse_timestamp(value)
    except (TypeError, ValueError):
        return None


def plan_import(document: Mapping[str, Any], current_agents: Iterable[api.Agent]) -> Plan:
    """What importing `document` (as `read_document` gives it) would do to a team whose
    agents are `current_agents` (a list of at most MAX_AGENTS, as `api.agent_list` answers)."""
    problems: list[str] = []
    by_name: dict[str, list[api.Agent]] = {}
    for agent in current_agents:
        by_name.setdefault(agent.name.strip(), []).append(agent)
    by_capitals: dict[str, list[str]] = {}
    for name in by_name:
        by_capitals.setdefault(name.casefold(), []).append(name)
    entries = []
    for position, wanted in enumerate(document["agents"], start=1):
        name = wanted["name"]
        matches = by_name.get(name, [])
        if len(matches) > 1:
            problems.append(
                f"Agent {position} (“{_shown(name)}”): this team has {len(matches)} agents "
                f"called “{_shown(name)}”, so Switchboard cannot tell which one to update. "
                "Rename all but one of them, then check the document again."
            )
        elif matches:
            entries.append(_update_entry(position, wanted, matches[0]))
        else:
            similar = [other for other in by_capitals.get(name.casefold(), []) if other != name]
            entries.append(_create_entry(position, wanted, similar))
    creates = sum(1 for entry in entries if entry.status == CREATE)
    if creates and getattr(current_agents, "limit_reached", False):
        # An agent beyond the first MAX_AGENTS would be created twice. Updates are safe:
        # the agents they match were read.
        listed = len(current_agents)  # type: ignore[arg-type]
        problems.append(TOO_MANY_HERE.format(count=_count(listed, "agent"), creates=creates))
    return Plan(
        tuple(entries),
        tuple(problems),
        source_team=str(document.get("team") or ""),
        exported_at=_parsed_time(document.get("exported_at")),
        diffs_shown=DIFFS_SHOWN,
    )


def _writable(wanted: Mapping[str, Any]) -> dict[str, Any]:
    return {name: wanted[name] for name in api.AGENT_FIELDS if name in wanted}


def _server_label(tool: Mapping[str, Any]) -> str:
    return str(tool.get("server_label") or tool.get("server_url") or "MCP server")


def _arrives_bare(label: str) -> str:
    return (
        f"The MCP server “{label}” arrives without authorization or extra headers: documents "
        "never carry them. If it needs them, type them in Tools after the import."
    )


def _create_entry(position: int, wanted: Mapping[str, Any], similar: Sequence[str]) -> Entry:
    values = _writable(wanted)
    notes = [
        _arrives_bare(_server_label(tool))
        for tool in values.get("tools") or ()
        if tool.get("type") == "mcp"
    ]
    if similar:
        notes.append(
            f"This team has an agent called “{_shown(similar[0])}”, with other capitals: names "
            "match exactly, so this creates a separate agent."
        )
    return Entry(
        position,
        values["name"],
        CREATE,
        values,
        notes=tuple(notes),
        phone_number=wanted.get("phone_number"),
    )


def _keep_credentials(
    tools: Sequence[Mapping[str, Any]], current_tools: Sequence[Mapping[str, Any]]
) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """The document's tools, each MCP server that this agent has with a saved credential
    keeping it (as its marker): (tools, notes on kept credentials, notes on servers that
    arrive without one)."""
    saved = [
        tool
        for tool in current_tools
        if tool.get("type") == "mcp" and any(is_set(tool.get(key)) for key in SECRET_FIELDS)
    ]
    known_urls = {tool.get("server_url") for tool in current_tools if tool.get("type") == "mcp"}
    used: set[int] = set()
    result, kept, bare = [], [], []
    for tool in tools:
        tool = dict(tool)
        if tool.get("type") == "mcp":
            match = next(
                (
                    number
                    for number, old in enumerate(saved)
                    if number not in used and old.get("server_url") == tool.get("server_url")
                ),
                None,
            )
            if match is not None:
                used.add(match)
                secrets = {
                    key: saved[match][key] for key in SECRET_FIELDS if is_set(saved[match].get(key))
                }
                tool.update(secrets)
                words = _joined(
                    [
                        "authorization" if key == "authorization" else "extra headers"
                        for key in secrets
                    ]
                )
                kept.append(
                    f"The MCP server “{_server_label(tool)}” keeps the {words} saved in this "
                    "team: documents never carry credentials."
                )
            elif tool.get("server_url") not in known_urls:
                bare.append(_arrives_bare(_server_label(tool)))
        result.append(tool)
    return result, kept, bare


def _update_entry(position: int, wanted: Mapping[str, Any], current: api.Agent) -> Entry:
    now = history.agent_version(current)
    # A match by name is the same name to a person: spaces at its ends are not a change.
    target = {name: value for name, value in _writable(wanted).items() if name != "name"}
    notes: list[str] = []
    kept: list[str] = []
    bare: list[str] = []
    if "tools" in target:
        target["tools"], kept, bare = _keep_credentials(
            target["tools"] or [], now.get("tools") or []
        )
    fields = compare.conflicting_fields(list(target), now, target)
    if "tools" in fields:
        notes = [*kept, *bare]
    if not fields:
        return Entry(
            position,
            current.name,
            UNCHANGED,
            current=current,
            phone_number=wanted.get("phone_number"),
        )
    return Entry(
        position,
        current.name,
        UPDATE,
        {name: target[name] for name in fields},
        current=current,
        fields=tuple(fields),
        notes=tuple(notes),
        phone_number=wanted.get("phone_number"),
    )


# --- The document between the dry run and Apply ------------------------------------------------

SIGNING_SALT = "agents_ui.transfer.import"
# A dry run left open longer than this is checked again from the document before applying.
SIGNED_MAX_AGE = 2 * 60 * 60


def sign_document(
    document: Mapping[str, Any], fingerprint: str, *, user_id: int, team_id: int
) -> str:
    """The checked document and the plan shown, signed for the Apply form: what is applied is
    what was checked, never a second upload."""
    payload = {"user": user_id, "team": team_id, "plan": fingerprint, "document": dict(document)}
    return signing.dumps(payload, salt=SIGNING_SALT, compress=True)


def read_signed(token: str, *, user_id: int, team_id: int) -> tuple[dict[str, Any], str] | None:
    """(document, fingerprint of the plan shown) of `sign_document`, or None for a token that
    is forged, too old, or another person's or team's."""
    try:
        payload = signing.loads(token, salt=SIGNING_SALT, max_age=SIGNED_MAX_AGE)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(payload, dict):
        return None
    if payload.get("user") != user_id or payload.get("team") != team_id:
        return None
    document = payload.get("document")
    if not isinstance(document, dict) or not isinstance(document.get("agents"), list):
        return None
    return document, str(payload.get("plan", ""))


# --- Applying -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Applied:
    """What an import did: every change made (each recorded), and where it stopped."""

    ok: bool
    message: str
    done: tuple[str, ...] = ()
    failed: str = ""
    not_done: tuple[str, ...] = ()
    events: tuple[AuditEvent, ...] = ()
    # Stopped at the deadline with nothing failed: the rest is for the next step.
    paused: bool = False


def _counted(created: int, updated: int, unchanged: int) -> str:
    parts = []
    if created:
        parts.append(f"{_count(created, 'agent')} created")
    if updated:
        parts.append(
            f"{_count(updated, 'agent')} updated" if not created else f"{updated:,} updated"
        )
    if unchanged:
        parts.append(f"{unchanged:,} already the same")
    return _joined(parts)


@sensitive_variables("key")
def apply_import(
    key: str,
    actor: history.Actor,
    plan: Plan,
    *,
    reason: str = "",
    deadline: float | None = None,
    ask_first: bool = False,
) -> Applied:
    """Makes the plan's changes in the document's order: creates, and PATCHes of only the
    fields that differ. Stops at the first call that fails; with a `deadline` (a
    time.monotonic() value), pauses once it has passed, having made at least one change.
    With `ask_first` (a team whose changes need approval) each change becomes a request
    that waits for review instead, and nothing is written upstream."""
    if plan.problems:
        return Applied(False, "Nothing was imported: " + " ".join(plan.problems))
    work = plan.work
    if not work:
        return Applied(
            True, "Nothing to import: every agent of the document is already here as it is."
        )
    done: list[str] = []
    events: list[AuditEvent] = []
    for index, entry in enumerate(work):
        if done and deadline is not None and time.monotonic() >= deadline:
            return _paused(done, events, work[index:])
        try:
            event, line = _apply_entry(key, actor, entry, reason, ask_first=ask_first)
        except (api.ApiError, MissingSecret) as error:
            return _stopped(entry, error, done, events, work[index + 1 :])
        done.append(line)
        events.append(event)
    counted = _counted(len(plan.to_create), len(plan.to_update), len(plan.unchanged))
    message = (
        f"Sent for review, one request per agent: {counted}. Nothing changes until a reviewer "
        "approves them."
        if ask_first
        else f"Imported: {counted}."
    )
    return Applied(True, message, tuple(done), events=tuple(events))


@sensitive_variables("key")
def _apply_entry(
    key: str, actor: history.Actor, entry: Entry, reason: str, *, ask_first: bool = False
) -> tuple[AuditEvent, str]:
    values = entry.values
    if ask_first:
        return _ask_entry(actor, entry, reason)
    if entry.status == CREATE:
        agent, event = agent_edits.create(
            key, actor, {**values, "name": entry.name}, reason=reason, action=Action.IMPORT
        )
        return event, f"Created “{agent.name}”."
    current = entry.current
    assert current is not None
    # Whatever changed elsewhere since the last record is recorded first: no silent gaps.
    history.notice_outside_change(actor.team, current)
    updated, event = agent_edits.write(
        key, actor, current, values, reason=reason, action=Action.IMPORT
    )
    return event, f"Updated “{updated.name}”: {entry.changes_in_words}."


class RequestRefused(api.ApiError):
    """An import's request could not be made (another one waits on the same agent)."""


def _ask_entry(actor: history.Actor, entry: Entry, reason: str) -> tuple[AuditEvent, str]:
    from agents_ui import approvals

    if entry.status == CREATE:
        asked = approvals.ask_agent_create(actor, {"name": entry.name, **entry.values}, reason)
    else:
        assert entry.current is not None
        asked = approvals.ask_agent_update(actor, entry.current, dict(entry.values), reason)
    if not asked.ok:
        raise RequestRefused(asked.message)
    event = (
        AuditEvent.objects.filter(team=actor.team, action__in=["requested", "request_changed"])
        .order_by("-id")
        .first()
    )
    verb = "create" if entry.status == CREATE else "update"
    return event, f"Asked for review: {verb} “{entry.name}” (request #{asked.request.pk})."


def _paused(done: list[str], events: list[AuditEvent], rest: Sequence[Entry]) -> Applied:
    total = len(done) + len(rest)
    message = (
        f"Imported {len(done):,} of {_count(total, 'change')} so far, each recorded in the "
        "history. Switchboard imports in steps so that no page waits too long: continue to "
        "import the rest."
    )
    not_done = tuple(
        f"{'Create' if other.status == CREATE else 'Update'} “{other.name}”" for other in rest
    )
    return Applied(False, message, tuple(done), "", not_done, tuple(events), paused=True)


def _stopped(
    entry: Entry,
    error: Exception,
    done: list[str],
    events: list[AuditEvent],
    rest: Sequence[Entry],
) -> Applied:
    verb = "created" if entry.status == CREATE else "updated"
    if isinstance(error, api.Unavailable):
        failed = (
            f"It is not known whether “{entry.name}” was {verb}: the Agents API did not answer "
            "in time. Open the agents list to check."
        )
    elif isinstance(error, MissingSecret):
        failed = (
            f"“{entry.name}” was not {verb}: a saved MCP credential of it was changed or "
            "removed while importing. Check the document again."
        )
    else:
        failed = f"“{entry.name}” was not {verb}: {getattr(error, 'message', str(error))}"
    message = (
        f"The import stopped part-way: {_count(len(done), 'change')} made (each is in the "
        f"history), 1 failed, and {_count(len(rest), 'change')} not tried. {SAFE_TO_REPEAT}"
    )
    not_done = tuple(
        f"{'Create' if other.status == CREATE else 'Update'} “{other.name}”" for other in rest
    )
    return Applied(False, message, tuple(done), failed, not_done, tuple(events))
