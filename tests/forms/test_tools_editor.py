"""The tools editor reads whatever a browser sends: cards, raw JSON, or nonsense."""

from __future__ import annotations

import json

from django.http import QueryDict
from django.template.loader import render_to_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents_ui.forms.tools import ToolsEditor, check_tools_text
from agents_ui.tool_secrets import is_marker, redact_tools


def _post(**fields) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in fields.items():
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    return data


def _raw(text: str) -> ToolsEditor:
    return ToolsEditor(_post(tools_mode="raw", tools_raw=text))


def test_raw_json_becomes_the_tools_array():
    editor = _raw('[{"type": "web_search"}, {"type": "function", "function": {"name": "a"}}]')
    assert editor.is_valid()
    assert editor.api_values() == {
        "tools": [{"type": "web_search"}, {"type": "function", "function": {"name": "a"}}]
    }


def test_nan_in_raw_json_is_a_message_beside_the_box():
    editor = _raw('[{"type": "function", "function": {"name": "a", "parameters": {"x": NaN}}}]')
    assert not editor.is_valid()
    assert editor.raw_error.endswith("NaN is not a JSON value; write a number, or null.")


def test_deep_nesting_in_raw_json_is_a_message_not_a_crash():
    editor = _raw("[" * 50_000 + "]" * 50_000)
    assert not editor.is_valid()
    assert "nested more than 64 levels deep" in editor.raw_error


def test_a_card_with_a_huge_number_in_its_schema_is_refused_on_its_field():
    editor = ToolsEditor(
        _post(**{"tool": ["function:k1"], "tool-k1-name": "a", "tool-k1-parameters": "9" * 5000})
    )
    assert not editor.is_valid()
    assert editor.cards[0].errors["parameters"] == [
        "Line 1, column 1: a number has 5000 digits; numbers can have at most 40 digits."
    ]


def test_line_breaks_in_cards_are_stored_as_newlines():
    editor = ToolsEditor(
        _post(**{"tool": ["function:k1"], "tool-k1-name": "a", "tool-k1-description": "x\r\ny\rz"})
    )
    assert editor.is_valid()
    assert editor.api_values()["tools"][0]["function"]["description"] == "x\ny\nz"


def test_odd_values_switch_from_raw_to_cards_without_failing():
    editor = _raw(
        '[{"type": "x_search", "allowed_x_handles": [1, 2]},'
        ' {"type": "function", "function": "not an object"},'
        ' {"type": "mcp", "extra_headers": {"X-Key": "typed"}}]'
    )
    editor.apply_action("show-cards")
    assert [card.type for card in editor.cards] == ["x_search", "function", "mcp"]
    assert editor.cards[0].values["allowed_handles"] == "1, 2"
    assert not editor.is_valid()


def test_headers_typed_in_the_raw_view_survive_a_trip_through_the_cards():
    editor = _raw(
        '[{"type": "mcp", "server_url": "https://crm.example.com", "server_label": "crm",'
        ' "extra_headers": {"X-Key": "typed"}}]'
    )
    editor.apply_action("show-cards")
    assert editor.is_valid()
    assert editor.api_values()["tools"][0]["extra_headers"] == {"X-Key": "typed"}


def test_stored_credentials_reach_the_form_only_as_markers():
    tools = [
        {
            "type": "mcp",
            "server_url": "https://crm.example.com",
            "server_label": "crm",
            "authorization": "Bearer live-secret",
        }
    ]
    editor = ToolsEditor(None, initial=tools)
    assert "live-secret" not in editor.raw
    assert is_marker(editor.cards[0].values["authorization_ref"])
    assert redact_tools(tools)[0]["authorization"] == editor.cards[0].values["authorization_ref"]


def test_the_live_check_counts_valid_tools():
    assert check_tools_text('[{"type": "web_search"}]') == (True, "Valid: 1 tool.")
    assert check_tools_text("") == (True, "No tools.")
    assert check_tools_text("[NaN]")[0] is False


def _render(editor: ToolsEditor) -> str:
    return render_to_string("agents_ui/agents/_tools_fields.html", {"form": editor, "scope": "new"})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_raw_text_is_checked_and_shown_again_without_failing(text):
    editor = _raw(text)
    if not editor.is_valid():
        assert editor.raw_error or editor.errors
    editor.apply_action("show-cards")
    _render(editor)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "type",
                    "function",
                    "name",
                    "parameters",
                    "server_url",
                    "server_label",
                    "authorization",
                    "extra_headers",
                    "allowed_x_handles",
                    "from_date",
                    "x",
                ]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=25,
)
tool_types = st.sampled_from(["function", "web_search", "x_search", "file_search", "mcp", "?"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.dictionaries(st.just("type"), tool_types) | json_values, max_size=4), json_values
)
def test_any_json_tools_array_is_checked_without_failing(tools, extra):
    if tools and isinstance(tools[0], dict):
        tools[0]["extra"] = extra
    editor = _raw(json.dumps(tools, allow_nan=True))
    editor.is_valid()
    editor.apply_action("show-cards")
    editor.is_valid()
    _render(editor)


card_fields = st.dictionaries(
    st.sampled_from(
        [
            "name",
            "description",
            "parameters",
            "allowed_handles",
            "excluded_handles",
            "from_date",
            "to_date",
            "server_url",
            "server_label",
            "server_description",
            "allowed_tool_names",
            "authorization",
            "remove_authorization",
            "authorization_ref",
            "extra_headers_ref",
        ]
    ),
    st.text(max_size=40),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(tool_types, card_fields), max_size=4))
def test_any_card_fields_are_checked_without_failing(cards):
    data = _post(tool=[f"{kind}:k{index}" for index, (kind, _) in enumerate(cards)])
    for index, (_, fields) in enumerate(cards):
        for name, value in fields.items():
            data[f"tool-k{index}-{name}"] = value
    editor = ToolsEditor(data)
    editor.is_valid()
    editor.apply_action("show-raw")
    _render(editor)
