"""Credentials of MCP tools: said to be set, changed or removed; never shown, not even as
their marker, in a summary, a display, a diff or a rendered page."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from agents_ui.compare import AGENT_FIELDS, field_diffs, summarise
from agents_ui.tool_secrets import SECRET_FIELDS, is_marker, redact_tools, secret_marker
from tests.compare.support import OTHER_SECRET, SECRET, mcp_tool

TOOLS = AGENT_FIELDS["tools"]


def notes(before: list, after: list) -> list[str]:
    (card,) = TOOLS.diff(before, after).cards
    return [change.note for change in card.changes if change.kind == "secret"]


def test_a_credential_and_its_marker_are_the_same_credential():
    assert not TOOLS.has_changed(
        [mcp_tool("crm", authorization=SECRET)],
        redact_tools([mcp_tool("crm", authorization=SECRET)]),
    )


def test_a_new_credential_is_a_change():
    assert TOOLS.has_changed(
        [mcp_tool("crm", authorization=SECRET)], [mcp_tool("crm", authorization=OTHER_SECRET)]
    )


def test_a_credential_is_said_to_be_set_changed_or_removed():
    without = mcp_tool("crm")
    with_secret = mcp_tool("crm", authorization=SECRET)
    with_other = mcp_tool("crm", authorization=OTHER_SECRET)

    assert notes([without], [with_secret]) == ["Authorization set"]
    assert notes([with_secret], [with_other]) == ["Authorization changed"]
    assert notes([with_secret], [without]) == ["Authorization removed"]


def test_extra_headers_are_treated_as_a_credential():
    assert "extra_headers" in SECRET_FIELDS
    before = mcp_tool("crm", extra_headers={"X-Api-Key": "key-one"})
    after = mcp_tool("crm", extra_headers={"X-Api-Key": "key-two"})

    assert notes([before], [after]) == ["Extra headers changed"]


def everything_shown(before: list, after: list) -> str:
    """Every word the comparison gives about two lists of tools, pages included."""
    record_before = {"name": "Order Support", "tools": before}
    record_after = {"name": "Order Support", "tools": after}
    shown = [
        TOOLS.display(before),
        TOOLS.display(after),
        TOOLS.brief(after),
        TOOLS.summary(before, after),
        repr(TOOLS.diff(before, after)),
        summarise("agent", record_before, record_after),
        summarise("agent", None, record_after),
        summarise("agent", record_before, None),
    ]
    for diffs in (
        field_diffs("agent", record_before, record_after),
        field_diffs("agent", None, record_after),
        field_diffs("agent", record_before, None),
    ):
        shown.append(repr(diffs))
        shown.append(render_to_string("agents_ui/diff/field_diffs.html", {"diffs": diffs}))
    return "\n".join(shown)


@pytest.mark.parametrize(
    "before, after",
    [
        ([], [mcp_tool("crm", authorization=SECRET)]),
        ([mcp_tool("crm", authorization=SECRET)], []),
        (
            [mcp_tool("crm", authorization=SECRET)],
            [mcp_tool("crm", "https://crm.example.com/v2", authorization=OTHER_SECRET)],
        ),
        (
            [mcp_tool("crm", extra_headers={"X-Api-Key": SECRET})],
            [mcp_tool("crm", extra_headers={"X-Api-Key": OTHER_SECRET})],
        ),
    ],
    ids=["added", "removed", "changed", "extra headers"],
)
def test_no_credential_and_no_marker_is_ever_shown(before, after):
    shown = everything_shown(before, after)

    for secret in (SECRET, OTHER_SECRET):
        assert secret not in shown
        assert "TOPSECRET" not in shown and "NEWSECRET" not in shown
        assert secret_marker(secret) not in shown
        assert secret_marker({"X-Api-Key": secret}) not in shown
    assert "saved secret" not in shown
    assert not any(is_marker(word) for word in shown.split())


def test_already_redacted_tools_show_no_marker_either():
    before = redact_tools([mcp_tool("crm", authorization=SECRET)])
    after = redact_tools([mcp_tool("crm", authorization=OTHER_SECRET)])
    assert is_marker(before[0]["authorization"])

    shown = everything_shown(before, after)

    assert before[0]["authorization"] not in shown
    assert after[0]["authorization"] not in shown
    assert "saved secret" not in shown
    assert "Authorization changed" in shown
