"""Export: the team's agents and their numbers as one versioned document, no credentials."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from agents_ui import api, transfer
from tests.support import agent, buy_number
from tests.transfer.support import BILLING, HEADER_SECRET, ORDER_SUPPORT, SECRET, make

MAY_FIRST = datetime(2026, 5, 1, 10, 30, 15, 123456, tzinfo=UTC)


def _export(key: str) -> dict:
    agents = api.agent_list(key, limit=1000)
    numbers = api.phone_number_list(key, limit=1000)
    return transfer.export_document(agents, numbers, "Acme", now=MAY_FIRST)


def test_it_leaves_every_credential_out_entirely(sandbox_key):
    make(sandbox_key, ORDER_SUPPORT)
    document = _export(sandbox_key)
    written = transfer.document_text(document)
    assert SECRET not in written and HEADER_SECRET not in written
    assert "authorization" not in written and "extra_headers" not in written
    assert "saved secret" not in written
    crm = document["agents"][0]["tools"][2]
    assert crm == {
        "type": "mcp",
        "server_url": "https://crm.example.com/mcp",
        "server_label": "crm",
        "server_description": "Customer records",
        "allowed_tool_names": ["find_customer"],
    }


def test_it_is_versioned_and_says_which_team_and_when(sandbox_key):
    document = _export(sandbox_key)
    assert document == {
        "switchboard_export": 1,
        "team": "Acme",
        "exported_at": "2026-05-01T10:30:15Z",
        "agents": [],
    }


def test_agents_come_sorted_by_name_each_with_its_number(sandbox_key):
    zed = api.agent_create(sandbox_key, name="zed line")
    make(sandbox_key, ORDER_SUPPORT)
    make(sandbox_key, BILLING)
    number = buy_number(sandbox_key, number="+14155550134")
    api.agent_update(
        sandbox_key, zed.agent_id, {"name": "zed line"}, phone_number_id=number.phone_number_id
    )

    agents = _export(sandbox_key)["agents"]

    assert [item["name"] for item in agents] == ["Billing", "Order Support", "zed line"]
    assert [item["phone_number"] for item in agents] == [None, None, "+14155550134"]
    assert agents[0] == {
        "name": "Billing",
        "instructions": "Answer billing questions.",
        "tools": [],
        "voice": {"voice_id": "leo", "vad_threshold": 0.7, "vad_silence_duration_ms": 800},
        "collection_ids": [],
        "phone_number": None,
    }


def test_an_agent_without_instructions_or_voice_says_null(sandbox_key):
    api.agent_create(sandbox_key, name="Bare")
    (bare,) = _export(sandbox_key)["agents"]
    assert bare["instructions"] is None and bare["voice"] is None


def test_a_team_over_the_list_limit_is_said_to_be_cut_short():
    agents = api.ListResult.of([agent("agent_1", "One"), agent("agent_2", "Two")], limit=2)
    document = transfer.export_document(agents, [], "Acme", now=MAY_FIRST)
    assert document["note"] == (
        "The team had more agents than Switchboard can list at once: only the first 2 are in "
        "this document."
    )
    # And an import reads such a document.
    read, problems = transfer.read_document(transfer.document_text(document))
    assert problems == [] and len(read["agents"]) == 2


def test_the_file_is_readable_json_named_after_the_team_and_the_day(sandbox_key):
    make(sandbox_key, BILLING)
    written = transfer.document_text(_export(sandbox_key))
    assert written.startswith('{\n  "switchboard_export": 1,\n')
    assert json.loads(written)["agents"][0]["name"] == "Billing"
    assert (
        transfer.export_filename("Acme Support (EU)", date(2026, 5, 1))
        == "switchboard-acme-support-eu-agents-2026-05-01.json"
    )
    assert (
        transfer.export_filename("★", date(2026, 5, 1)) == "switchboard-team-agents-2026-05-01.json"
    )
