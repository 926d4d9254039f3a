"""save_section driven directly: exact field masks, conflicts, resolutions, secrets, errors."""

from __future__ import annotations

import json

import pytest

from agents_ui import agent_edits, api, history
from agents_ui.agent_edits import ConflictField, Resolution
from agents_ui.models import AuditEvent
from sandbox import faults
from tests.agent_edits.support import BASICS, CRM, EVE, MARKER, changes_recorded
from tests.messages import HAD_A_PROBLEM, NO_LONGER_EXISTS, NOT_KNOWN

# --- Exactly the changed fields ----------------------------------------------------------------


def test_it_sends_only_the_changed_name(save, agent, sandbox_key, spy):
    saved = save(agent, "basics", {**BASICS, "name": "Premium Support"})

    assert (saved.outcome, saved.level) == ("saved", "success")
    assert saved.message == "Name changed to “Premium Support”."
    assert saved.changed == ("name",)
    assert spy.bodies("PATCH") == [
        {"agent": {"name": "Premium Support"}, "field_mask": {"paths": ["name"]}}
    ]
    assert saved.agent.name == "Premium Support"
    assert api.agent_get(sandbox_key, agent.agent_id).instructions == "Be kind."


def test_it_reads_the_agent_once_then_writes_once(save, agent):
    faults.clear_request_log()

    save(agent, "basics", {**BASICS, "name": "Premium Support"})

    path = f"/agents/{agent.agent_id}"
    assert faults.request_log() == [("GET", path), ("PATCH", path)]


def test_the_history_is_read_while_the_upstream_answers_the_read(save, agent, steps):
    saved = save(agent, "basics", {**BASICS, "name": "Premium Support"})

    assert saved.outcome == "saved"
    # Both reads come after the upstream had the GET, before its answer was handed over.
    answered = steps.index("answer handed over")
    assert steps[: answered + 1] == [
        "GET reached the upstream",
        "agents_ui_changerequest read",
        "agents_ui_auditevent read",
        "answer handed over",
    ]


def test_it_sends_two_changed_fields_and_nothing_else(save, agent, spy):
    save(agent, "basics", {"name": "Premium Support", "instructions": "Be brief."})

    assert spy.bodies("PATCH") == [
        {
            "agent": {"name": "Premium Support", "instructions": "Be brief."},
            "field_mask": {"paths": ["name", "instructions"]},
        }
    ]


def test_emptied_instructions_are_cleared_with_the_path_alone(save, agent, sandbox_key, spy):
    saved = save(agent, "basics", {**BASICS, "instructions": None})

    assert saved.outcome == "saved"
    assert spy.bodies("PATCH") == [{"agent": {}, "field_mask": {"paths": ["instructions"]}}]
    assert api.agent_get(sandbox_key, agent.agent_id).instructions is None


def test_a_new_threshold_sends_the_whole_voice(save, agent, spy):
    saved = save(agent, "voice", {"voice": {**EVE, "vad_threshold": 0.7}})

    assert saved.message == "Saved. Speech sensitivity 0.50 → 0.70."
    assert spy.bodies("PATCH") == [
        {
            "agent": {
                "voice": {"voice_id": "eve", "vad_threshold": 0.7, "vad_silence_duration_ms": 600}
            },
            "field_mask": {"paths": ["voice"]},
        }
    ]


def test_knowledge_sends_only_the_collection_ids(save, agent, spy):
    saved = save(agent, "knowledge", {"collection_ids": ["col_1", "col_2"]})

    assert saved.message == "Saved. Added collection col_2."
    assert spy.bodies("PATCH") == [
        {
            "agent": {"collection_ids": ["col_1", "col_2"]},
            "field_mask": {"paths": ["collection_ids"]},
        }
    ]


# --- Nothing changed ---------------------------------------------------------------------------


def test_nothing_changed_is_unchanged_and_asks_nothing_of_the_upstream(save, agent):
    faults.clear_request_log()

    saved = save(agent, "basics", dict(BASICS))

    assert (saved.outcome, saved.level) == ("unchanged", "info")
    assert saved.message == "Nothing to save: nothing was changed."
    assert faults.request_log() == []
    assert saved.agent.name == "Order Support"
    assert saved.agent.instructions == "Be kind."
    assert not changes_recorded()


def test_a_voice_left_as_shown_in_other_letters_is_unchanged(save, agent, spy):
    saved = save(agent, "voice", {"voice": {**EVE, "voice_id": "EVE", "vad_threshold": 0.50}})

    assert saved.outcome == "unchanged"
    assert spy.bodies("PATCH") == []


# --- Someone else changed the agent meanwhile -------------------------------------------------


def test_a_changed_field_changed_upstream_meanwhile_is_a_conflict(save, agent, sandbox_key, spy):
    api.agent_update(sandbox_key, agent.agent_id, {"name": "Bob's name"})
    spy.calls.clear()

    saved = save(agent, "basics", {**BASICS, "name": "Alice's name"})

    assert (saved.outcome, saved.level) == ("conflict", "error")
    assert saved.message == (
        "Someone else changed this since you opened it. Compare the two versions below, then "
        "keep yours or use theirs."
    )
    assert saved.conflict == (
        ConflictField(field="name", label="Name", yours="Alice's name", theirs="Bob's name"),
    )
    assert saved.changed == ("name",)
    assert spy.bodies("PATCH") == []
    assert api.agent_get(sandbox_key, agent.agent_id).name == "Bob's name"
    assert not changes_recorded()


def test_a_conflict_restarts_the_form_from_the_upstream_version(save, agent, sandbox_key):
    api.agent_update(sandbox_key, agent.agent_id, {"name": "Bob's name"})
    now = api.agent_get(sandbox_key, agent.agent_id)

    saved = save(agent, "basics", {**BASICS, "name": "Alice's name"})

    assert saved.restart_values == {"name": "Bob's name", "instructions": "Be kind."}
    assert saved.restart_updated_at == now.updated_at.isoformat()
    assert saved.agent.name == "Bob's name"


def test_the_second_of_two_changed_fields_changed_upstream_is_a_conflict(
    save, agent, sandbox_key, spy
):
    """alice changes name and instructions; meanwhile bob changed only the instructions."""
    api.agent_update(sandbox_key, agent.agent_id, {"instructions": "Bob's words"})
    spy.calls.clear()

    saved = save(agent, "basics", {"name": "Alice's name", "instructions": "Alice's words"})

    assert saved.outcome == "conflict"
    assert saved.changed == ("name", "instructions")
    assert saved.conflict == (
        ConflictField("instructions", "Instructions", "Alice's words", "Bob's words"),
    )
    assert spy.bodies("PATCH") == []
    now = api.agent_get(sandbox_key, agent.agent_id)
    assert (now.name, now.instructions) == ("Order Support", "Bob's words")


def test_a_change_upstream_to_a_field_left_alone_is_no_conflict(save, agent, sandbox_key, spy):
    api.agent_update(sandbox_key, agent.agent_id, {"instructions": "Bob's words"})
    spy.calls.clear()

    saved = save(agent, "basics", {**BASICS, "name": "Alice's name"})

    assert saved.outcome == "saved"
    assert spy.bodies("PATCH") == [
        {"agent": {"name": "Alice's name"}, "field_mask": {"paths": ["name"]}}
    ]
    now = api.agent_get(sandbox_key, agent.agent_id)
    assert (now.name, now.instructions) == ("Alice's name", "Bob's words")


def test_a_voice_changed_upstream_meanwhile_shows_both_voices(save, agent, sandbox_key):
    api.agent_update(sandbox_key, agent.agent_id, {"voice": {"voice_id": "sal"}})

    saved = save(agent, "voice", {"voice": {**EVE, "voice_id": "leo"}})

    assert saved.outcome == "conflict"
    assert saved.conflict == (
        ConflictField(
            "voice",
            "Voice and turn-taking",
            yours={"voice_id": "leo", "vad_threshold": 0.5, "vad_silence_duration_ms": 600},
            theirs={"voice_id": "sal"},
        ),
    )


# --- The answer to a conflict: keep mine, or use theirs ----------------------------------------


def test_keep_mine_saves_only_my_field_over_theirs(save, agent, sandbox_key, spy, conflict_on_name):
    conflict = conflict_on_name()
    spy.calls.clear()

    # The form comes back from the conflict panel with alice's input and upstream's original.
    saved = save(
        agent,
        "basics",
        {**BASICS, "name": "Alice's name"},
        original=conflict.restart_values,
        resolution=Resolution("keep_mine", only_fields=("name",), conflict_fields=("name",)),
    )

    assert saved.outcome == "saved"
    assert spy.bodies("PATCH") == [
        {"agent": {"name": "Alice's name"}, "field_mask": {"paths": ["name"]}}
    ]
    now = api.agent_get(sandbox_key, agent.agent_id)
    assert now.name == "Alice's name"
    assert now.instructions == "Bob's words", "bob's other change survives"


def test_use_theirs_keeps_the_upstream_version_and_sends_nothing(
    save, agent, sandbox_key, conflict_on_name
):
    conflict = conflict_on_name()
    faults.clear_request_log()

    saved = save(
        agent,
        "basics",
        {**BASICS, "name": "Alice's name"},
        original=conflict.restart_values,
        resolution=Resolution("use_theirs", only_fields=("name",), conflict_fields=("name",)),
    )

    assert (saved.outcome, saved.level) == ("unchanged", "info")
    assert saved.message == "Kept their version; nothing of yours was saved."
    assert faults.request_log() == []
    assert saved.agent.name == "Bob's name"
    assert api.agent_get(sandbox_key, agent.agent_id).name == "Bob's name"
    assert not changes_recorded()


def test_use_theirs_on_one_field_still_saves_my_other_change(save, agent, sandbox_key, spy):
    api.agent_update(sandbox_key, agent.agent_id, {"instructions": "Bob's words"})
    mine = {"name": "Alice's name", "instructions": "Alice's words"}
    conflict = save(agent, "basics", mine)
    spy.calls.clear()

    saved = save(
        agent,
        "basics",
        mine,
        original=conflict.restart_values,
        resolution=Resolution(
            "use_theirs", only_fields=conflict.changed, conflict_fields=("instructions",)
        ),
    )

    assert saved.outcome == "saved"
    assert spy.bodies("PATCH") == [
        {"agent": {"name": "Alice's name"}, "field_mask": {"paths": ["name"]}}
    ]
    now = api.agent_get(sandbox_key, agent.agent_id)
    assert (now.name, now.instructions) == ("Alice's name", "Bob's words")


def test_keep_mine_is_a_conflict_again_when_upstream_changed_once_more(
    save, agent, sandbox_key, spy, conflict_on_name
):
    conflict = conflict_on_name()
    api.agent_update(sandbox_key, agent.agent_id, {"name": "Carol's name"})
    spy.calls.clear()

    saved = save(
        agent,
        "basics",
        {**BASICS, "name": "Alice's name"},
        original=conflict.restart_values,
        resolution=Resolution("keep_mine", only_fields=("name",), conflict_fields=("name",)),
    )

    assert saved.outcome == "conflict"
    assert saved.conflict == (ConflictField("name", "Name", "Alice's name", "Carol's name"),)
    assert spy.bodies("PATCH") == []


# --- Tools with a stored MCP credential ---------------------------------------------------------


def test_a_credential_left_as_its_marker_is_sent_as_stored_upstream(
    save, crm_agent, sandbox_key, spy
):
    (tool,) = agent_edits.section_values(crm_agent, ["tools"])["tools"]
    assert MARKER.match(tool["authorization"])

    saved = save(crm_agent, "tools", {"tools": [{**tool, "server_label": "crm renamed"}]})

    assert saved.outcome == "saved"
    assert spy.bodies("PATCH") == [
        {
            "agent": {"tools": [{**CRM, "server_label": "crm renamed"}]},
            "field_mask": {"paths": ["tools"]},
        }
    ]
    stored = api.agent_get(sandbox_key, crm_agent.agent_id).tools[0].to_api()
    assert stored["authorization"] == "tok-1"


@pytest.mark.parametrize(
    "bobs_tool",
    [
        {**CRM, "authorization": "tok-2"},
        {key: value for key, value in CRM.items() if key != "authorization"},
    ],
    ids=["replaced", "removed"],
)
def test_a_credential_changed_upstream_meanwhile_is_refused_without_a_patch(
    save, crm_agent, sandbox_key, spy, bobs_tool
):
    (tool,) = agent_edits.section_values(crm_agent, ["tools"])["tools"]
    mine = {"tools": [{**tool, "server_label": "crm renamed"}]}
    api.agent_update(sandbox_key, crm_agent.agent_id, {"tools": [bobs_tool]})
    conflict = save(crm_agent, "tools", mine)
    assert conflict.outcome == "conflict"
    spy.calls.clear()

    # "Keep mine": alice's form still holds the marker of the credential she saw.
    saved = save(
        crm_agent,
        "tools",
        mine,
        original=conflict.restart_values,
        resolution=Resolution("keep_mine", only_fields=("tools",), conflict_fields=("tools",)),
    )

    assert (saved.outcome, saved.level) == ("refused", "error")
    assert saved.message == (
        "A saved MCP authorization or header of these tools was changed or removed by someone "
        "else since you opened the form. Type the authorization again, or reload the page."
    )
    assert spy.bodies("PATCH") == []
    assert api.agent_get(sandbox_key, crm_agent.agent_id).tools[0].to_api() == bobs_tool
    assert not changes_recorded()


def test_a_conflict_on_tools_never_shows_a_credential(save, crm_agent, sandbox_key):
    (tool,) = agent_edits.section_values(crm_agent, ["tools"])["tools"]
    api.agent_update(
        sandbox_key, crm_agent.agent_id, {"tools": [{**CRM, "authorization": "tok-2"}]}
    )

    saved = save(crm_agent, "tools", {"tools": [{**tool, "authorization": "tok-typed"}]})

    assert saved.outcome == "conflict"
    (field,) = saved.conflict
    shown = json.dumps([field.yours, field.theirs, saved.restart_values])
    for secret in ("tok-1", "tok-2", "tok-typed"):
        assert secret not in shown
    assert MARKER.match(field.yours[0]["authorization"])
    assert MARKER.match(field.theirs[0]["authorization"])


# --- The upstream refuses or fails ------------------------------------------------------------


def test_an_upstream_400_is_refused_with_the_field_it_names(save, agent, sandbox_key):
    saved = save(agent, "basics", {**BASICS, "name": "n" * 256})

    assert (saved.outcome, saved.level) == ("refused", "error")
    assert saved.message == (
        "The Agents API did not accept the name: must be at most 255 characters. "
        "Correct it and try again."
    )
    assert isinstance(saved.error, api.ValidationFailed)
    assert saved.error.field == "name"
    assert api.agent_get(sandbox_key, agent.agent_id).name == "Order Support"
    assert not changes_recorded()


@pytest.mark.parametrize(
    ("fault", "message", "error_class"),
    [
        ({"status": 500}, HAD_A_PROBLEM, api.UpstreamError),
        ({"kind": "timeout"}, NOT_KNOWN, api.Unavailable),
    ],
    ids=["500", "timeout"],
)
def test_a_failed_patch_is_refused_in_plain_words_and_nothing_is_recorded(
    save, agent, sandbox_key, fault, message, error_class
):
    faults.fail_next(**fault, method="PATCH")

    saved = save(agent, "basics", {**BASICS, "name": "Premium Support"})

    assert saved.outcome == "refused"
    assert saved.message == message
    assert isinstance(saved.error, error_class)
    assert api.agent_get(sandbox_key, agent.agent_id).name == "Order Support"
    assert not changes_recorded()


def test_an_agent_deleted_meanwhile_is_refused_without_a_patch(save, agent, sandbox_key, spy):
    api.agent_delete(sandbox_key, agent.agent_id)

    saved = save(agent, "basics", {**BASICS, "name": "Premium Support"})

    assert saved.outcome == "refused"
    assert saved.message == NO_LONGER_EXISTS
    assert spy.bodies("PATCH") == []
    assert not changes_recorded()


# --- The record of a save --------------------------------------------------------------------


def test_a_save_records_one_event_with_the_changed_fields_only(save, agent, alice):
    save(agent, "basics", {**BASICS, "name": "Premium Support"})

    (event,) = changes_recorded()
    assert (event.action, event.resource_type) == ("update", "agent")
    assert (event.resource_id, event.resource_name) == (agent.agent_id, "Premium Support")
    assert (event.actor, event.actor_username, event.key_label) == (alice, "alice", "Acme")
    assert event.changed_fields == ["name"]
    assert event.before == {"name": "Order Support"}
    assert event.after == {"name": "Premium Support"}


def test_a_recorded_tools_change_holds_markers_not_credentials(save, crm_agent):
    (tool,) = agent_edits.section_values(crm_agent, ["tools"])["tools"]

    save(crm_agent, "tools", {"tools": [{**tool, "server_label": "crm renamed"}]})

    (event,) = changes_recorded()
    assert event.changed_fields == ["tools"]
    assert "tok-1" not in json.dumps([event.before, event.after])
    (before,), (after,) = event.before["tools"], event.after["tools"]
    assert (before["server_label"], after["server_label"]) == ("crm", "crm renamed")
    assert MARKER.match(before["authorization"])
    assert after["authorization"] == before["authorization"], "the same credential"


def test_a_change_made_elsewhere_before_the_save_is_recorded_first(
    save, agent, sandbox_key, alice_actor
):
    history.notice_outside_change(alice_actor.team, agent)  # its first version
    api.agent_update(sandbox_key, agent.agent_id, {"collection_ids": ["col_2"]})

    save(agent, "basics", {**BASICS, "name": "Premium Support"})

    records = list(AuditEvent.objects.order_by("id").values_list("action", "changed_fields"))
    assert records == [
        ("first_seen", []),
        ("changed_outside", ["collection_ids"]),
        ("update", ["name"]),
    ]


def test_an_agent_unchanged_elsewhere_since_its_last_save_gets_only_the_new_record(save, agent):
    first = save(agent, "basics", {**BASICS, "name": "Premium Support"})
    second = save(first.agent, "basics", {**BASICS, "name": "Gold Support"})

    assert second.outcome == "saved"
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["first_seen", "update", "update"]
