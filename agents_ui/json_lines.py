"""Where things are in a JSON text: the line on which each value starts.

Python's reader gives a line only for a syntax error. A document that reads well can still
break a rule ("agent 3's name is too long"), and a person fixing it in an editor needs the
line: `value_lines` walks the text once more, token by token, and says on which line the
value at each path starts, e.g. ("agents", 2, "name") → 40.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

Path = tuple[str | int, ...]

# One JSON token: a string (escapes included), a bracket or punctuation, or a bare word
# (number, true, false, null). A string is one token however long, so the walk costs what
# the document's structure costs, not what its text does.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:,]|[^\s\[\]{}:,"]+', re.DOTALL)


@dataclass(slots=True)
class _Container:
    path: Path
    is_object: bool
    key: str | int = ""
    index: int = 0
    expecting_key: bool = field(default=False)


def value_lines(text: str, max_depth: int = 4) -> dict[Path, int]:
    """For JSON that reads without error: the line (from 1) where each value starts, by its
    path of object keys and list positions (from 0), for paths of up to `max_depth` steps.
    A key given twice keeps its last value's line, as the JSON reader keeps the last value."""
    lines: dict[Path, int] = {}
    stack: list[_Container] = []
    line, last = 1, 0
    for match in _TOKEN.finditer(text):
        start = match.start()
        # Valid JSON has no raw line break inside a string, so counting from one token's
        # start to the next counts every line break once.
        line += text.count("\n", last, start)
        last = start
        token = match.group()
        top = stack[-1] if stack else None
        if top is not None and top.is_object and top.expecting_key:
            if token == "}":
                stack.pop()
                continue
            top.key = json.loads(token) if len(top.path) < max_depth else token
            top.expecting_key = False
            continue
        if token == ":":
            continue
        if token == ",":
            if top is not None and top.is_object:
                top.expecting_key = True
            continue
        if token in ("]", "}"):
            stack.pop()
            continue
        path: Path = ()
        if top is not None:
            if top.is_object:
                path = (*top.path, top.key)
            else:
                path = (*top.path, top.index)
                top.index += 1
        if len(path) <= max_depth:
            lines[path] = line
        if token in ("[", "{"):
            stack.append(_Container(path, token == "{", expecting_key=token == "{"))
    return lines


def line_of(lines: dict[Path, int], *paths: Path) -> int | None:
    """The line of the first of `paths` that is known, e.g. a field, else its agent."""
    for path in paths:
        if path in lines:
            return lines[path]
    return None
