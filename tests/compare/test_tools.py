"""Tools: matched by identity, with what changed inside each."""

from __future__ import annotations

from agents_ui.compare import AGENT_FIELDS, ToolCardDiff, ToolSetting
from tests.compare.support import ORDER_ID_SCHEMA, function_tool, marked, mcp_tool

TOOLS = AGENT_FIELDS["tools"]
WEB_SEARCH = {"type": "web_search"}
LOOKUP_ORDER = function_tool("lookup_order", "Look up order status", ORDER_ID_SCHEMA)


def test_a_new_order_of_the_same_tools_is_a_change_said_as_such():
    # The API keeps tools in the order given; a person who reorders them means to.
    assert TOOLS.has_changed([LOOKUP_ORDER, WEB_SEARCH], [WEB_SEARCH, LOOKUP_ORDER])
    assert TOOLS.summary([LOOKUP_ORDER, WEB_SEARCH], [WEB_SEARCH, LOOKUP_ORDER]) == (
        "tools put in a new order"
    )
    assert TOOLS.diff([LOOKUP_ORDER, WEB_SEARCH], [WEB_SEARCH, LOOKUP_ORDER]).cards == ()


def test_no_tools_and_an_empty_list_are_the_same():
    assert not TOOLS.has_changed(None, [])


def test_an_empty_description_is_the_same_as_none():
    assert not TOOLS.has_changed(
        [function_tool("lookup_order")], [function_tool("lookup_order", description="")]
    )


def test_a_changed_parameter_schema_is_a_change():
    schema = {**ORDER_ID_SCHEMA, "required": []}
    changed = function_tool("lookup_order", "Look up order status", schema)
    assert TOOLS.has_changed([LOOKUP_ORDER], [changed])


def test_no_tools_read_no_tools():
    assert TOOLS.display([]) == "No tools"
    assert TOOLS.display(None) == "No tools"


def test_tools_read_by_function_name_server_label_else_kind():
    tools = [LOOKUP_ORDER, WEB_SEARCH, mcp_tool("crm"), {"type": "x_search"}]
    assert TOOLS.display(tools) == "lookup_order, Web search, crm, X search"


def test_an_added_and_a_removed_tool_read_in_one_line():
    assert TOOLS.summary([WEB_SEARCH], [LOOKUP_ORDER]) == (
        "added tool lookup_order; removed Web search"
    )


def test_several_tools_read_added_removed_then_changed():
    before = [WEB_SEARCH, LOOKUP_ORDER, mcp_tool("crm")]
    after = [
        function_tool("lookup_order", "Look up an order"),
        function_tool("book_visit"),
        {"type": "file_search"},
    ]

    assert TOOLS.summary(before, after) == (
        "added tools book_visit, File search; removed Web search, crm; changed lookup_order"
    )


def test_a_long_list_of_added_tools_is_shortened():
    after = [function_tool(f"tool_{number}") for number in range(1, 10)]

    assert TOOLS.summary([], after) == (
        "added tools tool_1, tool_2, tool_3, tool_4, tool_5 and 4 more"
    )


def test_a_function_is_matched_by_name_and_its_inner_changes_listed():
    schema = {
        "type": "object",
        "properties": {
            "order_id": {"type": "string", "description": "The order ID"},
            "zip": {"type": "string"},
        },
        "required": ["order_id"],
    }
    after = function_tool("lookup_order", "Look up an order's status", schema)

    diff = TOOLS.diff([WEB_SEARCH, LOOKUP_ORDER], [after, WEB_SEARCH])

    (card,) = diff.cards
    assert (card.status, card.title, card.kind_label) == ("changed", "lookup_order", "Function")
    assert diff.unchanged == ("Web search",)
    description, parameters = card.changes
    assert (description.label, description.kind) == ("Description", "text")
    (row,) = description.text.rows
    assert marked(row.before) == []
    assert marked(row.after) == ["an", "'s"]
    assert (parameters.label, parameters.kind) == ("What the function needs (parameters)", "text")
    added = [marked(row.after) for row in parameters.text.rows if row.kind == "added"]
    assert ['"zip": {'] in added


def test_an_mcp_server_is_matched_by_its_label():
    before = mcp_tool("crm", "https://crm.example.com/mcp")
    after = mcp_tool("crm", "https://crm.example.com/mcp/v2", allowed_tool_names=["find_customer"])

    (card,) = TOOLS.diff([before], [after]).cards

    assert [(change.label, change.before, change.after) for change in card.changes] == [
        (
            "Server address (server URL)",
            "https://crm.example.com/mcp",
            "https://crm.example.com/mcp/v2",
        ),
        ("Tools it may use (allowed tool names)", "Not set", "find_customer"),
    ]


def test_x_search_settings_are_named_in_plain_words():
    before = {"type": "x_search", "allowed_x_handles": ["acme"], "from_date": "2025-01-01"}
    after = {
        "type": "x_search",
        "allowed_x_handles": ["acme", "acme_help"],
        "to_date": "2025-06-30",
    }

    (card,) = TOOLS.diff([before], [after]).cards

    assert [(change.label, change.before, change.after) for change in card.changes] == [
        ("Only these X accounts (allowed handles)", "acme", "acme, acme_help"),
        ("From (from date)", "2025-01-01", "Not set"),
        ("Until (to date)", "Not set", "2025-06-30"),
    ]


def test_two_tools_of_one_kind_pair_up_in_order():
    assert TOOLS.diff([WEB_SEARCH, WEB_SEARCH], [WEB_SEARCH, WEB_SEARCH]).unchanged == (
        "Web search",
        "Web search",
    )
    assert TOOLS.summary([WEB_SEARCH, WEB_SEARCH], [WEB_SEARCH]) == "removed tool Web search"


def test_a_renamed_function_is_one_removed_and_one_added():
    assert TOOLS.summary([function_tool("lookup_order")], [function_tool("find_order")]) == (
        "added tool find_order; removed lookup_order"
    )


def test_an_added_tool_shows_its_settings():
    diff = TOOLS.diff([], [function_tool("lookup_order", "Look up order status")])

    assert diff.cards == (
        ToolCardDiff(
            "added",
            "lookup_order",
            "Function",
            settings=(ToolSetting("Description", "Look up order status"),),
        ),
    )
