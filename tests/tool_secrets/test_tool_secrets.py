"""Credentials inside tools never leave the upstream; markers stand in for them."""

from __future__ import annotations

import pytest

from agents_ui.tool_secrets import (
    SECRET_FIELDS,
    MissingSecret,
    is_marker,
    redact_agent,
    redact_tools,
    restore_secrets,
)

SECRET = "Bearer sk-live-0123456789"
HEADERS = {"X-Api-Key": "hdr-secret-42"}


def _mcp(**fields):
    return {
        "type": "mcp",
        "server_url": "https://crm.example.com/mcp",
        "server_label": "crm",
        **fields,
    }


def test_the_secret_fields_are_authorization_and_extra_headers():
    assert SECRET_FIELDS == ("authorization", "extra_headers")


def test_redaction_replaces_every_credential_with_a_marker():
    (tool,) = redact_tools([_mcp(authorization=SECRET, extra_headers=HEADERS)])
    assert is_marker(tool["authorization"]) and is_marker(tool["extra_headers"])
    assert SECRET not in str(tool) and "hdr-secret-42" not in str(tool)
    assert tool["server_label"] == "crm"


def test_redaction_leaves_the_callers_tools_alone_and_is_idempotent():
    tools = [_mcp(authorization=SECRET)]
    once = redact_tools(tools)
    assert tools[0]["authorization"] == SECRET
    assert redact_tools(once) == once


def test_equal_secrets_give_equal_markers_and_different_ones_differ():
    a, b, c = redact_tools(
        [_mcp(authorization=SECRET), _mcp(authorization=SECRET), _mcp(authorization="other")]
    )
    assert a["authorization"] == b["authorization"] != c["authorization"]


def test_only_mcp_tools_and_only_set_values_are_touched():
    tools = [{"type": "web_search"}, _mcp(authorization="", extra_headers={})]
    assert redact_tools(tools) == tools


def test_redact_agent_hides_the_tools_secrets_and_keeps_the_rest():
    values = {"name": "Order Support", "tools": [_mcp(authorization=SECRET)]}
    redacted = redact_agent(values)
    assert redacted["name"] == "Order Support"
    assert SECRET not in str(redacted)
    assert redact_agent({"name": "x"}) == {"name": "x"}


def test_restoring_puts_the_credential_back_from_upstream():
    upstream = [_mcp(authorization=SECRET, extra_headers=HEADERS)]
    restored = restore_secrets(redact_tools(upstream), upstream)
    assert restored == upstream


def test_a_newly_typed_credential_is_kept_as_typed():
    assert restore_secrets([_mcp(authorization="new one")], []) == [_mcp(authorization="new one")]


def test_a_marker_whose_secret_changed_upstream_is_refused():
    marked = redact_tools([_mcp(authorization=SECRET)])
    with pytest.raises(MissingSecret):
        restore_secrets(marked, [_mcp(authorization="rotated meanwhile")])


def test_a_forged_marker_restores_nothing():
    with pytest.raises(MissingSecret):
        restore_secrets([_mcp(authorization="(saved secret 0123456789abcdef01234567)")], [])
