"""Planning an import: matched by name, what would be created, updated (with diffs) or left
alone; credentials this team has are kept, and what cannot be decided stops the import."""

from __future__ import annotations

import copy

from agents_ui import api, transfer
from tests.support import agent
from tests.transfer.support import BILLING, CRM, SECRET, document, entry, make, without_credentials


def _plan(key: str, *agents: dict) -> transfer.Plan:
    return transfer.plan_import(document(*agents), api.agent_list(key, limit=1000))


def _names(entries) -> list[str]:
    return [item.name for item in entries]


def test_it_sorts_the_documents_agents_into_create_update_and_unchanged(sandbox_key):
    make(sandbox_key, BILLING)
    make(sandbox_key, {"name": "Order Support", "instructions": "Be kind."})
    plan = _plan(
        sandbox_key,
        entry("New desk", instructions="Hello"),
        entry("Order Support", instructions="Be very kind."),
        {**BILLING, "phone_number": "+14155550134"},
    )
    assert _names(plan.to_create) == ["New desk"]
    assert _names(plan.to_update) == ["Order Support"]
    assert _names(plan.unchanged) == ["Billing"]
    assert plan.unchanged[0].phone_number_shown == "(415) 555-0134"
    assert plan.can_apply and plan.apply_words == "create 1 agent and update 1"
    assert (plan.source_team, plan.exported_at.isoformat()) == ("Acme", "2026-05-01T10:30:00+00:00")


def test_an_update_names_only_the_fields_that_differ_with_their_diffs(sandbox_key):
    make(sandbox_key, BILLING)
    wanted = {
        **BILLING,
        "voice": {"voice_id": "leo", "vad_threshold": 0.7, "vad_silence_duration_ms": 300},
    }
    (update,) = _plan(sandbox_key, wanted).to_update
    assert update.fields == ("voice",)
    assert update.values == {
        "voice": {"voice_id": "leo", "vad_threshold": 0.7, "vad_silence_duration_ms": 300}
    }
    assert update.changes_in_words == "the voice"
    assert [diff.summary for diff in update.diffs] == ["silence 800 ms → 300 ms"]


def test_a_field_the_document_leaves_out_is_left_as_it_is(sandbox_key):
    make(sandbox_key, BILLING)
    (update,) = _plan(sandbox_key, {"name": "Billing", "instructions": "New words."}).to_update
    assert update.fields == ("instructions",)


def test_null_in_the_document_clears_the_field(sandbox_key):
    make(sandbox_key, BILLING)
    (update,) = _plan(sandbox_key, entry("Billing", voice=BILLING["voice"])).to_update
    assert update.fields == ("instructions",)
    assert update.values == {"instructions": None}


def test_names_match_exactly_once_trimmed_and_capitals_count(sandbox_key):
    make(sandbox_key, {**BILLING, "name": " Billing "})
    plan = _plan(sandbox_key, {**BILLING, "name": "Billing"}, {**BILLING, "name": "BILLING"})
    assert _names(plan.unchanged) == [" Billing "]
    (created,) = plan.to_create
    assert created.name == "BILLING"
    assert created.notes == (
        "This team has an agent called “Billing”, with other capitals: names match exactly, "
        "so this creates a separate agent.",
    )


def test_two_agents_of_this_team_with_the_documents_name_stop_the_import(sandbox_key):
    make(sandbox_key, BILLING)
    make(sandbox_key, BILLING)
    plan = _plan(sandbox_key, entry("New desk"), {**BILLING, "instructions": "Other"})
    assert plan.problems == (
        "Agent 2 (“Billing”): this team has 2 agents called “Billing”, so Switchboard cannot "
        "tell which one to update. Rename all but one of them, then check the document again.",
    )
    assert not plan.can_apply


def test_a_team_with_as_many_agents_as_one_list_holds_gets_no_new_ones():
    listed = api.ListResult.of([agent("agent_1", "Billing")], limit=1)
    plan = transfer.plan_import(document(entry("New desk"), entry("Billing")), listed)
    assert plan.problems == (
        "This team has 1 agent or more, as many as Switchboard can read at once, so it cannot "
        "be sure that the agents the import would create (1) are not already there. Nothing can "
        "be imported while that is so: import a document without them, or delete agents this "
        "team no longer needs.",
    )
    assert not plan.can_apply


def test_a_full_team_can_still_be_updated_from_a_document_of_its_own_agents():
    listed = api.ListResult.of([agent("agent_1", "Billing")], limit=1)
    plan = transfer.plan_import(document(entry("Billing", instructions="New words.")), listed)
    assert plan.problems == ()
    assert [item.name for item in plan.to_update] == ["Billing"]


def test_an_mcp_server_this_agent_has_keeps_its_saved_credentials(sandbox_key):
    make(sandbox_key, {"name": "Order Support", "tools": [CRM]})
    changed = without_credentials({"tools": [CRM]})["tools"]
    changed[0]["server_description"] = "Customer records, read only"
    (update,) = _plan(sandbox_key, entry("Order Support", tools=changed)).to_update
    assert update.fields == ("tools",)
    (tool,) = update.values["tools"]
    # Kept as markers in the plan; the credential itself is put back only when applying.
    assert tool["authorization"].startswith("(saved secret ") and SECRET not in repr(update)
    assert update.notes == (
        "The MCP server “crm” keeps the authorization and extra headers saved in this team: "
        "documents never carry credentials.",
    )
    (diff,) = update.diffs
    assert diff.summary == "changed tool crm"
    assert "Authorization" not in [change.label for change in diff.detail.cards[0].changes]


def test_an_mcp_server_the_same_but_for_its_credentials_is_unchanged(sandbox_key):
    make(sandbox_key, {"name": "Order Support", "tools": [CRM]})
    plan = _plan(
        sandbox_key, entry("Order Support", tools=without_credentials({"tools": [CRM]})["tools"])
    )
    assert _names(plan.unchanged) == ["Order Support"]


def test_a_new_mcp_server_arrives_without_credentials_and_the_plan_says_so(sandbox_key):
    make(sandbox_key, {"name": "Order Support"})
    bare_crm = without_credentials({"tools": [CRM]})["tools"]
    (update,) = _plan(
        sandbox_key, entry("Order Support", tools=bare_crm), entry("New desk", tools=bare_crm)
    ).to_update
    expected = (
        "The MCP server “crm” arrives without authorization or extra headers: documents never "
        "carry them. If it needs them, type them in Tools after the import."
    )
    assert update.notes == (expected,)
    (created,) = _plan(sandbox_key, entry("New desk", tools=bare_crm)).to_create
    assert created.notes == (expected,)


def test_a_new_agent_is_described_in_a_few_words(sandbox_key):
    (created,) = _plan(sandbox_key, {**BILLING, "tools": [{"type": "web_search"}]}).to_create
    assert (
        created.brief
        == "Voice leo · 1 tool · 0 knowledge collections · instructions of 25 characters"
    )
    (bare,) = _plan(sandbox_key, {"name": "Bare"}).to_create
    assert bare.brief == "Voice eve · 0 tools · 0 knowledge collections · no instructions"


def test_nothing_to_do_when_every_agent_is_already_the_same(sandbox_key):
    make(sandbox_key, BILLING)
    plan = _plan(sandbox_key, copy.deepcopy(BILLING))
    assert not plan.work and not plan.can_apply and not plan.problems


def test_the_fingerprint_moves_when_the_team_changes(sandbox_key):
    billing = make(sandbox_key, BILLING)
    wanted = {**BILLING, "instructions": "New words."}
    before = _plan(sandbox_key, wanted).fingerprint
    assert _plan(sandbox_key, wanted).fingerprint == before
    api.agent_update(sandbox_key, billing.agent_id, {"collection_ids": ["col_9"]})
    assert _plan(sandbox_key, wanted).fingerprint != before
