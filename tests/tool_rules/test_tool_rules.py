"""Each tool is checked as the API would check it, with the problem beside its card field."""

from __future__ import annotations

import pytest

from agents_ui.tool_rules import tool_problems


def _check(tool, taken=None):
    return tool_problems(tool, set() if taken is None else taken)


def test_a_valid_tool_of_each_kind_has_no_problem():
    for tool in (
        {"type": "web_search"},
        {"type": "file_search"},
        {"type": "x_search", "allowed_x_handles": ["xai"], "from_date": "2025-01-01"},
        {"type": "function", "function": {"name": "lookup_order", "parameters": {}}},
        {"type": "mcp", "server_url": "https://crm.example.com", "server_label": "crm"},
    ):
        assert _check(tool) == {}, tool


@pytest.mark.parametrize("kind", [None, [], {}, 5, "telepathy"])
def test_an_unknown_or_odd_type_is_named_not_a_crash(kind):
    problems = _check({"type": kind})
    assert problems[""].startswith("Unknown tool type")


def test_a_second_function_with_the_same_name_is_refused():
    taken: set[str] = set()
    assert _check({"type": "function", "function": {"name": "a"}}, taken) == {}
    assert _check({"type": "function", "function": {"name": "a"}}, taken) == {
        "name": "Another function tool is already called “a”."
    }


def test_function_names_follow_the_documented_pattern():
    assert "name" in _check({"type": "function", "function": {"name": "look up"}})
    assert "name" in _check({"type": "function", "function": {"name": "x" * 65}})
    assert _check({"type": "function", "function": {"name": "x" * 64}}) == {}


def test_handles_are_limited_and_not_both_kinds():
    assert _check({"type": "x_search", "allowed_x_handles": ["a"] * 11}) == {
        "allowed_handles": "At most 10 handles; there are 11."
    }
    assert "excluded_handles" in _check(
        {"type": "x_search", "allowed_x_handles": ["a"], "excluded_x_handles": ["b"]}
    )
    assert _check({"type": "x_search", "allowed_x_handles": [1]}) == {
        "allowed_handles": "List the handles as text, none of them blank."
    }


def test_dates_must_exist_and_be_in_order():
    assert _check({"type": "x_search", "from_date": "2025-02-30"}) == {
        "from_date": "This date does not exist."
    }
    assert _check({"type": "x_search", "from_date": "2025-03-01", "to_date": "2025-01-01"}) == {
        "to_date": "The “to” date must not be before the “from” date."
    }


@pytest.mark.parametrize("url", ["http://crm.example.com", "https://", "https://[", "crm", 5])
def test_an_mcp_server_needs_an_https_url(url):
    problems = _check({"type": "mcp", "server_url": url, "server_label": "crm"})
    assert "server_url" in problems


def test_extra_headers_must_be_text_values():
    problems = _check(
        {
            "type": "mcp",
            "server_url": "https://crm.example.com",
            "server_label": "crm",
            "extra_headers": {"X-Key": 5},
        }
    )
    assert problems == {"": "The extra headers must be an object of header names and text values."}


def test_an_unknown_field_is_named_with_the_fields_there_are():
    assert _check({"type": "web_search", "colour": "red"}) == {
        "": "A Web search tool has no field “colour”. Its only field is “type”."
    }
    assert _check({"type": "function", "function": {"name": "a"}, "parameters": {}}) == {
        "": "A Function tool has no field “parameters”. Its fields are “type”, “function”."
    }
