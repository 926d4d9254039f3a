"""Comparing two versions of an agent or a phone number, field by field, as a person reads them.

One registry per kind of record (`AGENT_FIELDS`, `PHONE_NUMBER_FIELDS`) holds a comparison
object per field (the idea of wagtail's admin/compare.py). Each one knows its `label`, when
two values differ to a person (`has_changed`), how one value reads (`display`), what changed
in one line (`summary`), and what changed in detail (`diff`: a small frozen structure that
the templates in templates/agents_ui/diff/ render). Conflict detection, the change history,
restore and approvals all compare through here, so "did it change?" has one answer.

Values are API-shaped (as `api.Agent.to_api()` gives them; partial records are fine). Tool
credentials are redacted on the way in (`tool_secrets.redact_tools`), and a credential is
only ever reported as set, changed or removed: no value and no marker reaches any output.
No views, no HTTP, no database here.
"""

from __future__ import annotations

import bisect
import difflib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from agents_ui.text import normalise_newlines
from agents_ui.tool_rules import TOOL_KINDS
from agents_ui.tool_secrets import SECRET_FIELDS, is_set, redact_tools

# What an agent gets when it is created without voice settings (the "Balanced" preset):
# an absent voice, or an absent part of one, compares equal to these.
DEFAULT_VOICE: dict[str, Any] = {
    "voice_id": "eve",
    "vad_threshold": 0.5,
    "vad_silence_duration_ms": 600,
}

# Word-by-word diffs are quadratic in the worst case: instructions can hold 256,000
# characters, so only changed line pairs are compared word by word, within these caps.
WORD_DIFF_TOKENS = 2_000  # words per side of one changed line, after the common ends
WORD_DIFF_BUDGET = 20_000  # words compared word by word in one text, all lines together
LINE_DIFF_LINES = 8_000  # lines per side compared by difflib; longer texts are anchored first
CONTEXT_LINES = 2  # unchanged lines shown around each change
MAX_CHANGED_LINES = 1_000  # changed lines shown in one text diff
BRIEF_ITEMS = 5  # names listed in a one-line summary before "and 3 more"

TOO_LONG_FOR_WORDS = (
    "Some changed lines are too long to compare word by word: "
    "their changed passages are marked as a whole."
)

# Words with the spaces after them, or one punctuation mark with its spaces: spaces
# travel with a word, which keeps the comparison fast and the marks on whole words.
_TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
CHANGED, CREATED, DELETED = "changed", "created", "deleted"


# --- What the templates render ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text on one side of a line: unchanged, added (insert) or removed (delete)."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class LineRow:
    """One row of a text diff: a line before and after ("changed" marks words inside),
    a line only before ("removed") or only after ("added"), an unchanged line ("equal"),
    or a run of unchanged lines left out ("skipped", `skipped` of them)."""

    kind: str
    before_number: int | None = None
    after_number: int | None = None
    before: tuple[Segment, ...] = ()
    after: tuple[Segment, ...] = ()
    skipped: int = 0


@dataclass(frozen=True, slots=True)
class TextDiff:
    rows: tuple[LineRow, ...]
    lines_changed: int
    before_characters: int
    after_characters: int
    # False when some changed line was too long to compare word by word.
    word_level: bool = True
    # Changed lines beyond MAX_CHANGED_LINES, counted but not shown.
    lines_not_shown: int = 0
    # Line numbers help only when a side has more than one line.
    numbered: bool = False

    @property
    def notes(self) -> list[str]:
        notes = [] if self.word_level else [TOO_LONG_FOR_WORDS]
        if self.lines_not_shown:
            notes.append(
                f"Only the first {MAX_CHANGED_LINES:,} changed lines are shown; "
                f"{_count(self.lines_not_shown, 'more changed line')} are not."
            )
        return notes


@dataclass(frozen=True, slots=True)
class SettingChange:
    """One setting before and after, as text (`changed` False when it stayed the same)."""

    label: str
    before: str
    after: str
    changed: bool = True


@dataclass(frozen=True, slots=True)
class SettingsDiff:
    settings: tuple[SettingChange, ...]


@dataclass(frozen=True, slots=True)
class IdListDiff:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    kept: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ToolSetting:
    """One setting of an added or removed tool, as text (`code`: show it as code)."""

    label: str
    value: str
    code: bool = False


@dataclass(frozen=True, slots=True)
class ToolChange:
    """What changed inside a tool: a value ("value"), a text with words marked ("text", see
    `text`), or a credential ("secret": `note` says set, changed or removed, nothing more)."""

    label: str
    kind: str
    before: str = ""
    after: str = ""
    text: TextDiff | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class ToolCardDiff:
    status: str  # "added", "removed" or "changed"
    title: str
    kind_label: str
    settings: tuple[ToolSetting, ...] = ()  # an added or removed tool's settings
    changes: tuple[ToolChange, ...] = ()  # a changed tool's changes


@dataclass(frozen=True, slots=True)
class ToolsDiff:
    cards: tuple[ToolCardDiff, ...]  # added, then removed, then changed
    unchanged: tuple[str, ...]  # titles of the tools that stayed the same


@dataclass(frozen=True, slots=True)
class FieldDiff:
    """One field of a record that changed, ready for a page.

    `change` is "changed", or "created"/"deleted" when the whole record was (then only
    one side has a value, and `before_display`/`after_display` is "" on the other)."""

    field: str
    label: str
    before_display: str
    after_display: str
    summary: str
    detail: Any
    template: str
    change: str = CHANGED


# --- Fields -----------------------------------------------------------------------------------


class Field:
    """How one field compares. Subclasses say what "the same" means and how values read.

    `value_of(record)` reads the field from an API-shaped record; everything else takes the
    field's own values, any of which may be None (not set)."""

    template = "agents_ui/diff/settings.html"

    def __init__(self, label: str, *, key: str, short_label: str, empty: str) -> None:
        self.label = label
        # How a one-line summary names the field: "name", "instructions"…
        self.short_label = short_label
        self.empty = empty
        self.key = key

    def keys(self) -> tuple[str, ...]:
        """The record keys this field is read from."""
        return (self.key,)

    def present(self, record: Mapping[str, Any]) -> bool:
        return any(key in record for key in self.keys())

    def value_of(self, record: Mapping[str, Any] | None) -> Any:
        return (record or {}).get(self.key)

    def normalise(self, value: Any) -> Any:
        """The value as "did it change?" sees it: equal for values a person calls the same."""
        return value

    def is_empty(self, value: Any) -> bool:
        return not is_set(self.normalise(value))

    def has_changed(self, before: Any, after: Any) -> bool:
        return self.normalise(before) != self.normalise(after)

    def display(self, value: Any) -> str:
        return self.empty if self.is_empty(value) else str(value)

    def brief(self, value: Any) -> str:
        """The value in a few words, for a one-line summary."""
        return self.display(value)

    def summary(self, before: Any, after: Any) -> str:
        if not self.has_changed(before, after):
            return ""
        return f"{self.short_label} {self.brief(before)} → {self.brief(after)}"

    def diff(self, before: Any, after: Any) -> Any:
        return SettingsDiff(
            (
                SettingChange(
                    self.label,
                    self.display(before),
                    self.display(after),
                    self.has_changed(before, after),
                ),
            )
        )


class TextField(Field):
    """A short text: a name, a description. None and "" are the same (not set)."""

    template = "agents_ui/diff/text.html"

    def normalise(self, value: Any) -> str:
        return normalise_newlines(str(value)) if value not in (None, "") else ""

    def display(self, value: Any) -> str:
        return self.normalise(value) or self.empty

    def summary(self, before: Any, after: Any) -> str:
        before, after = self.normalise(before), self.normalise(after)
        if before == after:
            return ""
        if not before:
            return f"{self.short_label} set to “{after}”"
        if not after:
            return f"{self.short_label} removed (was “{before}”)"
        return f"{self.short_label} “{before}” → “{after}”"

    def diff(self, before: Any, after: Any) -> TextDiff:
        return text_diff(self.normalise(before), self.normalise(after))


class LongTextField(TextField):
    """Instructions: up to 256,000 characters, summarised by lines and characters."""

    def brief(self, value: Any) -> str:
        text = self.normalise(value)
        return _count(len(text), "character") if text else self.empty

    def summary(self, before: Any, after: Any) -> str:
        before, after = self.normalise(before), self.normalise(after)
        if before == after:
            return ""
        if not before:
            return f"{self.short_label} added ({_count(len(after), 'character')})"
        if not after:
            return f"{self.short_label} removed ({_count(len(before), 'character')})"
        changed = sum(
            max(i2 - i1, j2 - j1)
            for tag, i1, i2, j1, j2 in _line_opcodes(_lines(before), _lines(after))
            if tag != "equal"
        )
        size = (
            _count(len(after), "character")
            if len(before) == len(after)
            else f"{len(before):,} → {_count(len(after), 'character')}"
        )
        return f"{self.short_label}: {_count(changed, 'line')} changed ({size})"


class VoiceField(Field):
    """Voice and turn-taking. Absent settings are the defaults a new agent gets; voice ids
    compare case-insensitively and thresholds to 2 decimals."""

    SETTINGS = (
        ("voice_id", "Voice", "voice"),
        ("vad_threshold", "Speech sensitivity (VAD threshold)", "speech sensitivity"),
        ("vad_silence_duration_ms", "Pause before replying (silence duration)", "silence"),
    )
    # A summary names the fine-tuning first, then a change of voice.
    SUMMARY_ORDER = ("vad_threshold", "vad_silence_duration_ms", "voice_id")

    def settings(self, value: Any) -> dict[str, Any]:
        """The voice with the defaults filled in, as displayed (voice id as typed)."""
        given = value if isinstance(value, Mapping) else {}
        voice = {**DEFAULT_VOICE, **{key: item for key, item in given.items() if item is not None}}
        voice["voice_id"] = str(voice["voice_id"])
        voice["vad_threshold"] = _number(voice["vad_threshold"], float)
        voice["vad_silence_duration_ms"] = _number(voice["vad_silence_duration_ms"], int)
        return voice

    def normalise(self, value: Any) -> dict[str, Any]:
        voice = self.settings(value)
        threshold = voice["vad_threshold"]
        return {
            "voice_id": voice["voice_id"].lower(),
            "vad_threshold": round(threshold, 2) if isinstance(threshold, float) else threshold,
            "vad_silence_duration_ms": voice["vad_silence_duration_ms"],
        }

    def is_empty(self, value: Any) -> bool:
        return not value

    def _shown(self, key: str, voice: Mapping[str, Any]) -> str:
        value = voice[key]
        if key == "vad_threshold" and isinstance(value, float):
            return f"{value:.2f}"
        if key == "vad_silence_duration_ms" and isinstance(value, int):
            return f"{value:,} ms"
        return str(value)

    def display(self, value: Any) -> str:
        voice = self.settings(value)
        silence = voice["vad_silence_duration_ms"]
        seconds = f" ({silence / 1000:g} s)" if isinstance(silence, int) else ""
        return (
            f"{voice['voice_id']}, speech sensitivity {self._shown('vad_threshold', voice)}, "
            f"pause {self._shown('vad_silence_duration_ms', voice)}{seconds}"
        )

    def _changed_keys(self, before: Any, after: Any) -> set[str]:
        old, new = self.normalise(before), self.normalise(after)
        return {key for key in old if old[key] != new[key]}

    def summary(self, before: Any, after: Any) -> str:
        changed = self._changed_keys(before, after)
        old, new = self.settings(before), self.settings(after)
        words = {key: words for key, _, words in self.SETTINGS}
        return ", ".join(
            f"{words[key]} {self._shown(key, old)} → {self._shown(key, new)}"
            for key in self.SUMMARY_ORDER
            if key in changed
        )

    def diff(self, before: Any, after: Any) -> SettingsDiff:
        changed = self._changed_keys(before, after)
        old, new = self.settings(before), self.settings(after)
        return SettingsDiff(
            tuple(
                SettingChange(label, self._shown(key, old), self._shown(key, new), key in changed)
                for key, label, _ in self.SETTINGS
            )
        )


class IdListField(Field):
    """A list of ids where order does not matter: knowledge collections."""

    template = "agents_ui/diff/id_list.html"

    def __init__(self, label: str, *, noun: str, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.noun = noun

    def _ids(self, value: Any) -> list[str]:
        ids = [str(item).strip() for item in value or ()]
        return list(dict.fromkeys(item for item in ids if item))

    def normalise(self, value: Any) -> list[str]:
        return sorted(self._ids(value))

    def display(self, value: Any) -> str:
        return ", ".join(self._ids(value)) or self.empty

    def brief(self, value: Any) -> str:
        return _listed(self._ids(value)) or self.empty

    def diff(self, before: Any, after: Any) -> IdListDiff:
        old, new = self._ids(before), self._ids(after)
        return IdListDiff(
            added=tuple(item for item in new if item not in old),
            removed=tuple(item for item in old if item not in new),
            kept=tuple(item for item in new if item in old),
        )

    def summary(self, before: Any, after: Any) -> str:
        diff = self.diff(before, after)
        return _what_happened(self.noun, added=diff.added, removed=diff.removed)


class AssignmentField(Field):
    """Which agent a phone number answers for.

    A value is {"agent_id": …, "agent_name": …}, a bare agent name, or None (unassigned).
    Read from a record's "agent" key, or from its "agent_id"/"agent_name" keys as the
    records of assignments hold them."""

    def keys(self) -> tuple[str, ...]:
        return (self.key, "agent_id", "agent_name")

    def value_of(self, record: Mapping[str, Any] | None) -> Any:
        record = record or {}
        if self.key in record:
            return record[self.key]
        if record.get("agent_id") or record.get("agent_name"):
            return {"agent_id": record.get("agent_id"), "agent_name": record.get("agent_name")}
        return None

    def normalise(self, value: Any) -> str | None:
        if isinstance(value, Mapping):
            return value.get("agent_id") or value.get("agent_name") or None
        return str(value) if value else None

    def display(self, value: Any) -> str:
        if isinstance(value, Mapping):
            return str(value.get("agent_name") or value.get("agent_id") or self.empty)
        return str(value) if value else self.empty

    def summary(self, before: Any, after: Any) -> str:
        if not self.has_changed(before, after):
            return ""
        shown = [
            self.display(value) if self.normalise(value) else self.empty.lower()
            for value in (before, after)
        ]
        return " → ".join(shown)

    def diff(self, before: Any, after: Any) -> SettingsDiff:
        return SettingsDiff((SettingChange("Agent", self.display(before), self.display(after)),))


class ToolsField(Field):
    """The agent's tools, as cards matched by identity: a function by its name, an MCP
    server by its label, any other tool by its kind. The API keeps the tools in the order
    given, so a new order is a change too (said as such when nothing else changed)."""

    template = "agents_ui/diff/tools.html"

    def _tools(self, value: Any) -> list[dict[str, Any]]:
        tools = [tool for tool in value or () if isinstance(tool, Mapping)]
        return [_tidy_tool(tool) for tool in redact_tools(tools)]

    def normalise(self, value: Any) -> list[str]:
        return [_canonical(tool) for tool in self._tools(value)]

    def display(self, value: Any) -> str:
        return ", ".join(_tool_title(tool) for tool in self._tools(value)) or self.empty

    def brief(self, value: Any) -> str:
        return _listed([_tool_title(tool) for tool in self._tools(value)]) or self.empty

    def _matched(
        self, before: Any, after: Any
    ) -> tuple[list[dict], list[dict], list[tuple[dict, dict]]]:
        """(added, removed, kept pairs): the k-th tool of an identity before meets the k-th
        after, so two unnamed web searches still pair up."""
        old = _by_identity(self._tools(before))
        new = _by_identity(self._tools(after))
        added = [tool for key, tool in new.items() if key not in old]
        removed = [tool for key, tool in old.items() if key not in new]
        kept = [(old[key], tool) for key, tool in new.items() if key in old]
        return added, removed, kept

    def summary(self, before: Any, after: Any) -> str:
        added, removed, kept = self._matched(before, after)
        changed = [new for old, new in kept if _canonical(old) != _canonical(new)]
        said = _what_happened(
            "tool",
            added=[_tool_title(tool) for tool in added],
            removed=[_tool_title(tool) for tool in removed],
            changed=[_tool_title(tool) for tool in changed],
        )
        if not said and self.has_changed(before, after):
            return "tools put in a new order"
        return said

    def diff(self, before: Any, after: Any) -> ToolsDiff:
        added, removed, kept = self._matched(before, after)
        cards = [_tool_card("added", tool) for tool in added]
        cards += [_tool_card("removed", tool) for tool in removed]
        unchanged = []
        for old, new in kept:
            if _canonical(old) == _canonical(new):
                unchanged.append(_tool_title(new))
            else:
                cards.append(
                    ToolCardDiff(
                        "changed",
                        _tool_title(new),
                        _tool_kind(new),
                        changes=tuple(_tool_changes(old, new)),
                    )
                )
        return ToolsDiff(tuple(cards), tuple(unchanged))


# --- The registries ---------------------------------------------------------------------------

AGENT_FIELDS: dict[str, Field] = {
    "name": TextField("Name", short_label="name", empty="No name", key="name"),
    "instructions": LongTextField(
        "Instructions", short_label="instructions", empty="No instructions", key="instructions"
    ),
    "voice": VoiceField("Voice and turn-taking", short_label="voice", empty="", key="voice"),
    "tools": ToolsField("Tools", short_label="tools", empty="No tools", key="tools"),
    "collection_ids": IdListField(
        "Knowledge collections (collection IDs)",
        short_label="knowledge collections",
        noun="collection",
        empty="No knowledge collections",
        key="collection_ids",
    ),
}

PHONE_NUMBER_FIELDS: dict[str, Field] = {
    "name": TextField("Name", short_label="name", empty="No name", key="name"),
    "description": TextField(
        "Description", short_label="description", empty="No description", key="description"
    ),
    "agent": AssignmentField(
        "Answers for (agent)", short_label="agent", empty="Unassigned", key="agent"
    ),
}

REGISTRIES: dict[str, dict[str, Field]] = {
    "agent": AGENT_FIELDS,
    "phone_number": PHONE_NUMBER_FIELDS,
}


def fields_of(kind: str) -> dict[str, Field]:
    """The registry of a kind of record: "agent" or "phone_number" (an audit resource type)."""
    try:
        return REGISTRIES[kind]
    except KeyError:
        raise ValueError(f"No comparison for records of kind {kind!r}.") from None


def _selected(kind: str, fields: Iterable[str] | None) -> list[tuple[str, Field]]:
    registry = fields_of(kind)
    if fields is None:
        return list(registry.items())
    wanted = set(fields)
    # "agent_id" names the assignment field in older records of number moves.
    return [
        (name, field)
        for name, field in registry.items()
        if name in wanted or wanted.intersection(field.keys())
    ]


def _compared(
    kind: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    fields: Iterable[str] | None,
) -> list[tuple[str, Field, Any, Any]]:
    """The fields that differ, with their values: for a created or deleted record, the fields
    it had a value for."""
    compared = []
    for name, field in _selected(kind, fields):
        old, new = field.value_of(before), field.value_of(after)
        if before is None or after is None:
            if not field.is_empty(new if before is None else old):
                compared.append((name, field, old, new))
        elif (field.present(before) or field.present(after)) and field.has_changed(old, new):
            compared.append((name, field, old, new))
    return compared


def changed_fields(
    kind: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> list[str]:
    """The fields that differ between two versions (None: the record did not exist), in
    registry order. A field missing from both (partial records) has not changed."""
    return [name for name, *_ in _compared(kind, before, after, None)]


def field_diffs(
    kind: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    fields: Iterable[str] | None = None,
) -> list[FieldDiff]:
    """Of `fields` (all by default), those that changed, ready for
    {% include "agents_ui/diff/field_diffs.html" with diffs=… %}."""
    change = CREATED if before is None else DELETED if after is None else CHANGED
    diffs = []
    for name, field, old, new in _compared(kind, before, after, fields):
        if change == CHANGED:
            summary = field.summary(old, new)
        else:
            summary = f"{field.short_label}: {field.brief(new if change == CREATED else old)}"
        diffs.append(
            FieldDiff(
                field=name,
                label=field.label,
                before_display="" if change == CREATED else field.display(old),
                after_display="" if change == DELETED else field.display(new),
                summary=summary,
                detail=field.diff(old, new),
                template=field.template,
                change=change,
            )
        )
    return diffs


def summarise(kind: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> str:
    """One line of what changed, field by field: "silence 300 ms → 800 ms; added tool x"."""
    change = CREATED if before is None else DELETED if after is None else CHANGED
    parts = []
    for _, field, old, new in _compared(kind, before, after, None):
        if change == CHANGED:
            parts.append(field.summary(old, new))
        else:
            parts.append(f"{field.short_label}: {field.brief(new if change == CREATED else old)}")
    return "; ".join(part for part in parts if part)


def conflicting_fields(
    fields: Iterable[str],
    original: Mapping[str, Any] | None,
    current: Mapping[str, Any] | None,
    kind: str = "agent",
) -> list[str]:
    """Of `fields`, those whose value in `current` differs from `original`: what someone
    else changed since a form was opened."""
    registry = fields_of(kind)
    return [
        name
        for name in fields
        if name in registry
        and registry[name].has_changed(
            registry[name].value_of(original), registry[name].value_of(current)
        )
    ]


# --- Text, line by line and word by word ------------------------------------------------------


def _lines(text: str | None) -> list[str]:
    return normalise_newlines(text).split("\n") if text else []


def _line_opcodes(before: list[str], after: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib opcodes over lines, after setting aside the common first and last lines
    (most edits touch a few lines of a long text)."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end = 0
    while end < limit - start and before[-1 - end] == after[-1 - end]:
        end += 1
    opcodes: list[tuple[str, int, int, int, int]] = []
    if start:
        opcodes.append(("equal", 0, start, 0, start))
    opcodes += _middle_opcodes(before, after, start, len(before) - end, start, len(after) - end)
    if end:
        opcodes.append(("equal", len(before) - end, len(before), len(after) - end, len(after)))
    return _joined(opcodes)


def _middle_opcodes(
    before: list[str], after: list[str], i1: int, i2: int, j1: int, j2: int
) -> list[tuple[str, int, int, int, int]]:
    if i1 == i2 and j1 == j2:
        return []
    if i1 == i2:
        return [("insert", i1, i2, j1, j2)]
    if j1 == j2:
        return [("delete", i1, i2, j1, j2)]
    if max(i2 - i1, j2 - j1) <= LINE_DIFF_LINES:
        matcher = difflib.SequenceMatcher(None, before[i1:i2], after[j1:j2])
        return [
            (tag, a1 + i1, a2 + i1, b1 + j1, b2 + j1)
            for tag, a1, a2, b1, b2 in matcher.get_opcodes()
        ]
    # Too many lines for difflib (it slows down sharply with many short, repeated lines):
    # anchor on lines that occur once on each side, in order, and compare between them.
    anchors = _unique_line_anchors(before[i1:i2], after[j1:j2])
    if not anchors:
        return [("replace", i1, i2, j1, j2)]
    opcodes: list[tuple[str, int, int, int, int]] = []
    last_i, last_j = i1, j1
    for a, b in anchors:
        opcodes += _middle_opcodes(before, after, last_i, i1 + a, last_j, j1 + b)
        opcodes.append(("equal", i1 + a, i1 + a + 1, j1 + b, j1 + b + 1))
        last_i, last_j = i1 + a + 1, j1 + b + 1
    return opcodes + _middle_opcodes(before, after, last_i, i2, last_j, j2)


def _unique_line_anchors(before: list[str], after: list[str]) -> list[tuple[int, int]]:
    """Lines found exactly once on each side, as (before index, after index): the longest
    run of them that is in order on both sides (patience diff's anchors, O(n log n))."""
    counts: dict[str, list[int]] = {}
    for index, line in enumerate(before):
        counts.setdefault(line, [0, 0, index])[0] += 1
    for index, line in enumerate(after):
        if line in counts:
            entry = counts[line]
            entry[1] += 1
            entry.append(index)
    pairs = sorted(
        (entry[2], entry[3]) for entry in counts.values() if entry[0] == 1 and entry[1] == 1
    )
    # Longest increasing run of after-indexes: patience sorting with back links.
    tails: list[int] = []  # for each run length, the position in `pairs` of its last pair
    tail_values: list[int] = []  # and that pair's after-index
    back: list[int | None] = []
    for position, (_, after_index) in enumerate(pairs):
        length = bisect.bisect_left(tail_values, after_index)
        back.append(tails[length - 1] if length else None)
        if length == len(tails):
            tails.append(position)
            tail_values.append(after_index)
        else:
            tails[length] = position
            tail_values[length] = after_index
    run: list[tuple[int, int]] = []
    position = tails[-1] if tails else None
    while position is not None:
        run.append(pairs[position])
        position = back[position]
    return run[::-1]


def _joined(
    opcodes: list[tuple[str, int, int, int, int]],
) -> list[tuple[str, int, int, int, int]]:
    """Neighbouring opcodes of the same kind as one."""
    joined: list[tuple[str, int, int, int, int]] = []
    for opcode in opcodes:
        if joined and joined[-1][0] == opcode[0]:
            tag, i1, _, j1, _ = joined[-1]
            joined[-1] = (tag, i1, opcode[2], j1, opcode[4])
        else:
            joined.append(opcode)
    return joined


class _Words:
    """Word-by-word comparison of changed line pairs, within one text's budget."""

    def __init__(self) -> None:
        self.budget = WORD_DIFF_BUDGET
        self.word_level = True

    def compare(self, old: str, new: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
        a, b = _TOKEN.findall(old), _TOKEN.findall(new)
        # Words match by their text alone ("order " before a space is "order" before a
        # comma); each side keeps its own spacing when shown.
        key_a, key_b = [token.rstrip() for token in a], [token.rstrip() for token in b]
        start = 0
        limit = min(len(a), len(b))
        while start < limit and key_a[start] == key_b[start]:
            start += 1
        end = 0
        while end < limit - start and key_a[-1 - end] == key_b[-1 - end]:
            end += 1
        middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
        size = len(middle_a) + len(middle_b)
        if max(len(middle_a), len(middle_b)) > WORD_DIFF_TOKENS or size > self.budget:
            # Too long to compare word by word: the changed middle is marked as a whole.
            self.word_level = self.word_level and not (middle_a and middle_b)
            opcodes = [("replace", 0, len(middle_a), 0, len(middle_b))]
        else:
            self.budget -= size
            opcodes = difflib.SequenceMatcher(
                None, key_a[start : len(a) - end], key_b[start : len(b) - end], autojunk=False
            ).get_opcodes()
        before = [(EQUAL, "".join(a[:start]))]
        after = [(EQUAL, "".join(b[:start]))]
        for tag, i1, i2, j1, j2 in opcodes:
            old_part, new_part = "".join(middle_a[i1:i2]), "".join(middle_b[j1:j2])
            if tag == "equal":
                before.append((EQUAL, old_part))
                after.append((EQUAL, new_part))
                continue
            # Spaces at the edges of a change that both sides share are not part of it.
            lead, trail = _shared_edge_spaces(old_part, new_part)
            before += _marked(DELETE, old_part, lead, trail)
            after += _marked(INSERT, new_part, lead, trail)
        before.append((EQUAL, "".join(a[len(a) - end :])))
        after.append((EQUAL, "".join(b[len(b) - end :])))
        return _merged(before), _merged(after)


def _shared_edge_spaces(old: str, new: str) -> tuple[int, int]:
    """How many leading and trailing whitespace characters to leave unmarked on each side.
    A change on one side only keeps its own edge spaces unmarked."""
    if not old or not new:
        part = old or new
        if not part.strip():
            return 0, 0
        return len(part) - len(part.lstrip()), len(part) - len(part.rstrip())
    lead = 0
    while lead < min(len(old), len(new)) and old[lead] == new[lead] and old[lead].isspace():
        lead += 1
    trail = 0
    while (
        trail < min(len(old), len(new)) - lead
        and old[-1 - trail] == new[-1 - trail]
        and old[-1 - trail].isspace()
    ):
        trail += 1
    return lead, trail


def _marked(kind: str, text: str, lead: int, trail: int) -> list[tuple[str, str]]:
    if not text:
        return []
    if lead + trail >= len(text):
        return [(kind, text)]
    return [
        (EQUAL, text[:lead]),
        (kind, text[lead : len(text) - trail]),
        (EQUAL, text[len(text) - trail :]),
    ]


def _merged(parts: list[tuple[str, str]]) -> tuple[Segment, ...]:
    merged: list[list[str]] = []
    for kind, text in parts:
        if not text:
            continue
        if merged and merged[-1][0] == kind:
            merged[-1][1] += text
        else:
            merged.append([kind, text])
    return tuple(Segment(kind, text) for kind, text in merged)


def text_diff(before: str | None, after: str | None) -> TextDiff:
    """Two texts compared line by line, and word by word inside changed line pairs."""
    old, new = _lines(before), _lines(after)
    opcodes = _line_opcodes(old, new)
    words = _Words()
    rows: list[LineRow] = []
    shown = changed = 0
    last = len(opcodes) - 1
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            rows += _context_rows(old, i1, i2, j1, first=index == 0, final=index == last)
            continue
        changed += max(i2 - i1, j2 - j1)
        for offset in range(max(i2 - i1, j2 - j1)):
            if shown >= MAX_CHANGED_LINES:
                break
            shown += 1
            i, j = i1 + offset, j1 + offset
            if i < i2 and j < j2:
                before_segments, after_segments = words.compare(old[i], new[j])
                rows.append(LineRow("changed", i + 1, j + 1, before_segments, after_segments))
            elif i < i2:
                rows.append(LineRow("removed", i + 1, None, _whole_line(DELETE, old[i])))
            else:
                rows.append(LineRow("added", None, j + 1, (), _whole_line(INSERT, new[j])))
    return TextDiff(
        rows=tuple(rows),
        lines_changed=changed,
        before_characters=len("\n".join(old)),
        after_characters=len("\n".join(new)),
        word_level=words.word_level,
        lines_not_shown=changed - shown,
        numbered=max(len(old), len(new)) > 1,
    )


def _whole_line(kind: str, line: str) -> tuple[Segment, ...]:
    """A line added or removed as a whole: marked, all but its indentation (a blank line is
    still marked, so that it shows)."""
    if not line.strip():
        return (Segment(kind, line),)
    lead, trail = _shared_edge_spaces(line, "")
    return _merged(_marked(kind, line, lead, trail))


def _context_rows(
    lines: list[str], start: int, stop: int, other_start: int, *, first: bool, final: bool
) -> list[LineRow]:
    """Unchanged lines: a few beside each change, the rest counted in one "skipped" row."""
    head = 0 if first else CONTEXT_LINES
    tail = 0 if final else CONTEXT_LINES
    count = stop - start

    def row(offset: int) -> LineRow:
        line = (Segment(EQUAL, lines[start + offset]),)
        return LineRow("equal", start + offset + 1, other_start + offset + 1, line, line)

    if count <= head + tail + 1:
        return [row(offset) for offset in range(count)]
    return [
        *(row(offset) for offset in range(head)),
        LineRow("skipped", skipped=count - head - tail),
        *(row(offset) for offset in range(count - tail, count)),
    ]


# --- Tools ------------------------------------------------------------------------------------

# Plain words for each setting of a tool, the API's name in brackets where it helps.
TOOL_SETTING_LABELS: dict[str, str] = {
    "name": "Name",
    "description": "Description",
    "parameters": "What the function needs (parameters)",
    "allowed_x_handles": "Only these X accounts (allowed handles)",
    "excluded_x_handles": "Not these X accounts (excluded handles)",
    "from_date": "From (from date)",
    "to_date": "Until (to date)",
    "server_url": "Server address (server URL)",
    "server_label": "Label (server label)",
    "server_description": "Description (server description)",
    "allowed_tool_names": "Tools it may use (allowed tool names)",
    "authorization": "Authorization",
    "extra_headers": "Extra headers",
}
_SETTING_ORDER = {key: position for position, key in enumerate(TOOL_SETTING_LABELS)}
_TEXT_SETTINGS = frozenset({"description", "server_description"})
_CODE_SETTINGS = frozenset({"parameters"})


def _tidy_tool(tool: Mapping[str, Any]) -> dict[str, Any]:
    """A tool without its unset settings: an empty description is no description."""
    tidy = {key: value for key, value in tool.items() if is_set(value)}
    if isinstance(tidy.get("function"), Mapping):
        tidy["function"] = {key: value for key, value in tidy["function"].items() if is_set(value)}
    return tidy


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _tool_kind(tool: Mapping[str, Any]) -> str:
    kind = str(tool.get("type", ""))
    return TOOL_KINDS.get(kind, kind.replace("_", " ").capitalize() or "Tool")


def _tool_identity(tool: Mapping[str, Any]) -> tuple[str, str]:
    kind = str(tool.get("type", ""))
    spec = tool.get("function")
    if kind == "function" and isinstance(spec, Mapping) and spec.get("name"):
        return kind, str(spec["name"])
    if kind == "mcp" and tool.get("server_label"):
        return kind, str(tool["server_label"])
    return kind, ""


def _tool_title(tool: Mapping[str, Any]) -> str:
    return _tool_identity(tool)[1] or _tool_kind(tool)


def _by_identity(tools: list[dict[str, Any]]) -> dict[tuple[str, str, int], dict[str, Any]]:
    seen: dict[tuple[str, str], int] = {}
    keyed = {}
    for tool in tools:
        identity = _tool_identity(tool)
        seen[identity] = seen.get(identity, 0) + 1
        keyed[(*identity, seen[identity])] = tool
    return keyed


def _tool_settings(tool: Mapping[str, Any]) -> dict[str, Any]:
    """A tool's settings in one flat mapping (a function's live inside "function"), in the
    order of TOOL_SETTING_LABELS, then any others."""
    settings = {key: value for key, value in tool.items() if key not in ("type", "function")}
    spec = tool.get("function")
    if isinstance(spec, Mapping):
        settings = {**spec, **settings}
    elif spec is not None:
        settings["function"] = spec
    return dict(sorted(settings.items(), key=lambda item: _SETTING_ORDER.get(item[0], 99)))


def _setting_label(key: str) -> str:
    return TOOL_SETTING_LABELS.get(key, key.replace("_", " ").capitalize())


def _setting_text(key: str, value: Any) -> str:
    if value is None:
        return "Not set"
    if key in _CODE_SETTINGS:
        return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "Not set"
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _tool_card(status: str, tool: Mapping[str, Any]) -> ToolCardDiff:
    settings = []
    for key, value in _tool_settings(tool).items():
        if key in SECRET_FIELDS:
            settings.append(ToolSetting(_setting_label(key), "Set"))
        elif key != "name":
            settings.append(
                ToolSetting(_setting_label(key), _setting_text(key, value), key in _CODE_SETTINGS)
            )
    return ToolCardDiff(status, _tool_title(tool), _tool_kind(tool), settings=tuple(settings))


def _tool_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[ToolChange]:
    before, after = _tool_settings(old), _tool_settings(new)
    changes = []
    keys = sorted({*before, *after}, key=lambda key: (_SETTING_ORDER.get(key, 99), key))
    for key in keys:
        old_value, new_value = before.get(key), after.get(key)
        if _canonical(old_value) == _canonical(new_value):
            continue
        label = _setting_label(key)
        if key in SECRET_FIELDS:
            # Markers are keyed hashes: equal markers, equal credentials. Say no more.
            verb = "set" if old_value is None else "removed" if new_value is None else "changed"
            changes.append(ToolChange(label, "secret", note=f"{label} {verb}"))
        elif key in _TEXT_SETTINGS or key in _CODE_SETTINGS:
            old_text = "" if old_value is None else _setting_text(key, old_value)
            new_text = "" if new_value is None else _setting_text(key, new_value)
            changes.append(
                ToolChange(
                    label,
                    "text",
                    old_text or "Not set",
                    new_text or "Not set",
                    text=text_diff(old_text, new_text),
                )
            )
        else:
            changes.append(
                ToolChange(
                    label, "value", _setting_text(key, old_value), _setting_text(key, new_value)
                )
            )
    return changes


# --- Words ------------------------------------------------------------------------------------


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _listed(names: Sequence[str]) -> str:
    """ "a, b, c" — or "a, b, c, d, e and 3 more" for a long list."""
    if len(names) <= BRIEF_ITEMS + 1:
        return ", ".join(names)
    return f"{', '.join(names[:BRIEF_ITEMS])} and {len(names) - BRIEF_ITEMS} more"


def _what_happened(noun: str, **names_by_verb: Sequence[str]) -> str:
    """ "added tool a; removed b; changed c": the noun once, in the first part."""
    parts = []
    for verb, names in names_by_verb.items():
        if names:
            noun_here = f"{noun}{'s' if len(names) > 1 else ''} " if not parts else ""
            parts.append(f"{verb} {noun_here}{_listed(names)}")
    return "; ".join(parts)


def _number(value: Any, kind: type) -> Any:
    """A number read as `kind`, or the value as it came when it is not a number."""
    try:
        return kind(value) if not isinstance(value, bool) else value
    except (TypeError, ValueError):
        return value
