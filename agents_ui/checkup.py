"""The agent checkup: mistakes a machine can spot in an agent's settings, in plain words.

Pure Python over the service module's dataclasses (`api.Agent`, `api.PhoneNumber`) or the
API-shaped dict an edit form produces: no views, no HTTP, no upstream calls, so a page can
run it on the lists it has already loaded.

    findings = checkup.check_agent(agent, number=number, previous=agent_before_the_save)
    findings = checkup.check_values(proposed_values, previous_values=current_values)
    team = checkup.check_team(agents, numbers)

Every `Finding` says what is wrong and why it matters (`message`), what to do (`fix`), and
where: the agent field (`field`) and, for the instructions, the lines (`line`, `end_line`).

Severity. A *problem* stops part of the agent from working and is found with certainty: a
tool the instructions rely on is not attached, knowledge that can never be searched, two
tools with one name. *Worth a look* is a likely mistake that can also be deliberate:
repeated text, turn-taking at an extreme, a tool the instructions never mention, a big
change of length in one save, an agent without a number, a number without an agent.

Tool names are found in the instructions as whole words (_ and - belong to the word, so
`order` is not in `lookup_order`); a name counts as a tool the agent lacks only when it is
written like one (snake_case, a call, or code in backticks): see `_tool_like_names`.

Every limit lives in `LIMITS`, with the reason for its value. Findings never contain the
credentials of MCP tools (`authorization`, `extra_headers`) nor their server URLs: the
checkup never reads them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from difflib import get_close_matches
from itertools import compress, count, repeat
from types import MappingProxyType
from typing import Any, NamedTuple

from rapidfuzz.distance.LCSseq import similarity as _common_subsequence

from agents_ui.api import Agent, PhoneNumber
from agents_ui.formatting import format_number
from agents_ui.text import normalise_newlines
from agents_ui.tool_rules import TOOL_KINDS

__all__ = [
    "FIELDS",
    "LIMITS",
    "PROBLEM",
    "RULES",
    "SEARCH_TOOLS",
    "SEVERITY_LABELS",
    "WORTH_A_LOOK",
    "AgentCheckup",
    "Finding",
    "IdleNumber",
    "Limits",
    "TeamCheckup",
    "TeamCounts",
    "check_agent",
    "check_team",
    "check_values",
    "problems_added",
]

PROBLEM = "problem"
WORTH_A_LOOK = "worth-a-look"
SEVERITY_LABELS = {PROBLEM: "Problem", WORTH_A_LOOK: "Worth a look"}

# The agent's fields in the order the edit form shows them; findings are sorted by it.
FIELDS = ("name", "instructions", "tools", "voice", "collection_ids", "phone_number")


@dataclass(frozen=True, slots=True)
class Limits:
    """Every threshold of the checkup, in one place. Values at a limit are fine."""

    # The VAD threshold runs from 0 to 1, and lower hears quieter sound. Above 0.85 only
    # loud, close speech counts as speech: soft voices, speakerphones and poor mobile lines
    # fall below it. Below 0.15 breathing, traffic or a television count as speech. The
    # dashboard's presets use 0.4 to 0.6.
    vad_threshold_min: float = 0.15
    vad_threshold_max: float = 0.85
    # The silence (in ms) that ends a caller's turn. Under 200 ms the short pauses people
    # make between phrases end their turn, so the agent cuts in mid-sentence. After more
    # than 3 seconds of silence on a phone line, people ask "hello, are you still there?".
    silence_ms_min: int = 200
    silence_ms_max: int = 3_000
    # Blocks of fewer words are ignored: "Thank you." twice is not a mistake.
    min_block_words: int = 8
    # Nearly repeated blocks need more words: in a short one, the one or two words that
    # differ are usually its point ("Step 1: ask for the order number and read it back",
    # "Step 2: ask for the postcode and read it back").
    min_near_duplicate_words: int = 15
    # A block "repeats most of another" when this share of the shorter one's words appear,
    # in the same order, in the other. An edited copy keeps most of its words; two different
    # rules written the same way ("If the caller asks about X, explain Y") stay well below.
    near_duplicate_share: float = 0.8
    # Repeated runs of lines separated by at most this many changed lines are one passage.
    max_gap_lines: int = 2
    # A save that makes the instructions more than half longer (over 1.5 times) or more
    # than half shorter (under 0.5 times) is worth a second look: that is what pasting on
    # top of the old text, or deleting a part by accident, does.
    size_change_share: float = 0.5
    # ... but only for instructions at least this long before the save: rewriting most of
    # a short text is ordinary editing.
    size_change_min_chars: int = 500


LIMITS = Limits()

# rule code -> (severity, title). The codes are stable: screens and tests rely on them.
RULES: dict[str, tuple[str, str]] = {
    "duplicate-block": (WORTH_A_LOOK, "Repeated text in the instructions"),
    "near-duplicate-block": (WORTH_A_LOOK, "Nearly repeated text in the instructions"),
    "instructions-grew": (WORTH_A_LOOK, "The instructions grew a lot in one save"),
    "instructions-shrank": (WORTH_A_LOOK, "The instructions shrank a lot in one save"),
    "tool-not-attached": (PROBLEM, "A tool named in the instructions is not attached"),
    "tool-not-mentioned": (WORTH_A_LOOK, "A tool the instructions never mention"),
    "duplicate-tool-name": (PROBLEM, "Two tools with the same name"),
    "tool-without-description": (WORTH_A_LOOK, "A function tool without a description"),
    "file-search-without-collections": (PROBLEM, "File search has nothing to search"),
    "collections-without-file-search": (PROBLEM, "Knowledge the agent cannot search"),
    "vad-threshold-high": (WORTH_A_LOOK, "Quiet callers may not be heard"),
    "vad-threshold-low": (WORTH_A_LOOK, "Background noise may trigger replies"),
    "silence-too-short": (WORTH_A_LOOK, "The agent may talk over callers"),
    "silence-too-long": (WORTH_A_LOOK, "Callers may think the line is dead"),
    "agent-without-number": (WORTH_A_LOOK, "No phone number"),
    "number-without-agent": (WORTH_A_LOOK, "A phone number that answers nobody"),
    "number-agent-missing": (WORTH_A_LOOK, "A phone number whose agent is gone"),
}

# Tool types that are named like functions and can be attached without a name of their own.
SEARCH_TOOLS = {kind: TOOL_KINDS[kind] for kind in ("web_search", "x_search", "file_search")}


class _WrittenWhenRead:
    """The base of `Finding`: words the checkup writes only when someone reads them.

    A team's checkup finds thousands of things and a page shows a few dozen, so the
    checkup notes how to write a finding's message and fix (and, for repeated text, its
    subject: the words of the passage) and leaves those slots empty. Reading one of them
    by any means (an attribute, a template, `==`, `hash`, `repr`, `dataclasses.astuple`,
    pickling) finds the slot empty, lands here, and writes all of them once.
    """

    __slots__ = ("_writer",)

    def __getattr__(self, name: str) -> Any:
        # Only called when ordinary lookup fails: an unknown name, or words not yet written.
        if name in _WRITTEN_LATER:
            try:
                write, arguments = _writer_slot.__get__(self, _WrittenWhenRead)
            except AttributeError:  # written already, or a finding made with its words
                pass
            else:
                words = write(*arguments)
                _set_message(self, words[0])
                _set_fix(self, words[1])
                if len(words) > 2:
                    _set_subject(self, words[2])
                _writer_slot.__delete__(self)  # and let go of the text it needed
                return getattr(self, name)
        raise AttributeError(
            f"{type(self).__name__!r} object has no attribute {name!r}", name=name, obj=self
        )


_writer_slot = _WrittenWhenRead.__dict__["_writer"]
_WRITTEN_LATER = frozenset({"message", "fix", "subject"})


@dataclass(frozen=True, slots=True)
class Finding(_WrittenWhenRead):
    """One thing the checkup noticed, in words for support staff."""

    rule: str
    severity: str
    title: str
    message: str
    fix: str
    field: str
    line: int | None = None
    end_line: int | None = None
    # What the finding is about, e.g. a tool's name or the start of a repeated passage.
    subject: str | None = None

    @property
    def is_problem(self) -> bool:
        return self.severity == PROBLEM

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    @property
    def key(self) -> tuple[str, str, str | None]:
        """What stays the same while someone edits around it: not the line, which moves."""
        return (self.rule, self.field, self.subject)


# Words are (message, fix) or (message, fix, subject).
_Words = tuple[str, ...]
# The subject of a finding whose writer also writes its subject.
_WRITTEN_WITH_WORDS: Any = object()


def _finding(
    rule: str,
    message: str,
    fix: str,
    field: str,
    *,
    line: int | None = None,
    end_line: int | None = None,
    subject: str | None = None,
    severity: str | None = None,
) -> Finding:
    finding = _bare_finding(rule, field, line, end_line, severity)
    _set_message(finding, message)
    _set_fix(finding, fix)
    _set_subject(finding, subject)
    return finding


def _finding_written_later(
    rule: str,
    field: str,
    write: Callable[..., _Words],
    *arguments: Any,
    line: int | None = None,
    end_line: int | None = None,
    subject: str | None = _WRITTEN_WITH_WORDS,
    severity: str | None = None,
) -> Finding:
    """A finding whose words `write(*arguments)` writes when they are first read.

    `write` must depend on its arguments alone (no state that changes later), and never
    fail: it runs inside attribute access.
    """
    finding = _bare_finding(rule, field, line, end_line, severity)
    _writer_slot.__set__(finding, (write, arguments))
    if subject is not _WRITTEN_WITH_WORDS:
        _set_subject(finding, subject)
    return finding


def _bare_finding(
    rule: str, field: str, line: int | None, end_line: int | None, severity: str | None
) -> Finding:
    default_severity, title = RULES[rule]
    # Filled slot by slot: a frozen dataclass's __init__ goes through object.__setattr__
    # for each field, which costs more than working out most findings (a team has
    # thousands).
    finding = _new_finding(Finding)
    _set_rule(finding, rule)
    _set_severity(finding, severity or default_severity)
    _set_title(finding, title)
    _set_field(finding, field)
    _set_line(finding, line)
    _set_end_line(finding, end_line if end_line != line else None)
    return finding


_new_finding = Finding.__new__
(
    _set_rule,
    _set_severity,
    _set_title,
    _set_message,
    _set_fix,
    _set_field,
    _set_line,
    _set_end_line,
    _set_subject,
) = (Finding.__dict__[name].__set__ for name in Finding.__slots__)
assert Finding.__slots__ == tuple(each.name for each in fields(Finding))


_SEVERITY_ORDER = {PROBLEM: 0, WORTH_A_LOOK: 1}
_FIELD_ORDER = {name: index for index, name in enumerate(FIELDS)}


def _ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Problems first, then by field as the form shows them, then by line; else as found."""
    return sorted(
        findings,
        key=lambda finding: (
            _SEVERITY_ORDER[finding.severity],
            _FIELD_ORDER[finding.field],
            finding.line if finding.line is not None else float("inf"),
        ),
    )


def problems_added(current: Iterable[Finding], proposed: Iterable[Finding]) -> list[Finding]:
    """The problems in `proposed` that `current` does not have: what "Save anyway?" names."""
    known = {finding.key for finding in current if finding.is_problem}
    return [finding for finding in proposed if finding.is_problem and finding.key not in known]


# --- What the rules read, from an Agent or from form values ---------------------------------


class _Tools(NamedTuple):
    """What the tool rules read, gathered in one pass over the agent's tools.

    Only names, descriptions, parameter names and MCP server labels and tool lists are
    read: never credentials or URLs.
    """

    # The first function tool of each name in lower case: its name as written, its position
    # (1-based, as the Tools section numbers them).
    functions: dict[str, tuple[str, int]]
    positions: dict[str, list[int]]  # function tools by name as written
    undescribed: list[tuple[str, int]]  # function tools without a description
    # Words written like tool names that are not tools: parameter names ("order_id"),
    # attached search tools, MCP server labels.
    ignored: set[str]
    # MCP servers that allow all of their tools, which the dashboard cannot list without
    # calling the server; and the tool names the other servers list.
    open_servers: list[str]
    server_tool_names: list[str]
    has_file_search: bool


def _is_mapping(value: Any) -> bool:
    # The exact types first: the abstract check is slow, and this runs for every tool.
    return type(value) in _MAPPING_TYPES or isinstance(value, Mapping)


_MAPPING_TYPES = (dict, MappingProxyType)
_NOTHING: Mapping[str, Any] = MappingProxyType({})
# Named tuples are built with tuple.__new__ and every field in order: their own __new__ is
# Python code, slow when a page checks thousands of tools.
_new_tuple = tuple.__new__


def _gathered_tools(tools: Iterable[tuple[int, Any, Mapping[str, Any]]]) -> _Tools:
    """`tools` as (position, type, configuration) for each tool."""
    functions: dict[str, tuple[str, int]] = {}
    positions: dict[str, list[int]] = {}
    undescribed: list[tuple[str, int]] = []
    ignored = set(_NOT_TOOL_NAMES)
    open_servers: list[str] = []
    server_tool_names: list[str] = []
    has_file_search = False
    for position, kind, config in tools:
        if kind == "function":
            spec = config.get("function")
            spec = spec if _is_mapping(spec) else _NOTHING
            name = spec.get("name")
            parameters = spec.get("parameters")
            properties = parameters.get("properties") if _is_mapping(parameters) else None
            if properties and _is_mapping(properties):
                try:
                    ignored.update(map(str.lower, properties))
                except TypeError:  # a key that is not text: never in JSON
                    ignored.update([key.lower() for key in properties if isinstance(key, str)])
            if isinstance(name, str) and name:
                functions.setdefault(name.lower(), (name, position))
                if name in positions:
                    positions[name].append(position)
                else:
                    positions[name] = [position]
                description = spec.get("description")
                if not (isinstance(description, str) and description.strip()):
                    undescribed.append((name, position))
        elif kind == "mcp":
            label, names = config.get("server_label"), config.get("allowed_tool_names")
            label = label if isinstance(label, str) and label.strip() else None
            if label:
                ignored.add(label.lower())
            if isinstance(names, list | tuple) and names:
                server_tool_names += _strings(names)
            else:
                open_servers.append(label or f"tool {position}")
        elif isinstance(kind, str) and kind in SEARCH_TOOLS:
            ignored.add(kind)
            if kind == "file_search":
                has_file_search = True
    return _new_tuple(
        _Tools,
        (
            functions,
            positions,
            undescribed,
            ignored,
            open_servers,
            server_tool_names,
            has_file_search,
        ),
    )


def _strings(items: Iterable[Any]) -> tuple[str, ...]:
    return tuple([item for item in items if isinstance(item, str)])


def _as_float(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


class _Facts(NamedTuple):
    known: frozenset[str]  # the fields given; a rule runs only when it has all it reads
    instructions: str
    tools: _Tools
    vad_threshold: float | None
    silence_ms: float | None
    collection_ids: tuple[str, ...]


_ALL_FIELDS = frozenset(FIELDS) - {"phone_number"}


def _facts_of_agent(agent: Agent) -> _Facts:
    voice = agent.voice
    return _new_tuple(
        _Facts,
        (
            _ALL_FIELDS,
            agent.instructions or "",
            _gathered_tools(
                (position, tool.type, tool.config) for position, tool in enumerate(agent.tools, 1)
            ),
            voice.vad_threshold if voice else None,
            voice.vad_silence_duration_ms if voice else None,
            agent.collection_ids,
        ),
    )


def _facts_of_values(values: Mapping[str, Any]) -> _Facts:
    tools = values.get("tools") or ()
    voice = values.get("voice")
    voice = voice if isinstance(voice, Mapping) else {}
    collection_ids = values.get("collection_ids") or ()
    if isinstance(collection_ids, str):  # one id, not a list of its letters
        collection_ids = (collection_ids,)
    instructions = values.get("instructions")
    return _Facts(
        known=frozenset(values) & _ALL_FIELDS,
        instructions=instructions if isinstance(instructions, str) else "",
        tools=_gathered_tools(
            (position, tool.get("type"), tool)
            for position, tool in enumerate(tools, 1)
            if isinstance(tool, Mapping)
        ),
        vad_threshold=_as_float(voice.get("vad_threshold")),
        silence_ms=_as_float(voice.get("vad_silence_duration_ms")),
        collection_ids=tuple(
            str(item) for item in collection_ids if isinstance(item, str) and item.strip()
        ),
    )


# --- The instructions as text ---------------------------------------------------------------


def _is_tidy(text: str, lines: Sequence[str]) -> bool:
    """Only single spaces between words, and line breaks: nothing for normalising to do.

    `lines` is `text` split at its line breaks. Every whitespace character but the space
    is "not printable" to Python (its Unicode category is Other or Separator), so one
    C-level pass finds tabs, non-breaking spaces and the like; the checkup's tests hold
    Python to that. ASCII text has a quicker test. Spaces at the ends of lines are looked
    for line by line: a text has far fewer lines than spaces.
    """
    if "  " in text:
        return False
    if text.isascii():
        if any(map(text.__contains__, _ASCII_SPACES_BUT_SPACE_AND_LINE_BREAK)):
            return False
    elif not all(map(str.isprintable, lines)):
        return False
    return not (
        any(map(str.startswith, lines, repeat(" "))) or any(map(str.endswith, lines, repeat(" ")))
    )


_ASCII_SPACES_BUT_SPACE_AND_LINE_BREAK = ("\t", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")


class _Text:
    """The instructions with one kind of line break, and how to name their lines."""

    __slots__ = ("lower", "text")

    def __init__(self, instructions: str) -> None:
        # Lines are counted as the edit box shows them, whatever line breaks were stored.
        self.text = normalise_newlines(instructions)
        lower = self.text.lower()
        # A few characters change length in lower case ("İ"); offsets must not move.
        self.lower = lower if len(lower) == len(self.text) else _ascii_lower(self.text)

    def line_of(self, offset: int) -> int:
        return self.lower.count("\n", 0, offset) + 1

    def normalised_lines(self) -> list[str]:
        """The lines in lower case, each with its words joined by single spaces."""
        lines = self.lower.split("\n")
        if _is_tidy(self.lower, lines):
            return lines
        return [" ".join(line.split()) for line in lines]


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _ascii_lower(text: str) -> str:
    return text.translate(_ASCII_LOWER)


def _percent(share: float) -> int:
    """Rounded down, so that "100%" only ever means all of them (0.57 is 57, not 56)."""
    return int(share * 100 + 1e-9)


def _lines_label(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}–{last}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- Repeated text --------------------------------------------------------------------------
# Lines and paragraphs are compared as their words in lower case joined by single spaces,
# so spacing, line wrapping and capitals never hide a copy. The hot paths stay in C-level
# string work (split, join, count, dict lookups): a page checks 1,000 agents at once.


class _Passage(NamedTuple):
    """A repeated passage: the lines of its first and its second copy, and how much repeats."""

    earlier: tuple[int, int]  # first and last line, 1-based
    later: tuple[int, int]
    share: float  # of the shorter copy's words found in the other, in order
    exact: bool = False  # word for word, whatever the spacing, line breaks and capitals


def _passage(
    earlier: tuple[int, int], later: tuple[int, int], share: float, exact: bool = False
) -> _Passage:
    return _new_tuple(_Passage, (earlier, later, share, exact))


def _words_in(lines: Sequence[str]) -> int:
    return sum(map(str.count, lines, repeat(" "))) + len(lines)


def _exact_runs(texts: Sequence[str]) -> list[tuple[int, int, int]]:
    """(earlier, later, length): runs of non-blank lines that repeat earlier ones exactly.

    Each line is compared with the first line of the same words only, and the second copy
    of a run is skipped once found, so the scan stays linear in the number of lines.
    """
    if len(set(texts)) == len(texts):
        return []
    first_seen: dict[str, int] = {}
    runs = []
    later, total = 0, len(texts)
    while later < total:
        earlier = first_seen.setdefault(texts[later], later)
        if earlier == later:
            later += 1
            continue
        length = 1
        while (
            later + length < total
            and earlier + length < later
            and texts[earlier + length] == texts[later + length]
        ):
            length += 1
        runs.append((earlier, later, length))
        later += length
    return runs


def _chained(runs: Sequence[tuple[int, int, int]]) -> list[list[tuple[int, int, int]]]:
    """Runs that follow one another in both copies, a few changed lines apart, as one."""
    chains: list[list[tuple[int, int, int]]] = []
    for run in runs:
        if chains:
            chain = chains[-1]
            (_, head_later, _), (last_earlier, last_later, last_length) = chain[0], chain[-1]
            earlier_gap = run[0] - (last_earlier + last_length)
            later_gap = run[1] - (last_later + last_length)
            if (
                0 <= earlier_gap <= LIMITS.max_gap_lines
                and 0 <= later_gap <= LIMITS.max_gap_lines
                and run[0] + run[2] <= head_later
            ):
                chain.append(run)
                continue
        chains.append([run])
    return chains


def _repeated_lines(lines: Sequence[str]) -> list[_Passage]:
    """Runs of lines that repeat earlier ones: word for word, or most of them in a chain."""
    texts = list(filter(None, lines))  # blank lines are "": runs skip them
    runs = _exact_runs(texts)
    if not runs:
        return []
    numbers = list(compress(count(1), lines))  # the line number of each text
    found: list[_Passage] = []
    for chain in _chained(runs):
        matched = [_words_in(texts[later : later + length]) for _, later, length in chain]
        (head_earlier, head_later, _), (tail_earlier, tail_later, tail_length) = chain[0], chain[-1]
        earlier_end, later_end = tail_earlier + tail_length, tail_later + tail_length
        if len(chain) > 1 and sum(matched) >= LIMITS.min_near_duplicate_words:
            shorter = min(
                _words_in(texts[head_earlier:earlier_end]), _words_in(texts[head_later:later_end])
            )
            if sum(matched) / shorter >= LIMITS.near_duplicate_share:
                found.append(
                    _passage(
                        (numbers[head_earlier], numbers[earlier_end - 1]),
                        (numbers[head_later], numbers[later_end - 1]),
                        sum(matched) / shorter,
                    )
                )
                continue
        for (earlier, later, length), words in zip(chain, matched, strict=True):
            if words >= LIMITS.min_block_words:
                found.append(
                    _passage(
                        (numbers[earlier], numbers[earlier + length - 1]),
                        (numbers[later], numbers[later + length - 1]),
                        1.0,
                        True,
                    )
                )
    return found


def _in_order_share(one: Sequence[str], other: Sequence[str]) -> float:
    """The share of the shorter list's words that appear, in the same order, in the other.

    That is the length of the longest common subsequence of the two word lists, which
    rapidfuzz works out in C++ (bit-parallel), several times quicker than Python could.
    """
    return _common_subsequence(one, other) / min(len(one), len(other))


_Paragraph = tuple[int, int, str]  # first line, last line, its words joined by single spaces


def _compared(paragraph: _Paragraph, earlier: Iterable[_Paragraph]) -> _Passage | None:
    """The passage `paragraph` makes with the earlier paragraph it repeats most of, if any."""
    first, last, words = paragraph
    best: _Passage | None = None
    needed = LIMITS.near_duplicate_share
    for other_first, other_last, other_words in earlier:
        if other_words == words:
            return _passage((other_first, other_last), (first, last), 1.0, True)
        one, other = words.split(" "), other_words.split(" ")
        if min(len(one), len(other)) < LIMITS.min_near_duplicate_words:
            continue
        share = _in_order_share(one, other)
        if share >= needed and (best is None or share > best.share):
            best = _passage((other_first, other_last), (first, last), share)
    return best


# About four words: an edited copy rarely changes both its first and its last four.
_ANCHOR_CHARS = 24


def _repeated_paragraphs(lines: Sequence[str], covered: set[int]) -> list[_Passage]:
    """Paragraphs that repeat an earlier one however their lines wrap, or most of one.

    Paragraphs are runs of lines between blank lines (`lines` are normalised, so a line of
    spaces is blank). A cheap pre-filter keeps this fast: a paragraph is compared word by
    word only with the first earlier ones that start, or end, with the same few words (24
    characters), counted from either end or from one word in, so that a word added,
    dropped or changed at an end still leaves an anchor in common. An edited copy nearly
    always keeps one; a copy changed at both ends, or a sentence repeated inside a longer
    paragraph, is missed here (the second is found as a repeated line if it stands on a
    line of its own). Lines in `covered` were reported already.
    """
    found: list[_Passage] = []
    paragraphs: list[_Paragraph] = []
    by_anchor: dict[str, int] = {}
    take = by_anchor.setdefault  # each anchor belongs to the first paragraph that has it
    size = _ANCHOR_CHARS
    fewest_spaces = LIMITS.min_block_words - 1
    total = len(lines)
    start = 0
    while start < total:
        if not lines[start]:
            start += 1
            continue
        end = start + 1
        while end < total and lines[end]:
            end += 1
        words = lines[start] if end == start + 1 else " ".join(lines[start:end])
        first, last = start + 1, end  # as line numbers
        start = end + 1  # lines[end] is blank
        # Most paragraphs have enough words in their first 96 characters: count those first.
        if words.count(" ", 0, 96) < fewest_spaces and words.count(" ") < fewest_spaces:
            continue
        index = len(paragraphs)
        paragraphs.append((first, last, words))
        after_first = words.find(" ") + 1
        before_last = words.rfind(" ")
        head = take(words[:size], index)
        second = take(words[after_first : after_first + size], index)
        tail = take(words[-size:], index)
        before_tail = take(
            words[before_last - size if before_last > size else 0 : before_last], index
        )
        if head == second == tail == before_tail == index:  # every anchor is new
            continue
        if covered and covered.issuperset(range(first, last + 1)):
            continue
        owners = sorted({head, second, tail, before_tail} - {index})
        passage = _compared(paragraphs[index], [paragraphs[owner] for owner in owners])
        if passage:
            found.append(passage)
    return found


def _repeated_text(text: _Text) -> list[Finding]:
    lines = text.normalised_lines()
    passages = _repeated_lines(lines)
    covered = {line for p in passages for line in range(p.later[0], p.later[1] + 1)}
    passages += _repeated_paragraphs(lines, covered)
    return [_repeat_finding(text, passage) for passage in passages]


def _repeat_finding(text: _Text, passage: _Passage) -> Finding:
    return _finding_written_later(
        "duplicate-block" if passage.exact else "near-duplicate-block",
        "instructions",
        _repeat_words,
        text.text,
        passage,
        line=passage.later[0],
        end_line=passage.later[1],
    )


def _excerpt(text: str, first: int, last: int, words: int = 8) -> str:
    """The first words of lines first..last (1-based) of `text`, as written."""
    found: list[str] = []
    for line in text.split("\n")[first - 1 : last]:
        # Only the words still wanted, and the rest of the line in one piece.
        found += line.split(None, words - len(found))
        if len(found) > words:
            return " ".join(found[:words]) + "…"
    return " ".join(found)


def _repeat_words(text: str, passage: _Passage) -> _Words:
    """The message, fix and subject (the first words of the later copy) of a repeat."""
    later, earlier = _lines_label(*passage.later), _lines_label(*passage.earlier)
    excerpt = _excerpt(text, *passage.later)
    verb = "repeats" if passage.later[0] == passage.later[1] else "repeat"
    if passage.exact:
        return (
            f"{_capitalised(later)} (“{excerpt}”) {verb} {earlier} word for word. The agent "
            "reads the same instructions twice; this usually means text was pasted on top "
            "of an older copy, and a later edit to one copy would leave the other saying "
            "the old thing.",
            f"Delete one of the two copies, for example {later}.",
            excerpt,
        )
    return (
        f"{_capitalised(later)} (“{excerpt}”) and {earlier} are nearly the same: "
        f"{_percent(passage.share)}% of the words of the shorter one appear in the other, "
        "in the same order. If one is an older version, the agent gets both versions and "
        "may follow either.",
        "Compare the two passages, keep the wording you want and delete the other one.",
        excerpt,
    )


def _size_change(text: _Text, previous: str) -> list[Finding]:
    before = len(normalise_newlines(previous))
    after = len(text.text)
    if before < LIMITS.size_change_min_chars:
        return []
    if after > before * (1 + LIMITS.size_change_share):
        return [
            _finding(
                "instructions-grew",
                f"This save makes the instructions {after:,} characters long, up from "
                f"{before:,}: more than half as long again. A jump like that often means "
                "text was pasted on top of what was already there.",
                "Read the instructions through before saving, looking for a second copy "
                "of the old text.",
                "instructions",
            )
        ]
    if after < before * (1 - LIMITS.size_change_share):
        return [
            _finding(
                "instructions-shrank",
                f"This save makes the instructions {after:,} characters long, down from "
                f"{before:,}: less than half of what they were. A drop like that often "
                "means a part was deleted by accident.",
                "Check that nothing you need was lost before saving; the previous version "
                "is in the change history (Audit).",
                "instructions",
            )
        ]
    return []


# --- Tools and the instructions -------------------------------------------------------------

_WORD_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
_WORD_CHARS = frozenset(_WORD_CHARACTERS)
# After these, a name is part of an address or a template: a URL path, an e-mail, a file,
# "$var", "crm.create_ticket".
_ADDRESS_BEFORE = frozenset("/\\@.#$%&=?~")
_PLACEHOLDER_PAIRS = {"{": "}", "<": ">", "[": "]"}
_WORD_RUN = re.compile(r"[A-Za-z0-9_-]*")
_CALL = re.compile(r"\((?:\s*\)|\s*[A-Za-z_][A-Za-z0-9_]*\s*[=:])")
_BACKTICKED = re.compile(r"`\s*([A-Za-z][A-Za-z0-9_-]*)\s*(\(\s*\))?\s*`")
_CODE_LIKE = re.compile(r"[A-Za-z0-9][_-][A-Za-z0-9]|[a-z][A-Z]")
# What a tool name can be (the API allows 1 to 64 letters, digits, _ and -), in lower case;
# one-letter names are never taken from the text.
_TOOL_NAME = re.compile(r"[a-z][a-z0-9_-]{0,62}[a-z0-9]")
_NOT_TOOL_NAMES = frozenset({"function", "mcp", "true", "false", "null", "none"})


def _find_identifier(lower: str, name: str) -> int:
    """Where `name` (lower case) first stands as a whole identifier in `lower`, or -1.

    _ and - are part of an identifier, so `order` is not found in `lookup_order`, in
    `order-status` or in `border`.
    """
    offset = lower.find(name)
    while offset >= 0:
        end = offset + len(name)
        before = lower[offset - 1] if offset else " "
        after = lower[end] if end < len(lower) else " "
        if before not in _WORD_CHARS and after not in _WORD_CHARS:
            return offset
        offset = lower.find(name, offset + 1)
    return -1


# Tool names have at most 64 characters: a longer word is never one.
_LONGEST_NAME = 64


def _word_around(text: str, offset: int) -> tuple[int, int]:
    """The word (letters, digits, _ and -) around `offset`, or an empty span if too long."""
    end = _WORD_RUN.match(text, offset).end()  # type: ignore[union-attr]  # "*" always matches
    # Read backwards only as far as a name (with markdown underscores around it) can reach.
    reach = _LONGEST_NAME + 3
    window = text[offset - reach if offset > reach else 0 : offset]
    before = len(window) - len(window.rstrip(_WORD_CHARACTERS))
    if before == reach:
        return offset, offset
    start = offset - before
    # Markdown emphasis (_word_) and separators (____) are not part of a name.
    word = text[start:end]
    name = word.strip("_-")
    if len(name) < len(word):
        start += len(word) - len(word.lstrip("_-"))
        end = start + len(name)
    return start, end


def _in_address_placeholder_or_data(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is part of an address, a template placeholder or a JSON key."""
    if start and text[start - 1] in _ADDRESS_BEFORE:
        return True
    after = text[end : end + 2]
    if after[:1] == "@" or (after[:1] == "." and after[1:2].isalnum()):
        return True
    if after == '":' or (after[:1] == '"' and text[end + 1 : end + 3] == " :"):
        return start > 0 and text[start - 1] == '"'  # "order_id": in an example of JSON
    before = start - 1
    while before >= 0 and text[before] == " ":
        before -= 1
    closing = _PLACEHOLDER_PAIRS.get(text[before]) if before >= 0 else None
    if closing is None:
        return False
    while end < len(text) and text[end] == " ":
        end += 1
    return text[end : end + 1] == closing


def _tool_like_names(text: _Text) -> dict[str, tuple[str, int]]:
    """Names in the instructions written the way tool names are: lower case -> (as written,
    offset of the first one).

    The heuristic, so that ordinary words are never taken for tools:
    - snake_case words (letters and digits joined by `_`: `lookup_order`, `web_search`),
      except inside web or e-mail addresses, file names (`terms_v2.pdf`), after a dot
      (`crm.create_ticket`), in template placeholders (`{customer_name}`, `<order_id>`)
      and as keys of example JSON (`"order_id": "A123"`);
    - any word written as a call: `transfer()`, `transfer(reason=...)`;
    - a word in backticks that looks like code: snake_case, kebab-case or camelCase
      (`lookup-order`, `lookupOrder`), or with brackets (`transfer()`). A plain word in
      backticks (`yes`) is an example of wording, not a tool.
    Hyphenated words outside backticks (`follow-up`, `e-mail`) are never taken.
    """
    raw, lower = text.text, text.lower
    found: dict[str, tuple[str, int]] = {}

    def add(start: int, end: int) -> None:
        # Names are ASCII, so the text in lower case has them at the same offsets.
        name = lower[start:end]
        if (name not in found or start < found[name][1]) and _TOOL_NAME.fullmatch(name):
            found[name] = (raw[start:end], start)

    offset = raw.find("_")
    while offset >= 0:
        start, end = _word_around(raw, offset)
        if raw.find("_", start, end) >= 0 and not _in_address_placeholder_or_data(raw, start, end):
            add(start, end)
        offset = raw.find("_", end if end > offset else offset + 1)
    # Every call and every backticked word starts at its "(" or "`": finding those with
    # str.find is much quicker than letting the regular expressions scan the whole text.
    offset = raw.find("(")
    while offset >= 0:
        match = _CALL.match(raw, offset)
        if match:
            start, end = _word_around(raw, offset)
            if end == offset:
                add(start, end)
            offset = match.end()
        else:
            offset += 1
        offset = raw.find("(", offset)
    offset = raw.find("`")
    while offset >= 0:
        match = _BACKTICKED.match(raw, offset)
        if match:
            if match.group(2) or _CODE_LIKE.search(match.group(1)):
                add(*match.span(1))
            offset = match.end()
        else:
            offset += 1
        offset = raw.find("`", offset)
    return found


def _names_list(items: Sequence[str]) -> str:
    quoted = [f"“{item}”" for item in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _numbers_list(numbers: Sequence[int]) -> str:
    words = [str(number) for number in numbers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _not_attached(
    written: str, line: int, attached: Mapping[str, str], open_servers: Sequence[str]
) -> Finding:
    """`written` is named on `line` and not attached. `attached` maps the callable tools'
    names in lower case to their names as written; neither it nor `open_servers` may
    change afterwards (the words are written when read)."""
    # An unknown name may be a tool of an MCP server that does not list its tools.
    maybe_a_server_tool = open_servers and written.lower() not in SEARCH_TOOLS
    severity = WORTH_A_LOOK if maybe_a_server_tool else None
    return _finding_written_later(
        "tool-not-attached",
        "instructions",
        _not_attached_words,
        written,
        line,
        attached,
        open_servers,
        line=line,
        subject=written,
        severity=severity,
    )


def _not_attached_words(
    written: str, line: int, attached: Mapping[str, str], open_servers: Sequence[str]
) -> _Words:
    search_tool = SEARCH_TOOLS.get(written.lower())
    if search_tool:
        return (
            f"The instructions mention “{written}” on line {line}, but the {search_tool} "
            "tool is not attached, so the agent cannot do what that part asks.",
            f"Add the {search_tool} tool in Tools, or take “{written}” out of the instructions.",
        )
    similar = _similar_name(written.lower(), attached)
    hint = f" The attached tool “{similar}” has a similar name." if similar else ""
    rename = f" (to “{similar}”, if that is the one meant)" if similar else ""
    if open_servers:
        servers = _names_list(open_servers)
        return (
            f"The instructions mention “{written}” on line {line}, and no function tool of "
            f"that name is attached. It may be a tool of the MCP server {servers}, which "
            "does not list its tool names here; if it is not, the agent may promise callers "
            f"something it cannot do.{hint}",
            f"If “{written}” is not a tool of {servers}, attach a function tool named "
            f"“{written}” in Tools, or correct the name in the instructions{rename}.",
        )
    return (
        f"The instructions mention “{written}” on line {line}, but no tool of that name is "
        f"attached. The agent may promise callers something it cannot do.{hint}",
        f"Attach a function tool named “{written}” in Tools, or correct the name in the "
        f"instructions{rename}.",
    )


def _similar_name(name: str, names: Mapping[str, str]) -> str | None:
    """The attached tool named most like `name` (lower case), as written, if one is close.
    Only a finding's words ask for it, when they are read."""
    close = get_close_matches(name, list(names), n=1, cutoff=0.8)
    return names[close[0]] if close else None


def _tool_mentions(text: _Text, tools: _Tools) -> list[Finding]:
    """Tools named in the instructions but not attached, and function tools never named."""
    callable_names = {name: written for name, (written, _) in tools.functions.items()}
    for name in tools.server_tool_names:
        callable_names.setdefault(name.lower(), name)
    ignored, open_servers = tools.ignored, tools.open_servers
    findings = []
    named = _tool_like_names(text)
    in_order = sorted(named.items(), key=_offset_of) if len(named) > 1 else named.items()
    for name, (written, offset) in in_order:
        if name in ignored or name in callable_names:
            continue
        findings.append(_not_attached(written, text.line_of(offset), callable_names, open_servers))
    # In the order of the tools: the dict keeps the order they were added in.
    for name, (written, position) in tools.functions.items():
        if _find_identifier(text.lower, name) < 0:
            findings.append(
                _finding_written_later(
                    "tool-not-mentioned",
                    "tools",
                    _not_mentioned_words,
                    written,
                    position,
                    subject=written,
                )
            )
    return findings


def _offset_of(item: tuple[str, tuple[str, int]]) -> int:
    return item[1][1]


def _not_mentioned_words(name: str, position: int) -> _Words:
    return (
        f"The function tool “{name}” (tool {position}) is attached, but the instructions "
        "never mention it. The agent then decides when to use it from its description "
        "alone, and may use it at the wrong moment or never.",
        f"Say in the instructions when to use “{name}”, or remove the tool if the agent "
        "should not use it.",
    )


def _tool_definitions(tools: _Tools) -> list[Finding]:
    """Function tools that share a name, and function tools without a description."""
    findings = []
    for name, where in tools.positions.items():
        if len(where) > 1:
            findings.append(
                _finding(
                    "duplicate-tool-name",
                    f"Tools {_numbers_list(where)} have the same name, “{name}”. The Agents "
                    "API refuses to save an agent whose function tools share a name, and the "
                    "agent could not tell them apart.",
                    "Rename one of them, or remove it if it is a copy.",
                    "tools",
                    subject=name,
                )
            )
    for name, position in tools.undescribed:
        findings.append(
            _finding_written_later(
                "tool-without-description",
                "tools",
                _no_description_words,
                name,
                position,
                subject=name,
            )
        )
    return findings


def _no_description_words(name: str, position: int) -> _Words:
    return (
        f"The function tool “{name}” (tool {position}) has no description. The agent "
        "chooses when to call a function by reading its description, so without one it may "
        "call it at the wrong moment or not at all.",
        f"In Tools, describe what “{name}” does and when to use it.",
    )


def _knowledge(tools: _Tools, collection_ids: Sequence[str]) -> list[Finding]:
    has_file_search = tools.has_file_search
    if has_file_search and not collection_ids:
        return [
            _finding(
                "file-search-without-collections",
                "File search (file_search) is attached, but the agent has no knowledge "
                "collections, so it has nothing to search: questions meant for your documents "
                "get no answer from them.",
                "Add the IDs of your document collections in Knowledge, or remove the File "
                "search tool.",
                "tools",
                subject="file_search",
            )
        ]
    if collection_ids and not has_file_search:
        count = len(collection_ids)
        collections = "1 knowledge collection" if count == 1 else f"{count} knowledge collections"
        return [
            _finding(
                "collections-without-file-search",
                f"The agent has {collections} (collection IDs) but no File search tool "
                "(file_search), so it never reads them.",
                "Add the File search tool in Tools, or remove the collections from Knowledge "
                "if the agent does not need them.",
                "collection_ids",
            )
        ]
    return []


# --- Turn-taking ----------------------------------------------------------------------------

_SUITS_MOST_THRESHOLD = "around 0.50 suits most calls"
_SUITS_MOST_SILENCE = "500 to 800 ms suits most calls"


def _turn_taking(threshold: float | None, silence_ms: float | None) -> list[Finding]:
    findings = []
    low, high = LIMITS.vad_threshold_min, LIMITS.vad_threshold_max
    if threshold is not None and threshold > high:
        findings.append(
            _finding_written_later(
                "vad-threshold-high",
                "voice",
                _vad_high_words,
                threshold,
                subject="vad_threshold",
            )
        )
    elif threshold is not None and threshold < low:
        findings.append(
            _finding_written_later(
                "vad-threshold-low", "voice", _vad_low_words, threshold, subject="vad_threshold"
            )
        )
    shortest, longest = LIMITS.silence_ms_min, LIMITS.silence_ms_max
    if silence_ms is not None and silence_ms < shortest:
        findings.append(
            _finding_written_later(
                "silence-too-short",
                "voice",
                _silence_short_words,
                silence_ms,
                subject="vad_silence_duration_ms",
            )
        )
    elif silence_ms is not None and silence_ms > longest:
        findings.append(
            _finding_written_later(
                "silence-too-long",
                "voice",
                _silence_long_words,
                silence_ms,
                subject="vad_silence_duration_ms",
            )
        )
    return findings


def _vad_high_words(threshold: float) -> _Words:
    high = LIMITS.vad_threshold_max
    return (
        f"The speech threshold (VAD threshold) is {threshold:.2f}, above {high:.2f}: "
        "the agent only hears loud, clear speech, so quiet callers, or callers on a "
        "speakerphone or a poor line, may not be heard at all.",
        f"Lower the VAD threshold to {high:.2f} or below; {_SUITS_MOST_THRESHOLD}.",
    )


def _vad_low_words(threshold: float) -> _Words:
    low = LIMITS.vad_threshold_min
    return (
        f"The speech threshold (VAD threshold) is {threshold:.2f}, below {low:.2f}: "
        "the agent takes background noise such as traffic, a television or breathing "
        "for speech, so it may stop mid-sentence or reply when nobody spoke.",
        f"Raise the VAD threshold to {low:.2f} or above; {_SUITS_MOST_THRESHOLD}.",
    )


def _silence_short_words(silence_ms: float) -> _Words:
    shortest = LIMITS.silence_ms_min
    return (
        f"The pause that ends a caller's turn (silence duration) is {silence_ms:,.0f} "
        f"ms, shorter than {shortest:,} ms: people pause that long between phrases, so "
        "the agent will talk over callers who stop to think.",
        f"Set the silence duration to {shortest:,} ms or more; {_SUITS_MOST_SILENCE}.",
    )


def _silence_long_words(silence_ms: float) -> _Words:
    longest = LIMITS.silence_ms_max
    return (
        f"The pause that ends a caller's turn (silence duration) is {silence_ms:,.0f} "
        f"ms, longer than {longest:,} ms: after everything they say, callers hear more "
        f"than {longest / 1000:g} seconds of silence, and may think the line is dead "
        "and hang up.",
        f"Set the silence duration to {longest:,} ms or less; {_SUITS_MOST_SILENCE}.",
    )


# --- Phone numbers --------------------------------------------------------------------------


def _no_number() -> Finding:
    return _finding(
        "agent-without-number",
        "No phone number is assigned to this agent, so nobody can reach it by phone.",
        "If callers should reach it by phone, assign it a number on the Assignment table "
        "(Phone numbers). If it is only used through the Voice Agent API, ignore this.",
        "phone_number",
    )


def _number_label(number: PhoneNumber) -> str:
    shown = format_number(number.phone_number) or number.phone_number_id
    return f"{shown} (“{number.name}”)" if number.name else shown


def _idle_number_finding(number: PhoneNumber) -> Finding:
    return _finding_written_later(
        "number-without-agent" if number.agent_id is None else "number-agent-missing",
        "phone_number",
        _idle_number_words,
        number,
        subject=number.phone_number_id,
    )


def _idle_number_words(number: PhoneNumber) -> _Words:
    if number.agent_id is None:
        return (
            f"{_number_label(number)} is not assigned to any agent: the team pays for it, "
            "but calls to it reach nobody.",
            "Assign it to an agent on the Assignment table, or release it on the Phone "
            "numbers page if it is no longer needed.",
        )
    return (
        f"{_number_label(number)} is assigned to an agent that is not among the team's "
        f"agents ({number.agent_id}), so calls to it may reach nobody.",
        "Assign it to one of the team's agents on the Assignment table, or release it if it "
        "is no longer needed.",
    )


# --- Checking one agent ---------------------------------------------------------------------


def _check(
    facts: _Facts,
    *,
    previous_instructions: str | None,
    number: PhoneNumber | None,
    has_number_known: bool,
) -> list[Finding]:
    """Every rule whose fields are all known, in order."""
    findings: list[Finding] = []
    known = facts.known
    text = _Text(facts.instructions) if "instructions" in known else None
    if text is not None:
        findings += _repeated_text(text)
        if previous_instructions is not None:
            findings += _size_change(text, previous_instructions)
    if "tools" in known:
        findings += _tool_definitions(facts.tools)
        if text is not None:
            findings += _tool_mentions(text, facts.tools)
        if "collection_ids" in known:
            findings += _knowledge(facts.tools, facts.collection_ids)
    if "voice" in known:
        findings += _turn_taking(facts.vad_threshold, facts.silence_ms)
    if has_number_known and number is None:
        findings.append(_no_number())
    return _ordered(findings)


def check_values(
    values: Mapping[str, Any],
    *,
    previous_values: Mapping[str, Any] | None = None,
    number: PhoneNumber | None = None,
    has_number_known: bool = False,
) -> list[Finding]:
    """The checkup of an agent's values as the API (and an edit form) shapes them.

    `values` is `{"name", "instructions", "tools", "voice", "collection_ids"}` or some of
    them: a rule runs only when every field it reads is given, so a form can check one
    section alone, or the whole agent with its proposed changes merged in.
    `previous_values` holds the values before the save (only "instructions" is read).
    Form values carry no phone number, so the number rule runs only when
    `has_number_known` is True (with `number` None for an agent without one).
    """
    previous = None
    if previous_values is not None and "instructions" in previous_values:
        previous = previous_values["instructions"]
        previous = previous if isinstance(previous, str) else ""
    return _check(
        _facts_of_values(values),
        previous_instructions=previous,
        number=number,
        has_number_known=has_number_known,
    )


def check_agent(
    agent: Agent,
    *,
    number: PhoneNumber | None = None,
    has_number_known: bool = True,
    previous: Agent | None = None,
) -> list[Finding]:
    """The checkup of one agent: problems first, then by field as the form shows them.

    `number` is the agent's phone number, None if it has none; pass
    `has_number_known=False` when the page did not load the team's numbers. `previous` is
    the agent as it was before a save, for the rule on instructions that change length.
    """
    return _check(
        _facts_of_agent(agent),
        previous_instructions=None if previous is None else previous.instructions or "",
        number=number,
        has_number_known=has_number_known,
    )


# --- Checking a team ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgentCheckup:
    agent: Agent
    number: PhoneNumber | None
    findings: tuple[Finding, ...]

    @property
    def problems(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.is_problem)

    @property
    def worth_a_look(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if not finding.is_problem)


@dataclass(frozen=True, slots=True)
class IdleNumber:
    """A number that answers nobody: no agent, or an agent that is not the team's."""

    number: PhoneNumber
    finding: Finding


@dataclass(frozen=True, slots=True)
class TeamCounts:
    agents: int
    numbers: int
    # None when the numbers list was cut at its limit: an agent may have one beyond it.
    agents_without_numbers: int | None
    idle_numbers: int
    agents_with_problems: int
    agents_worth_a_look: int  # with findings, none of them a problem


@dataclass(frozen=True, slots=True)
class TeamCheckup:
    agents: tuple[AgentCheckup, ...]  # in the order the agents were given
    idle_numbers: tuple[IdleNumber, ...]
    counts: TeamCounts
    _by_agent_id: Mapping[str, AgentCheckup] = field(repr=False, compare=False)

    def for_agent(self, agent_id: str) -> AgentCheckup | None:
        return self._by_agent_id.get(agent_id)


def _list_complete(items: Any, complete: bool | None) -> bool:
    # A ListResult that returned as many items as asked for may have more upstream.
    return complete if complete is not None else not getattr(items, "limit_reached", False)


def check_team(
    agents: Iterable[Agent],
    numbers: Iterable[PhoneNumber],
    *,
    agents_complete: bool | None = None,
    numbers_complete: bool | None = None,
) -> TeamCheckup:
    """The checkup of every agent of a team, and of the numbers that answer nobody.

    Takes the lists a page already loaded (`api.agent_list`, `api.phone_number_list`) and
    makes no call. Linear in agents + numbers. When a list was cut at its limit
    (`ListResult.limit_reached`, or `*_complete=False`), what lies beyond it is unknown: an
    agent is not said to lack a number, and a number whose agent is not listed is not idle.
    """
    agents_known = _list_complete(agents, agents_complete)
    numbers_known = _list_complete(numbers, numbers_complete)
    agents, numbers = tuple(agents), tuple(numbers)
    number_of: dict[str, PhoneNumber] = {}
    for number in numbers:
        if number.agent_id:
            number_of.setdefault(number.agent_id, number)
    built: list[AgentCheckup] = []
    with_problems = with_findings = 0
    for agent in agents:
        number = number_of.get(agent.agent_id)
        findings = tuple(check_agent(agent, number=number, has_number_known=numbers_known))
        built.append(AgentCheckup(agent, number, findings))
        if findings:
            with_findings += 1
            # Problems come first (`_ordered`): the first finding says whether there are any.
            with_problems += findings[0].is_problem
    checkups = tuple(built)
    by_agent_id = {checkup.agent.agent_id: checkup for checkup in checkups}
    idle = tuple(
        IdleNumber(number, _idle_number_finding(number))
        for number in numbers
        if number.agent_id is None or (agents_known and number.agent_id not in by_agent_id)
    )
    counts = TeamCounts(
        agents=len(agents),
        numbers=len(numbers),
        agents_without_numbers=(
            sum(1 for checkup in checkups if checkup.number is None) if numbers_known else None
        ),
        idle_numbers=len(idle),
        agents_with_problems=with_problems,
        agents_worth_a_look=with_findings - with_problems,
    )
    return TeamCheckup(checkups, idle, counts, by_agent_id)
