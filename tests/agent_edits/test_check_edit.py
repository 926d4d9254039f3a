"""The checkup of an edit: the section's values over the agent's, with no upstream call."""

from __future__ import annotations

from agents_ui import agent_edits
from tests.checkup.support import agent, function_tool, mcp_tool

RULES = (
    "If the caller wants to return something, ask for the order number first, then check "
    "that the item is unused and still in its box before you promise a refund."
)


def test_the_other_sections_values_let_every_rule_run():
    lookup = agent(instructions="Use lookup_order.", tools=[function_tool("lookup_order")])
    others = agent_edits.context_values(lookup, ["name", "instructions"])
    assert set(others) == {"tools", "voice", "collection_ids"}
    edit = agent_edits.check_edit(
        {"name": "Order Support", "instructions": "Use lookup_order."},
        {"name": "Order Support", "instructions": "Use cancel_order() to cancel."},
        others,
    )
    assert [finding.subject for finding in edit.problems_added] == ["cancel_order"]
    assert [finding.rule for finding in edit.about(["name", "instructions"])] == [
        "tool-not-attached",
        # Not in Basics, but brought by this edit: lookup_order is no longer mentioned.
        "tool-not-mentioned",
    ]


def test_without_the_other_sections_only_the_sections_own_rules_run():
    edit = agent_edits.check_edit(
        {"name": "A", "instructions": ""},
        {"name": "A", "instructions": "Use cancel_order() to cancel."},
    )
    assert edit.problems_added == []


def test_a_problem_the_agent_already_had_is_not_added():
    others = {"tools": [], "voice": None, "collection_ids": ["collection_a"]}
    edit = agent_edits.check_edit(
        {"name": "A", "instructions": "Be kind."},
        {"name": "A", "instructions": "Be brief."},
        others,
    )
    assert [finding.rule for finding in edit.current] == ["collections-without-file-search"]
    assert edit.problems_added == []


def test_pasting_twice_is_worth_a_look_and_never_asks():
    edit = agent_edits.check_edit({"instructions": RULES}, {"instructions": f"{RULES}\n\n{RULES}"})
    assert [finding.rule for finding in edit.about(["instructions"])] == ["duplicate-block"]
    assert edit.problems_added == []


def test_the_context_is_signed_for_its_agent_and_keeps_no_credential():
    crm = agent(tools=[mcp_tool(authorization="Bearer s3cret")])
    values = agent_edits.context_values(crm, ["name", "instructions"])
    token = agent_edits.sign_context(crm.agent_id, values)
    assert "s3cret" not in str(values)
    assert agent_edits.read_context(crm.agent_id, token) == values
    assert agent_edits.read_context("agent_other", token) == {}
    assert agent_edits.read_context(crm.agent_id, token[:-2] + "xx") == {}
    # Not an `original` either: the two tokens cannot stand in for each other.
    assert agent_edits.read_original(crm.agent_id, token) is None


def test_questions_name_each_problem_added_in_words():
    edit = agent_edits.check_edit(
        {"name": "A", "instructions": ""},
        {"name": "A", "instructions": "Call refund_order()."},
        {"tools": []},
    )
    questions = agent_edits.questions_before_saving(
        {"instructions": "Call refund_order()."},
        {"instructions": ""},
        "A",
        problems=edit.problems_added,
    )
    assert questions == [
        "Problem: A tool named in the instructions is not attached. The instructions mention "
        "“refund_order” on line 1, but no tool of that name is attached. The agent may promise "
        "callers something it cannot do. Attach a function tool named “refund_order” in Tools, "
        "or correct the name in the instructions."
    ]
