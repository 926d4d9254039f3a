"""JSON that people type (tool parameters, the raw tools array): read strictly, explained plainly.

Strict means what the Agents API accepts: no NaN or Infinity, no nesting deeper than
MAX_DEPTH and no number longer than MAX_NUMBER_DIGITS digits. Every problem comes back as a
sentence for support staff, with the line and column where the JSON breaks.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from typing import Any

from jsonschema.exceptions import SchemaError
from jsonschema.validators import validator_for

# Deeper than any tool list a person writes (a tool's parameters sit 4 levels down), and
# far below what would exhaust Python's recursion while reading or checking it.
MAX_DEPTH = 64
# More digits than a 128-bit integer: beyond that a number is a typing accident, and Python
# refuses to read integers of over 4,300 digits at all.
MAX_NUMBER_DIGITS = 40

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")

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


class _Refused(ValueError):
    """A value Python's reader takes but the API does not; `token` finds it in the text."""

    def __init__(self, problem: str, token: re.Pattern[str]) -> None:
        super().__init__(problem)
        self.problem = problem
        self.token = token


_LONG_NUMBER = re.compile(rf"\d{{{MAX_NUMBER_DIGITS + 1},}}")
_CONSTANT = re.compile(r"-?(?:NaN|Infinity)")
_HUGE_FLOAT = re.compile(r"-?\d+(?:\.\d+)?[eE][+-]?\d{3,}")


def json_error_message(error: json.JSONDecodeError) -> str:
    """'Line 3 (“"order_id": {"type"”), column 5: expected a comma, …' from Python's own
    wording; the line's own text is quoted when the JSON has several lines, because a text
    box does not number its lines."""
    problem = error.msg
    for prefix, plain in _JSON_PROBLEMS:
        if error.msg.startswith(prefix):
            problem = plain
            break
    return f"{_place(error.doc, error.pos)}: {problem}."


QUOTED_LINE = 60  # characters of a line quoted in a message


def _place(text: str, position: int) -> str:
    """ "Line 3, column 5", with the line's text when there is more than one line."""
    line = text.count("\n", 0, position) + 1
    start = text.rfind("\n", 0, position) + 1
    column = position - start + 1
    if "\n" not in text.strip():
        return f"Line {line}, column {column}"
    end = text.find("\n", position)
    shown = text[start : end if end != -1 else len(text)].strip()
    if len(shown) > QUOTED_LINE:
        shown = shown[: QUOTED_LINE - 1] + "…"
    return f"Line {line} (“{shown}”), column {column}"


def _outside_strings(text: str) -> str:
    """The text with every string blanked out, each character kept in its place."""
    return _STRING.sub(lambda match: " " * len(match.group()), text)


def _too_deep_at(text: str) -> int | None:
    """Where the nesting first goes deeper than MAX_DEPTH, in one pass over the brackets."""
    depth = 0
    for match in _BRACKET.finditer(_outside_strings(text)):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return match.start()
        else:
            depth -= 1
    return None


def _number_reader(kind: type) -> Any:
    def read(token: str) -> Any:
        digits = sum(character.isdigit() for character in token.split("e")[0].split("E")[0])
        if digits > MAX_NUMBER_DIGITS:
            raise _Refused(
                f"a number has {digits} digits; numbers can have at most "
                f"{MAX_NUMBER_DIGITS} digits",
                _LONG_NUMBER,
            )
        value = kind(token)
        if kind is float and not math.isfinite(value):
            raise _Refused("a number is too large to be stored", _HUGE_FLOAT)
        return value

    return read


def _refuse_constant(name: str) -> Any:
    raise _Refused(f"{name} is not a JSON value; write a number, or null", _CONSTANT)


def parse_json(text: str) -> tuple[Any, str | None]:
    """The decoded value, or None and a plain message; blank text is "nothing" (None, None)."""
    if not text.strip():
        return None, None
    deep = _too_deep_at(text)
    if deep is not None:
        return None, (
            f"{_place(text, deep)}: the JSON is nested more than {MAX_DEPTH} levels deep. "
            "Flatten it."
        )
    try:
        value = json.loads(
            text,
            parse_int=_number_reader(int),
            parse_float=_number_reader(float),
            parse_constant=_refuse_constant,
        )
    except json.JSONDecodeError as error:
        return None, json_error_message(error)
    except _Refused as refused:
        found = refused.token.search(_outside_strings(text))
        where = f"{_place(text, found.start())}: " if found else ""
        problem = refused.problem if where else refused.problem[0].upper() + refused.problem[1:]
        return None, f"{where}{problem}."
    except (ValueError, RecursionError):
        return None, "This is not JSON that Switchboard can read. Check it and try again."
    return value, None


def value_depth(value: Any, limit: int = MAX_DEPTH + 1) -> int:
    """How deeply `value` nests lists and objects, counting no further than `limit`."""
    depth, level = 0, [value]
    while level and depth < limit:
        children: list[Any] = []
        for item in level:
            if isinstance(item, dict):
                children.extend(item.values())
            elif isinstance(item, list | tuple):
                children.extend(item)
        if not children and not any(isinstance(item, dict | list | tuple) for item in level):
            break
        depth += 1
        level = children
    return depth


def _schema_path(path: Iterable[Any]) -> str:
    parts = [f"item {part + 1}" if isinstance(part, int) else str(part) for part in path]
    return " › ".join(parts)


def schema_problem(schema: Any) -> str | None:
    """Why `schema` is not a JSON Schema for function parameters, in plain words, or None."""
    if not isinstance(schema, dict):
        return 'The parameters must be a JSON object, e.g. {"type": "object", "properties": {}}.'
    if value_depth(schema) > MAX_DEPTH:
        return f"The parameters are nested more than {MAX_DEPTH} levels deep. Flatten them."
    try:
        validator = validator_for(schema)
    except Exception:
        # validator_for reads "$schema" and can fail on a value it does not expect.
        return 'This is not a valid JSON Schema: its "$schema" value is not one Switchboard knows.'
    try:
        validator.check_schema(schema)
    except SchemaError as error:
        where = _schema_path(error.path)
        place = f" at {where}" if where else ""
        return f"This is not a valid JSON Schema{place}: {_schema_words(error)}"
    except RecursionError:
        return f"The parameters are nested more than {MAX_DEPTH} levels deep. Flatten them."
    return None


SCHEMA_TYPES = ("string", "number", "integer", "boolean", "object", "array", "null")
_TYPE_WORDS = {
    "array": "a list",
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "object": "an object",
    "boolean": "true or false",
}


def _schema_words(error: SchemaError) -> str:
    """What is wrong, and what would be right, in plain words."""
    path = list(error.path)
    if path and path[-1] == "type":
        given = error.instance if isinstance(error.instance, str) else json.dumps(error.instance)
        return (
            f"“{given}” is not a type. Use one of: {', '.join(SCHEMA_TYPES)} "
            "(text is “string”, a whole number “integer”)."
        )
    if error.validator == "type" and isinstance(error.validator_value, str):
        wanted = _TYPE_WORDS.get(error.validator_value, error.validator_value)
        return f"{json.dumps(error.instance)} should be {wanted}."
    return f"{error.message}."


def check_schema_text(text: str) -> tuple[bool, str]:
    """(ok, message) for the parameters box, as the live check reports it."""
    value, problem = parse_json(text)
    if problem:
        return False, problem
    if value is None:
        return True, "No parameters: the function takes no arguments."
    problem = schema_problem(value)
    if problem:
        return False, problem
    return True, "Valid JSON Schema."
