"""Typed JSON is read strictly, and every problem is a sentence with its line and column."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agents_ui.json_input import (
    MAX_DEPTH,
    check_schema_text,
    parse_json,
    schema_problem,
    value_depth,
)


def test_blank_text_is_nothing_not_an_error():
    assert parse_json("  \n ") == (None, None)


def test_it_reads_ordinary_json():
    assert parse_json('{"type": "object", "minimum": -1.5, "items": [1, 2]}') == (
        {"type": "object", "minimum": -1.5, "items": [1, 2]},
        None,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": NaN}', "Line 1, column 7: NaN is not a JSON value; write a number, or null."),
        (
            '{\n  "a": Infinity}',
            'Line 2 (“"a": Infinity}”), column 8: Infinity is not a JSON value; write a number, '
            "or null.",
        ),
        (
            "[-Infinity]",
            "Line 1, column 2: -Infinity is not a JSON value; write a number, or null.",
        ),
    ],
)
def test_it_refuses_nan_and_infinity_where_they_are(text, message):
    assert parse_json(text) == (None, message)


def test_nan_inside_a_string_is_just_text():
    assert parse_json('{"a": "NaN"}') == ({"a": "NaN"}, None)


def test_it_refuses_nesting_deeper_than_the_limit_without_recursing():
    value, problem = parse_json("[" * 50_000 + "]" * 50_000)
    assert value is None
    assert problem == (
        f"Line 1, column {MAX_DEPTH + 1}: the JSON is nested more than 64 levels deep. Flatten it."
    )


def test_nesting_at_the_limit_is_fine():
    assert parse_json("[" * MAX_DEPTH + "]" * MAX_DEPTH)[1] is None


def test_brackets_inside_strings_do_not_count_as_nesting():
    text = json.dumps({"a": "[" * 500})
    assert parse_json(text) == ({"a": "[" * 500}, None)


def test_it_refuses_a_number_with_thousands_of_digits():
    value, problem = parse_json('{"maximum": ' + "9" * 5000 + "}")
    assert value is None
    assert problem == (
        "Line 1, column 13: a number has 5000 digits; numbers can have at most 40 digits."
    )


def test_it_refuses_a_number_too_large_to_store():
    assert parse_json('{"maximum": 1e999}') == (
        None,
        "Line 1, column 13: a number is too large to be stored.",
    )


def test_syntax_errors_say_where_and_what_in_plain_words():
    assert parse_json('{"a": 1,}') == (
        None,
        "Line 1, column 8: remove the comma before the closing brace or bracket.",
    )
    assert parse_json('{"a" 1}') == (
        None,
        "Line 1, column 6: expected a colon after the property name.",
    )


def test_a_schema_nested_3000_levels_is_called_too_deep_not_an_odd_schema():
    schema: dict = {}
    inner = schema
    for _ in range(3000):
        inner["properties"] = {"x": {}}
        inner = inner["properties"]["x"]
    assert schema_problem(schema) == (
        "The parameters are nested more than 64 levels deep. Flatten them."
    )


def test_an_unknown_dollar_schema_is_named():
    assert schema_problem({"$schema": 5}) == (
        'This is not a valid JSON Schema: its "$schema" value is not one Switchboard knows.'
    )


def test_a_wrong_type_names_the_types_there_are():
    problem = schema_problem({"type": "object", "properties": {"order_id": {"type": "text"}}})
    assert problem == (
        "This is not a valid JSON Schema at properties › order_id › type: “text” is not a "
        "type. Use one of: string, number, integer, boolean, object, array, null (text is "
        "“string”, a whole number “integer”)."
    )


def test_a_line_of_several_is_quoted_because_the_box_has_no_line_numbers():
    text = '{\n  "type": "object",\n  "required": "x",,\n}'
    assert parse_json(text)[1].startswith('Line 3 (“"required": "x",,”), column 19:')


def test_schema_errors_name_the_place():
    problem = schema_problem({"type": "object", "properties": {"order_id": {"type": "text"}}})
    assert problem.startswith("This is not a valid JSON Schema at properties › order_id › type")


def test_the_live_check_never_calls_nan_valid():
    assert check_schema_text('{"type": "object", "maximum": NaN}')[0] is False
    assert check_schema_text('{"type": "object"}') == (True, "Valid JSON Schema.")
    assert check_schema_text("") == (True, "No parameters: the function takes no arguments.")


def test_value_depth_counts_levels_and_stops_at_its_limit():
    assert value_depth(1) == 0
    assert value_depth({"a": [1]}) == 2
    deep: list = []
    for _ in range(10_000):
        deep = [deep]
    assert value_depth(deep, limit=70) == 70


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_read_or_explained_never_raised(text):
    value, problem = parse_json(text)
    assert problem is None or (value is None and problem.endswith("."))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_any_json_a_person_could_type_round_trips(value):
    text = json.dumps(value)
    parsed, problem = parse_json(text)
    if problem is None:
        assert parsed == value or text.strip() == ""
