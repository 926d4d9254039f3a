"""Applying an import: export → import into another team reproduces the agents; only what
differs is written, each change recorded; a failure half-way says what was done and not."""

from __future__ import annotations

import time

from agents_ui import api, transfer
from agents_ui.models import AuditEvent
from sandbox import faults
from tests.messages import HAD_A_PROBLEM
from tests.support import buy_number
from tests.transfer.support import (
    BARE,
    BILLING,
    CRM,
    ORDER_SUPPORT,
    SECRET,
    document,
    entry,
    make,
    text,
    without_credentials,
    writes,
)

IMPORT = AuditEvent.Action.IMPORT


def _exported(key: str) -> str:
    agents = api.agent_list(key, limit=1000)
    numbers = api.phone_number_list(key, limit=1000)
    return transfer.document_text(transfer.export_document(agents, numbers, "Acme"))


def _import(key: str, actor, written: str, reason: str = "") -> transfer.Applied:
    read, problems = transfer.read_document(written)
    assert problems == []
    plan = transfer.plan_import(read, api.agent_list(key, limit=1000))
    return transfer.apply_import(key, actor, plan, reason=reason)


def _by_name(key: str) -> dict[str, api.Agent]:
    return {agent.name: agent for agent in api.agent_list(key, limit=1000)}


def test_export_then_import_into_another_team_reproduces_every_agent(
    sandbox_key, other_team_key, globex
):
    make(sandbox_key, ORDER_SUPPORT)
    billing = make(sandbox_key, BILLING)
    make(sandbox_key, BARE)
    number = buy_number(sandbox_key, number="+14155550134")
    api.agent_assign_phone_number(sandbox_key, billing, number.phone_number_id)

    applied = _import(other_team_key, globex, _exported(sandbox_key), reason="Copy of Acme")

    assert applied.ok, applied
    assert applied.message == "Imported: 3 agents created."
    assert applied.done == ("Created “Bare”.", "Created “Billing”.", "Created “Order Support”.")
    sources, copies = _by_name(sandbox_key), _by_name(other_team_key)
    assert sorted(copies) == ["Bare", "Billing", "Order Support"]
    for name, source in sources.items():
        expected = without_credentials(source.to_api())
        copied = copies[name].to_api()
        for field in api.AGENT_FIELDS:
            assert copied.get(field) == expected.get(field), (name, field)
        assert copies[name].agent_id != source.agent_id
    # Credentials never travel; numbers are not assigned (Globex has none at all).
    assert SECRET not in str(copies["Order Support"].tools)
    assert api.phone_number_list(other_team_key).items == ()
    events = AuditEvent.objects.filter(team=globex.team)
    assert sorted(event.summary for event in events) == [
        "imported the agent Bare",
        "imported the agent Billing",
        "imported the agent Order Support",
    ]
    assert {(event.action, event.reason, event.actor_username) for event in events} == {
        (IMPORT, "Copy of Acme", "alice")
    }


def test_importing_the_same_document_again_changes_nothing(sandbox_key, other_team_key, globex):
    make(sandbox_key, ORDER_SUPPORT)
    make(sandbox_key, BILLING)
    written = _exported(sandbox_key)
    assert _import(other_team_key, globex, written).ok
    faults.clear_request_log()

    again = _import(other_team_key, globex, written)

    assert again.ok and again.done == ()
    assert again.message == (
        "Nothing to import: every agent of the document is already here as it is."
    )
    assert writes(faults.request_log()) == []


def test_an_update_sends_only_the_fields_that_differ(sandbox_key, globex, spy):
    billing = make(sandbox_key, BILLING)
    written = text(document({**BILLING, "instructions": "Answer billing questions kindly."}))

    applied = _import(sandbox_key, globex, written, reason="Kinder")

    assert applied.done == ("Updated “Billing”: the instructions.",)
    assert spy.bodies("PATCH") == [
        {
            "agent": {"instructions": "Answer billing questions kindly."},
            "field_mask": {"paths": ["instructions"]},
        }
    ]
    assert api.agent_get(sandbox_key, billing.agent_id).instructions == (
        "Answer billing questions kindly."
    )
    event = AuditEvent.objects.get(action=IMPORT)
    assert (
        event.summary
        == "imported the instructions of Billing: instructions: 1 line changed (25 → 32 characters)"
    )
    assert (event.changed_fields, event.reason) == (["instructions"], "Kinder")


def test_an_update_keeps_the_credentials_of_a_matching_mcp_server(sandbox_key, globex):
    agent = make(sandbox_key, {"name": "Order Support", "tools": [CRM]})
    tools = without_credentials({"tools": [CRM]})["tools"]
    tools[0]["server_description"] = "Customer records, read only"

    applied = _import(sandbox_key, globex, text(document(entry("Order Support", tools=tools))))

    assert applied.ok
    (tool,) = api.agent_get(sandbox_key, agent.agent_id).tools
    assert tool.config["server_description"] == "Customer records, read only"
    assert tool.config["authorization"] == SECRET
    assert tool.config["extra_headers"] == CRM["extra_headers"]


def test_a_plan_that_cannot_be_applied_writes_nothing(sandbox_key, globex):
    make(sandbox_key, BILLING)
    make(sandbox_key, BILLING)
    plan = transfer.plan_import(
        document(entry("New desk"), {**BILLING, "instructions": "x"}),
        api.agent_list(sandbox_key, limit=1000),
    )
    faults.clear_request_log()

    applied = transfer.apply_import(sandbox_key, globex, plan)

    assert not applied.ok
    assert applied.message.startswith("Nothing was imported: Agent 2 (“Billing”): this team has 2")
    assert faults.request_log() == []
    assert not AuditEvent.objects.exists()


def _half_way_plan(key: str) -> transfer.Plan:
    make(key, BILLING)
    return transfer.plan_import(
        document({**BILLING, "instructions": "New words."}, entry("Desk"), entry("Zed")),
        api.agent_list(key, limit=1000),
    )


def test_a_failure_half_way_stops_and_says_what_was_done_and_what_was_not(sandbox_key, globex):
    plan = _half_way_plan(sandbox_key)
    faults.fail_next("status", status=500, method="POST", path_prefix="/agents")

    applied = transfer.apply_import(sandbox_key, globex, plan, reason="Sync")

    assert not applied.ok
    assert applied.done == ("Updated “Billing”: the instructions.",)
    assert applied.failed == f"“Desk” was not created: {HAD_A_PROBLEM}"
    assert applied.not_done == ("Create “Zed”",)
    assert applied.message == (
        "The import stopped part-way: 1 change made (each is in the history), 1 failed, and 1 "
        "change not tried. Importing the same document again is safe: agents already there are "
        "matched by name, and only what still differs is changed."
    )
    assert sorted(_by_name(sandbox_key)) == ["Billing"]
    (recorded,) = AuditEvent.objects.filter(action=IMPORT)
    assert recorded.summary.startswith("imported the instructions of Billing")
    assert applied.events == (recorded,)


def test_a_lost_answer_is_reported_as_not_known_and_a_second_import_finishes_the_job(
    sandbox_key, globex, lose_answer
):
    plan = _half_way_plan(sandbox_key)
    lose_answer("POST", "/agents")

    applied = transfer.apply_import(sandbox_key, globex, plan)

    assert applied.failed == (
        "It is not known whether “Desk” was created: the Agents API did not answer in time. "
        "Open the agents list to check."
    )
    assert applied.not_done == ("Create “Zed”",)
    # The create was done upstream: checking the document again finds Desk there.
    again = transfer.plan_import(
        document({**BILLING, "instructions": "New words."}, entry("Desk"), entry("Zed")),
        api.agent_list(sandbox_key, limit=1000),
    )
    assert [item.name for item in again.work] == ["Zed"]
    assert transfer.apply_import(sandbox_key, globex, again).ok
    assert sorted(_by_name(sandbox_key)) == ["Billing", "Desk", "Zed"]


def test_the_signed_document_comes_back_only_for_its_person_and_team():
    token = transfer.sign_document(document(entry("Desk")), "abc", user_id=1, team_id=2)
    assert transfer.read_signed(token, user_id=1, team_id=2) == (document(entry("Desk")), "abc")
    assert transfer.read_signed(token, user_id=3, team_id=2) is None
    assert transfer.read_signed(token, user_id=1, team_id=3) is None
    assert transfer.read_signed(token[:-2] + "xx", user_id=1, team_id=2) is None
    assert transfer.read_signed("", user_id=1, team_id=2) is None


def test_with_a_deadline_passed_it_makes_one_change_and_pauses_with_the_rest_listed(
    sandbox_key, globex
):
    plan = _half_way_plan(sandbox_key)

    applied = transfer.apply_import(sandbox_key, globex, plan, deadline=time.monotonic())

    assert (applied.ok, applied.paused, applied.failed) == (False, True, "")
    assert applied.done == ("Updated “Billing”: the instructions.",)
    assert applied.not_done == ("Create “Desk”", "Create “Zed”")
    assert applied.message == (
        "Imported 1 of 3 changes so far, each recorded in the history. Switchboard imports in "
        "steps so that no page waits too long: continue to import the rest."
    )
    assert sorted(_by_name(sandbox_key)) == ["Billing"]


def test_with_time_left_it_does_everything(sandbox_key, globex):
    plan = _half_way_plan(sandbox_key)
    applied = transfer.apply_import(sandbox_key, globex, plan, deadline=time.monotonic() + 60)
    assert applied.ok and not applied.paused and len(applied.done) == 3
