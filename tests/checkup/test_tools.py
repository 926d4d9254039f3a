"""Tools: named in the instructions but not attached, attached but never named, and their
definitions (names, descriptions, file search and knowledge)."""

from __future__ import annotations

import pytest

from agents_ui import checkup

from .support import function_tool, mcp_tool, only, rules, tool_findings

pytestmark = pytest.mark.django_db(databases=[])

# --- Named in the instructions, not attached ----------------------------------------------


def test_it_reports_a_function_named_in_the_instructions_that_is_not_attached() -> None:
    findings = tool_findings(
        instructions="Greet the caller.\nWhen they give an order number, call lookup_order.",
    )

    finding = only(findings, "tool-not-attached")
    assert finding.severity == checkup.PROBLEM
    assert (finding.field, finding.line, finding.subject) == ("instructions", 2, "lookup_order")
    assert finding.message == (
        "The instructions mention “lookup_order” on line 2, but no tool of that name is "
        "attached. The agent may promise callers something it cannot do."
    )
    assert finding.fix == (
        "Attach a function tool named “lookup_order” in Tools, or correct the name in the "
        "instructions."
    )


def test_an_attached_function_named_in_the_instructions_is_fine() -> None:
    findings = tool_findings(
        instructions="When they give an order number, call lookup_order().",
        tools=[function_tool("lookup_order")],
    )

    assert findings == []


def test_it_matches_names_whatever_their_capitals() -> None:
    findings = tool_findings(
        instructions="Use Lookup_Order for order questions.",
        tools=[function_tool("lookup_order")],
    )

    assert findings == []


def test_it_names_an_attached_tool_with_a_similar_name() -> None:
    findings = tool_findings(
        instructions="Call lookup_order for order questions, and lookup_orders for lists.",
        tools=[function_tool("lookup_orders")],
    )

    finding = only(findings, "tool-not-attached")
    assert finding.subject == "lookup_order"
    assert finding.message.endswith("The attached tool “lookup_orders” has a similar name.")
    assert finding.fix.endswith("(to “lookup_orders”, if that is the one meant).")


def test_it_gives_the_right_line_after_letters_that_grow_in_lower_case() -> None:
    # "İ" becomes two characters in lower case; the line count must not drift.
    findings = tool_findings(instructions="İİİİİİİİİİ\nx\ncall lookup_order")

    assert only(findings, "tool-not-attached").line == 3


def test_it_reports_each_missing_name_once_at_its_first_line() -> None:
    findings = tool_findings(instructions="Use book_visit.\n\nAlways use book_visit first.")

    assert only(findings, "tool-not-attached").line == 1


def test_a_name_written_as_a_call_counts_even_without_an_underscore() -> None:
    findings = tool_findings(instructions="If they ask for a person, call transfer() at once.")

    assert only(findings, "tool-not-attached").subject == "transfer"


def test_a_name_in_backticks_that_looks_like_code_counts() -> None:
    findings = tool_findings(instructions="Check stock with `checkStock` or `check-stock`.")

    assert sorted(f.subject for f in findings) == ["check-stock", "checkStock"]


@pytest.mark.parametrize(
    "instructions",
    [
        "Send a follow-up e-mail after the call.",
        "Answer `yes` or `no`, then say goodbye.",
        "Point callers to https://acme.example/track_order for tracking.",
        "Callers can write to support_team@acme.example at any time.",
        "Read them the returns policy in returns_policy_v2.pdf if they ask.",
        "Greet {customer_name} by name, and <caller_name> too if you know it.",
        "Greet {{ customer_name }} by name.",
        "Orders (and refunds) are handled below. Be kind (always).",
        "Use crm.create_ticket for complaints.",
        "_Be brief_ and never shout. ________",
        "Quote reference " + "_".join(["part"] * 20) + " exactly.",  # longer than any name
        'Answer in JSON like {"caller_name": "Ann", "callback_time" : "17:00"}.',
    ],
)
def test_ordinary_words_addresses_and_placeholders_are_not_tool_names(instructions) -> None:
    assert tool_findings(instructions=instructions) == []


def test_the_parameters_of_an_attached_function_are_not_tool_names() -> None:
    findings = tool_findings(
        instructions="Ask for the order_id, then call lookup_order.",
        tools=[function_tool("lookup_order", properties=["order_id"])],
    )

    assert findings == []


def test_parameter_names_count_even_beside_a_parameter_key_that_is_not_text() -> None:
    tool = function_tool("lookup_order")
    tool["function"]["parameters"]["properties"] = {7: {}, "Order_ID": {}}

    findings = checkup.check_values(
        {"instructions": "Ask for the order_id, then call lookup_order.", "tools": [tool]}
    )

    assert findings == []


def test_a_search_tool_named_but_not_attached_is_a_problem_in_plain_words() -> None:
    findings = tool_findings(instructions="Use web_search for opening hours of other shops.")

    finding = only(findings, "tool-not-attached")
    assert finding.severity == checkup.PROBLEM
    assert finding.message == (
        "The instructions mention “web_search” on line 1, but the Web search tool is not "
        "attached, so the agent cannot do what that part asks."
    )
    assert finding.fix == (
        "Add the Web search tool in Tools, or take “web_search” out of the instructions."
    )


def test_a_search_tool_named_and_attached_is_fine() -> None:
    findings = tool_findings(
        instructions="Use web_search for opening hours of other shops.",
        tools=[{"type": "web_search"}],
    )

    assert findings == []


def test_mcp_server_labels_and_their_listed_tools_count_as_attached() -> None:
    findings = tool_findings(
        instructions="Look callers up in crm_main with find_customer before anything else.",
        tools=[mcp_tool("crm_main", allowed=["find_customer"])],
    )

    assert findings == []


def test_a_name_that_may_belong_to_an_mcp_server_is_only_worth_a_look() -> None:
    # The server allows all of its tools, which the dashboard cannot list.
    findings = tool_findings(
        instructions="Look callers up with find_customer before anything else.",
        tools=[mcp_tool("crm")],
    )

    finding = only(findings, "tool-not-attached")
    assert finding.severity == checkup.WORTH_A_LOOK
    assert "It may be a tool of the MCP server “crm”, which does not list its tool names" in (
        finding.message
    )


def test_a_name_not_among_an_mcp_servers_listed_tools_is_a_problem() -> None:
    findings = tool_findings(
        instructions="Look callers up with find_customer before anything else.",
        tools=[mcp_tool("crm", allowed=["add_note"])],
    )

    assert only(findings, "tool-not-attached").severity == checkup.PROBLEM


# --- Attached, never named -------------------------------------------------------------------


def test_it_reports_an_attached_function_the_instructions_never_mention() -> None:
    findings = tool_findings(
        instructions="Call lookup_order for order questions.",
        tools=[function_tool("lookup_order"), function_tool("issue_refund")],
    )

    finding = only(findings, "tool-not-mentioned")
    assert finding.severity == checkup.WORTH_A_LOOK
    assert (finding.field, finding.line, finding.subject) == ("tools", None, "issue_refund")
    assert finding.message.startswith(
        "The function tool “issue_refund” (tool 2) is attached, but the instructions never "
        "mention it."
    )


def test_a_tool_name_inside_a_longer_word_is_not_a_mention() -> None:
    # "order" and "lookup" only appear inside lookup_order, border, orders and lookups.
    findings = tool_findings(
        instructions="Call lookup_order for orders at the border; lookups are free.",
        tools=[function_tool("lookup_order"), function_tool("order"), function_tool("lookup")],
    )

    assert [(f.rule, f.subject) for f in findings] == [
        ("tool-not-mentioned", "order"),
        ("tool-not-mentioned", "lookup"),
    ]


def test_a_mention_at_the_very_start_or_end_counts() -> None:
    findings = tool_findings(
        instructions="order first, then lookup",
        tools=[function_tool("order"), function_tool("lookup")],
    )

    assert findings == []


def test_other_kinds_of_tools_need_no_mention() -> None:
    findings = tool_findings(
        instructions="Be brief.",
        tools=[{"type": "web_search"}, {"type": "x_search"}, mcp_tool("crm")],
    )

    assert findings == []


# --- Definitions ---------------------------------------------------------------------------


def test_it_reports_two_function_tools_with_the_same_name() -> None:
    findings = tool_findings(
        instructions="Call lookup_order for order questions.",
        tools=[
            function_tool("lookup_order"),
            {"type": "web_search"},
            function_tool("lookup_order", description="An older copy"),
        ],
    )

    finding = only(findings, "duplicate-tool-name")
    assert finding.severity == checkup.PROBLEM
    assert (finding.field, finding.subject) == ("tools", "lookup_order")
    assert finding.message.startswith("Tools 1 and 3 have the same name, “lookup_order”.")
    assert finding.fix == "Rename one of them, or remove it if it is a copy."


def test_function_tools_with_different_names_are_fine() -> None:
    findings = tool_findings(
        instructions="Call lookup_order or lookup_orders.",
        tools=[function_tool("lookup_order"), function_tool("lookup_orders")],
    )

    assert findings == []


@pytest.mark.parametrize("description", ["", "   "])
def test_it_reports_a_function_tool_without_a_description(description) -> None:
    findings = tool_findings(
        instructions="Call lookup_order for order questions.",
        tools=[function_tool("lookup_order", description=description)],
    )

    finding = only(findings, "tool-without-description")
    assert finding.severity == checkup.WORTH_A_LOOK
    assert finding.message.startswith(
        "The function tool “lookup_order” (tool 1) has no description. The agent chooses "
        "when to call a function by reading its description"
    )
    assert finding.fix == "In Tools, describe what “lookup_order” does and when to use it."


def test_a_function_tool_with_no_description_field_at_all_is_reported() -> None:
    tool = {"type": "function", "function": {"name": "lookup_order"}}

    findings = tool_findings(instructions="Call lookup_order.", tools=[tool])

    assert rules(findings) == ["tool-without-description"]


# --- File search and knowledge -------------------------------------------------------------


def test_it_reports_file_search_without_knowledge_collections() -> None:
    findings = tool_findings(
        instructions="Answer from our documents.", tools=[{"type": "file_search"}]
    )

    finding = only(findings, "file-search-without-collections")
    assert finding.severity == checkup.PROBLEM
    assert finding.field == "tools"
    assert finding.message.startswith(
        "File search (file_search) is attached, but the agent has no knowledge collections, "
        "so it has nothing to search"
    )


def test_file_search_with_collections_is_fine() -> None:
    findings = tool_findings(
        instructions="Answer from our documents.",
        tools=[{"type": "file_search"}],
        collection_ids=["collection_returns"],
    )

    assert findings == []


@pytest.mark.parametrize(
    ("collection_ids", "said"),
    [(["collection_returns"], "1 knowledge collection"), (["a", "b"], "2 knowledge collections")],
)
def test_it_reports_collections_without_file_search(collection_ids, said) -> None:
    findings = tool_findings(
        instructions="Answer from our documents.", collection_ids=collection_ids
    )

    finding = only(findings, "collections-without-file-search")
    assert finding.severity == checkup.PROBLEM
    assert finding.field == "collection_ids"
    assert finding.message == (
        f"The agent has {said} (collection IDs) but no File search tool (file_search), so it "
        "never reads them."
    )


def test_no_file_search_and_no_collections_is_fine() -> None:
    assert tool_findings(instructions="Be brief.", tools=[{"type": "web_search"}]) == []
